"""Partners for the need, where the person lives (fictional annuaire social fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from asip_desktop.directory.catalog import Directory
from asip_desktop.directory.model import Entry
from asip_desktop.directory.partners import (
    PartnerIndex,
    kind_for_themes,
    needs,
    needs_for_situation,
    office_commune,
)
from tests.directory.test_annuaire_social import CSV

FOUGERES, LECOUSSE, RENNES = "35115", "35150", "35238"


@pytest.fixture
def directory(data_dir) -> Directory:
    d = Directory.load()
    d.apply(d.plan_import(CSV))
    return d


def names(found, need):
    return [(p.entry.name, p.here) for p in found[need]]


def test_food_emergency_lists_epiceries_colis_and_ccas(directory):
    wanted = needs_for_situation({"demande": "aide_departement", "urgences": ["aide_alimentaire"]})
    assert wanted == ["alimentaire"]
    found = directory.partners.partners_for(FOUGERES, wanted)
    assert names(found, "alimentaire") == [
        ("CCAS FICTIF de Fougères", True),
        ("Colis alimentaires FICTIFS - Association Exemple (AFE)", True),
        ("Épicerie solidaire FICTIVE du Centre", True),
        ("Épicerie sociale FICTIVE de Lécousse", False),  # same EPCI
    ]
    # Saint-Malo's épicerie is in another EPCI: not listed for Fougères
    assert all("Saint-Malo" not in p.entry.name for p in found["alimentaire"])


def test_pension_file_help_lists_france_services(directory):
    answers = {"demande": "droits_retraite", "retraite": "aide_constitution_dossier"}
    wanted = needs_for_situation(answers, ["offre_retraite_carsat"])
    assert wanted == ["demarches"]
    found = directory.partners.partners_for(LECOUSSE, wanted)
    assert names(found, "demarches") == [
        ("France services FICTIVE de Lécousse", True),
        ("France services FICTIVE de Fougères", False),
    ]


def test_situations_without_a_need():
    assert needs_for_situation({}) == []
    assert (
        needs_for_situation({"demande": "droits_retraite", "retraite": "rupture_ressources"}) == []
    )
    assert needs_for_situation({}, ["offre_retraite_carsat"]) == ["demarches"]


def test_other_needs_and_unknown_commune(directory):
    found = directory.partners.partners_for(RENNES, ["jeunes", "juridique", "alimentaire"])
    assert names(found, "jeunes") == [("Mission locale FICTIVE du Pays exemple", True)]
    assert names(found, "juridique") == [("Permanence juridique FICTIVE", True)]
    assert found["alimentaire"] == []
    assert directory.partners.partners_for("99999", ["alimentaire"]) == {}
    assert directory.partners.partners_for(RENNES, ["inconnu"]) == {}


def test_nothing_imported(data_dir):
    d = Directory.load()
    assert d.partners.count == 0
    assert d.partners.partners_for(FOUGERES, ["alimentaire"]) == {"alimentaire": []}


def test_kinds_from_themes_and_the_needs_file():
    assert kind_for_themes(["Centre communal d'action sociale"]) == "ccas"
    assert kind_for_themes(["services administratifs de proximite - France Services"]) == (
        "france_services"
    )
    assert kind_for_themes(["Mission locale"]) == "mission_locale"
    assert kind_for_themes(["Colis alimentaires"]) == "partenaire_social"
    ids = [n.id for n in needs()]
    assert len(ids) == len(set(ids)) and {"alimentaire", "demarches"} <= set(ids)


def test_offices_of_the_annuaire_de_l_administration_by_address(directory):
    office = Entry(
        id="annuaire:x",
        kind="france_services",
        name="France Services FICTIVE (Annuaire)",
        source="test",
        date=dt.date(2026, 11, 1),
        origin="annuaire",
        address="1 place Fictive, 35133 Lécousse",
    )
    assert office_commune(office, directory.index) == LECOUSSE
    ambiguous = Entry(**{**office.__dict__, "address": "1 place Fictive, 35133"})
    assert office_commune(ambiguous, directory.index) is None  # 35133: several communes
    index = PartnerIndex(directory.index, directory.social, [office])
    found = index.partners_for(LECOUSSE, ["demarches"])
    assert [(p.entry.name, p.here) for p in found["demarches"]] == [
        ("France Services FICTIVE (Annuaire)", True),
        ("France services FICTIVE de Lécousse", True),
        ("France services FICTIVE de Fougères", False),
    ]
