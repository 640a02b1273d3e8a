"""Plain values the store hands out (to the GUI, the CLI and the tests) and the
vocabularies it accepts. Everything here is JSON-ready through ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from asip_desktop.core.delays import ACKNOWLEDGEMENT_HOURS, CARSAT_ANSWER_HOURS
from asip_desktop.french_dates import french_moment
from asip_desktop.store.attachments import is_attachment, signed_form

# Status of a case still in the store. A closed case is purged: only its
# receipt remains (status ``close`` in ``CaseStatus`` below).
STATUS_OPEN = "ouverte"
STATUS_WAITING = "en_attente"
STATUS_CLOSED = "close"
STATUS_LABELS = {
    STATUS_OPEN: "ouverte",
    STATUS_WAITING: "en attente de réponse",
    STATUS_CLOSED: "close",
}

# How a form or an orientation left the desk.
MAX_DAYS = 3650  # review and purge delays: ten years at most (beyond, dates overflow)
CHANNELS = ("bluefiles", "courriel", "courrier", "telephone", "remise_en_main_propre")

# Deadlines started by a sending (convention: CARSAT answers the person within
# 72 h; the health-insurance social service acknowledges within 48 h).
DEADLINE_RULES: dict[str, tuple[str, int]] = {
    "fiche_liaison_retraite": ("reponse_carsat_72h", CARSAT_ANSWER_HOURS),
    "fiche_detection_fragilite": ("accuse_reception_48h", ACKNOWLEDGEMENT_HOURS),
}
DEADLINE_LABELS = {
    "reponse_carsat_72h": "réponse de la CARSAT à la personne (72 h)",
    "accuse_reception_48h": "accusé de réception du service social de l'Assurance Maladie (48 h)",
}

# Anonymous malfunction reports on the privileged channel (convention, "Suivi
# de la convention": agents alert the referents of a malfunction).
DYSFUNCTION_KINDS = {
    "reponse_hors_delai": "réponse hors délai",
    "absence_de_reponse": "absence de réponse",
    "absence_accuse_reception": "absence d'accusé de réception",
    "usage_hors_cadre": "usage du canal hors du cadre de la convention",
    "autre": "autre dysfonctionnement",
}

# What a purge destroys, in the order the preview and the receipt list it.
DESTROYED_KINDS = {
    "identite": "identité de la personne (champs renseignés)",
    "reponses": "réponses de qualification",
    "orientation": "résultat d'orientation et sa trace",
    "fiches": "fiches remplies",
    "pieces_signees": "fiches signées jointes (numérisation ou photo)",
    "envois": "envois",
    "echeances": "échéances",
    "notes": "notes",
    "copies": "chemins des copies enregistrées sur le disque",
    "brouillons": "fiches en cours de saisie (brouillons)",
    # the team base only: what this desk kept while the base was away (team/pending.py)
    "saisies_en_attente": "saisies en attente de la base d'équipe (sur ce poste)",
    "fichiers": "copies de fiches supprimées du disque",
    # a permanence laptop's case moved to the team base (team/transfer.py): this copy
    # is purged, the case goes on there
    "transfere": "transféré vers la base d'équipe",
    # the team base only: the case's data key, without which no backup can be read
    "cle_dossier": "clé de chiffrement du dossier (ses copies dans les sauvegardes deviennent "
    "illisibles)",
}


@dataclass(frozen=True)
class CaseSummary:
    id: int
    number: str
    status: str
    created_at: str
    updated_at: str
    cdas: str
    demand_kind: str
    services: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "services": list(self.services)}


@dataclass(frozen=True)
class FormInfo:
    id: int
    kind: str
    size: int
    created_at: str


@dataclass(frozen=True)
class Sending:
    id: int
    what: str
    recipient: str
    channel: str
    sent_at: str


@dataclass(frozen=True)
class Deadline:
    id: int
    case_id: int
    kind: str
    due_at: str
    done_at: str | None

    @property
    def label(self) -> str:
        return DEADLINE_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SavedCopy:
    """A copy of a form saved on disk for this case (its path may name the person)."""

    id: int
    path: str
    saved_at: str


@dataclass(frozen=True)
class Note:
    id: int
    text: str
    created_at: str


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    level: int
    person: dict[str, str | None]
    answers: dict[str, Any]
    result: dict[str, Any]
    rules_version: str
    forms: tuple[FormInfo, ...]
    sendings: tuple[Sending, ...]
    deadlines: tuple[Deadline, ...]
    notes: tuple[Note, ...]
    version: int = 0  # the team base's optimistic locking (0 on the local store)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.summary.to_dict(),
            "level": self.level,
            "person": self.person,
            "answers": self.answers,
            "result": self.result,
            "rules_version": self.rules_version,
            # signed scans are the person's signed fiches, not fiches of their own
            "forms": [asdict(f) for f in self.forms if not is_attachment(f.kind)],
            "pieces_signees": [
                {**asdict(f), "form": signed_form(f.kind)}
                for f in self.forms
                if is_attachment(f.kind)
            ],
            "sendings": [asdict(s) for s in self.sendings],
            "deadlines": [{**asdict(d), "label": d.label} for d in self.deadlines],
            "notes": [asdict(n) for n in self.notes],
        }


@dataclass(frozen=True)
class Destroyed:
    kind: str
    count: int
    detail: str = ""  # "transfere": the case number on the team base

    @property
    def label(self) -> str:
        label = DESTROYED_KINDS[self.kind]
        return f"{label} (dossier {self.detail})" if self.detail else label

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "count": self.count}

    def stored(self) -> dict[str, Any]:
        """As kept in ``purge_receipts.destroyed_json``."""
        found: dict[str, Any] = {"kind": self.kind, "count": self.count}
        if self.detail:
            found["detail"] = self.detail
        return found


@dataclass(frozen=True)
class PurgePreview:
    """What closing the case will destroy (shown before the user confirms)."""

    case_id: int
    case_number: str
    destroyed: tuple[Destroyed, ...]
    indicator: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "case_number": self.case_number,
            "destroyed": [d.to_dict() for d in self.destroyed],
            "indicator": self.indicator,
        }


@dataclass(frozen=True)
class PurgeReceipt:
    """What remains of a closed case: no personal data.

    ``files_deleted`` (the copies deleted from the disk, reported to the agent) and
    ``wipe_pending`` (a reader kept the old pages from being overwritten: the wipe
    ends at the next opening) are only known when closing; they are not stored.
    """

    case_number: str
    closed_at: str
    destroyed: tuple[Destroyed, ...]
    files_deleted: tuple[str, ...] = ()
    files_kept: tuple[str, ...] = ()
    wipe_pending: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_number": self.case_number,
            "closed_at": self.closed_at,
            "destroyed": [d.to_dict() for d in self.destroyed],
        }

    def to_text(self) -> str:
        lines = [
            f"Récépissé de purge — dossier {self.case_number}",
            f"Clos et purgé le : {french_moment(self.closed_at)} (heure locale)",
            "Données détruites :",
        ]
        lines += [f"  - {d.label} : {d.count}" for d in self.destroyed] or ["  - aucune"]
        lines.append(
            "Conservé : une ligne d'indicateurs anonyme (mois, CDAS, demande, orientations,"
        )
        lines.append("canaux, fiches envoyées) et ce récépissé.")
        return "\n".join(lines)
