"""Preparing the secure sending of a fiche through BlueFiles (annexe 1, annexe 3).

The app does not send mail: it gives the agent the recipient mailbox, a
subject free of personal data, a file name free of personal data and the
checklist, and computes the deadlines from the time the agent says the mail
left. Everything here is plain values and functions (the case store keeps
the deadlines).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from asip_desktop.core.delays import ACKNOWLEDGEMENT_HOURS, CARSAT_ANSWER_HOURS
from asip_desktop.documents import detection_data, liaison_data
from asip_desktop.documents.detection_data import Detection
from asip_desktop.documents.liaison_data import Liaison
from asip_desktop.errors import UserError

LIAISON_MAILBOX = "RennesBalcDcrPartenaires@carsat-bretagne.fr"
DETECTION_MAILBOX = "ssr35.rennes@carsat-bretagne.fr"
# Annexe 1, 4.2: « Le mail aura pour objet : « Urgence CD35 » et ne devra
# contenir ni nom, ni nir dans cette rubrique. »
LIAISON_SUBJECT = "Urgence CD35"
# The convention fixes no subject for the detection form. We use a fixed,
# descriptive one with no personal data so the secretariat can sort it.
DETECTION_SUBJECT = "Fiche de détection CD35"

ANSWER_DELAY = dt.timedelta(hours=CARSAT_ANSWER_HOURS)  # annexe 1: answer by phone
ACKNOWLEDGEMENT_DELAY = dt.timedelta(hours=ACKNOWLEDGEMENT_HOURS)  # volet II §1


@dataclass(frozen=True)
class SendingPlan:
    form: str
    recipient: str
    subject: str
    attachment_name: str
    checklist: tuple[str, ...]
    deadline_label: str
    deadline_delay: dt.timedelta

    def deadline(self, sent_at: dt.datetime) -> dt.datetime:
        return sent_at + self.deadline_delay


def answer_deadline(sent_at: dt.datetime) -> dt.datetime:
    """Privileged channel: the CARSAT answers the person within 72 hours."""
    return sent_at + ANSWER_DELAY


def acknowledgement_deadline(sent_at: dt.datetime) -> dt.datetime:
    """Health-insurance social service: acknowledgement within 48 hours."""
    return sent_at + ACKNOWLEDGEMENT_DELAY


def attachment_name(form: str, created: dt.date) -> str:
    """A file name with the form and the date only — never a name or a NIR."""
    stem = {
        liaison_data.FORM_ID: "fiche-liaison-retraite",
        detection_data.FORM_ID: "fiche-detection-fragilite",
    }[form]
    return f"{stem}-{created.isoformat()}.pdf"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def subject_problems(subject: str, personal_values: list[str]) -> list[str]:
    """Why ``subject`` may not be used (French); empty when it is acceptable.

    Refuses any word of the person's names and any NIR, phone or e-mail of
    the person, compared without case, accents, spaces or dots.
    """
    problems: list[str] = []
    if not subject.strip():
        problems.append("L'objet du mail est vide.")
    folded = _fold(subject)
    digits = re.sub(r"\D", "", subject)
    compact = re.sub(r"[\s.\-]", "", folded)
    for value in personal_values:
        value_digits = re.sub(r"\D", "", value)
        if len(value_digits) >= 6 and value_digits in digits:
            problems.append("L'objet du mail contient un NIR ou un numéro de la personne.")
            continue
        folded_value = _fold(value)
        if "@" in folded_value and folded_value in folded:
            problems.append("L'objet du mail contient l'adresse mail de la personne.")
            continue
        for word in re.findall(r"\w+", folded_value):
            if not word.isdigit() and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
                problems.append("L'objet du mail contient le nom ou le prénom de la personne.")
                break
        else:
            squeezed = re.sub(r"[\s.\-]", "", folded_value)
            if len(squeezed) >= 6 and squeezed in compact:
                problems.append("L'objet du mail contient une donnée personnelle.")
    return sorted(set(problems))


def _common_checklist(recipient: str, subject: str, file_name: str) -> list[str]:
    return [
        "Envoyer uniquement via BlueFiles (jamais par la messagerie ordinaire).",
        f"Destinataire : {recipient}",
        f"Objet : « {subject} » — ni nom ni NIR dans l'objet.",
        "Un seul mail par personne.",
        f"Joindre la fiche : {file_name}",
        "Envoyer depuis votre adresse professionnelle prénom.nom@ille-et-vilaine.fr.",
    ]


def plan_liaison(liaison: Liaison) -> SendingPlan:
    created = liaison.date_creation or dt.date.today()
    name = attachment_name(liaison_data.FORM_ID, created)
    copy = {
        True: "Copie de la réponse au CDAS : OUI (la réponse vous sera aussi adressée par "
        "BlueFiles).",
        False: "Copie de la réponse au CDAS : NON (la CARSAT répond à la personne seulement).",
        None: "Copie de la réponse au CDAS : cocher OUI ou NON sur la fiche.",
    }[liaison.copie_reponse_partenaire]
    checklist = [
        *_common_checklist(LIAISON_MAILBOX, LIAISON_SUBJECT, name),
        copy,
        "Après l'envoi : la CARSAT répond à la personne par téléphone sous 72 heures.",
    ]
    return SendingPlan(
        form=liaison_data.FORM_ID,
        recipient=LIAISON_MAILBOX,
        subject=LIAISON_SUBJECT,
        attachment_name=name,
        checklist=tuple(checklist),
        deadline_label="Réponse de la CARSAT à la personne (72 heures)",
        deadline_delay=ANSWER_DELAY,
    )


def plan_detection(detection: Detection) -> SendingPlan:
    created = detection.date_creation or dt.date.today()
    name = attachment_name(detection_data.FORM_ID, created)
    checklist = [
        *_common_checklist(DETECTION_MAILBOX, DETECTION_SUBJECT, name),
        "L'accord de la personne est coché sur la fiche.",
        "Après l'envoi : accusé de réception du service social sous 48 heures.",
    ]
    return SendingPlan(
        form=detection_data.FORM_ID,
        recipient=DETECTION_MAILBOX,
        subject=DETECTION_SUBJECT,
        attachment_name=name,
        checklist=tuple(checklist),
        deadline_label="Accusé de réception du service social (48 heures)",
        deadline_delay=ACKNOWLEDGEMENT_DELAY,
    )


def plan_for(data: Liaison | Detection) -> SendingPlan:
    plan = plan_liaison(data) if isinstance(data, Liaison) else plan_detection(data)
    problems = subject_problems(plan.subject, data.personal_values())
    if problems:  # a person literally named like the fixed subject: never send it
        raise UserError(
            "L'objet prévu pour ce mail contiendrait une donnée personnelle : "
            "ne l'envoyez pas tel quel.",
            problems,
        )
    return plan
