"""The cases API (``store.cases.Cases``) on the team base.

Same methods, same values, same French messages; the differences:
- every personal field is encrypted on this desk with the case's own key before it is
  sent; the case key is stored only wrapped by the CDAS key (``crypto.py``);
- every change is checked against the case's ``version`` (optimistic locking): an edit
  based on an older reading of the case is refused with ``CaseChanged``, which names
  what changed and hands back the current case, the caller keeping what was typed;
  other changes (a note, a sending) are applied on top of the latest version;
- opening, changing and closing a case are written to the access log (case number,
  desk, role, time; no personal data);
- closing deletes the rows and the wrapped case key: the ciphertext left in any data
  backup cannot be decrypted any more.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from asip_desktop.core.answers import demand_kind
from asip_desktop.documents.identity import IDENTITY_LABELS
from asip_desktop.errors import UserError
from asip_desktop.store import closed_row, fiche_drafts
from asip_desktop.store.attachments import KIND_PREFIX as SIGNED_PREFIX
from asip_desktop.store.cases import CaseTouched as CaseTouched  # re-exported
from asip_desktop.store.cases import (
    CopiesNotDeleted,
    CopyProblem,
    _check_kind,
    _text,
    check_new_case,
    check_person,
    check_sending,
    check_status,
    delete_copies,
    receipt_of_row,
    sweep_retention,
)
from asip_desktop.store.clock import iso
from asip_desktop.store.database import run_maintenance
from asip_desktop.store.values import (
    DEADLINE_RULES,
    STATUS_LABELS,
    STATUS_OPEN,
    STATUS_WAITING,
    CaseDetail,
    CaseSummary,
    Deadline,
    Destroyed,
    FormInfo,
    Note,
    PurgePreview,
    PurgeReceipt,
    SavedCopy,
    Sending,
)
from asip_desktop.team import crypto, pending, tables
from asip_desktop.team.connection import talking

if TYPE_CHECKING:
    from asip_desktop.team.store import TeamStore

RETRIES = 5


ANOTHER_DESK = "sur un autre poste"
ANOTHER_SCREEN = "dans un autre écran de ce poste"


class CaseChanged(UserError):
    """The case was changed on another desk since the caller read it: nothing was
    written; ``changed`` names what changed, ``current`` is the case as it is now."""

    def __init__(self, current: CaseDetail, changed: list[str], where: str = ANOTHER_DESK) -> None:
        what = ", ".join(changed) if changed else "son suivi"
        super().__init__(
            f"Le dossier {current.summary.number} a été modifié {where} depuis que "
            f"vous l'avez ouvert ({what}). Votre saisie n'a pas été enregistrée mais elle est "
            "conservée : comparez avec la version à jour, puis enregistrez de nouveau."
        )
        self.current = current
        self.changed = changed


def differences(before: CaseDetail, now: CaseDetail) -> list[str]:
    """What changed between two readings of a case, in French (field names, no values)."""
    changed = [
        f"identité : {IDENTITY_LABELS[f].lower()}"
        for f in IDENTITY_LABELS
        if before.person.get(f) != now.person.get(f)
    ]
    if before.summary.status != now.summary.status:
        changed.append(f"statut : {STATUS_LABELS.get(now.summary.status, now.summary.status)}")
    if before.level != now.level:
        changed.append(f"niveau d'accueil : {now.level}")
    for label, old, new in (
        ("note(s) ajoutée(s)", before.notes, now.notes),
        ("envoi(s) enregistré(s)", before.sendings, now.sendings),
        ("fiche(s) ajoutée(s)", before.forms, now.forms),
    ):
        if len(new) > len(old):
            changed.append(f"{len(new) - len(old)} {label}")
    done_before = sum(1 for d in before.deadlines if d.done_at)
    done_now = sum(1 for d in now.deadlines if d.done_at)
    if done_now != done_before:
        changed.append("échéance(s) marquée(s) faite(s)")
    return changed


def update_identity(
    cases: Any, case_id: int, person: Mapping[str, Any], based_on: CaseDetail
) -> None:
    """An identity edit based on the reading ``based_on``, on either base: refused with
    ``CaseChanged`` when the identity was changed elsewhere since (another desk of the
    CDAS; on the local store, the wizard's or the case page's other screen); a note or a
    sending added meanwhile does not make it stale."""
    if isinstance(cases, TeamCases):
        cases.update_person(case_id, person, based_on=based_on)
        return
    now = cases.get(case_id)  # one desk, one process: nothing comes between the two
    if now.person != based_on.person:
        raise CaseChanged(now, differences(based_on, now), ANOTHER_SCREEN)
    cases.update_person(case_id, person)


def _with_client_id(entries: list[dict[str, Any]], client_id: str | None) -> int | None:
    """The id of the entry recorded with ``client_id`` (a replay of one that had in fact
    reached the server), or None."""
    if client_id is None:
        return None
    return next((int(e["id"]) for e in entries if e.get("client_id") == client_id), None)


def _aad(what: str, uid: str) -> bytes:
    return f"{what}:{uid}".encode()


class TeamCases:
    def __init__(self, store: TeamStore) -> None:
        self.store = store
        self.engine = store.engine
        # this session's memory only, dropped on lock and close (``forget_keys``)
        self._keys: dict[str, bytes] = {}  # case uid → data key
        self._listings: dict[str, tuple[str, ...]] = {}  # case uid → its services
        self._unwrapper = crypto.KeyUnwrapper(store.cdas_key)
        self.cdas = store.cdas

    def forget_keys(self) -> None:
        """Drop the unwrapped case keys and the decrypted listings kept for this session
        (the window locks, the store closes): the next list unwraps again. Python cannot
        promise the bytes are overwritten in memory; no reference to them is kept."""
        self._keys.clear()
        self._listings.clear()

    # --- keys and ciphertext ---------------------------------------------------

    def _case_key(self, conn: Connection, case_id: int, uid: str) -> bytes:
        key = self._keys.get(uid)
        if key is None:
            wrapped = conn.scalar(
                select(tables.case_keys.c.wrapped_key).where(tables.case_keys.c.case_id == case_id)
            )
            if wrapped is None:
                raise UserError(
                    f"Dossier {case_id} introuvable (identifiant inconnu ou dossier clos)."
                )
            key = self._unwrapper.unwrap(bytes(wrapped), uid)
            self._keys[uid] = key
        return key

    def _payload(self, conn: Connection, row: Row[Any]) -> dict[str, Any]:
        key = self._case_key(conn, row.id, row.uid)
        return dict(crypto.unseal_json(key, bytes(row.payload), _aad("dossier", row.uid)))

    def _log(self, conn: Connection, action: str, number: str) -> None:
        conn.execute(
            insert(tables.access_log).values(
                at=self.store.now(), desk=self.store.desk, action=action, case_number=number
            )
        )

    # --- creating and reading ------------------------------------------------

    def create(
        self,
        answers: Mapping[str, Any],
        result: Mapping[str, Any],
        *,
        person: Mapping[str, Any] | None = None,
        cdas: str | None = None,
        level: int = 2,
        discard_draft: bool = False,
        uid: str | None = None,
    ) -> int:
        """Open a case; returns its id. ``uid`` (default: a new UUID) names it for good."""
        identity = check_new_case(answers, result, person, level)
        self.store.emitting_cdas(cdas)
        uid = uid or str(uuid.uuid4())
        key = crypto.new_key()
        payload = {
            "person": identity,
            "answers": dict(answers),
            "result": dict(result),
            "sendings": [],
            "notes": [],
            "copies": [],
            "next_id": 1,
        }
        now = self.store.now()
        with talking(), self.engine.begin() as conn:
            case_id, _number = self.insert_case(
                conn,
                uid=uid,
                key=key,
                payload=payload,
                services=closed_row.services(result),
                level=level,
                status=STATUS_OPEN,
                created_at=now,
                updated_at=now,
                kind=demand_kind(answers),
            )
        self._keys[uid] = key
        if discard_draft:
            self.store.discard_draft()
        return case_id

    def insert_case(
        self,
        conn: Connection,
        *,
        uid: str,
        key: bytes,
        payload: Mapping[str, Any],
        services: Iterable[str],
        level: int,
        status: str,
        created_at: str,
        updated_at: str,
        kind: str,
        action: str = "creation",
    ) -> tuple[int, str]:
        """Insert a case, its wrapped key and its access-log line in ``conn``'s
        transaction (``create``; a permanence laptop's transfer, ``team/transfer.py``);
        its id and number."""
        case_id = int(
            conn.execute(
                insert(tables.cases)
                .values(
                    uid=uid,
                    number=f"tmp-{uid}",
                    status=status,
                    level=level,
                    created_at=created_at,
                    updated_at=updated_at,
                    version=1,
                    demand_kind=kind,
                    payload=crypto.seal_json(key, dict(payload), _aad("dossier", uid)),
                    listing=crypto.seal_json(key, list(services), _aad("liste", uid)),
                )
                .returning(tables.cases.c.id)
            ).scalar_one()
        )
        number = f"{created_at[:4]}-{case_id:06d}"
        conn.execute(update(tables.cases).where(tables.cases.c.id == case_id).values(number=number))
        conn.execute(
            insert(tables.case_keys).values(
                case_id=case_id, wrapped_key=crypto.wrap_case_key(self.store.cdas_key, key, uid)
            )
        )
        self._log(conn, action, number)
        return case_id, number

    def insert_form(
        self,
        conn: Connection,
        case_id: int,
        uid: str,
        key: bytes,
        kind: str,
        content: bytes,
        created_at: str,
    ) -> int:
        """Insert one form, its bytes encrypted with the case key."""
        return int(
            conn.execute(
                insert(tables.forms)
                .values(
                    case_id=case_id,
                    kind=kind,
                    size=len(content),
                    created_at=created_at,
                    content=crypto.seal(key, bytes(content), _aad("fiche", uid)),
                )
                .returning(tables.forms.c.id)
            ).scalar_one()
        )

    def _row(self, conn: Connection, case_id: int, *, lock: bool = False) -> Row[Any]:
        query = select(tables.cases).where(tables.cases.c.id == case_id)
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise UserError(f"Dossier {case_id} introuvable (identifiant inconnu ou dossier clos).")
        return row

    def _summary(self, conn: Connection, row: Any) -> CaseSummary:
        services = self._listings.get(row.uid)
        if services is None:  # set at creation, never changed: decrypted once a session
            key = self._case_key(conn, row.id, row.uid)
            services = tuple(crypto.unseal_json(key, bytes(row.listing), _aad("liste", row.uid)))
            self._listings[row.uid] = services
        return CaseSummary(
            id=row.id,
            number=row.number,
            status=row.status,
            created_at=row.created_at,
            updated_at=row.updated_at,
            cdas=self.store.cdas,
            demand_kind=row.demand_kind,
            services=services,
        )

    def open_cases(self) -> list[CaseSummary]:
        """The CDAS's open cases, most recently touched first.

        The services of each case are encrypted under its own key (crypto-shredding
        covers them too): the first list of a session reads every case with its wrapped
        key in one query and unwraps them all; later lists decrypt only the cases not
        seen yet (keys and services are kept for the session, see ``forget_keys``)."""
        c, k = tables.cases.c, tables.case_keys.c
        keys, listings, unwrap = self._keys, self._listings, self._unwrapper.unwrap
        parsed: dict[bytes, tuple[str, ...]] = {}  # few distinct lists of services
        meta = (c.id, c.uid, c.number, c.status, c.created_at, c.updated_at, c.demand_kind)
        order = (c.updated_at.desc(), c.id.desc())
        with talking(), self.engine.connect() as conn:
            if not listings:  # the session's first list: one query for everything
                full = conn.execute(
                    select(*meta, c.listing, k.wrapped_key)
                    .join(tables.case_keys, k.case_id == c.id)
                    .order_by(*order)
                ).all()
                rows: list[Any] = [r[:7] for r in full]
                batches: list[list[Any]] = [[(r[1], r[7], r[8]) for r in full]]
            else:  # then the ciphertext only of the cases not seen yet
                rows = list(conn.execute(select(*meta).order_by(*order)).all())
                new = [r[0] for r in rows if r[1] not in listings]
                ciphertext = select(c.uid, c.listing, k.wrapped_key).join(
                    tables.case_keys, k.case_id == c.id
                )
                batches = [
                    list(conn.execute(ciphertext.where(c.id.in_(new[i : i + 1000]))).all())
                    for i in range(0, len(new), 1000)
                ]
            for batch in batches:
                for uid, listing, wrapped in batch:
                    key = keys.get(uid)
                    if key is None:
                        key = keys[uid] = unwrap(wrapped, uid)
                    plain = crypto.unseal(key, listing, _aad("liste", uid))
                    services = parsed.get(plain)
                    if services is None:
                        services = parsed[plain] = tuple(json.loads(plain))
                    listings[uid] = services
        cdas = self.cdas
        return [
            CaseSummary(case_id, number, status, created, updated, cdas, demand, listings[uid])
            for case_id, uid, number, status, created, updated, demand in rows
            if uid in listings  # a case created between the two reads: at the next list
        ]

    # --- the in-memory index of the Dossiers lists (store/case_index.py) ----------

    def index_stamps(self) -> list[tuple[int, str]]:
        c = tables.cases.c
        with talking(), self.engine.connect() as conn:
            rows = conn.execute(
                select(c.id, c.updated_at).order_by(c.updated_at.desc(), c.id.desc())
            ).all()
        return [(int(r.id), str(r.updated_at)) for r in rows]

    def index_rows(self, ids: list[int]) -> list[tuple[Any, tuple[Deadline, ...]]]:
        """The decrypted rows ``case_index`` builds its ``CaseRow`` from, with deadlines."""
        found: list[tuple[Any, tuple[Deadline, ...]]] = []
        d = tables.deadlines
        with talking(), self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                deadlines: dict[int, list[Deadline]] = {}
                for r in conn.execute(select(d).where(d.c.case_id.in_(chunk)).order_by(d.c.due_at)):
                    deadlines.setdefault(r.case_id, []).append(
                        Deadline(r.id, r.case_id, r.kind, r.due_at, r.done_at)
                    )
                k = tables.case_keys.c
                rows = conn.execute(  # with the wrapped keys: not one query per case key
                    select(tables.cases, k.wrapped_key)
                    .join(tables.case_keys, k.case_id == tables.cases.c.id)
                    .where(tables.cases.c.id.in_(chunk))
                )
                for row in rows:
                    if row.uid not in self._keys:
                        self._keys[row.uid] = self._unwrapper.unwrap(row.wrapped_key, row.uid)
                    payload = self._payload(conn, row)
                    person = payload["person"]
                    flat = SimpleNamespace(
                        id=row.id,
                        number=row.number,
                        status=row.status,
                        created_at=row.created_at,
                        updated_at=row.updated_at,
                        cdas=self.store.cdas,
                        level=row.level,
                        demand_kind=row.demand_kind,
                        result_json=json.dumps(payload["result"]),
                        **{f: person.get(f) for f in ("nom_naissance", "nom_marital", "prenom")},
                        nir=person.get("nir"),
                        adresse=person.get("adresse"),
                    )
                    found.append((flat, tuple(deadlines.get(row.id, ()))))
        return found

    def _detail(self, conn: Connection, row: Row[Any]) -> CaseDetail:
        payload = self._payload(conn, row)
        forms = conn.execute(
            select(
                tables.forms.c.id,
                tables.forms.c.kind,
                tables.forms.c.size,
                tables.forms.c.created_at,
            )
            .where(tables.forms.c.case_id == row.id)
            .order_by(tables.forms.c.id)
        ).all()
        deadlines = conn.execute(
            select(tables.deadlines)
            .where(tables.deadlines.c.case_id == row.id)
            .order_by(tables.deadlines.c.id)
        ).all()
        result = payload["result"]
        return CaseDetail(
            summary=self._summary(conn, row),
            level=row.level,
            person=payload["person"],
            answers=payload["answers"],
            result=result,
            rules_version=str(result["rules"].get("version", "")),
            forms=tuple(FormInfo(f.id, f.kind, int(f.size), f.created_at) for f in forms),
            sendings=tuple(
                Sending(s["id"], s["what"], s["recipient"], s["channel"], s["sent_at"])
                for s in payload["sendings"]
            ),
            deadlines=tuple(
                Deadline(d.id, d.case_id, d.kind, d.due_at, d.done_at) for d in deadlines
            ),
            notes=tuple(Note(n["id"], n["text"], n["created_at"]) for n in payload["notes"]),
            version=row.version,
        )

    def get(self, case_id: int) -> CaseDetail:
        with talking(), self.engine.begin() as conn:
            row = self._row(conn, case_id)
            detail = self._detail(conn, row)
            self._log(conn, "consultation", row.number)
        return detail

    def _receipts(self, where: Any) -> list[PurgeReceipt]:
        table = tables.purge_receipts
        with talking(), self.engine.connect() as conn:
            rows = conn.execute(select(table).where(where).order_by(table.c.id)).all()
        return [receipt_of_row(row) for row in rows]

    def receipt(self, case_number: str) -> PurgeReceipt | None:
        found = self._receipts(tables.purge_receipts.c.case_number == case_number)
        return found[0] if found else None

    def receipt_of(self, case_id: int) -> PurgeReceipt | None:
        found = self._receipts(tables.purge_receipts.c.case_number.like(f"%-{case_id:06d}"))
        return found[0] if found else None

    def receipts(self) -> list[PurgeReceipt]:
        return self._receipts(tables.purge_receipts.c.id > 0)

    # --- changing: one version at a time --------------------------------------

    def _change(
        self,
        case_id: int,
        edit: Callable[[Connection, Row[Any], dict[str, Any]], dict[str, Any] | None],
        *,
        based_on: CaseDetail | None = None,
        still_valid: Callable[[dict[str, Any]], bool] = lambda payload: False,
    ) -> Any:
        """Apply ``edit`` to the latest version of the case.

        ``edit(conn, row, payload)`` changes ``payload`` in place and returns the other
        columns to set (or None). The row is written only if its version is still the
        one read (``UPDATE … WHERE version = v``); otherwise the change is tried again
        on the new version, unless it was based on an older reading (``based_on``):
        then ``CaseChanged`` — except when ``still_valid(payload)`` says that what the
        edit is about did not change since that reading (a note added meanwhile does not
        make an identity edit stale).
        """
        for _ in range(RETRIES):
            with talking(), self.engine.begin() as conn:
                # the row lock for the few milliseconds of the change: concurrent appends
                # wait for each other instead of failing; the version catches edits made
                # on an older reading (the agent's think time), which no lock can cover
                row = self._row(conn, case_id, lock=True)
                payload = self._payload(conn, row)
                if based_on is None or row.version == based_on.version or still_valid(payload):
                    columns = dict(edit(conn, row, payload) or {})
                    outcome = columns.pop("_return", None)
                    if columns.pop("_unchanged", False):  # already done: nothing written
                        return outcome
                    key = self._case_key(conn, row.id, row.uid)
                    done = conn.execute(
                        update(tables.cases)
                        .where(tables.cases.c.id == case_id, tables.cases.c.version == row.version)
                        .values(
                            version=row.version + 1,
                            updated_at=self.store.now(),
                            payload=crypto.seal_json(key, payload, _aad("dossier", row.uid)),
                            **columns,
                        )
                    )
                    if done.rowcount == 1:
                        self._log(conn, "modification", row.number)
                        return outcome
                    conn.rollback()
                if based_on is not None:  # an edit of an older reading: never applied
                    now = self._detail(conn, self._row(conn, case_id))
                    raise CaseChanged(now, differences(based_on, now))
        raise UserError(
            "Le dossier est modifié sans arrêt sur d'autres postes : rien n'a été enregistré, "
            "recommencez dans un instant."
        )

    @staticmethod
    def _next_id(payload: dict[str, Any]) -> int:
        value = int(payload.get("next_id", 1))
        payload["next_id"] = value + 1
        return value

    def update_person(
        self, case_id: int, person: Mapping[str, Any], *, based_on: CaseDetail | None = None
    ) -> None:
        identity = check_person(person)

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> None:
            payload["person"] = identity

        def untouched(payload: dict[str, Any]) -> bool:  # nobody else changed the identity
            return based_on is not None and payload["person"] == based_on.person

        self._change(case_id, edit, based_on=based_on, still_valid=untouched)

    def add_form(self, case_id: int, kind: str, content: bytes) -> int:
        _check_kind(kind, "Type de fiche")
        if not isinstance(content, bytes | bytearray):
            raise UserError("Fiche : le contenu doit être des octets.")

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> dict[str, Any]:
            key = self._case_key(conn, row.id, row.uid)
            form_id = self.insert_form(
                conn, row.id, row.uid, key, kind, bytes(content), self.store.now()
            )
            return {"_return": form_id}

        return int(self._change(case_id, edit))

    def form_content(self, form_id: int) -> bytes:
        with talking(), self.engine.connect() as conn:
            found = conn.execute(
                select(tables.forms.c.content, tables.cases.c.id, tables.cases.c.uid)
                .join(tables.cases, tables.cases.c.id == tables.forms.c.case_id)
                .where(tables.forms.c.id == form_id)
            ).first()
            if found is None:
                raise UserError(f"Fiche {form_id} introuvable.")
            key = self._case_key(conn, found.id, found.uid)
        return crypto.unseal(key, bytes(found.content), _aad("fiche", found.uid))

    def record_sending(
        self,
        case_id: int,
        what: str,
        recipient: str,
        channel: str,
        sent_at: datetime | None = None,
        *,
        client_id: str | None = None,
    ) -> int:
        """``client_id`` (a sending refused while the base was away, done again): one
        already in the case with that id is not recorded twice (it had reached the
        server before the cut); its id is returned."""
        recipient = check_sending(what, recipient, channel)
        moment = sent_at or self.store.clock()

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> dict[str, Any]:
            known = _with_client_id(payload["sendings"], client_id)
            if known is not None:
                return {"_return": known, "_unchanged": True}
            sending_id = self._next_id(payload)
            entry = {
                "id": sending_id,
                "what": what,
                "recipient": recipient,
                "channel": channel,
                "sent_at": iso(moment),
            }
            if client_id is not None:
                entry["client_id"] = client_id
            payload["sendings"].append(entry)
            columns: dict[str, Any] = {"_return": sending_id}
            if what in DEADLINE_RULES:
                kind, hours = DEADLINE_RULES[what]
                conn.execute(
                    insert(tables.deadlines).values(
                        case_id=row.id, kind=kind, due_at=iso(moment + timedelta(hours=hours))
                    )
                )
                columns["status"] = STATUS_WAITING
            return columns

        return int(self._change(case_id, edit))

    def mark_deadline_done(self, deadline_id: int) -> None:
        with talking(), self.engine.connect() as conn:
            case_id = conn.scalar(
                select(tables.deadlines.c.case_id).where(tables.deadlines.c.id == deadline_id)
            )
        if case_id is None:
            raise UserError(f"Échéance {deadline_id} introuvable.")

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> None:
            conn.execute(
                update(tables.deadlines)
                .where(tables.deadlines.c.id == deadline_id)
                .values(done_at=self.store.now())
            )

        self._change(int(case_id), edit)

    def _pending(self, *where: Any) -> list[Deadline]:
        table = tables.deadlines
        with talking(), self.engine.connect() as conn:
            rows = conn.execute(
                select(table).where(table.c.done_at.is_(None), *where).order_by(table.c.due_at)
            ).all()
        return [Deadline(d.id, d.case_id, d.kind, d.due_at, d.done_at) for d in rows]

    def overdue_deadlines(self) -> list[Deadline]:
        """Deadlines of the CDAS passed and not done: seen by every desk of the CDAS."""
        return self._pending(tables.deadlines.c.due_at < self.store.now())

    def pending_deadlines(self) -> list[Deadline]:
        return self._pending()

    def add_note(self, case_id: int, text: str, *, client_id: str | None = None) -> int:
        """``client_id``: as for ``record_sending``, a note never recorded twice."""
        if not isinstance(text, str) or not text.strip():
            raise UserError("Note vide : rien n'a été enregistré.")
        text = _text(text, "Note", multiline=True)

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> dict[str, Any]:
            known = _with_client_id(payload["notes"], client_id)
            if known is not None:
                return {"_return": known, "_unchanged": True}
            note_id = self._next_id(payload)
            entry: dict[str, Any] = {"id": note_id, "text": text, "created_at": self.store.now()}
            if client_id is not None:
                entry["client_id"] = client_id
            payload["notes"].append(entry)
            return {"_return": note_id}

        return int(self._change(case_id, edit))

    def record_saved_copy(self, case_id: int, path: str) -> int:
        """A copy saved on this desk's disk (the path is encrypted with the case)."""
        from asip_desktop import text_policy

        if not str(path).strip():
            raise UserError("Copie enregistrée : le chemin du fichier est vide.")
        path = text_policy.clean(
            str(path), "Copie enregistrée, chemin", max_length=text_policy.PATH_MAX
        )

        def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> dict[str, Any]:
            copy_id = self._next_id(payload)
            payload["copies"].append(
                {"id": copy_id, "path": path, "saved_at": self.store.now(), "desk": self.store.desk}
            )
            return {"_return": copy_id}

        return int(self._change(case_id, edit))

    def saved_copies(self, case_id: int) -> list[SavedCopy]:
        with talking(), self.engine.connect() as conn:
            payload = self._payload(conn, self._row(conn, case_id))
        return [SavedCopy(c["id"], c["path"], c["saved_at"]) for c in payload["copies"]]

    def set_status(self, case_id: int, status: str) -> None:
        check_status(status)
        self._change(case_id, lambda conn, row, payload: {"status": status})

    def take_up_at_level_2(self, case_id: int) -> None:
        self._change(case_id, lambda conn, row, payload: {"level": 2})

    def to_review(self, days: int | None = None) -> list[CaseSummary]:
        if days is None:
            days = self.store.review_days()
        limit = iso(self.store.clock() - timedelta(days=days))
        return sorted(
            (c for c in self.open_cases() if c.updated_at < limit), key=lambda c: c.updated_at
        )

    # --- closing = purging (crypto-shredding) ---------------------------------

    def _destroyed(
        self, conn: Connection, row: Row[Any], payload: dict[str, Any], deleted: int = 0
    ) -> tuple[Destroyed, ...]:
        kinds = (
            conn.execute(select(tables.forms.c.kind).where(tables.forms.c.case_id == row.id))
            .scalars()
            .all()
        )
        signed = sum(1 for k in kinds if k.startswith(SIGNED_PREFIX))
        deadlines = int(
            conn.scalar(
                select(func.count())
                .select_from(tables.deadlines)
                .where(tables.deadlines.c.case_id == row.id)
            )
            or 0
        )
        with self.store.local.engine.connect() as local:
            drafts = fiche_drafts.count_for_case(local, row.id)
            waiting = pending.count_for_case(local, row.id)
        counts = {
            "identite": sum(1 for v in payload["person"].values() if v not in (None, "")),
            "reponses": 1,
            "orientation": 1,
            "fiches": len(kinds) - signed,
            "pieces_signees": signed,
            "envois": len(payload["sendings"]),
            "echeances": deadlines,
            "notes": len(payload["notes"]),
            "copies": len(payload["copies"]) + deleted,
            "fichiers": deleted,
            "brouillons": drafts,
            "saisies_en_attente": waiting,
            "cle_dossier": 1,
        }
        return tuple(Destroyed(k, n) for k, n in counts.items() if n)

    def _indicator(self, row: Row[Any], payload: dict[str, Any]) -> dict[str, Any]:
        sendings = ((s["what"], s["channel"]) for s in payload["sendings"])
        return closed_row.anonymous_row(
            row.created_at, self.store.cdas, row.demand_kind, payload["result"], sendings
        )

    def purge_preview(self, case_id: int) -> PurgePreview:
        with talking(), self.engine.connect() as conn:
            row = self._row(conn, case_id)
            payload = self._payload(conn, row)
            return PurgePreview(
                case_id=case_id,
                case_number=row.number,
                destroyed=self._destroyed(conn, row, payload),
                indicator=self._indicator(row, payload),
            )

    def delete_saved_copies(
        self, case_id: int, keep: Iterable[str] = ()
    ) -> tuple[list[str], list[CopyProblem]]:
        """Delete the copies this desk recorded on its disk (see ``Cases``); copies
        recorded by another desk are on that desk's disk: their paths go with the case."""

        def forget(copy: SavedCopy) -> None:
            def edit(conn: Connection, row: Row[Any], payload: dict[str, Any]) -> None:
                payload["copies"] = [c for c in payload["copies"] if c["id"] != copy.id]

            self._change(case_id, edit)

        return delete_copies(self.saved_copies(case_id), keep, forget)

    def close(
        self,
        case_id: int,
        *,
        keep_copies: Iterable[str] = (),
        full_vacuum: bool = False,
        untouched_before: str | None = None,
    ) -> PurgeReceipt:
        """Close the case for the whole CDAS: its rows and its wrapped key are deleted
        (crypto-shredding), an anonymous indicator row and a receipt remain.
        ``untouched_before`` (the automatic purge): under the row lock, a case changed
        since then is kept (``CaseTouched``)."""
        kept = tuple(str(p) for p in keep_copies)
        if untouched_before is not None:  # before deleting this desk's copies, too
            with talking(), self.engine.connect() as conn:
                row = self._row(conn, case_id)
            if row.updated_at >= untouched_before:
                raise CaseTouched(row.number)
        deleted, problems = self.delete_saved_copies(case_id, kept)
        if problems:
            raise CopiesNotDeleted(problems, deleted)
        closed_at = self.store.now()
        with talking(), self.engine.begin() as conn:
            row = self._row(conn, case_id, lock=True)
            if untouched_before is not None and row.updated_at >= untouched_before:
                raise CaseTouched(row.number)
            payload = self._payload(conn, row)
            destroyed = self._destroyed(conn, row, payload, deleted=len(deleted))
            indicator = self._indicator(row, payload)
            conn.execute(insert(tables.indicators).values(closed_row.insert_values(indicator)))
            conn.execute(
                insert(tables.purge_receipts).values(
                    case_number=row.number,
                    closed_at=closed_at,
                    destroyed_json=json.dumps(
                        [{"kind": d.kind, "count": d.count} for d in destroyed]
                    ),
                )
            )
            conn.execute(delete(tables.case_keys).where(tables.case_keys.c.case_id == case_id))
            conn.execute(delete(tables.cases).where(tables.cases.c.id == case_id))
            self._log(conn, "cloture", row.number)
        self._keys.pop(row.uid, None)
        self._listings.pop(row.uid, None)
        if any(d.kind in ("brouillons", "saisies_en_attente") for d in destroyed):
            # this desk's fiche drafts and what waited for the base, in its local store
            with self.store.local.engine.begin() as local:
                fiche_drafts.delete_for_case(local, case_id)
                pending.delete_for_case(local, case_id)
            run_maintenance(self.store.local.engine)
        return PurgeReceipt(
            case_number=row.number,
            closed_at=closed_at,
            destroyed=destroyed,
            files_deleted=tuple(deleted),
            files_kept=kept,
            wipe_pending=False,
        )

    def apply_retention(self) -> list[PurgeReceipt]:
        return sweep_retention(self)
