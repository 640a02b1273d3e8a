"""The Département's annuaire social: both variants import, malformed ones are refused whole.

The fixtures are FICTIONAL (see tests/directory/data/annuaire-social/README.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from asip_desktop.directory.catalog import Directory
from asip_desktop.errors import UserError
from tests.directory.conftest import DATA

FIXTURES = DATA / "annuaire-social"
CSV = FIXTURES / "annuaire-social-fictif.csv"
ARCGIS = FIXTURES / "annuaire-social-fictif-arcgis.json"
TODAY = dt.date(2026, 12, 1)


def csv_lines() -> list[str]:
    return CSV.read_text(encoding="utf-8-sig").splitlines()


@pytest.mark.parametrize("path", [CSV, ARCGIS], ids=["csv", "arcgis"])
def test_both_variants_import_with_source_and_date(data_dir, path):
    directory = Directory.load()
    plan = directory.plan_import(path)
    assert plan.kind == "annuaire_social"
    assert plan.lines()[1].startswith("Annuaire social du Département : 9 ajoutée(s)")
    directory.apply(plan, now=dt.datetime(2026, 12, 1, 10, 0))
    again = Directory.load()  # read back from the stored copy
    assert len(again.social) == 9
    ccas = again.get("annuaire-social:FICT-003")
    assert ccas is not None and ccas.kind == "ccas"
    assert ccas.address == "3 rue Imaginaire, 35300 Fougères"
    assert ccas.phones[0].value == "00 00 00 00 00"
    assert ccas.date == dt.date(2026, 8, 20)
    assert ccas.themes == ("Centre communal d'action sociale",)
    assert ccas.source.startswith("Annuaire social d'Ille-et-Vilaine")
    assert "Fiche de l'annuaire social : https://annuaire-social.invalid/structure/fict-003" in (
        ccas.notes
    )
    colis = again.get("annuaire-social:FICT-002")
    assert colis is not None and colis.name.endswith("(AFE)")
    assert colis.themes == ("Colis alimentaires", "Aide à la famille")
    old = again.get("annuaire-social:FICT-005")
    assert old is not None and again.is_stale(old, TODAY) and not again.is_stale(ccas, TODAY)
    status = {s.origin: s for s in again.status(TODAY)}["annuaire_social"]
    assert (status.count, status.stale, status.file) == (9, 2, path.name)  # FICT-005, -008
    assert [e.name for e in again.search("epicerie lecousse")] == [
        "Épicerie sociale FICTIVE de Lécousse"
    ]
    # themes are searched too (FICT-002's name says « colis », its themes « famille »)
    assert "annuaire-social:FICT-002" in [e.id for e in again.search("aide a la famille")]
    # the free text that may name people is never read
    stored = (data_dir / "directory" / "annuaire-social.json").read_text(encoding="utf-8")
    assert "jeu d'essai" not in stored


def test_export_carries_it_to_another_desk(data_dir, tmp_path):
    from asip_desktop import config

    directory = Directory.load()
    directory.apply(directory.plan_import(CSV))
    exported = directory.export(tmp_path / "partage.json")
    config.set_data_dir_override(tmp_path / "autre-poste")
    other = Directory.load()
    plan = other.plan_import(exported)
    assert plan.social_changes is not None and len(plan.social_changes.added) == 9
    other.apply(plan)
    again = Directory.load()
    assert [e.to_dict() for e in again.social] == [e.to_dict() for e in directory.social]
    assert again.get("annuaire-social:FICT-002").themes == (
        "Colis alimentaires",
        "Aide à la famille",
    )
    status = {s.origin: s for s in again.status()}["annuaire_social"]
    assert status.file == CSV.name  # the file it first came from


def test_progress_is_reported_while_streaming(data_dir, tmp_path):
    from tests.directory import synthetic_social

    path = tmp_path / "grand.csv"
    synthetic_social.write(path, 5000)
    seen = []
    plan = Directory.load().plan_import(path, seen.append)
    assert plan.social is not None and len(plan.social) == 5000
    assert [p.records for p in seen] == [2000, 4000]
    assert 0 < seen[0].fraction < seen[1].fraction <= 1


def test_reimport_shows_the_changes(data_dir, tmp_path):
    directory = Directory.load()
    directory.apply(directory.plan_import(CSV))
    lines = csv_lines()
    changed = [line for line in lines if not line.startswith("FICT-009")]
    changed = [line.replace("1 rue Imaginaire", "10 rue Imaginaire") for line in changed]
    path = tmp_path / "v2.csv"
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    plan = directory.plan_import(path)
    assert plan.social_changes is not None
    assert [e.id for e in plan.social_changes.removed] == ["annuaire-social:FICT-009"]
    assert [new.id for _old, new in plan.social_changes.modified] == ["annuaire-social:FICT-001"]
    assert plan.social_changes.unchanged == 7


def refused(tmp_path, text: str | bytes, name: str = "annuaire.csv") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    directory = Directory.load()
    before = list(directory.social)
    with pytest.raises(UserError) as err:
        directory.plan_import(path)
    assert Directory.load().social == before  # nothing stored either
    return str(err.value)


@pytest.mark.parametrize("column", ["DATE_MAJ", "THEMATIQUE", "CODE_INSEE", "ID"])
def test_missing_column(data_dir, tmp_path, column):
    rows = list(csv.reader(io.StringIO("\n".join(csv_lines()))))
    drop = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out).writerows([[v for i, v in enumerate(r) if i != drop] for r in rows])
    message = refused(tmp_path, out.getvalue())
    assert f"ligne 1, champ « {column} » : colonne obligatoire absente" in message


def test_2023_column_names_are_accepted(data_dir, tmp_path):
    text = "\n".join(csv_lines()).replace("THEMATIQUE", "THEMATIQUES", 1)
    text = text.replace("HORAIRES_OUVERTURE", "HORAIRES_OUVERTURES", 1)
    path = tmp_path / "2023.csv"
    path.write_text(text, encoding="utf-8")
    plan = Directory.load().plan_import(path)
    assert plan.social is not None and plan.social[0].themes == (
        "Epiceries sociales et solidaires",
    )
    assert plan.social[0].hours == ("Mardi et vendredi 14h-17h (fictif)",)


def test_bom_utf16_is_refused_with_the_encoding(data_dir, tmp_path):
    # « Texte Unicode » of a spreadsheet: UTF-16 with its BOM
    message = refused(tmp_path, CSV.read_text(encoding="utf-8-sig").encode("utf-16"))
    assert "encodage UTF-8 attendu" in message


def test_utf8_bom_and_semicolons_are_accepted(data_dir, tmp_path):
    rows = list(csv.reader(io.StringIO("\n".join(csv_lines()))))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path = tmp_path / "pointvirgule.csv"
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    plan = Directory.load().plan_import(path)
    assert plan.social is not None and len(plan.social) == 9


def test_separator_mismatch(data_dir, tmp_path):
    lines = csv_lines()
    lines[3] = lines[3].replace(",", ";")
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "ligne 4 : 1 valeur(s) pour 20 colonnes : séparateur attendu « , »" in message


def test_bad_dates_and_insee_and_duplicates(data_dir, tmp_path):
    lines = csv_lines()
    lines[1] = lines[1].replace("2026-09-15", "15 septembre")
    lines[2] = lines[2].replace("2026-10-01", "2027-10-01")
    lines[3] = lines[3].replace(",35115,", ",35999,")
    lines[4] = lines[4].replace(",35150,", ",22278,")
    lines[5] = lines[5].replace("FICT-005", "FICT-001")
    lines[6] = lines[6].replace(",35115,", ",35011,")  # Baillé, now Saint-Marc-le-Blanc
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "ligne 2, champ « DATE_MAJ » : « 15 septembre » illisible" in message
    assert "ligne 3, champ « DATE_MAJ » : date 01/10/2027 postérieure à aujourd'hui" in message
    assert "ligne 4, champ « CODE_INSEE » : « 35999 » refusé" in message
    assert "ligne 5, champ « CODE_INSEE » : « 22278 » refusé" in message
    assert "ligne 7, champ « CODE_INSEE » : « 35011 » refusé (ancienne commune : code en " in (
        message
    )
    assert "rien n'a été importé" in message


def test_duplicated_id(data_dir, tmp_path):
    lines = csv_lines()
    lines[5] = lines[5].replace("FICT-005", "FICT-001")
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "ligne 6, champ « ID » : identifiant déjà utilisé ligne 2" in message
    lines[1] = lines[1].replace(",35115,", ",35999,")  # the first one is invalid too
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "ligne 6, champ « ID » : identifiant déjà utilisé ligne 2" in message


def test_unclosed_quote(data_dir, tmp_path):
    lines = csv_lines()
    lines[2] = lines[2].replace("Jeudi 9h-12h", '"Jeudi 9h-12h')
    message = refused(tmp_path, "\n".join(lines) + "\n")
    assert "guillemet non refermé" in message or "valeur(s) pour 20 colonnes" in message


def test_arcgis_malformed(data_dir, tmp_path):
    doc = json.loads(ARCGIS.read_text(encoding="utf-8"))
    doc["features"][1]["attributes"]["DATE_MAJ"] = "pas une date"
    doc["features"][2]["attributes"]["CODE_INSEE"] = 35115  # a number, not text: accepted
    doc["features"][3]["attributes"]["ID"] = doc["features"][0]["attributes"]["ID"]
    doc["features"][4] = {"geometry": {}}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    message = refused(tmp_path, text, "arcgis.json")
    assert "entité 2 (ligne" in message and "champ « DATE_MAJ » : « pas une date » illisible" in (
        message
    )
    assert "entité 4 (ligne" in message and "champ « ID » : identifiant déjà utilisé" in message
    assert "entité 5 (ligne" in message and "champ « attributes »" in message
    assert "entité 3" not in message


def test_arcgis_truncated(data_dir, tmp_path):
    text = ARCGIS.read_text(encoding="utf-8")
    message = refused(tmp_path, text[: len(text) // 2], "coupe.json")
    assert "JSON illisible" in message
