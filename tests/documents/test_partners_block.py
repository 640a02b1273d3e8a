"""Partners on the person's sheet: public contacts only, still one page."""

from __future__ import annotations

import datetime as dt

from asip_desktop.directory.model import Contact, SocialEntry
from asip_desktop.documents.orientation_contacts import CdasContact
from asip_desktop.documents.orientation_sheet import draw_orientation_sheet
from asip_desktop.documents.partners_block import partner_blocks
from tests.documents.samples import flat, pdf_pages

FOOD = {
    "demande": "aide_departement",
    "urgences": ["aide_alimentaire"],
    "accompagnement_en_cours": "aucun",
}


def partner(n: int) -> SocialEntry:
    return SocialEntry(
        id=f"annuaire-social:FICT-{n}",
        kind="partenaire_social",
        name=f"Épicerie FICTIVE {n}",
        source="Annuaire social d'Ille-et-Vilaine (Département, données ouvertes)",
        date=dt.date(2026, 10, 1),
        origin="annuaire_social",
        address=f"{n} rue Imaginaire, 35300 Fougères",
        phones=(Contact(f"01 99 00 01 0{n}"),),
        emails=(Contact("fictif@exemple.invalid"),),
        hours=("Mardi 14h-17h (fictif)",),
        notes=("Public : Famille", "Fiche de l'annuaire social : https://x.invalid/1"),
        themes=("Epiceries sociales et solidaires",),
    )


def test_blocks_hold_public_contacts_once():
    blocks = partner_blocks([partner(1), partner(2), partner(1)])
    assert [b.name for b in blocks] == ["Épicerie FICTIVE 1", "Épicerie FICTIVE 2"]
    assert blocks[0].lines == (
        "1 rue Imaginaire, 35300 Fougères",
        "Tél. 01 99 00 01 01",
        "Courriel : fictif@exemple.invalid",
        "Horaires : Mardi 14h-17h (fictif)",
    )


def test_sheet_prints_partners_and_the_cdas_name_on_one_page(engine):
    result = engine.evaluate(FOOD, level=1)
    blocks = partner_blocks([partner(1), partner(2), partner(3)])
    sheet = draw_orientation_sheet(result, CdasContact(name="CDAS FICTIF X"), partners=blocks)
    pages = pdf_pages(sheet.pdf())
    assert len(pages) == 1
    assert all(line.inside_box() for line in sheet.placed)
    text = flat(" ".join(pages))
    assert "Près de chez vous" in text and "Épicerie FICTIVE 3" in text
    assert "Tél. 01 99 00 01 02" in text
    assert "CDAS FICTIF X" in text and "Adresse et téléphone" in text  # name typed, rest blank
    assert "Public" not in text and "x.invalid" not in text and "Source" not in text
    plain = flat(" ".join(pdf_pages(draw_orientation_sheet(result).pdf())))
    assert "Près de chez vous" not in plain
