"""Search, CDAS du domicile, staleness and sources status of the whole directory."""

from __future__ import annotations

import datetime as dt

from asip_desktop.directory.catalog import NO_LOCAL_DIRECTORY, Directory, months_before
from tests.directory.conftest import DATA, EXAMPLES


def loaded() -> Directory:
    d = Directory.load()
    d.apply(d.plan_import(EXAMPLES / "annuaire-local-exemple.csv"))
    d.apply(d.plan_import(DATA / "annuaire-sample-35-etalab-v1.json"))
    return d


def test_shipped_contacts_come_from_the_convention_only(data_dir):
    d = Directory.load()
    assert {e.id for e in d.entries} == {
        "convention:carsat-offre-retraite",
        "convention:carsat-canal-privilegie",
        "convention:service-social-assurance-maladie",
        "convention:dpo-carsat",
        "convention:dpo-departement",
    }
    ssam = d.get("convention:service-social-assurance-maladie")
    assert ssam is not None and ssam.address == ""  # the convention gives no street address
    assert [p.text() for p in ssam.phones] == ["3646 (dire « Service social »)"]
    assert all(e.source.startswith("Convention CARSAT Bretagne") for e in d.entries)
    assert not d.has_cdas


def test_no_local_directory_says_so(data_dir):
    answer = Directory.load().cdas_for("Fougères")
    assert answer.message == NO_LOCAL_DIRECTORY
    assert answer.communes[0].commune.commune.insee == "35115"
    assert answer.communes[0].cdas == ()


def test_search_by_words_accents_and_kind(data_dir):
    d = loaded()
    assert [e.id for e in d.search("fougeres pmi")] == ["annuaire:pmi-35115-01"]
    # names starting with what was typed come first
    names = [e.name for e in d.search("CDAS FICTIF 1")]
    assert all(n.startswith("CDAS FICTIF 1") for n in names[:9])  # 10 to 18
    assert not any(n.startswith("CDAS FICTIF 1") for n in names[9:])
    assert "CDAS FICTIF 01 (CA Fougères Agglomération)" in names[9:]
    # a commune covered by a CDAS finds it
    assert "exemple-cdas-03" in [e.id for e in d.search("Vitré", kinds=["cdas"])]
    assert [e.kind for e in d.search("3646")] == ["service_social_am", "permanence_ssam", "cpam"]
    assert d.search("zzzz") == []
    assert len(d.search("e", limit=3)) == 3
    assert d.search("cdas fictif rennes", limit=1)[0].name == "CDAS FICTIF Rennes Nord"
    assert all(e.kind == "pmi" for e in d.search("", kinds=["pmi"]))


def test_cdas_for_former_commune_and_postal_code(data_dir):
    d = loaded()
    answer = d.cdas_for("Antrain")
    assert answer.message == ""
    assert answer.communes[0].commune.commune.name == "Val-Couesnon"
    assert answer.communes[0].cdas[0].id == "exemple-cdas-08"
    several = d.cdas_for("35560")
    assert "Plusieurs communes" in several.message and len(several.communes) == 6
    assert "introuvable" in d.cdas_for("Quimper").message


def test_staleness_and_status(data_dir):
    d = loaded()
    today = dt.date(2026, 5, 1)
    example = d.get("exemple-cdas-01")
    assert example is not None and not d.is_stale(example, today)  # 2026-01-01, 4 months
    assert d.is_stale(example, dt.date(2026, 7, 2))
    statuses = {s.origin: s for s in d.status(today)}
    assert statuses["local"].count == 21 and statuses["local"].stale == 0
    assert statuses["annuaire"].count == 9 and statuses["annuaire"].stale == 9
    assert statuses["convention"].oldest == dt.date(2025, 1, 9)
    assert statuses["convention"].stale == 0  # in force until the convention changes
    convention = next(e for e in d.search("3646") if e.origin == "convention")
    assert not d.is_stale(convention, dt.date(2028, 1, 1))
    assert statuses["local"].file == "annuaire-local-exemple.csv"
    d.set_max_age_months(12)
    assert Directory.load().max_age_months == 12
    assert not d.is_stale(example, dt.date(2026, 7, 2))


def test_months_before_handles_month_ends():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
