"""The entries shown for each orientation service of the engine."""

from __future__ import annotations

from asip_desktop.directory.catalog import NO_PERMANENCES, Directory
from asip_desktop.directory.orientation_contacts import contacts_for
from tests.directory.conftest import DATA, EXAMPLES


def test_every_engine_service_has_contacts_or_says_what_is_missing(data_dir, engine):
    directory = Directory.load()
    for service in engine.rules.services:
        contacts = contacts_for(directory, service)
        assert contacts.entries or contacts.message, service


def test_without_imports(data_dir):
    d = Directory.load()
    pension = contacts_for(d, "offre_retraite_carsat")
    assert [e.id for e in pension.entries] == ["convention:carsat-offre-retraite"]
    channel = contacts_for(d, "canal_prioritaire_carsat")
    assert channel.entries[0].emails[0].text() == (
        "RennesBalcDcrPartenaires@carsat-bretagne.fr (via BlueFiles uniquement)"
    )
    ssam = contacts_for(d, "service_social_assurance_maladie")
    assert ssam.message == NO_PERMANENCES
    assert contacts_for(d, "cdas_domicile").needs_commune
    agencies = contacts_for(d, "accueil_carsat_cpam")
    assert agencies.entries == () and "Annuaire de l'administration" in agencies.message


def test_with_imports(data_dir):
    d = Directory.load()
    d.apply(d.plan_import(EXAMPLES / "annuaire-local-exemple.csv"))
    d.apply(d.plan_import(DATA / "annuaire-sample-35-etalab-v1.json"))
    ssam = contacts_for(d, "service_social_assurance_maladie")
    assert [e.kind for e in ssam.entries] == ["service_social_am", "permanence_ssam"]
    assert ssam.message == ""
    agencies = contacts_for(d, "accueil_carsat_cpam")
    assert sorted(e.kind for e in agencies.entries) == ["carsat", "cpam"]
