"""The fiche de détection: its contract, its PDF, nothing out of its box."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asip_desktop.documents.detection_data import (
    MOTIFS,
    REPERCUSSIONS,
    STATUTS,
    Detection,
    Emetteur,
    PersonneDetection,
    check_detection,
    parse_detection,
)
from asip_desktop.documents.detection_pdf import FIXED_LABELS, draw_detection, render_detection
from asip_desktop.documents.drawing import CHECKED, UNCHECKED
from tests.documents.samples import DETECTION, changed, flat, pdf_pages


def errors_for(data) -> dict[str, str]:
    return {e.field: e.message for e in check_detection(data)[1]}


def test_sample_is_valid():
    detection = parse_detection(DETECTION)
    assert detection.motif == "pdp"
    assert detection.personne.nir == "185122B04503325"
    assert parse_detection(detection.to_dict()) == detection


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("personne.telephone", ..., "Téléphone de la personne : à renseigner"),
        ("personne.email", "jerome@", "adresse mail attendue"),
        ("personne.nir", "185122C04503325", "2A ou 2B (Corse)"),
        ("personne.nir", "185122B04503326", "clé de contrôle est incorrecte"),
        ("personne.date_naissance", "02/05/1970", "format AAAA-MM-JJ"),
        ("motif", ..., "Motif d'orientation : à choisir"),
        ("statut", "chomeur", "valeur inconnue"),
        ("arret_travail_depuis", ..., "Date de début de l'arrêt de travail : à renseigner"),
        ("accord_personne", False, "qu'avec l'accord de la personne"),
        ("emetteur.telephone", ..., "Téléphone du professionnel émetteur : à renseigner"),
    ],
)
def test_refusals_name_the_field(path, value, expected):
    errors = errors_for(changed(DETECTION, path, value))
    assert list(errors) == [path]
    assert expected in errors[path]


def test_retired_person_needs_no_work_stoppage_answer():
    data = changed(DETECTION, "statut", "retraite")
    data = changed(data, "arret_travail", ...)
    data = changed(data, "arret_travail_depuis", ...)
    data = changed(data, "motif", "sps")
    assert errors_for(data) == {}


def test_pdf_states_its_provenance_and_prints_everything():
    pages = pdf_pages(render_detection(DETECTION))
    assert len(pages) == 2
    text = flat(" ".join(pages))
    for label in FIXED_LABELS:
        assert flat(label) in text, label
    assert "dans l’attente de la fiche officielle (annexe 6 de la convention)" in text
    assert "ssr35.rennes@carsat-bretagne.fr via BlueFiles uniquement" in text
    p = DETECTION["personne"]
    for value in (
        "27/11/2026",
        "Collabo Camille",
        DETECTION["emetteur"]["email"],
        p["nom_naissance"],
        p["nom_usage"],
        p["prenom"],
        "02/05/1970",
        "1 85 12 2B 045 033 25",
        p["adresse"],
        p["telephone"],
        p["email"],
        "01/09/2026",
        DETECTION["repercussions_precisions"],
        DETECTION["commentaire"],
    ):
        assert value in text, value


def test_check_boxes_match_the_data():
    page1, page2 = (flat(p) for p in pdf_pages(render_detection(DETECTION)))

    def ticked(text: str, label: str) -> bool:
        match = re.search(rf"([{CHECKED}{UNCHECKED}])\s*{re.escape(flat(label))}", text)
        assert match, label
        return match.group(1) == CHECKED

    for key, label in STATUTS.items():
        assert ticked(page1, label) is (key == DETECTION["statut"])
    assert re.search(rf"Arrêt de travail :\s*OUI\s*{CHECKED}\s*NON\s*{UNCHECKED}", page1)
    for key, label in MOTIFS.items():
        assert ticked(page2, label) is (key == DETECTION["motif"])
    for key, label in REPERCUSSIONS.items():
        assert ticked(page2, label) is (key in DETECTION["repercussions"])
    assert re.search(rf"OUI\s*{UNCHECKED}\s*NON\s*{CHECKED}", page2)  # no urgency
    assert ticked(page2, "La personne est d’accord") is True


def test_blank_form():
    text = flat(" ".join(pdf_pages(render_detection())))
    assert CHECKED not in text
    for label in FIXED_LABELS:
        assert flat(label) in text


any_text = st.text(max_size=300)


@st.composite
def detections(draw: st.DrawFn) -> Detection:
    return Detection(
        emetteur=Emetteur(*(draw(any_text) for _ in range(6))),
        personne=PersonneDetection(
            nom_naissance=draw(any_text),
            nom_usage=draw(any_text),
            prenom=draw(any_text),
            nir=draw(any_text),
            adresse=draw(any_text),
            telephone=draw(any_text),
            email=draw(any_text),
        ),
        statut=draw(st.none() | st.sampled_from(list(STATUTS))),
        arret_travail=draw(st.none() | st.booleans()),
        motif=draw(st.none() | st.sampled_from(list(MOTIFS))),
        repercussions=tuple(draw(st.sets(st.sampled_from(list(REPERCUSSIONS))))),
        repercussions_precisions=draw(st.text(max_size=1500)),
        urgence=draw(st.none() | st.booleans()),
        urgence_precisions=draw(st.text(max_size=1000)),
        commentaire=draw(st.text(max_size=3000)),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(detections())
def test_any_unicode_renders_inside_its_boxes(detection):
    sheet = draw_detection(detection)
    assert [line for line in sheet.placed if not line.inside_box()] == []
    assert sheet.pdf().startswith(b"%PDF")
