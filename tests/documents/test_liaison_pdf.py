"""The fiche de liaison PDF: every annex label, every value, the ticks, nothing out of its box."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asip_desktop.documents.drawing import CHECKED, CONTINUED, UNCHECKED
from asip_desktop.documents.liaison_data import (
    MOTIFS,
    SITUATIONS,
    TYPES_DOSSIER,
    Collaborateur,
    Liaison,
    PersonneLiaison,
    parse_liaison,
)
from asip_desktop.documents.liaison_pdf import ANNEX_LABELS, draw_liaison, render_liaison
from asip_desktop.documents.validation import FormDataError
from tests.documents.samples import LIAISON, changed, flat, pdf_pages


@pytest.fixture(scope="module")
def filled() -> list[str]:
    return pdf_pages(render_liaison(LIAISON))


def ticked(text: str, label: str) -> bool:
    """The glyph drawn just before ``label`` in the extracted text."""
    match = re.search(rf"([{CHECKED}{UNCHECKED}])\s*{re.escape(label)}", text)
    assert match, f"no check box before {label!r}"
    return match.group(1) == CHECKED


def test_two_pages_numbered(filled):
    assert len(filled) == 2
    assert flat(filled[0]).endswith("1/2")
    assert flat(filled[1]).endswith("2/2")


def test_every_label_of_annex_2_is_printed(filled):
    text = flat(" ".join(filled))
    for label in ANNEX_LABELS:
        assert flat(label) in text, label


def test_data_notice_is_word_for_word(filled):
    notice = (
        "Vos données sont transmises à la Carsat de Bretagne qui les traite pour instruire votre "
        "demande de retraite. Il s’agit d’une mission d’intérêt public."
    )
    assert notice in flat(filled[1])
    assert "236 rue de Chateaugiron, 35030 Rennes Cedex 9" in flat(filled[1])
    assert "réclamation à la CNIL." in flat(filled[1])


def test_contact_line_and_title_come_first(filled):
    lines = filled[0].splitlines()
    assert lines[0] == "Fiche de liaison retraite – Conseil départemental 35"
    assert lines[1] == "Adresse mail de contact : RennesBalcDcrPartenaires@carsat-bretagne.fr"
    assert lines[2] == "via BlueFiles uniquement"


def test_every_value_given_is_printed(filled):
    text = flat(" ".join(filled))
    p = LIAISON["personne"]
    for value in (
        "27/11/2026",
        LIAISON["cdas_emetteur"],
        "Collabo Camille",
        LIAISON["collaborateur"]["telephone"],
        p["nom_naissance"],
        p["nom_marital"],
        p["prenom"],
        "2 95 10 99 126 111 93",
        p["adresse"],
        p["email"],
        p["telephone"],
        LIAISON["situation_administrative_autre"],
        LIAISON["type_dossier_autre"],
        "Paiement suspendu depuis deux mois.",
        "Plusieurs appels restés sans réponse.",
    ):
        assert value in text, value


def test_check_boxes_match_the_data(filled):
    page1, page2 = (flat(p) for p in filled)
    for key, label in SITUATIONS.items():
        if key != "autre":
            assert ticked(page1, label) is (key in LIAISON["situation_administrative"]), key
    for key, label in MOTIFS.items():
        assert ticked(page1, flat(label)) is (key == LIAISON["motif"]), key
    for key, label in TYPES_DOSSIER.items():
        if key not in ("autre", "asi_aspa"):
            assert ticked(page1, label) is (key in LIAISON["type_dossier"]), key
    assert ticked(page1, "ASI-ASPA") is False
    assert page1.count(f"{CHECKED} Autre") == 2  # both « Autre » ticked in the sample
    assert re.search(rf"OUI\s*{CHECKED}\s*NON\s*{UNCHECKED}", page2)
    assert ticked(page2, "Je souhaite que le professionnel") is True
    assert ticked(page2, "Je ne m’oppose pas") is False
    assert (page1 + page2).count(CHECKED) == 7


def test_copy_no_and_consents_ticked():
    data = changed(LIAISON, "copie_reponse_partenaire", False)
    data = changed(data, "non_opposition_traitement", True)
    page2 = flat(pdf_pages(render_liaison(data))[1])
    assert re.search(rf"OUI\s*{UNCHECKED}\s*NON\s*{CHECKED}", page2)
    assert ticked(page2, "Je ne m’oppose pas") is True


def test_blank_form_has_every_label_and_no_tick():
    pages = pdf_pages(render_liaison())
    assert len(pages) == 2
    text = flat(" ".join(pages))
    for label in ANNEX_LABELS:
        assert flat(label) in text, label
    assert CHECKED not in text
    assert text.count(UNCHECKED) == 17


def test_dicts_are_validated_before_rendering():
    with pytest.raises(FormDataError):
        render_liaison(changed(LIAISON, "personne.nir", "295109912611194"))


def test_very_long_values_shrink_then_continue_on_an_annex_page():
    long_name = "Wolfeschlegelsteinhausenbergerdorff " * 3
    data = changed(LIAISON, "personne.nom_naissance", long_name.strip()[:100])
    data = changed(data, "personne.adresse", "Résidence des Tilleuls, bâtiment C, " * 8)
    # beyond the contract's 4000 characters, as a note pasted in the GUI could be
    liaison = replace(parse_liaison(data), commentaire="Situation très détaillée. " * 300)
    sheet = draw_liaison(liaison)
    pages = pdf_pages(sheet.pdf())
    assert len(pages) == 3
    assert all(line.inside_box() for line in sheet.placed)
    assert CONTINUED in flat(pages[1])
    annex = flat(pages[2])
    assert "Commentaire / précisions sur la situation (suite) :" in annex
    # nothing lost: every word of the comment is somewhere in the document
    assert flat(" ".join(pages)).count("Situation très détaillée.") == 300
    # the long name shrank to fit its box instead of continuing
    assert "Wolfeschlegelsteinhausenbergerdorff Wolfeschlegelsteinhausenbergerdorff" in flat(
        pages[0]
    )


# --- any Unicode text in any field ------------------------------------------------

any_text = st.text(max_size=300)
long_text = st.text(max_size=3000)


@st.composite
def liaisons(draw: st.DrawFn) -> Liaison:
    return Liaison(
        cdas_emetteur=draw(any_text),
        collaborateur=Collaborateur(draw(any_text), draw(any_text), draw(any_text)),
        personne=PersonneLiaison(*(draw(any_text) for _ in range(7))),
        situation_administrative=tuple(draw(st.sets(st.sampled_from(list(SITUATIONS))))),
        situation_administrative_autre=draw(any_text),
        motif=draw(st.none() | st.sampled_from(list(MOTIFS))),
        type_dossier=tuple(draw(st.sets(st.sampled_from(list(TYPES_DOSSIER))))),
        type_dossier_autre=draw(any_text),
        commentaire=draw(long_text),
        copie_reponse_partenaire=draw(st.none() | st.booleans()),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(liaisons())
def test_any_unicode_renders_inside_its_boxes(liaison):
    sheet = draw_liaison(liaison)
    outside = [line for line in sheet.placed if not line.inside_box()]
    assert outside == []
    pdf = sheet.pdf()
    assert pdf.startswith(b"%PDF")
    assert len(pdf_pages(pdf)) >= 2
