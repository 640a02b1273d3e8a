"""Preparing the secure sending of a fiche through BlueFiles (annexe 1, annexe 3).

The app does not send mail: it gives the agent the recipient mailbox, a
subject free of personal data, a file name free of personal data, what to
know (information lines) and the few checks that are real — the signature,
the attachment prepared, the subject, the agent's own address — and computes
the deadlines from the time the agent says the mail left. Everything here is
plain values and functions (the case store keeps the deadlines).
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


# The checks before « Marquer comme envoyé »: each is something the agent does
# and confirms (the attachment is confirmed by preparing it in the app).
CHECK_SIGNATURE = "signature"
CHECK_ATTACHMENT = "piece_jointe"
CHECK_SUBJECT = "objet"
CHECK_SENDER = "expediteur"
SENDER_DOMAIN = "ille-et-vilaine.fr"  # annexe 1: « prénom.nom@ille-et-vilaine.fr »
SIGNATURE_CHECKS = {
    liaison_data.FORM_ID: "La personne a daté et signé la fiche (« Date et Signature de "
    "l'assuré »).",
    detection_data.FORM_ID: "Vous avez daté et signé la fiche (« Date et signature du "
    "professionnel ») ; l'accord de la personne y est coché.",
}


@dataclass(frozen=True)
class Check:
    key: str
    text: str


@dataclass(frozen=True)
class SendingPlan:
    form: str
    recipient: str
    subject: str
    attachment_name: str
    information: tuple[str, ...]  # to know: text, not boxes to tick
    checks: tuple[Check, ...]  # to confirm before « Marquer comme envoyé »
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


def sender_address(prenom: str, nom: str) -> str:
    """The agent's own address as annexe 1 names it, from the profile (lower case,
    no accents, spaces as hyphens); the pattern alone when the profile is empty."""

    def part(text: str) -> str:
        return "-".join(re.findall(r"[a-z0-9]+", _fold(text).replace("'", "")))

    first, last = part(prenom), part(nom)
    if not first or not last:
        return f"prénom.nom@{SENDER_DOMAIN}"
    return f"{first}.{last}@{SENDER_DOMAIN}"


def _checks(form: str, subject: str, sender: str) -> tuple[Check, ...]:
    return (
        Check(CHECK_SIGNATURE, SIGNATURE_CHECKS[form]),
        Check(
            CHECK_ATTACHMENT, "La pièce jointe est préparée (bouton « Préparer la pièce jointe »)."
        ),
        Check(CHECK_SUBJECT, f"Objet du mail : « {subject} », sans nom ni NIR."),
        Check(CHECK_SENDER, f"Envoyé depuis votre propre adresse : {sender}"),
    )


def _information(recipient: str) -> list[str]:
    return [
        "Envoi uniquement par BlueFiles, jamais par la messagerie ordinaire.",
        f"Destinataire : {recipient}",
        "Un seul mail par personne.",
    ]


def plan_liaison(
    liaison: Liaison | None, created: dt.date | None = None, sender: str = ""
) -> SendingPlan:
    """The plan for a fiche de liaison; ``liaison`` None for a fiche saved in a case
    (its PDF only: the copy-to-CDAS choice is then read on the fiche)."""
    created = (liaison.date_creation if liaison else None) or created or dt.date.today()
    name = attachment_name(liaison_data.FORM_ID, created)
    choice = liaison.copie_reponse_partenaire if liaison else "fiche"
    copy = {
        True: "Copie de la réponse au CDAS : OUI (la réponse vous sera aussi adressée par "
        "BlueFiles).",
        False: "Copie de la réponse au CDAS : NON (la CARSAT répond à la personne seulement).",
        None: "Copie de la réponse au CDAS : cocher OUI ou NON sur la fiche.",
        "fiche": "Copie de la réponse au CDAS : voir la case OUI ou NON cochée sur la fiche.",
    }[choice]
    information = [
        *_information(LIAISON_MAILBOX),
        copy,
        "Après l'envoi : la CARSAT répond à la personne par téléphone sous 72 heures.",
    ]
    return SendingPlan(
        form=liaison_data.FORM_ID,
        recipient=LIAISON_MAILBOX,
        subject=LIAISON_SUBJECT,
        attachment_name=name,
        information=tuple(information),
        checks=_checks(liaison_data.FORM_ID, LIAISON_SUBJECT, sender or sender_address("", "")),
        deadline_label="Réponse de la CARSAT à la personne (72 heures)",
        deadline_delay=ANSWER_DELAY,
    )


def plan_detection(
    detection: Detection | None, created: dt.date | None = None, sender: str = ""
) -> SendingPlan:
    created = (detection.date_creation if detection else None) or created or dt.date.today()
    name = attachment_name(detection_data.FORM_ID, created)
    information = [
        *_information(DETECTION_MAILBOX),
        "Après l'envoi : accusé de réception du service social sous 48 heures.",
    ]
    return SendingPlan(
        form=detection_data.FORM_ID,
        recipient=DETECTION_MAILBOX,
        subject=DETECTION_SUBJECT,
        attachment_name=name,
        information=tuple(information),
        checks=_checks(detection_data.FORM_ID, DETECTION_SUBJECT, sender or sender_address("", "")),
        deadline_label="Accusé de réception du service social (48 heures)",
        deadline_delay=ACKNOWLEDGEMENT_DELAY,
    )


def _refuse_personal_subject(plan: SendingPlan, personal_values: list[str]) -> SendingPlan:
    problems = subject_problems(plan.subject, personal_values)
    if problems:  # a person literally named like the fixed subject: never send it
        raise UserError(
            "L'objet prévu pour ce mail contiendrait une donnée personnelle : "
            "ne l'envoyez pas tel quel.",
            problems,
        )
    return plan


def plan_for_saved(
    form: str, created: dt.date, personal_values: list[str], sender: str = ""
) -> SendingPlan:
    """The plan to send (again) a fiche saved in a case, from its kind and date."""
    if form == liaison_data.FORM_ID:
        plan = plan_liaison(None, created, sender)
    elif form == detection_data.FORM_ID:
        plan = plan_detection(None, created, sender)
    else:
        raise UserError(f"Fiche « {form} » inconnue : pas d'envoi sécurisé prévu.")
    return _refuse_personal_subject(plan, personal_values)


def plan_for(data: Liaison | Detection) -> SendingPlan:
    """The plan for a checked fiche; the sender is the agent named on it."""
    if isinstance(data, Liaison):
        agent = data.collaborateur
        plan = plan_liaison(data, sender=sender_address(agent.prenom, agent.nom))
    else:
        emetteur = data.emetteur
        own = emetteur.email.strip().lower()
        if not own.endswith("@" + SENDER_DOMAIN):
            own = sender_address(emetteur.prenom, emetteur.nom)
        plan = plan_detection(data, sender=own)
    return _refuse_personal_subject(plan, data.personal_values())
