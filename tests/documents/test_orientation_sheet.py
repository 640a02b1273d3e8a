"""The orientation sheet: one page, large print, written from the action plan's
``personne`` steps, public contacts only. Content is checked on the PDF's text."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.documents.drawing import PAGE_BOX
from asip_desktop.documents.orientation_contacts import CdasContact
from asip_desktop.documents.orientation_sheet import (
    SMALLEST,
    blocks_for,
    body_size,
    draw_orientation_sheet,
    french_date,
)
from tests.documents.samples import flat, pdf_pages

SCENARIOS = load_scenarios()
ISSUED = dt.date(2026, 12, 1)  # a Tuesday
# The public contacts the convention gives (volet I §1, volet II §1-2).
PUBLIC_PHONES = {"39 60", "3646"}
PUBLIC_SITES = {"lassuranceretraite.fr"}
CDAS = CdasContact(
    name="CDAS de l'Exemple",
    address="1 place de l'Exemple, 35000 Rennes",
    phone="02 00 00 00 00",
    hours=("Du lundi au vendredi, 9h-12h",),
)


def by_name(name):
    return next(s for s in SCENARIOS if s.name == name)


def sheet_text(engine, scenario, cdas=None) -> tuple[str, int, float]:
    result = engine.evaluate(scenario.answers, level=scenario.level)
    sheet = draw_orientation_sheet(result, cdas, ISSUED)
    pages = pdf_pages(sheet.pdf())
    assert all(line.inside_box() for line in sheet.placed)
    size = body_size(blocks_for(result, cdas, ISSUED), PAGE_BOX.h)
    return flat(" ".join(pages)), len(pages), size


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_one_page_large_print_public_contacts_only(engine, scenario):
    text, pages, size = sheet_text(engine, scenario)
    assert pages == 1
    assert size >= 12 > SMALLEST
    # never a professional mailbox nor an internal channel
    assert "@" not in text and "BlueFiles" not in text and "Urgence CD35" not in text
    # digit runs: phone numbers, plus the street number, postcode and years
    numbers = set(re.findall(r"\b\d[\d ]{2,}\d\b", text)) - {"236", "35030", "2026", "2027"}
    assert numbers <= PUBLIC_PHONES, numbers
    sites = set(re.findall(r"\b[\w-]+\.(?:fr|com|org|gouv\.fr)\b", text))
    assert sites <= PUBLIC_SITES
    assert f"Remis le {french_date(ISSUED)}." in text


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_no_place_twice_and_every_person_step_printed(engine, scenario):
    result = engine.evaluate(scenario.answers, level=scenario.level)
    blocks = blocks_for(result, None, ISSUED)
    places = [b.text for b in blocks if b.kind == "label"]
    assert len(places) == len(set(places)), places
    assert [b.text for b in blocks if b.kind == "step"] == [
        a.text for a in result.actions_for("personne")
    ]


def test_the_date_is_written_for_a_person():
    assert french_date(dt.date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert french_date(dt.date(2027, 2, 14)) == "dimanche 14 février 2027"


def test_emergency_the_person_is_received_now_never_sent_elsewhere(engine):
    text, _, _ = sheet_text(engine, by_name("31-urgence-alimentaire"))
    assert "Un travailleur social vous reçoit aujourd'hui, ici, au CDAS." in text
    assert "adressez-vous" not in text.lower()
    assert "prenez rendez-vous" not in text
    assert text.count("CDAS de votre domicile") == 1  # one block for the one place


def test_emergency_with_a_referent_says_who_and_the_same_day_fallback(engine):
    text, _, _ = sheet_text(engine, by_name("32-urgence-sans-logement-referent"))
    assert "prévient aujourd'hui le travailleur social qui vous accompagne" in text
    assert "un travailleur social du CDAS vous reçoit" in text


def test_non_autonomous_pdp_the_cdas_acts_and_says_when_to_come_back(engine):
    text, _, _ = sheet_text(engine, by_name("15-pdp-salarie-non-autonome"))
    assert "Le CDAS transmet votre situation au service social de l'Assurance Maladie" in text
    assert "vous n'avez pas à l'appeler vous-même" in text
    assert "3646" not in text  # no duplicate request
    assert "48 heures" not in text  # the acknowledgement goes to the CDAS, not the person
    assert "15 jours à 3 semaines" in text
    assert "Sans nouvelles le mardi 22 décembre 2026, revenez au CDAS ou appelez-le." in text
    assert "Votre téléphone allumé" in text


def test_autonomous_pdp_gets_the_public_line_and_hours(engine):
    text, _, _ = sheet_text(engine, by_name("16-pdp-salarie-autonome"))
    assert "Appelez le 3646 et dites « Service social »" in text
    assert "3646, puis dites « Service social »" in text
    assert "Du lundi au vendredi de 8h30 à 12h et de 13h à 16h30, sauf le lundi après-midi" in text
    assert "Sans nouvelles" not in text


def test_co_intervention_the_worker_asks_with_the_persons_agreement(engine):
    text, _, _ = sheet_text(engine, by_name("27-accompagnee-cdas-co-intervention"))
    assert "Si vous êtes d'accord, votre travailleur social demande aussi l'aide" in text
    assert "3646" not in text
    assert "parlez-en à votre travailleur social" in text
    assert "Votre travailleur social" in text and "Nom et téléphone :" in text


def test_urgent_pension_the_carsat_calls_by_a_date_and_what_if_not(engine):
    text, _, _ = sheet_text(engine, by_name("04-retraite-rupture-ressources"))
    assert "La CARSAT vous appelle sous 72 heures : vous n'avez pas à l'appeler vous-même." in text
    assert "La CARSAT doit vous appeler au plus tard le vendredi 4 décembre 2026." in text
    assert "Si personne ne vous a appelé(e) ce jour-là, revenez au CDAS ou appelez-le." in text
    assert "39 60" not in text  # no second request to the CARSAT
    assert "Le CDAS de votre domicile" in text  # where to come back or call


def test_pension_offer_contacts(engine):
    text, _, _ = sheet_text(engine, by_name("01-retraite-information"))
    for contact in (
        "lassuranceretraite.fr",
        "39 60",
        "France Services",
        "236 rue de Châteaugiron, 35030 Rennes Cedex",
    ):
        assert contact in text


def test_the_cdas_found_for_the_commune_is_printed_instead_of_blank_lines(engine):
    result = engine.evaluate(by_name("12-aide-departement").answers)
    known = blocks_for(result, CDAS, ISSUED)
    assert [b.text for b in known if b.kind == "write"] == []
    text, _, _ = sheet_text(engine, by_name("12-aide-departement"), CDAS)
    for fact in (CDAS.name, CDAS.address, CDAS.phone, CDAS.hours[0]):
        assert fact in text
    unknown = blocks_for(result, None, ISSUED)
    assert [b.text for b in unknown if b.kind == "write"] == ["CDAS :", "Adresse et téléphone :"]


def test_a_cdas_without_phone_keeps_a_line_to_write_it(engine):
    result = engine.evaluate(by_name("12-aide-departement").answers)
    blocks = blocks_for(result, CdasContact(name="CDAS de l'Exemple"), ISSUED)
    assert [b.text for b in blocks if b.kind == "write"] == ["Adresse et téléphone :"]


def test_nothing_decided_yet(engine):
    result = engine.evaluate({})
    assert [b.kind for b in blocks_for(result, None, ISSUED)] == ["title", "intro", "intro"]


def test_the_cdas_comes_from_a_directory_entry():
    from asip_desktop.directory.model import Contact, Entry
    from asip_desktop.documents.orientation_contacts import cdas_contact

    entry = Entry(
        id="cdas-exemple",
        kind="cdas",
        name="CDAS de l'Exemple",
        source="test",
        date=dt.date(2026, 1, 1),
        address="1 place de l'Exemple, 35000 Rennes",
        phones=(Contact("02 00 00 00 00", "accueil"), Contact("02 00 00 00 09")),
        hours=("Du lundi au vendredi, 9h-12h",),
    )
    assert cdas_contact(entry) == CDAS
