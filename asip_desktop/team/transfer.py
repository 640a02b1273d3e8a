"""A permanence laptop's cases come home: ``asip-desktop team transfer``.

A permanence laptop (``team join --permanence``) works on its local encrypted store.
Back on the CDAS network, each of its open cases is moved into the team base, one
server transaction per case: the case is encrypted and inserted with its stable
``uid`` (``TeamCases.insert_case``, the same layout as ``TeamCases.create``) with its
forms, deadlines, sendings, notes and the paths of its saved copies, and an
access-log line; only once the commit is confirmed is the local copy purged (the
local store's normal purge, without an indicator row: the case moved, it is not
closed). Then the anonymous indicator rows and malfunction reports left by the cases
closed on the laptop move, each row once (keyed by its random id / uid).

Idempotent: the payload sent holds a keyed digest of the case (HMAC-SHA256 under the
CDAS key, inside the ciphertext). A case whose uid is already on the server with that
digest is not inserted again, only purged locally (a cut between the commit and the
purge). A **conflict** is never merged: the uid on the server with another digest,
or an open case of the same person (same NIR, or same birth name and first name
after normalising accents, case and spaces) on the team base. The case stays on the
laptop, listed with the server's case number and what differs (field names only);
``separate`` (``--separer NUMERO``) transfers it as a separate case.

The receipt (case numbers and counts, no personal data) is returned, printed by the
command and kept in the local store (``transfer_receipts``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError

from asip_desktop.errors import UserError
from asip_desktop.store import closed_row, fiche_drafts, schema
from asip_desktop.store.database import reading
from asip_desktop.store.store import Store
from asip_desktop.store.values import CaseDetail
from asip_desktop.team import crypto, tables
from asip_desktop.team.cases import differences
from asip_desktop.team.connection import TeamUnavailable, talking
from asip_desktop.team.store import TeamStore

ACTION = "transfert"  # in the access log

# The named steps of one case's transfer, passed to ``step`` (tests inject failures).
BATCH = 50  # cases purged locally in one transaction, once the server holds them
STEPS = (
    "debut",  # before a case's server transaction
    "dossier",  # in it: the case, its key, its log line inserted
    "fiches",
    "echeances",
    "avant-validation",  # everything sent, not committed
    "valide",  # committed, the local copy not purged yet
    "purge",  # after a local purge (batched)
    "indicateurs",  # before the anonymous rows' transaction
    "indicateurs-valides",  # committed, not deleted here yet
)

Step = Callable[[str], None]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Conflict:
    local_number: str
    server_number: str
    reason: str  # French, no personal data: « même NIR », « identifiant déjà envoyé »…
    differs: tuple[str, ...]  # field names only (``team.cases.differences``)


@dataclass
class TransferReceipt:
    at: str
    cdas: str
    moved: list[tuple[str, str]] = field(default_factory=list)  # (laptop, team base)
    already: list[tuple[str, str]] = field(default_factory=list)  # found there: purged here
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (number, French reason)
    indicators_moved: int = 0
    indicators_already: int = 0
    reports_moved: int = 0
    interrupted: str | None = None  # the French message of the cut, when it stopped

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TransferReceipt:
        found = cls(at=data["at"], cdas=data["cdas"])
        found.moved = [(str(a), str(b)) for a, b in data["moved"]]
        found.already = [(str(a), str(b)) for a, b in data["already"]]
        found.conflicts = [
            Conflict(c["local_number"], c["server_number"], c["reason"], tuple(c["differs"]))
            for c in data["conflicts"]
        ]
        found.skipped = [(str(a), str(b)) for a, b in data["skipped"]]
        found.indicators_moved = int(data["indicators_moved"])
        found.indicators_already = int(data["indicators_already"])
        found.reports_moved = int(data["reports_moved"])
        found.interrupted = data.get("interrupted")
        return found

    def text(self) -> str:
        """The receipt in French (printed, shown, copied): numbers and counts only."""
        from asip_desktop.french_dates import french_moment

        lines = [f"Transfert vers la base d'équipe du {self.cdas} — {french_moment(self.at)}"]
        if self.interrupted:
            lines += [f"INTERROMPU : {self.interrupted}", "Relancez le transfert : rien ne sera "
                      "créé deux fois, aucun dossier n'a été perdu."]  # fmt: skip
        lines.append(f"Dossiers transférés vers la base d'équipe : {len(self.moved)}")
        lines += [f"  - {a} → {b} (copie locale purgée)" for a, b in self.moved]
        if self.already:
            lines.append(f"Déjà sur la base d'équipe (copie locale purgée) : {len(self.already)}")
            lines += [f"  - {a} → {b}" for a, b in self.already]
        lines.append(f"Conflits, dossiers restés sur ce portable : {len(self.conflicts)}")
        for c in self.conflicts:
            differs = ", ".join(c.differs) if c.differs else "rien d'autre"
            lines.append(
                f"  - {c.local_number} : conflit avec le dossier {c.server_number} de la base "
                f"d'équipe ({c.reason}) ; diffère : {differs}"
            )
        if self.skipped:
            lines.append(f"Non transférés, restés sur ce portable : {len(self.skipped)}")
            lines += [f"  - {n} : {why}" for n, why in self.skipped]
        lines.append(
            f"Lignes d'indicateurs anonymes (dossiers clos sur ce portable) transférées : "
            f"{self.indicators_moved}"
            + (f" (déjà présentes : {self.indicators_already})" if self.indicators_already else "")
        )
        lines.append(f"Signalements de dysfonctionnement transférés : {self.reports_moved}")
        return "\n".join(lines)


def normalise(value: str | None) -> str:
    """Accents, case and spaces removed: « Le  Hénaff » and « le henaff » are one name."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _nir(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def _same_person_keys(person: dict[str, Any]) -> list[tuple[str, str]]:
    keys = []
    nir = _nir(person.get("nir"))
    if nir:
        keys.append(("même NIR", nir))
    name, first = normalise(person.get("nom_naissance")), normalise(person.get("prenom"))
    if name and first:
        keys.append(("même nom de naissance et prénom", f"{name}\x00{first}"))
    return keys


@dataclass(frozen=True)
class _Local:
    """One open case of the laptop, read in full."""

    id: int
    uid: str
    number: str
    cdas: str
    detail: CaseDetail
    forms: tuple[tuple[str, bytes, str], ...]  # kind, content, created_at
    copies: tuple[tuple[str, str], ...]  # path, saved_at


def _read_local(local: Store, case_id: int) -> _Local:
    detail = local.cases.get(case_id)
    with reading(local.engine) as conn:
        uid, cdas = conn.execute(
            select(schema.cases.c.uid, schema.cases.c.cdas).where(schema.cases.c.id == case_id)
        ).one()
        forms = conn.execute(
            select(schema.forms.c.kind, schema.forms.c.content, schema.forms.c.created_at)
            .where(schema.forms.c.case_id == case_id)
            .order_by(schema.forms.c.id)
        ).all()
    copies = tuple((c.path, c.saved_at) for c in local.cases.saved_copies(case_id))
    if uid is None:  # a row written without one (not by Cases.create): named for good now
        uid = str(uuid.uuid4())
        with local.engine.begin() as conn:
            conn.execute(update(schema.cases).where(schema.cases.c.id == case_id).values(uid=uid))
    return _Local(
        id=case_id,
        uid=str(uid),
        number=detail.summary.number,
        cdas=str(cdas),
        detail=detail,
        forms=tuple((f.kind, bytes(f.content), f.created_at) for f in forms),
        copies=copies,
    )


def digest(cdas_key: bytes, case: _Local) -> str:
    """A keyed digest of what is sent (HMAC under the CDAS key: never a clear digest of
    personal data); kept inside the case's ciphertext on the server."""
    d = case.detail
    content = {
        "uid": case.uid,
        "person": d.person,
        "answers": d.answers,
        "result": d.result,
        "status": d.summary.status,
        "level": d.level,
        "created_at": d.summary.created_at,
        "updated_at": d.summary.updated_at,
        "sendings": [[s.what, s.recipient, s.channel, s.sent_at] for s in d.sendings],
        "notes": [[n.text, n.created_at] for n in d.notes],
        "deadlines": sorted([x.kind, x.due_at, x.done_at or ""] for x in d.deadlines),
        "forms": [[k, hashlib.sha256(c).hexdigest(), t] for k, c, t in case.forms],
        "copies": [list(c) for c in case.copies],
    }
    data = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(cdas_key, b"transfert\x00" + data, hashlib.sha256).hexdigest()


def _payload(case: _Local, desk: str, mark: str) -> dict[str, Any]:
    d = case.detail
    next_id = 1
    sendings, notes, copies = [], [], []
    for s in d.sendings:
        sendings.append(
            {"id": next_id, "what": s.what, "recipient": s.recipient, "channel": s.channel,
             "sent_at": s.sent_at}
        )  # fmt: skip
        next_id += 1
    for n in d.notes:
        notes.append({"id": next_id, "text": n.text, "created_at": n.created_at})
        next_id += 1
    for path, saved_at in case.copies:  # the files stay on this laptop's disk
        copies.append({"id": next_id, "path": path, "saved_at": saved_at, "desk": desk})
        next_id += 1
    return {
        "person": dict(d.person),
        "answers": dict(d.answers),
        "result": dict(d.result),
        "sendings": sendings,
        "notes": notes,
        "copies": copies,
        "next_id": next_id,
        "transfert": {"empreinte": mark},
    }


class Transfer:
    """One run of the transfer from ``local`` (the laptop's store) to ``team``."""

    def __init__(
        self,
        local: Store,
        team: TeamStore,
        *,
        separate: Iterable[str] = (),
        step: Step | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.local = local
        self.team = team
        self.separate = {str(n).strip() for n in separate}
        self.step = step or (lambda name: None)
        self.progress = progress or (lambda done, total: None)
        self.receipt = TransferReceipt(at=team.now(), cdas=team.cdas)
        self.people: dict[tuple[str, str], tuple[str, int, str]] = {}  # key → number, id, uid
        self._confirmed: list[tuple[_Local, str, bool]] = []  # on the server, purge pending

    # --- the run ---------------------------------------------------------------

    def run(self) -> TransferReceipt:
        unknown = self.separate - {c.number for c in self.local.cases.open_cases()}
        if unknown:  # refused before anything is sent or kept
            raise UserError(
                f"--separer : aucun dossier {', '.join(sorted(unknown))} sur ce portable "
                "(numéros attendus tels qu'affichés dans Dossiers, par exemple 2026-000012)."
            )
        try:
            self._index_server_people()
            ids = [c.id for c in sorted(self.local.cases.open_cases(), key=lambda c: c.id)]
            total = len(ids) + 1
            for done, case_id in enumerate(ids):
                self.progress(done, total)
                self._one(case_id)
            self._flush()
            self.progress(len(ids), total)
            self._anonymous_rows()
            self.progress(total, total)
        except TeamUnavailable as err:
            self.receipt.interrupted = str(err)
        finally:
            self._flush()  # what the server confirmed before a cut
            self._keep_receipt()
        return self.receipt

    def _keep_receipt(self) -> None:
        with self.local.engine.begin() as conn:
            conn.execute(
                insert(schema.transfer_receipts).values(
                    at=self.receipt.at, receipt_json=json.dumps(self.receipt.to_dict())
                )
            )

    def _index_server_people(self) -> None:
        """The open cases of the CDAS on the team base, decrypted in memory, by person."""
        cases = self.team.cases
        c = tables.cases.c
        with talking(), self.team.engine.connect() as conn:
            uids = {int(i): str(u) for i, u in conn.execute(select(c.id, c.uid))}
        for flat, _deadlines in cases.index_rows(sorted(uids)):
            self._remember(vars(flat), flat.number, flat.id, uids[flat.id])

    def _remember(self, person: dict[str, Any], number: str, case_id: int, uid: str) -> None:
        for key in _same_person_keys(person):
            self.people.setdefault(key, (number, case_id, uid))

    def _same_person(self, case: _Local) -> tuple[str, str, int] | None:
        for reason, value in _same_person_keys(case.detail.person):
            found = self.people.get((reason, value))
            if found is not None and found[2] != case.uid:
                return reason, found[0], found[1]
        return None

    # --- one case ----------------------------------------------------------------

    def _one(self, case_id: int) -> None:
        with reading(self.local.engine) as conn:
            drafts = fiche_drafts.count_for_case(conn, case_id)
        case = _read_local(self.local, case_id)
        if drafts:
            self.receipt.skipped.append(
                (case.number, f"{drafts} fiche(s) en cours de saisie : terminez-les ou "
                 "abandonnez-les dans le dossier, puis relancez le transfert")
            )  # fmt: skip
            return
        if normalise(case.cdas) != normalise(self.team.cdas):
            self.receipt.skipped.append(
                (case.number, f"ouvert pour le {case.cdas}, pas pour le {self.team.cdas}")
            )
            return
        separate = case.number in self.separate
        same = None if separate else self._same_person(case)
        self.step("debut")
        inserted: tuple[int, str] | None = None
        mark: Any = None
        try:
            with talking(), self.team.engine.begin() as conn:  # this case's transaction
                found = conn.execute(
                    select(tables.cases).where(tables.cases.c.uid == case.uid)
                ).first()
                if found is not None:  # sent before? its digest is inside the ciphertext
                    payload = self.team.cases._payload(conn, found)
                    mark = payload.get("transfert", {}).get("empreinte")
                elif same is None:
                    inserted = self._insert(conn, case)
        except IntegrityError:  # its uid is taken where this desk cannot see (rolled back)
            self.receipt.skipped.append(
                (case.number, "refusé par la base d'équipe (identifiant du dossier déjà "
                 "utilisé) : rien n'a été envoyé ; prévenez l'administrateur")
            )  # fmt: skip
            return
        if inserted is not None:
            self._moved(case, *inserted)
            return
        if found is not None:
            if mark == digest(self.team.cdas_key, case):  # sent before the cut: purge only
                self._purge(case, found.number, already=True)
                return
            if not separate:
                self.receipt.conflicts.append(
                    Conflict(case.number, found.number, "identifiant de dossier déjà envoyé, "
                             "contenu différent", tuple(self._differs(case, found.id)))
                )  # fmt: skip
                return
            case = self._new_uid(case)  # a separate case: it gets an id of its own
            with talking(), self.team.engine.begin() as conn:
                inserted = self._insert(conn, case)
            self._moved(case, *inserted)
            return
        assert same is not None
        reason, server_number, server_id = same
        self.receipt.conflicts.append(
            Conflict(
                case.number,
                server_number,
                f"même personne : {reason}",
                tuple(self._differs(case, server_id)),
            )
        )

    def _moved(self, case: _Local, server_id: int, number: str) -> None:
        self.step("valide")  # committed: from here on the case is on the team base
        self._remember(dict(case.detail.person), number, server_id, case.uid)
        self._purge(case, number, already=False)

    def _differs(self, case: _Local, server_id: int) -> list[str]:
        """What differs between the laptop's case and the server's (field names only)."""
        return differences(case.detail, self.team.cases.get(server_id))

    def _new_uid(self, case: _Local) -> _Local:
        """Give the laptop's case a new uid, committed locally before anything is sent:
        a rerun after a cut then finds it on the server and does not insert it twice."""
        uid = str(uuid.uuid4())
        with self.local.engine.begin() as conn:
            conn.execute(update(schema.cases).where(schema.cases.c.id == case.id).values(uid=uid))
        return _read_local(self.local, case.id)

    def _insert(self, conn: Connection, case: _Local) -> tuple[int, str]:
        """In the case's server transaction: the case, its key, forms, deadlines and
        the access-log line (``TeamCases.insert_case`` and ``insert_form``)."""
        team = self.team
        key = crypto.new_key()
        d = case.detail
        payload = _payload(case, team.desk, digest(team.cdas_key, case))
        case_id, number = team.cases.insert_case(
            conn,
            uid=case.uid,
            key=key,
            payload=payload,
            services=closed_row.services(d.result),
            level=d.level,
            status=d.summary.status,
            created_at=d.summary.created_at,
            updated_at=d.summary.updated_at,
            kind=d.summary.demand_kind,
            action=ACTION,
        )
        self.step("dossier")
        for kind, content, created_at in case.forms:
            team.cases.insert_form(conn, case_id, case.uid, key, kind, content, created_at)
        self.step("fiches")
        self._deadlines(conn, case_id, case)
        self.step("echeances")
        self.step("avant-validation")
        return case_id, number

    @staticmethod
    def _deadlines(conn: Connection, case_id: int, case: _Local) -> None:
        rows = [
            {"case_id": case_id, "kind": x.kind, "due_at": x.due_at, "done_at": x.done_at}
            for x in case.detail.deadlines
        ]
        if rows:
            conn.execute(insert(tables.deadlines), rows)

    def _purge(self, case: _Local, number: str, *, already: bool) -> None:
        """The server holds the case: purge the local copy. Batched (one local
        transaction for up to ``BATCH`` cases, one wipe): a cut before the batch is
        purged leaves cases that the rerun finds on the server and only purges."""
        self._confirmed.append((case, number, already))
        if len(self._confirmed) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._confirmed = self._confirmed, []
        if not batch:
            return
        self.local.cases.purge_moved([(case.id, number) for case, number, _ in batch])
        for case, number, already in batch:
            (self.receipt.already if already else self.receipt.moved).append((case.number, number))
            self.step("purge")

    # --- the anonymous rows of the cases closed on the laptop --------------------

    def _anonymous_rows(self) -> None:
        ind, rep = schema.indicators, schema.dysfunction_reports
        with reading(self.local.engine) as conn:
            indicators = [dict(r._mapping) for r in conn.execute(select(ind))]
            reports = [dict(r._mapping) for r in conn.execute(select(rep))]
        if not indicators and not reports:
            return
        self.step("indicateurs")
        inserted = moved_reports = 0
        with talking(), self.team.engine.begin() as conn:
            for start in range(0, len(indicators), 1000):  # each row once: keyed by its id
                inserted += len(
                    conn.execute(
                        pg_insert(tables.indicators)
                        .values(indicators[start : start + 1000])
                        .on_conflict_do_nothing(index_elements=["id"])
                        .returning(tables.indicators.c.id)
                    ).all()
                )
            for start in range(0, len(reports), 1000):  # keyed by the uid it had here
                chunk = [
                    {k: r[k] for k in ("month", "cdas", "kind", "uid")}
                    for r in reports[start : start + 1000]
                ]
                moved_reports += len(
                    conn.execute(
                        pg_insert(tables.dysfunction_reports)
                        .values(
                            [{k: r[k] for k in ("month", "cdas", "kind", "uid")} for r in chunk]
                        )
                        .on_conflict_do_nothing(index_elements=["uid"])
                        .returning(tables.dysfunction_reports.c.id)
                    ).all()
                )
        self.step("indicateurs-valides")
        with self.local.engine.begin() as conn:  # committed on the server: gone from here
            conn.execute(delete(ind).where(ind.c.id.in_([r["id"] for r in indicators])))
            conn.execute(delete(rep).where(rep.c.id.in_([r["id"] for r in reports])))
        self.receipt.indicators_moved = int(inserted)
        self.receipt.indicators_already = len(indicators) - int(inserted)
        self.receipt.reports_moved = int(moved_reports)


def transfer(
    local: Store,
    team: TeamStore,
    *,
    separate: Iterable[str] = (),
    step: Step | None = None,
    progress: Progress | None = None,
) -> TransferReceipt:
    """Move the laptop's cases and anonymous rows to the team base (see the module)."""
    return Transfer(local, team, separate=separate, step=step, progress=progress).run()


def pending(local: Store) -> tuple[int, int]:
    """What a transfer would move: open cases, anonymous rows (indicators + reports)."""
    cases = local.count("cases")
    rows = local.count("indicators") + local.count("dysfunction_reports")
    return cases, rows


def receipts(local: Store) -> list[TransferReceipt]:
    """The receipts kept on this laptop, oldest first."""
    table = schema.transfer_receipts
    with reading(local.engine) as conn:
        rows = conn.execute(select(table.c.receipt_json).order_by(table.c.id)).scalars().all()
    return [TransferReceipt.from_dict(json.loads(r)) for r in rows]


def open_for_transfer(folder: Any = None) -> tuple[Store, TeamStore]:
    """The laptop's local store and its team base (``equipe.json`` in permanence mode)."""
    from asip_desktop.team import membership

    member = membership.load(folder)
    if member is None or not member.permanence:
        raise UserError(
            "Ce poste n'est pas un portable de permanence : rattachez-le avec « asip-desktop "
            "team join --url … --enrolment … --permanence » pour transférer ses dossiers "
            "vers la base d'équipe du CDAS."
        )
    local = Store.open(folder)
    try:
        return local, TeamStore(member, local)
    except BaseException:
        local.close()
        raise
