"""``team departement``, ``indicators --all-cdas --csv|--ods`` and ``indicators export``
/ ``import`` from the command line, against the suite's PostgreSQL (in process)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow

from asip_desktop.store.clock import utc_now
from asip_desktop.store.store import Store
from asip_desktop.team import departement
from tests.team import test_team_cli
from tests.team.conftest import Team
from tests.team.test_team_base import new_case
from tests.team.test_team_cli import Run

MALO, FOUGERES = "CDAS de Saint-Malo", "CDAS de Fougères"


# test_team_cli's « run » fixture (main() in process, capsys), registered here as « cli »
cli = test_team_cli.run


def sheet(path: Path, name: str) -> list[list[Any]]:
    """The ODS sheet read back by odfpy: numbers as ints, texts as str."""
    doc = load(str(path))
    table = next(
        t for t in doc.spreadsheet.getElementsByType(Table) if t.getAttribute("name") == name
    )
    out = []
    for row in table.getElementsByType(TableRow):
        values: list[Any] = []
        for cell in row.getElementsByType(TableCell):
            if cell.getAttribute("valuetype") == "float":
                values.append(int(float(cell.getAttribute("value"))))
            else:
                values.append(str(cell))
        out.append(values)
    return out


def seed(team: Team, engine: Any, cli: Run, tmp_path: Path) -> Path:
    """Saint-Malo on the team base (1 case via the channel), Fougères on a local store (2),
    the Département's reader file in the admin's data dir; that data dir."""
    malo = team.desk("a", MALO)
    case = new_case(malo, engine)
    malo.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
    malo.cases.close(case)
    admin = tmp_path / "departement"
    code, out, err = cli(admin, "team", "departement", "--url", team.url)
    assert (code, err) == (0, ""), err
    assert "Accès du Département créé" in out and (admin / "departement.json").exists()
    local = tmp_path / "fougeres"
    with Store.open(local) as store:
        store.set_setting("cdas_emetteur", FOUGERES)
        for _ in range(2):
            case = new_case(store, engine)
            store.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
            store.cases.close(case)
    code, out, err = cli(local, "indicators", "export", "--out", str(tmp_path / "f.jsonl"))
    assert (code, err) == (0, ""), err
    assert "2 ligne(s) de dossiers clos" in out
    code, out, err = cli(admin, "indicators", "import", str(tmp_path / "f.jsonl"))
    assert (code, err) == (0, ""), err
    assert "2 ligne(s) importée(s)" in out
    code, _out, err = cli(admin, "indicators", "import", str(tmp_path / "f.jsonl"))
    assert code == 2 and "déjà été importé" in err
    return admin


def test_all_cdas_csv_adds_team_and_imported_rows_with_totals(
    team: Team, engine: Any, cli: Run, tmp_path: Path
) -> None:
    admin = seed(team, engine, cli, tmp_path)
    this_month = utc_now().strftime("%Y-%m")  # the cases were opened today
    out_file = tmp_path / "revue.csv"
    code, out, err = cli(
        admin, "indicators", "--all-cdas", "--from", this_month, "--to", this_month,
        "--csv", str(out_file),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    rows = list(csv.reader(io.StringIO(out_file.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["mois", "cdas", "indicateur", "valeur"]
    values = {(m, c, i): int(v) for m, c, i, v in rows[1:]}
    assert values[(this_month, MALO, "signalements_canal_prioritaire")] == 1
    assert values[(this_month, FOUGERES, "signalements_canal_prioritaire")] == 2
    assert values[("total", "Tous les CDAS", "signalements_canal_prioritaire")] == 3
    assert values[("total", "Tous les CDAS", "reponses_en_retard")] == 0
    totals = [r for r in rows[1:] if r[0] == "total"]
    assert [r[2] for r in totals] == list(departement.ALL_CDAS_INDICATORS)
    # an earlier period has nothing but zero totals
    code, out, err = cli(admin, "indicators", "--all-cdas", "--to", "2020-01")
    assert code == 0 and all(line.startswith(("mois", "total")) for line in out.splitlines())


def test_all_cdas_ods_reads_back_with_odfpy(
    team: Team, engine: Any, cli: Run, tmp_path: Path
) -> None:
    admin = seed(team, engine, cli, tmp_path)
    out_file = tmp_path / "revue.ods"
    code, _out, err = cli(admin, "indicators", "--all-cdas", "--ods", str(out_file))
    assert (code, err) == (0, ""), err
    rows = sheet(out_file, "Indicateurs")
    assert rows[0] == ["mois", "cdas", "indicateur", "valeur"]
    total = next(r for r in rows if r[0] == "total" and r[2] == "signalements_canal_prioritaire")
    assert total == ["total", "Tous les CDAS", "signalements_canal_prioritaire", 3]
    by_cdas = sheet(out_file, "Par CDAS")
    header = by_cdas[0]
    assert header[0] == "cdas" and header[1:] == list(departement.ALL_CDAS_INDICATORS)
    column = header.index("signalements_canal_prioritaire")
    assert {r[0]: r[column] for r in by_cdas[1:]} == {FOUGERES: 2, MALO: 1, "Tous les CDAS": 3}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13"], "--from : « 2026-13 » n'est pas un mois (AAAA-MM attendu"),
        (["--to", "03/2026"], "--to : « 03/2026 » n'est pas un mois (AAAA-MM attendu"),
        (["--from", "2026-05", "--to", "2026-01"], "--from (2026-05) est après --to (2026-01)"),
    ],
)
def test_bad_months_are_named(cli: Run, tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = cli(tmp_path / "d", "indicators", "--all-cdas", *args, "--csv", "x.csv")
    assert code == 2 and message in err and out == ""


def test_all_cdas_without_the_access_says_how_to_get_it(cli: Run, tmp_path: Path) -> None:
    code, _out, err = cli(tmp_path / "d", "indicators", "--all-cdas")
    assert code == 2 and "team departement --url" in err
