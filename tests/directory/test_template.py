"""The CDAS territories template: write, fill by script, import, every commune resolved."""

from __future__ import annotations

import subprocess
import sys

import pytest

from asip_desktop.directory.catalog import Directory
from asip_desktop.directory.communes import commune_index
from asip_desktop.directory.template import COLUMNS, read_template, template_text, write_template
from asip_desktop.directory.territories import TerritoryDraft
from asip_desktop.errors import UserError
from tests.directory.conftest import ROOT
from tests.directory.territory_fill import RENNES, fill


def test_cli_writes_the_332_communes(tmp_path, data_dir):
    out = tmp_path / "territoires.csv"
    done = subprocess.run(
        [sys.executable, "-m", "asip_desktop.cli", "directory", "template", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"ASIP_DESKTOP_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: a spreadsheet on Windows reads UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == list(COLUMNS)
    rows = [line.split(";") for line in lines[1:]]
    assert len(rows) == 332 and all(r[0] == "commune" and r[6] == "" for r in rows)
    val_couesnon = next(r for r in rows if r[1] == "35004")
    assert val_couesnon[2] == "Val-Couesnon" and val_couesnon[3] == "35460 35560"
    assert val_couesnon[4] == "CC Couesnon Marches de Bretagne"
    assert "Antrain" in val_couesnon[5]  # former communes, for whoever fills it in
    assert (out.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("delimiter", [";", ","])
def test_round_trip_every_commune_resolved(tmp_path, data_dir, delimiter):
    index = commune_index()
    filled = tmp_path / "territoires-rempli.csv"
    filled.write_text(fill(template_text(TerritoryDraft(index)), delimiter), encoding="utf-8-sig")
    directory = Directory.load()
    plan = directory.plan_import(filled)
    assert plan.kind == "local" and plan.local_changes is not None
    assert len(plan.local_changes.added) == 19  # 18 EPCI + Rennes Sud
    directory.apply(plan)
    directory = Directory.load()
    for commune in index.communes:
        answer = directory.cdas_for(commune.insee)
        expected = 2 if commune.insee == RENNES else 1
        assert len(answer.communes[0].cdas) == expected, commune.insee
    rennes = directory.cdas_for("Rennes").communes[0].cdas
    assert sorted(e.sector_note for e in rennes) == [
        "Rennes : quartiers nord",
        "Rennes : quartiers sud",
    ]
    fougeres = directory.cdas_for("35115").communes[0].cdas[0]
    assert fougeres.name == "CDAS FICTIF CA Fougères Agglomération"
    assert fougeres.phones[0].label == "accueil, numéro fictif"
    assert fougeres.date.isoformat() == "2026-11-01"


def test_territories_import_keeps_the_other_local_entries(tmp_path, data_dir):
    directory = Directory.load()
    directory.apply(
        directory.plan_import(ROOT / "docs" / "examples" / "annuaire-local-exemple.csv")
    )
    kept = [e.id for e in directory.local if e.kind != "cdas"]
    assert kept  # the example has a permanence place
    filled = tmp_path / "t.csv"
    filled.write_text(fill(template_text(TerritoryDraft(commune_index()))), encoding="utf-8")
    plan = directory.plan_import(filled)
    directory.apply(plan)
    assert [e.id for e in directory.local if e.kind != "cdas"] == kept
    assert {e.name for e in directory.local if e.kind == "cdas"} >= {"CDAS FICTIF Rennes Sud"}


def _refused(tmp_path, text: str) -> str:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    directory = Directory.load()
    with pytest.raises(UserError) as err:
        directory.plan_import(path)
    assert directory.local == []  # nothing imported
    return str(err.value)


def test_unassigned_communes_are_listed(tmp_path, data_dir):
    text = fill(template_text(TerritoryDraft(commune_index())))
    lines = text.splitlines()
    kept = [line for line in lines if not line.startswith(("commune;35115;", "commune;35150;"))]
    message = _refused(tmp_path, "\r\n".join(kept) + "\r\n")
    assert "2 commune(s) couverte(s) par aucun CDAS" in message
    assert "35115 Fougères" in message and "35150 Lécousse" in message


def test_errors_name_line_and_field(tmp_path, data_dir):
    lines = fill(template_text(TerritoryDraft(commune_index()))).splitlines()
    header = lines[0].split(";")
    position = {name: header.index(name) for name in header}

    def edit(line_no: int, column: str, value: str) -> None:
        cells = lines[line_no - 1].split(";")
        cells[position[column]] = value
        lines[line_no - 1] = ";".join(cells)

    commune_line = next(n for n, line in enumerate(lines, 1) if line.startswith("commune;35115;"))
    edit(commune_line, "cdas", "CDAS FICTIF inexistant")
    edit(2, "date_source", "31/02/2026")
    edit(3, "telephones", "12345")
    rennes = [n for n, line in enumerate(lines, 1) if line.startswith(f"commune;{RENNES};")]
    edit(rennes[1], "secteur", "")
    edit(commune_line + 1, "insee", "35999")
    message = _refused(tmp_path, "\r\n".join(lines) + "\r\n")
    assert f"ligne {commune_line}, champ « cdas » : CDAS « CDAS FICTIF inexistant » non décrit" in (
        message
    )
    assert f"ligne {commune_line + 1}, champ « insee » : code commune inconnu « 35999 »" in message
    assert f"ligne {rennes[1]}, champ « secteur »" in message
    assert "35238 Rennes est couverte par 2 CDAS" in message
    assert "ligne 2, champ « date_source »" in message
    assert "ligne 3, champ « telephones »" in message


def test_unknown_column_and_former_commune(tmp_path, data_dir):
    header = ";".join(COLUMNS)
    message = _refused(tmp_path, header + ";remarque\r\n")
    assert "ligne 1, champ « remarque » : colonne inconnue" in message
    text = fill(template_text(TerritoryDraft(commune_index())))
    text = text.replace("commune;35004;", "commune;35003X;", 1)
    message = _refused(tmp_path, text)
    assert "code commune inconnu « 35003X »" in message


def test_filled_draft_writes_back(tmp_path, data_dir):
    index = commune_index()
    draft, parsed = read_template(fill(template_text(TerritoryDraft(index))), index)
    assert not parsed.problems
    again = write_template(tmp_path / "again.csv", draft).read_text(encoding="utf-8-sig")
    draft2, parsed2 = read_template(again, index)
    assert not parsed2.problems
    assert [e.to_dict() for e in parsed2.entries] == [e.to_dict() for e in parsed.entries]
    assert draft2.coverage()[0] == 332
