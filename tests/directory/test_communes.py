"""Every commune and former commune of the shipped data resolves by name, INSEE and postal code."""

from __future__ import annotations

import csv

import pytest

from asip_desktop import config
from asip_desktop.directory.communes import commune_index
from asip_desktop.directory.text import fold

BASE = config.resource_path("directory")
COMMUNES = list(csv.DictReader((BASE / "communes-35.csv").read_text("utf-8").splitlines()))
FORMER = list(csv.DictReader((BASE / "communes-deleguees-35.csv").read_text("utf-8").splitlines()))


def test_shipped_counts():
    index = commune_index()
    assert len(COMMUNES) == len(index.communes) == 332
    assert len(FORMER) == len(index.former) == 32


@pytest.mark.parametrize("row", COMMUNES, ids=[r["insee"] for r in COMMUNES])
def test_commune_resolves_by_name_insee_and_postal_code(row):
    index = commune_index()
    by_name = index.resolve(row["name"])
    assert [m.commune.insee for m in by_name] == [row["insee"]]
    assert by_name[0].via == "nom"
    # the same name typed carelessly
    sloppy = fold(row["name"]).upper().replace("SAINT ", "St ").replace("SAINTE ", "Ste ")
    assert row["insee"] in [m.commune.insee for m in index.resolve(sloppy)]
    assert [m.commune.insee for m in index.by_insee(row["insee"])] == [row["insee"]]
    # typed in the box: the INSEE match comes first, then communes with that postal code
    typed = index.resolve(row["insee"])
    assert typed[0].commune.insee == row["insee"] and typed[0].via == "code INSEE"
    for code in row["postal_codes"].split(";"):
        found = index.resolve(code)
        assert row["insee"] in [m.commune.insee for m in found]
        assert all(code in m.commune.postal_codes for m in found if m.via == "code postal")


@pytest.mark.parametrize("row", FORMER, ids=[r["insee"] + r["name"] for r in FORMER])
def test_former_commune_answers_the_new_commune(row):
    index = commune_index()
    new = row["chef_lieu_insee"]
    by_name = index.resolve(row["name"])
    assert [m.commune.insee for m in by_name] == [new]
    if by_name[0].via == "ancienne commune":
        assert by_name[0].former is not None and by_name[0].former.name == row["name"]
        assert row["name"] in by_name[0].describe()
    assert [m.commune.insee for m in index.by_insee(row["insee"])] == [new]
    assert index.resolve(row["insee"])[0].commune.insee == new
    commune = index.get(new)
    assert commune is not None
    for code in commune.postal_codes:
        assert new in [m.commune.insee for m in index.resolve(code)]


@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("st malo", "35288"),
        ("SAINT-MALO", "35288"),
        ("Ste Marie", "35294"),
        ("sainte-marie", "35294"),
        ("Saint Meen le Grand", "35297"),
        ("chateaugiron", "35069"),
        ("antrain", "35004"),
        ("Baillé", "35292"),
        ("val d anast", "35168"),
        ("Mesnil Roc'h", "35308"),
    ],
)
def test_name_variants(typed, insee):
    assert [m.commune.insee for m in commune_index().resolve(typed)] == [insee]


def test_postal_code_lists_every_commune():
    found = commune_index().resolve("35560")
    names = {m.commune.name for m in found}
    assert {"Bazouges-la-Pérouse", "Rimou", "Val-Couesnon"} <= names
    assert len(found) == 6


def test_rennes_has_three_postal_codes():
    for code in ("35000", "35200", "35700"):
        assert "35238" in [m.commune.insee for m in commune_index().resolve(code)]


def test_unknown_inputs():
    index = commune_index()
    assert index.resolve("Brest") == []
    assert index.resolve("29019") == []
    assert index.resolve("99999") == []
    assert index.resolve("") == []


def test_prefix_completion_includes_former_names():
    found = commune_index().starting_with("antr")
    assert [(m.commune.name, m.via) for m in found] == [("Val-Couesnon", "ancienne commune")]
    assert "Antrain" in commune_index().completions()
