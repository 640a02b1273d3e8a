"""The orientation sheet: one page, large print, only the convention's contacts."""

from __future__ import annotations

import re

import pytest

from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.documents.drawing import PAGE_BOX
from asip_desktop.documents.orientation_sheet import (
    SMALLEST,
    blocks_for,
    body_size,
    draw_orientation_sheet,
)
from tests.documents.samples import flat, pdf_pages

SCENARIOS = load_scenarios()

# Every contact the convention gives (volet I §1, volet II §1-2).
CONVENTION_CONTACTS = {
    "emails": {"ssr35.rennes@carsat-bretagne.fr"},
    "phones": {"39 60", "3646"},
    "sites": {"lassuranceretraite.fr"},
}


def sheet_text(engine, scenario) -> tuple[str, int, float]:
    result = engine.evaluate(scenario.answers, level=scenario.level)
    sheet = draw_orientation_sheet(result)
    pages = pdf_pages(sheet.pdf())
    assert all(line.inside_box() for line in sheet.placed)
    size = body_size(blocks_for(result), PAGE_BOX.h)
    return flat(" ".join(pages)), len(pages), size


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_one_page_large_print_only_convention_contacts(engine, scenario):
    text, pages, size = sheet_text(engine, scenario)
    assert pages == 1
    assert size >= 12 > SMALLEST
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert emails <= CONVENTION_CONTACTS["emails"]
    # digit runs: phone numbers, plus the street number, postcode and rules version
    numbers = set(re.findall(r"\b\d[\d ]{2,}\d\b", text)) - {"236", "35030", "2026"}
    assert numbers <= CONVENTION_CONTACTS["phones"], numbers
    sites = set(re.findall(r"\b[\w-]+\.(?:fr|com|org|gouv\.fr)\b", text)) - {"carsat-bretagne.fr"}
    assert sites <= CONVENTION_CONTACTS["sites"]


def by_name(name):
    return next(s for s in SCENARIOS if s.name == name)


def test_privileged_channel_says_72_hours(engine):
    text, _, _ = sheet_text(engine, by_name("04-retraite-rupture-ressources"))
    assert "La CARSAT vous répond par téléphone sous 72 heures." in text


def test_health_insurance_service_contacts_and_delays(engine):
    text, _, _ = sheet_text(engine, by_name("15-pdp-salarie-non-autonome"))
    assert "3646, dites « Service social »" in text
    assert "Du lundi au vendredi de 8h30 à 12h et de 13h à 16h30, sauf le lundi après-midi" in text
    assert "ssr35.rennes@carsat-bretagne.fr" in text
    assert "accuse réception sous 48 heures" in text  # the CDAS sends the fiche
    assert "15 jours à 3 semaines" in text
    autonomous, _, _ = sheet_text(engine, by_name("16-pdp-salarie-autonome"))
    assert "48 heures" not in autonomous


def test_pension_offer_contacts(engine):
    text, _, _ = sheet_text(engine, by_name("01-retraite-information"))
    for contact in (
        "lassuranceretraite.fr",
        "39 60",
        "France Services",
        "236 rue de Châteaugiron, 35030 Rennes Cedex",
    ):
        assert contact in text


def test_cdas_has_no_invented_address_but_a_line_to_write(engine):
    result = engine.evaluate(by_name("12-aide-departement").answers, level=2)
    assert [b.text for b in blocks_for(result) if b.kind == "write"] == ["CDAS de votre domicile :"]
    text, _, _ = sheet_text(engine, by_name("12-aide-departement"))
    assert "Le CDAS de votre domicile" in text
