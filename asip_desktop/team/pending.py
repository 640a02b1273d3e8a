"""What the team base refused while it was unreachable, kept on the desk until it is saved.

A note, a sending or an identity edit refused because the server is away is written at
once to the desk's LOCAL encrypted store (SQLCipher), in its ``drafts`` table (no schema
change), one row per pending operation:

    ``attente:<key>:dossier:<case id>``

where ``<key>`` is the window's key of the operation (``note-42``, ``identite-42``,
``envoi-42-fiche_liaison_retraite``): the same operation refused again replaces its row.
The row holds what is needed to do it again (the note's text, the sending's moment, the
identity typed and the reading it was based on) and a client-side id. It is deleted —
and the freed pages wiped — once the operation is on the base, when the agent gives it
up, when the case is found closed on another desk, and when the case is closed on this
desk (``delete_for_case``, counted in the purge receipt as ``saisies_en_attente``).

Replayed, each keeps today's guarantees: an identity edit is checked against the reading
it was based on (``CaseChanged``: the French message, the typing kept); a note or a
sending carries its client-side id into the case's encrypted payload, so that one which
had in fact reached the server before the cut (the commit went through, its answer was
lost) is not recorded twice.

Nothing here is logged, and nothing leaves the encrypted store: the labels shown (and
the banner's text) name only the kind and the case number."""

from __future__ import annotations

import base64
import dataclasses
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select

from asip_desktop.errors import UserError
from asip_desktop.store import fiche_drafts, schema
from asip_desktop.store.database import run_maintenance

if TYPE_CHECKING:
    from asip_desktop.store.values import CaseDetail

PREFIX = "attente:"
CASE_PART = fiche_drafts.CASE_PART

NOTE = "note"
SENDING = "envoi"
IDENTITY = "identite"
FICHE = "fiche"
KIND_LABELS = {NOTE: "la note", SENDING: "l'envoi", IDENTITY: "l'identité", FICHE: "la fiche"}


class CaseGone(UserError):
    """The case of a pending operation is no longer on the base (closed on another desk)."""


@dataclass(frozen=True)
class PendingOp:
    key: str  # the window's key: "note-42", "identite-42", "envoi-42-<fiche>"
    kind: str  # NOTE, SENDING or IDENTITY
    case_id: int
    case_number: str
    client_id: str  # carried into the case's payload: never recorded twice
    data: dict[str, Any]

    @property
    def label(self) -> str:
        """« la note du dossier 2026-0042 »: no personal data."""
        return f"{KIND_LABELS[self.kind]} du dossier {self.case_number}"


def case_of(key: str) -> int | None:
    """The case id in a window's key (``note-42``, ``envoi-42-<fiche>``), or None (the
    request's own keys: ``demande``, ``fiche-<form>``…)."""
    parts = key.split("-")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def new_client_id() -> str:
    return uuid.uuid4().hex


def slot(key: str, case_id: int) -> str:
    return f"{PREFIX}{key}{CASE_PART}{case_id}"


def count_for_case(conn: Connection, case_id: int) -> int:
    return fiche_drafts.count_for_case(conn, case_id, prefix=PREFIX)


def delete_for_case(conn: Connection, case_id: int) -> int:
    """Delete the case's pending operations inside the caller's transaction; how many."""
    return fiche_drafts.delete_for_case(conn, case_id, prefix=PREFIX)


def note(case_id: int, number: str, text: str, client_id: str) -> PendingOp:
    return PendingOp(f"note-{case_id}", NOTE, case_id, number, client_id, {"text": text})


def sending(
    case_id: int,
    number: str,
    what: str,
    recipient: str,
    channel: str,
    sent_at: datetime,
    client_id: str,
    key: str | None = None,
) -> PendingOp:
    """``key``: the window's own (the fiche dialog of the request says ``envoi-<fiche>``)."""
    data = {"what": what, "recipient": recipient, "channel": channel}
    data["sent_at"] = sent_at.isoformat()
    key = key or f"envoi-{case_id}-{what}"
    return PendingOp(key, SENDING, case_id, number, client_id, data)


def fiche(case_id: int, number: str, form: str, pdf: bytes, key: str) -> PendingOp:
    """A fiche saved into the case from its dialog (the PDF, base64, in the encrypted
    local store only)."""
    data = {"form": form, "pdf": base64.b64encode(pdf).decode("ascii")}
    return PendingOp(key, FICHE, case_id, number, new_client_id(), data)


def fiche_pdf(op: PendingOp) -> bytes:
    return base64.b64decode(op.data["pdf"])


def identity(typed: dict[str, str | None], based_on: CaseDetail) -> PendingOp:
    """The identity typed and what the edit is based on: the version and the identity
    read (enough for the optimistic-lock check and its French message)."""
    summary = based_on.summary
    data = {"typed": typed, "version": based_on.version, "person": dict(based_on.person)}
    key = f"identite-{summary.id}"
    return PendingOp(key, IDENTITY, summary.id, summary.number, new_client_id(), data)


class PendingBook:
    """The pending operations of one desk, in its local encrypted store (a desk on the
    team base keeps them in ``TeamStore.local``)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.engine = getattr(store, "local", store).engine

    def keep(self, op: PendingOp) -> None:
        """Written at once (replacing the same operation refused before)."""
        row = dataclasses.asdict(op)
        text = json.dumps(row, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
        key = slot(op.key, op.case_id)
        with self.engine.begin() as conn:
            conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == key))
            conn.execute(
                insert(schema.drafts).values(slot=key, updated_at=self.store.now(), data_json=text)
            )

    def all(self) -> list[PendingOp]:
        """Every operation kept, in the order they were refused."""
        table = schema.drafts
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.data_json)
                .where(table.c.slot.startswith(PREFIX, autoescape=True))
                .order_by(table.c.updated_at, table.c.slot)
            ).all()
        return [PendingOp(**json.loads(r.data_json)) for r in rows]

    def drop(self, key: str) -> bool:
        """Saved on the base, given up or its case gone: deleted, its pages wiped."""
        table = schema.drafts
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(table).where(
                    table.c.slot.startswith(f"{PREFIX}{key}{CASE_PART}", autoescape=True)
                )
            ).rowcount
        if gone:
            run_maintenance(self.engine)
        return bool(gone)


def _current(cases: Any, op: PendingOp) -> CaseDetail:
    """The case as it is now on the base; ``CaseGone`` when it was closed meanwhile."""
    from asip_desktop.team.connection import TeamUnavailable

    try:
        now: CaseDetail = cases.get(op.case_id)
    except TeamUnavailable:
        raise
    except UserError:
        now = None  # type: ignore[assignment]
    if now is None or now.summary.number != op.case_number:
        raise CaseGone(
            f"le dossier {op.case_number} n'existe plus sur la base d'équipe (clos sur un "
            "autre poste entre-temps) : cette saisie ne peut plus y être enregistrée ; elle "
            "est effacée de ce poste."
        )
    return now


def replay(store: Any, op: PendingOp) -> None:
    """Do the operation again on the base; ``UserError`` when it cannot be (the base still
    away: ``TeamUnavailable``; the case gone: ``CaseGone``; the identity changed
    elsewhere: ``CaseChanged``)."""
    cases = store.cases
    now = _current(cases, op)
    data = op.data
    if op.kind == NOTE:
        cases.add_note(op.case_id, data["text"], client_id=op.client_id)
    elif op.kind == SENDING:
        cases.record_sending(
            op.case_id,
            data["what"],
            data["recipient"],
            data["channel"],
            datetime.fromisoformat(data["sent_at"]),
            client_id=op.client_id,
        )
    elif op.kind == FICHE:
        pdf = fiche_pdf(op)
        same = [f.id for f in now.forms if f.kind == data["form"]]
        if any(cases.form_content(form_id) == pdf for form_id in same):
            return  # it had reached the base before the cut: the same fiche, once
        cases.add_form(op.case_id, data["form"], pdf)
    elif op.kind == IDENTITY:
        from asip_desktop.store.cases import check_person
        from asip_desktop.team.cases import update_identity

        typed = data["typed"]
        if now.person == check_person(typed):  # it had reached the base before the cut
            return
        # the reading the edit was based on: its version and identity (the rest is today's,
        # so that the conflict's message names only what matters here: the identity)
        based_on = dataclasses.replace(now, person=data["person"], version=data["version"])
        update_identity(cases, op.case_id, typed, based_on)
    else:
        raise UserError(f"Saisie en attente de type « {op.kind} » inconnu.")
