"""Import of the local directory: valid files, each kind of error, preview, export."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from asip_desktop.directory import storage
from asip_desktop.directory.catalog import Directory
from asip_desktop.errors import UserError
from tests.directory.conftest import EXAMPLES

HEADER_END = "\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line(text: str, startswith: str, old: str, new: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(startswith):
            assert old in line
            lines[i] = line.replace(old, new, 1)
            return "\n".join(lines)
    raise AssertionError(startswith)


def line_number(text: str, startswith: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(startswith))


def rejected(directory: Directory, path) -> str:
    with pytest.raises(UserError) as info:
        directory.plan_import(path)
    assert "rien n'a été importé" in info.value.message
    return str(info.value)


@pytest.mark.parametrize("name", ["annuaire-local-exemple.csv", "annuaire-local-exemple.json"])
def test_valid_example_imports_and_answers_cdas(data_dir, name):
    directory = Directory.load()
    assert not directory.has_cdas
    plan = directory.plan_import(EXAMPLES / name)
    assert plan.local_changes is not None
    assert len(plan.local_changes.added) == 21 and not plan.local_changes.removed
    directory.apply(plan)
    reloaded = Directory.load()
    assert reloaded.has_cdas and len(reloaded.local) == 21
    answer = reloaded.cdas_for("Vitré")
    assert answer.message == ""
    (only,) = answer.communes
    assert [e.id for e in only.cdas] == ["exemple-cdas-03"]
    rennes = reloaded.cdas_for("35000")
    assert "secteur" in rennes.message
    assert {e.sector_note for e in rennes.communes[0].cdas} == {
        "Rennes : quartiers nord (fictif)",
        "Rennes : quartiers sud (fictif)",
    }
    stored = data_dir / "directory" / storage.LOCAL_FILE
    assert stored.stat().st_mode & 0o777 == 0o600


def test_csv_and_json_examples_hold_the_same_entries(data_dir):
    directory = Directory.load()
    from_csv = directory.plan_import(EXAMPLES / "annuaire-local-exemple.csv").local
    from_json = directory.plan_import(EXAMPLES / "annuaire-local-exemple.json").local
    assert from_csv is not None and from_json is not None
    assert [e.to_dict() for e in from_csv] == [e.to_dict() for e in from_json]


def test_unknown_commune_code(data_dir, tmp_path, example_csv_text):
    text = replace_line(example_csv_text, "exemple-cdas-01;", "35018|", "35999|35018|")
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    line = line_number(text, "exemple-cdas-01;")
    assert f"ligne {line}, champ « communes_couvertes » : code commune inconnu « 35999 »" in message


def test_former_commune_code_is_refused_with_the_code_to_use(data_dir, tmp_path, example_csv_text):
    text = replace_line(example_csv_text, "exemple-cdas-01;", "35018|", "35011|35018|")
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    assert "ancienne commune : utiliser 35292, Saint-Marc-le-Blanc" in message


def test_commune_covered_by_no_cdas(data_dir, tmp_path, example_csv_text):
    text = replace_line(example_csv_text, "exemple-cdas-01;", "35018|", "")
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    assert (
        "champ « communes_couvertes » : 1 commune(s) couverte(s) par aucun CDAS : 35018" in message
    )


def test_commune_covered_twice_without_sector_note(data_dir, tmp_path, example_csv_text):
    text = replace_line(example_csv_text, "exemple-cdas-02;", ";35", ";35238|35")
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    line = line_number(text, "exemple-cdas-02;")
    assert (
        f"ligne {line}, champ « secteur » : la commune 35238 Rennes est couverte par 3 CDAS"
        in message
    )
    # the two Rennes entries have their sector note: only the new one is named
    assert message.count("champ « secteur »") == 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("02 00 00 00 05 (accueil, numéro fictif)", "02 00 00 (accueil)", "telephones"),
        ("02 00 00 00 05 (accueil, numéro fictif)", "phone: unknown", "telephones"),
        ("cdas-fictif-05@exemple.invalid", "cdas-fictif-05.exemple.invalid", "courriels"),
        ("cdas-fictif-05@exemple.invalid", "cdas fictif@exemple", "courriels"),
    ],
)
def test_malformed_phone_or_email(data_dir, tmp_path, example_csv_text, old, new, field):
    text = replace_line(example_csv_text, "exemple-cdas-05;", old, new)
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    line = line_number(text, "exemple-cdas-05;")
    assert f"ligne {line}, champ « {field} » : élément 1 mal formé" in message
    assert new.split(" (")[0] not in message  # the value itself is not repeated


def test_missing_fields_bad_type_and_date(data_dir, tmp_path, example_csv_text):
    text = replace_line(example_csv_text, "exemple-cdas-04;", ";cdas;", ";caf;")
    text = replace_line(text, "exemple-cdas-06;", "2026-01-01", "janvier 2026")
    text = replace_line(
        text, "exemple-cdas-07;", "EXEMPLE FICTIF – ne pas utiliser pour orienter", ""
    )
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    assert (
        f"ligne {line_number(text, 'exemple-cdas-04;')}, champ « type » : « caf » inconnu"
        in message
    )
    assert f"ligne {line_number(text, 'exemple-cdas-06;')}, champ « date_source »" in message
    line = line_number(text, "exemple-cdas-07;")
    assert f"ligne {line}, champ « source » : valeur obligatoire absente" in message


def test_unknown_column_and_missing_required_column(data_dir, tmp_path, example_csv_text):
    text = example_csv_text.replace("date_source", "date", 1)
    message = rejected(Directory.load(), write(tmp_path, "x.csv", text))
    assert "ligne 1, champ « date_source » : colonne obligatoire absente" in message
    assert "ligne 1, champ « date » : colonne inconnue" in message


def test_json_errors_name_entry_line_and_field(data_dir, tmp_path):
    doc = json.loads((EXAMPLES / "annuaire-local-exemple.json").read_text("utf-8"))
    doc["entrees"][2]["telephones"] = ["12345"]
    doc["entrees"][3]["communes_couvertes"] = ["29019"]
    path = write(tmp_path, "x.json", json.dumps(doc, ensure_ascii=False, indent=2))
    message = rejected(Directory.load(), path)
    text = path.read_text("utf-8")
    third = text.index('"identifiant": "exemple-cdas-03"')
    line = text.count("\n", 0, third)  # the "{" opening the entry is on the line above
    assert f"entrée 3 (ligne {line}), champ « telephones »" in message
    assert "entrée 4 (ligne" in message and "« 29019 »" in message


def test_rejected_file_changes_nothing(data_dir, tmp_path, example_csv_text):
    directory = Directory.load()
    directory.apply(directory.plan_import(EXAMPLES / "annuaire-local-exemple.csv"))
    before = (data_dir / "directory" / storage.LOCAL_FILE).read_bytes()
    text = replace_line(example_csv_text, "exemple-cdas-01;", "35018|", "35999|35018|")
    rejected(directory, write(tmp_path, "x.csv", text))
    assert (data_dir / "directory" / storage.LOCAL_FILE).read_bytes() == before
    assert len(Directory.load().local) == 21


def test_update_preview_lists_added_removed_modified(data_dir, tmp_path, example_csv_text):
    directory = Directory.load()
    directory.apply(directory.plan_import(EXAMPLES / "annuaire-local-exemple.csv"))
    lines = example_csv_text.split("\n")
    lines = [line for line in lines if not line.startswith("exemple-permanence-ssam-01;")]
    text = "\n".join(lines)
    text = replace_line(text, "exemple-cdas-02;", "02 (accueil, numéro fictif)", "02 (standard)")
    text = (
        text.rstrip("\n")
        + "\n"
        + (
            "exemple-site-ssam;service_social_am;Site FICTIF;;3646;;;;;;;"
            "EXEMPLE FICTIF;2026-02-01\n"
        )
    )
    plan = directory.plan_import(write(tmp_path, "v2.csv", text))
    changes = plan.local_changes
    assert changes is not None
    assert [e.id for e in changes.added] == ["exemple-site-ssam"]
    assert [e.id for e in changes.removed] == ["exemple-permanence-ssam-01"]
    assert [(old.id, new.id) for old, new in changes.modified] == [("exemple-cdas-02",) * 2]
    preview = "\n".join(plan.lines())
    assert "1 ajoutée(s), 1 supprimée(s), 1 modifiée(s), 19 inchangée(s)" in preview
    assert "~ CDAS FICTIF 02 (CA Redon Agglomération) (telephones)" in preview
    assert len(Directory.load().local) == 21  # nothing applied yet
    directory.apply(plan)
    assert {e.id for e in Directory.load().local} >= {"exemple-site-ssam"}


def test_export_is_one_file_that_restores_the_directory(data_dir, tmp_path):
    directory = Directory.load()
    directory.apply(directory.plan_import(EXAMPLES / "annuaire-local-exemple.csv"))
    from tests.directory.conftest import DATA

    directory.apply(directory.plan_import(DATA / "annuaire-sample-35-etalab-v1.json"))
    out = directory.export(tmp_path / "partage.json", now=dt.datetime(2026, 3, 1, 12, 0))
    doc = json.loads(out.read_text("utf-8"))
    assert doc["exporte_le"] == "2026-03-01T12:00:00"
    assert len(doc["entrees"]) == 21 and len(doc["annuaire_administration"]["entrees"]) == 9

    other_desk = tmp_path / "other"
    from asip_desktop import config

    config.set_data_dir_override(other_desk)
    fresh = Directory.load()
    plan = fresh.plan_import(out)
    fresh.apply(plan)
    restored = Directory.load()
    assert [e.to_dict() for e in restored.local] == [e.to_dict() for e in directory.local]
    assert [e.to_dict() for e in restored.annuaire] == [e.to_dict() for e in directory.annuaire]
    assert restored.annuaire_meta["fichier"] == "annuaire-sample-35-etalab-v1.json"


def test_export_needs_json_name(data_dir, tmp_path):
    with pytest.raises(UserError, match=r"\.json est attendu"):
        Directory.load().export(tmp_path / "x.csv")


def test_csv_saved_by_a_spreadsheet_in_windows_encoding(data_dir, tmp_path, example_csv_text):
    path = tmp_path / "excel.csv"
    path.write_bytes(example_csv_text.replace("\n", "\r\n").encode("cp1252"))
    plan = Directory.load().plan_import(path)
    assert plan.local is not None and len(plan.local) == 21
    assert plan.local[0].name == "CDAS FICTIF 01 (CA Fougères Agglomération)"


def test_broken_csv_quoting_is_reported(data_dir, tmp_path):
    path = write(tmp_path, "x.csv", 'type;nom;source;date_source\ncdas;"X\x00;S;2026-01-01\n')
    message = rejected(Directory.load(), path)
    assert "ligne 2 : CSV illisible : guillemet non refermé" in message
