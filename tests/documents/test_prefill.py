from __future__ import annotations

import datetime as dt

from asip_desktop.documents.detection_data import check_detection
from asip_desktop.documents.liaison_data import check_liaison
from asip_desktop.documents.prefill import prefill_form

AGENT = {"nom": "Morvan", "prenom": "Anne", "telephone": "02 99 00 00 00", "cdas": "CDAS test"}
PERSON = {
    "nom_naissance": "Le Gall",
    "prenom": "Jos",
    "nir": "185057800608491",
    "telephone": "06 12 34 56 78",
    "nom_marital": "Tanguy",
}


def test_liaison_prefill_from_profile_person_and_orientation():
    data = prefill_form(
        "fiche_liaison_retraite",
        answers={"demande": "droits_retraite", "retraite": "recours_epuises"},
        orientation_prefill={"fiche_liaison_retraite": {"motif": "recours_epuises"}},
        person=PERSON,
        agent=AGENT,
        urgent=False,
        today=dt.date(2026, 11, 27),
    )
    assert data["date_creation"] == "2026-11-27"
    assert data["cdas_emetteur"] == "CDAS test"
    assert data["collaborateur"] == {
        "nom": "Morvan",
        "prenom": "Anne",
        "telephone": "02 99 00 00 00",
    }
    assert data["personne"]["nom_marital"] == "Tanguy"
    assert data["motif"] == "recours_epuises"
    # what is prefilled only lacks the person's choices to be a valid fiche
    _, errors = check_liaison({**data, "copie_reponse_partenaire": False})
    assert errors == []


def test_detection_prefill_carries_status_stoppage_motive_and_urgency():
    data = prefill_form(
        "fiche_detection_fragilite",
        answers={
            "sante": {
                "lien_sante": True,
                "statut": "salarie_regime_general",
                "arret_travail": True,
                "risque_emploi": True,
            }
        },
        orientation_prefill={"fiche_detection_fragilite": {"motif": "pdp"}},
        person=PERSON,
        agent=AGENT,
        urgent=True,
    )
    assert data["statut"] == "salarie_regime_general"
    assert data["arret_travail"] is True and data["urgence"] is True
    assert data["motif"] == "pdp"
    assert data["personne"]["nom_usage"] == "Tanguy"
    assert data["emetteur"]["structure"] == "CDAS test"
    _, errors = check_detection(
        {**data, "accord_personne": True, "arret_travail_depuis": "2026-10-01"}
    )
    assert errors == []


def test_empty_values_are_left_out():
    data = prefill_form(
        "fiche_detection_fragilite",
        answers={},
        orientation_prefill={},
        person={},
        agent={},
        urgent=False,
    )
    assert set(data) == {"date_creation"}


def test_liaison_prefill_carries_the_pension_details_asked_at_the_counter(engine):
    answers = {
        "demande": ["droits_retraite"],
        "retraite": "incomprehension_procedure",
        "pension": {"type_dossier": ["pension_reversion"], "situation_administrative": ["rsa"]},
    }
    result = engine.evaluate(answers)
    data = prefill_form(
        "fiche_liaison_retraite",
        answers=answers,
        orientation_prefill=result.prefill,
        person=PERSON,
        agent=AGENT,
        urgent=result.urgent,
        today=dt.date(2026, 12, 1),
    )
    assert data["type_dossier"] == ["pension_reversion"]
    assert data["situation_administrative"] == ["rsa"]
    assert data["motif"] == "incomprehension_procedure"
    assert data["copie_reponse_partenaire"] is True  # the professional needs the answer
    _, errors = check_liaison(data)
    assert errors == []


def test_liaison_prefill_without_pension_details_leaves_the_boxes_empty():
    data = prefill_form(
        "fiche_liaison_retraite",
        answers={"demande": ["droits_retraite"], "retraite": "rupture_ressources"},
        orientation_prefill={"fiche_liaison_retraite": {"motif": "rupture_ressources"}},
        person=PERSON,
        agent=AGENT,
        urgent=True,
    )
    assert "type_dossier" not in data and "situation_administrative" not in data
