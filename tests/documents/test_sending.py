"""Preparing the BlueFiles sending: mailbox, subject without personal data, file name, deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from asip_desktop.documents.detection_data import parse_detection
from asip_desktop.documents.liaison_data import parse_liaison
from asip_desktop.documents.sending import (
    acknowledgement_deadline,
    answer_deadline,
    plan_for,
    plan_for_saved,
    sender_address,
    subject_problems,
)
from asip_desktop.errors import UserError
from tests.documents.samples import DETECTION, LIAISON, changed


def test_liaison_plan():
    liaison = parse_liaison(LIAISON)
    plan = plan_for(liaison)
    assert plan.recipient == "RennesBalcDcrPartenaires@carsat-bretagne.fr"
    assert plan.subject == "Urgence CD35"
    assert plan.attachment_name == "fiche-liaison-retraite-2026-11-27.pdf"
    information = "\n".join(plan.information)
    assert "uniquement par BlueFiles" in information
    assert "Un seul mail par personne." in information
    assert "Copie de la réponse au CDAS : OUI" in information
    # the checks are the four the agent really does, nothing to know ticked as a box
    assert [c.key for c in plan.checks] == ["signature", "piece_jointe", "objet", "expediteur"]
    checks = {c.key: c.text for c in plan.checks}
    assert "Signature de l'assuré" in checks["signature"]
    assert checks["objet"] == "Objet du mail : « Urgence CD35 », sans nom ni NIR."
    agent = liaison.collaborateur
    assert checks["expediteur"].endswith(sender_address(agent.prenom, agent.nom))
    sent = dt.datetime(2026, 11, 27, 10, 30)
    assert plan.deadline(sent) == dt.datetime(2026, 11, 30, 10, 30)
    no_copy = plan_for(replace(liaison, copie_reponse_partenaire=False))
    assert "Copie de la réponse au CDAS : NON" in "\n".join(no_copy.information)


def test_sender_address_follows_annex_1():
    assert sender_address("Anne-Laure", "Le Goff") == "anne-laure.le-goff@ille-et-vilaine.fr"
    assert sender_address("Élodie", "D'Arc") == "elodie.darc@ille-et-vilaine.fr"
    assert sender_address("", "") == "prénom.nom@ille-et-vilaine.fr"


def test_plan_for_a_fiche_saved_in_a_case():
    plan = plan_for_saved("fiche_liaison_retraite", dt.date(2026, 11, 2), PERSONAL)
    assert plan.attachment_name == "fiche-liaison-retraite-2026-11-02.pdf"
    assert plan.subject == "Urgence CD35"
    assert "voir la case OUI ou NON cochée" in "\n".join(plan.information)
    detection = plan_for_saved("fiche_detection_fragilite", dt.date(2026, 11, 2), [], "a.b@x")
    assert detection.recipient == "ssr35.rennes@carsat-bretagne.fr"
    assert detection.checks[-1].text.endswith("a.b@x")
    with pytest.raises(UserError):
        plan_for_saved("fiche_liaison_retraite", dt.date(2026, 11, 2), ["Urgence"])
    with pytest.raises(UserError):
        plan_for_saved("autre", dt.date(2026, 11, 2), [])


def test_detection_plan():
    plan = plan_for(parse_detection(DETECTION))
    assert plan.recipient == "ssr35.rennes@carsat-bretagne.fr"
    assert plan.subject == "Fiche de détection CD35"
    assert plan.attachment_name == "fiche-detection-fragilite-2026-11-27.pdf"
    assert plan.deadline(dt.datetime(2026, 11, 27, 9, 0)) == dt.datetime(2026, 11, 29, 9, 0)


def test_deadline_functions():
    sent = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert answer_deadline(sent) == dt.datetime(2027, 1, 3, 23, 0, tzinfo=dt.UTC)
    assert acknowledgement_deadline(sent) == dt.datetime(2027, 1, 2, 23, 0, tzinfo=dt.UTC)


PERSONAL = ["Nguyễn-Łukasz", "Élodie", "295109912611193", "06 00 00 00 02", "elodie@example.org"]


@pytest.mark.parametrize(
    "subject",
    [
        "Urgence CD35 Élodie",
        "Urgence CD35 ELODIE",  # case and accents do not hide a name
        "Urgence CD35 nguyen",
        "Urgence CD35 - 2 95 10 99 126 111 93",
        "Urgence CD35 295109912611193",
        "Urgence CD35 0600000002",
        "Urgence CD35 elodie@example.org",
        "",
    ],
)
def test_subject_with_personal_data_refused(subject):
    assert subject_problems(subject, PERSONAL)


@pytest.mark.parametrize(
    "subject", ["Urgence CD35", "Fiche de détection CD35", "Urgence CD35 Rennes"]
)
def test_plain_subjects_accepted(subject):
    assert subject_problems(subject, PERSONAL) == []


def test_fixed_subject_never_used_when_it_would_name_the_person():
    liaison = parse_liaison(changed(LIAISON, "personne.prenom", "Urgence"))
    with pytest.raises(UserError) as info:
        plan_for(liaison)
    assert "donnée personnelle" in info.value.message
    assert info.value.details == ["L'objet du mail contient le nom ou le prénom de la personne."]


def test_attachment_names_hold_no_personal_data():
    for plan in (plan_for(parse_liaison(LIAISON)), plan_for(parse_detection(DETECTION))):
        assert subject_problems(plan.attachment_name, PERSONAL) == []
        assert plan.attachment_name.endswith(".pdf")
