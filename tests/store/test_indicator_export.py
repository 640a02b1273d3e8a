"""A desk's indicator file for the Département: anonymous rows only, a stable id per
row, a strict reader that refuses a malformed file whole, naming the line and field."""

from __future__ import annotations

import json
import random
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from asip_desktop.core.engine import Engine
from asip_desktop.errors import UserError
from asip_desktop.store import indicator_export
from asip_desktop.store.store import Store
from tests.store.conftest import Clock
from tests.store.seed import find_in_bytes, needles, person

RETRAITE = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def seed_20_cases(store: Store, engine: Engine, clock: Clock) -> list[str]:
    """20 cases with distinctive persons, notes and sendings, closed; the needles."""
    rng = random.Random(14)
    found: list[str] = []
    for i in range(20):
        p = person(rng, i)
        found += needles(p)
        case = store.cases.create(RETRAITE, engine.evaluate(RETRAITE).to_dict(), person=p)
        number = store.cases.get(case).summary.number
        found.append(number)
        store.cases.add_note(case, f"Rappeler {p['prenom']} au {p['telephone']}")
        store.cases.record_sending(case, "fiche_liaison_retraite", p["email"], "bluefiles")
        if i % 3 == 0:
            store.report_dysfunction("reponse_hors_delai")
        store.cases.close(case)
        clock.advance(days=5)
    return found


def test_the_export_holds_no_personal_data_of_20_seeded_cases(
    store: Store, engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    secret = seed_20_cases(store, engine, clock)
    out = tmp_path / "poste.jsonl"
    summary = indicator_export.export_desk(store, out)
    blob = out.read_bytes()
    assert find_in_bytes(blob, secret) == []
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = [json.loads(line) for line in blob.decode().splitlines()]
    assert lines[0]["format"] == "asip-desktop-indicateurs-poste" and lines[0]["version"] == 1
    assert lines[0]["lignes"] == 20 + 7 == len(lines) - 1
    assert (len(summary.cases), len(summary.dysfunctions)) == (20, 7)
    # no date finer than the month, anywhere in the file
    assert re.findall(rb"\d{4}-\d{2}-\d{2}", blob) == []
    assert {line["mois"] for line in lines} <= {"2026-03", "2026-04", "2026-05", "2026-06"}
    assert {line["cdas"] for line in lines[1:]} == {"CDAS Test"}
    assert all(line["fiches"] == ["fiche_liaison_retraite"] for line in lines[1:21])


def test_row_ids_are_stable_across_exports_and_the_file_reads_back(
    store: Store, engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    seed_20_cases(store, engine, clock)
    first = indicator_export.export_desk(store, tmp_path / "1.jsonl")
    case = store.cases.create(RETRAITE, engine.evaluate(RETRAITE).to_dict())
    store.cases.close(case)
    second = indicator_export.export_desk(store, tmp_path / "2.jsonl")
    assert first.desk == second.desk and first.export_id != second.export_id
    old = {c.uid for c in first.cases}
    assert old < {c.uid for c in second.cases}
    read = indicator_export.read(tmp_path / "2.jsonl")
    assert read.cases == second.cases and read.dysfunctions == second.dysfunctions
    assert (read.desk, read.export_id) == (second.desk, second.export_id)
    with pytest.raises(UserError, match="existe déjà"):
        indicator_export.export_desk(store, tmp_path / "1.jsonl")


def _file(tmp_path: Path, lines: list[Any]) -> Path:
    path = tmp_path / "poste.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    return path


HEADER = {
    "format": "asip-desktop-indicateurs-poste",
    "version": 1,
    "poste": "poste-0123456789abcdef",
    "export": "0" * 32,
    "mois": "2026-06",
    "lignes": 1,
}
CASE = {
    "type": "dossier",
    "id": "d12",
    "mois": "2026-05",
    "cdas": "CDAS de Fougères",
    "demande": "droits_retraite",
    "services": ["canal_prioritaire_carsat"],
    "canaux": ["bluefiles"],
    "fiches": ["fiche_liaison_retraite"],
}


@pytest.mark.parametrize(
    ("header", "row", "where"),
    [
        ({"format": "autre"}, CASE, "ligne 1, champ « format »"),
        ({"version": 2}, CASE, "ligne 1, champ « version »"),
        ({"mois": "2026-13"}, CASE, "ligne 1, champ « mois »"),
        ({"lignes": 3}, CASE, "ligne 1, champ « lignes »"),
        ({}, {"mois": "2026-5"}, "ligne 2, champ « mois »"),
        ({}, {"mois": "2026-07"}, "ligne 2, champ « mois »"),  # after the export
        ({}, {"demande": "autre"}, "ligne 2, champ « demande »"),
        ({}, {"services": ["inconnu"]}, "ligne 2, champ « services »"),
        ({}, {"canaux": "bluefiles"}, "ligne 2, champ « canaux »"),
        ({}, {"cdas": ""}, "ligne 2, champ « cdas »"),
        ({}, {"id": "12"}, "ligne 2, champ « id »"),
        ({}, {"nom": "Le Gall"}, "ligne 2"),  # an unknown field: refused, never carried
        ({}, {"type": "personne"}, "ligne 2, champ « type »"),
    ],
)
def test_a_malformed_file_is_refused_whole_naming_line_and_field(
    tmp_path: Path, header: dict[str, Any], row: dict[str, Any], where: str
) -> None:
    path = _file(tmp_path, [HEADER | header, CASE | row])
    with pytest.raises(UserError) as refused:
        indicator_export.read(path)
    assert where in str(refused.value) and "Rien n'a été importé" in str(refused.value)


def test_a_broken_line_and_a_repeated_id_are_named(tmp_path: Path) -> None:
    path = tmp_path / "poste.jsonl"
    path.write_text(json.dumps(HEADER | {"lignes": 2}) + "\n" + json.dumps(CASE) + "\n{oups\n")
    with pytest.raises(UserError, match="ligne 3"):
        indicator_export.read(path)
    path = _file(tmp_path, [HEADER | {"lignes": 2}, CASE, CASE])
    with pytest.raises(UserError, match="ligne 3, champ « id »"):
        indicator_export.read(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(UserError, match="UTF-8"):
        indicator_export.read(path)
