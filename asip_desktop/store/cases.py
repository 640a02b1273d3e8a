"""The case lifecycle: create, complete, follow, and close (= purge).

A case is opened with the qualification answers and the orientation result
(``OrientationResult.to_dict()``), optionally the person's identity. Sending a
form starts its deadline and puts the case "en attente de réponse". Closing it
deletes every personal row of it, zeroes the pages (secure_delete), gives free
pages back and empties the WAL; an anonymous indicator row and a purge receipt
remain.
"""

from __future__ import annotations

import errno
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, Table, delete, func, insert, select, true, update

from asip_desktop import text_policy
from asip_desktop.core.answers import demand_kind
from asip_desktop.errors import UserError
from asip_desktop.store import closed_row, fiche_drafts, schema
from asip_desktop.store.attachments import KIND_PREFIX as SIGNED_PREFIX
from asip_desktop.store.clock import iso
from asip_desktop.store.database import (
    finish_wipe,
    mark_wipe_pending,
    reading,
    run_maintenance,
)
from asip_desktop.store.store import DRAFT_SLOT
from asip_desktop.store.values import (
    CHANNELS,
    DEADLINE_RULES,
    STATUS_CLOSED,
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

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

_KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LEVELS = (1, 2)


def check_person(person: Mapping[str, Any] | None) -> dict[str, str | None]:
    """The identity fields of annex 2; any Unicode text is kept as typed."""
    if person is None:
        return dict.fromkeys(schema.PERSON_FIELDS)
    if not isinstance(person, Mapping):
        raise UserError("Identité : un objet JSON est attendu (champs nom_naissance, prenom…).")
    unknown = [k for k in person if k not in schema.PERSON_FIELDS]
    if unknown:
        raise UserError(
            f"Identité : champ « {unknown[0]} » inconnu, attendu : "
            + ", ".join(schema.PERSON_FIELDS)
        )
    checked: dict[str, str | None] = {}
    for name in schema.PERSON_FIELDS:
        value = person.get(name)
        if value is not None and not isinstance(value, str):
            raise UserError(f"Identité : le champ « {name} » doit être un texte.")
        checked[name] = None if value is None else _text(value, f"Identité, champ « {name} »", name)
    return checked


def _text(value: str, field: str, kind: str = "", *, multiline: bool = False) -> str:
    """The character policy and the length limit of the field (``text_policy``)."""
    limit = text_policy.LINE_MAX if kind == "adresse" else text_policy.NAME_MAX
    if multiline:
        limit = text_policy.NOTE_MAX
    return text_policy.clean(value, field, max_length=limit, multiline=multiline)


def check_answers(answers: Mapping[str, Any]) -> None:
    found = text_policy.first_problem_in(answers, max_length=text_policy.NAME_MAX)
    if found:
        raise UserError(f"Réponses refusées : {found}.")


def check_new_case(
    answers: Mapping[str, Any],
    result: Mapping[str, Any],
    person: Mapping[str, Any] | None,
    level: int,
) -> dict[str, str | None]:
    """What opening a case checks (both bases); the checked identity."""
    if level not in LEVELS:
        raise UserError(f"Niveau d'accueil « {level} » inconnu, attendu 1 ou 2.")
    if not isinstance(result, Mapping) or "rules" not in result:
        raise UserError("Résultat d'orientation invalide : le champ « rules » manque.")
    if not isinstance(answers, Mapping):
        raise UserError("Réponses : un objet JSON est attendu.")
    check_answers(answers)
    return check_person(person)


def check_sending(what: str, recipient: str, channel: str) -> str:
    """What recording a sending checks (both bases); the recipient as kept."""
    _check_kind(what, "Envoi")
    if channel not in CHANNELS:
        raise UserError(
            f"Canal « {channel} » inconnu, attendu une valeur parmi : {', '.join(CHANNELS)}"
        )
    if not isinstance(recipient, str) or not recipient.strip():
        raise UserError("Envoi : le destinataire est vide.")
    return _text(recipient, "Envoi, destinataire")


def check_status(status: str) -> None:
    """``set_status`` moves between open and waiting only (both bases)."""
    if status == STATUS_CLOSED:
        raise UserError("Pour clore un dossier, utilisez la clôture : elle purge ses données.")
    if status not in (STATUS_OPEN, STATUS_WAITING):
        raise UserError(f"Statut « {status} » inconnu, attendu : {', '.join(STATUS_LABELS)}")


def receipt_of_row(row: Any) -> PurgeReceipt:
    return PurgeReceipt(
        case_number=row.case_number,
        closed_at=row.closed_at,
        destroyed=tuple(
            Destroyed(d["kind"], d["count"], d.get("detail", ""))
            for d in json.loads(row.destroyed_json)
        ),
    )


def sweep_retention(cases: Any) -> list[PurgeReceipt]:
    """Close every case untouched for longer than the retention setting, if it is set
    (``cases``: either base's cases API). Off by default: without the setting nothing
    is ever deleted without a person's decision."""
    days = cases.store.retention_days()
    if days is None:
        return []
    receipts: list[PurgeReceipt] = []
    left: list[CopyProblem] = []
    for case in cases.to_review(days):
        try:
            receipts.append(cases.close(case.id))
        except CopiesNotDeleted as err:  # that case stays open; the others go on
            left += err.problems
    if left:
        raise RetentionIncomplete(receipts, left)
    return receipts


def _check_kind(kind: str, what: str) -> str:
    if not isinstance(kind, str) or not _KIND_PATTERN.match(kind):
        raise UserError(
            f"{what} : « {kind} » n'est pas un identifiant (lettres minuscules, chiffres, _)."
        )
    return kind


@dataclass(frozen=True)
class CopyProblem:
    path: str
    reason: str  # French

    def __str__(self) -> str:
        return f"{self.path} : {self.reason}"


class CopiesNotDeleted(UserError):
    """Copies of the case's forms are still on the disk: the case was not closed.

    The message gives counts only; ``problems`` (path and reason) is for the agent's
    screen, ``deleted`` the paths already deleted.
    """

    def __init__(self, problems: list[CopyProblem], deleted: list[str]) -> None:
        super().__init__(
            f"{len(problems)} copie(s) de fiche enregistrée(s) pour ce dossier n'ont pas pu "
            "être supprimées du disque : le dossier n'a pas été clos (rien n'est oublié). "
            "Supprimez-les ou rendez-les accessibles, puis recommencez la clôture."
        )
        self.problems = problems
        self.deleted = deleted


class CaseTouched(UserError):
    """The automatic purge found the case changed since it was listed: not purged."""

    def __init__(self, number: str) -> None:
        super().__init__(
            f"Le dossier {number} a été modifié depuis qu'il a été listé pour la purge "
            "automatique : il n'a pas été purgé."
        )


class RetentionIncomplete(UserError):
    """The automatic purge closed ``receipts`` but left open the cases whose copies on
    disk could not be deleted (``problems``)."""

    def __init__(self, receipts: list[PurgeReceipt], problems: list[CopyProblem]) -> None:
        super().__init__(
            f"Purge automatique incomplète : {len(receipts)} dossier(s) purgé(s), mais "
            f"{len(problems)} copie(s) de fiche n'ont pas pu être supprimées du disque ; "
            "leurs dossiers restent ouverts. Supprimez ces copies, puis relancez la purge."
        )
        self.receipts = receipts
        self.problems = problems


_UNLINK_REASONS = {
    errno.EACCES: "droits insuffisants pour supprimer le fichier",
    errno.EPERM: "suppression interdite (fichier protégé)",
    errno.EROFS: "le disque est en lecture seule",
    errno.EBUSY: "fichier utilisé par un autre programme",
    errno.EISDIR: "le chemin est un dossier, pas une copie de fiche",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
}


def delete_copies(
    copies: Iterable[SavedCopy], keep: Iterable[str], forget: Callable[[SavedCopy], None]
) -> tuple[list[str], list[CopyProblem]]:
    """Delete from the disk the recorded ``copies``, except ``keep``; ``forget`` drops
    one path from its base, called only once its file is gone (deleted now, or already
    absent), so a crash never loses the path of a file still on the disk. Returns the
    paths deleted and the problems (a French reason each); those stay recorded. Shared
    by the local store and the team base."""
    kept = {str(p) for p in keep}
    deleted: list[str] = []
    problems: list[CopyProblem] = []
    for copy in copies:
        if copy.path in kept:
            continue
        reason = _unlink(Path(copy.path))
        if reason:
            problems.append(CopyProblem(copy.path, reason))
            continue
        forget(copy)
        deleted.append(copy.path)
    return deleted, problems


def _unlink(path: Path) -> str | None:
    """Delete the file; None when it is gone (also when it was already absent)."""
    try:
        path.unlink(missing_ok=True)
    except IsADirectoryError:
        return _UNLINK_REASONS[errno.EISDIR]
    except OSError as exc:
        return _UNLINK_REASONS.get(exc.errno or 0, "suppression impossible")
    return None


def _insert(conn: Connection, table: Table, **values: Any) -> int:
    """Insert one row; its id."""
    return int(conn.execute(insert(table).values(**values)).lastrowid)


class Cases:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

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
    ) -> int:
        """Open a case; returns its id. ``result`` is ``OrientationResult.to_dict()``."""
        identity = check_new_case(answers, result, person, level)
        emitting = self.store.emitting_cdas(cdas)
        now = self.store.now()
        with self.engine.begin() as conn:
            case_id = _insert(
                conn,
                schema.cases,
                number=f"tmp-{now}-{id(conn)}",
                status=STATUS_OPEN,
                created_at=now,
                updated_at=now,
                cdas=emitting,
                level=level,
                demand_kind=demand_kind(answers),
                answers_json=json.dumps(answers, ensure_ascii=False),
                result_json=json.dumps(result, ensure_ascii=False),
                rules_version=str(result["rules"].get("version", "")),
                uid=str(uuid.uuid4()),  # names the case for good (a transfer to a team base)
            )
            conn.execute(
                update(schema.cases)
                .where(schema.cases.c.id == case_id)
                .values(number=f"{now[:4]}-{case_id:06d}")
            )
            conn.execute(insert(schema.persons).values(case_id=case_id, **identity))
            if discard_draft:  # the wizard's draft; fiche drafts are attached by the caller
                conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == DRAFT_SLOT))
        if discard_draft:
            run_maintenance(self.engine)
        return case_id

    def _row(self, conn: Connection, case_id: int) -> Row[Any]:
        row = conn.execute(select(schema.cases).where(schema.cases.c.id == case_id)).first()
        if row is None:
            raise UserError(f"Dossier {case_id} introuvable (identifiant inconnu ou dossier clos).")
        return row

    @staticmethod
    def _summary(row: Row[Any]) -> CaseSummary:
        return CaseSummary(
            id=row.id,
            number=row.number,
            status=row.status,
            created_at=row.created_at,
            updated_at=row.updated_at,
            cdas=row.cdas,
            demand_kind=row.demand_kind,
            services=closed_row.services(json.loads(row.result_json)),
        )

    def open_cases(self) -> list[CaseSummary]:
        """Open cases (closed ones are purged), most recently touched first."""
        with reading(self.engine) as conn:
            rows = conn.execute(select(schema.cases).order_by(schema.cases.c.updated_at.desc()))
            return [self._summary(r) for r in rows]

    def get(self, case_id: int) -> CaseDetail:
        with reading(self.engine) as conn:
            row = self._row(conn, case_id)
            person = conn.execute(
                select(*(schema.persons.c[f] for f in schema.PERSON_FIELDS)).where(
                    schema.persons.c.case_id == case_id
                )
            ).first()
            forms = conn.execute(
                select(
                    schema.forms.c.id,
                    schema.forms.c.kind,
                    func.length(schema.forms.c.content),
                    schema.forms.c.created_at,
                )
                .where(schema.forms.c.case_id == case_id)
                .order_by(schema.forms.c.id)
            ).all()
            sendings = conn.execute(
                select(schema.sendings).where(schema.sendings.c.case_id == case_id)
            ).all()
            deadlines = conn.execute(
                select(schema.deadlines).where(schema.deadlines.c.case_id == case_id)
            ).all()
            notes = conn.execute(
                select(schema.notes).where(schema.notes.c.case_id == case_id)
            ).all()
        return CaseDetail(
            summary=self._summary(row),
            level=row.level,
            person=dict(person._mapping) if person else dict.fromkeys(schema.PERSON_FIELDS),
            answers=json.loads(row.answers_json),
            result=json.loads(row.result_json),
            rules_version=row.rules_version,
            forms=tuple(FormInfo(f[0], f[1], int(f[2]), f[3]) for f in forms),
            sendings=tuple(
                Sending(s.id, s.what, s.recipient, s.channel, s.sent_at) for s in sendings
            ),
            deadlines=tuple(
                Deadline(d.id, d.case_id, d.kind, d.due_at, d.done_at) for d in deadlines
            ),
            notes=tuple(Note(n.id, n.text, n.created_at) for n in notes),
        )

    def _receipts(self, where: Any) -> list[PurgeReceipt]:
        table = schema.purge_receipts
        with reading(self.engine) as conn:
            rows = conn.execute(select(table).where(where).order_by(table.c.id)).all()
        return [receipt_of_row(row) for row in rows]

    def receipt(self, case_number: str) -> PurgeReceipt | None:
        found = self._receipts(schema.purge_receipts.c.case_number == case_number)
        return found[0] if found else None

    def receipt_of(self, case_id: int) -> PurgeReceipt | None:
        """The receipt of the closed case that had this id (numbers end with the id)."""
        found = self._receipts(schema.purge_receipts.c.case_number.like(f"%-{case_id:06d}"))
        return found[0] if found else None

    def receipts(self) -> list[PurgeReceipt]:
        return self._receipts(true())

    # --- completing and following --------------------------------------------

    def _touch(self, conn: Connection, case_id: int, **values: Any) -> None:
        self._row(conn, case_id)
        conn.execute(
            update(schema.cases)
            .where(schema.cases.c.id == case_id)
            .values(updated_at=self.store.now(), **values)
        )

    def update_person(self, case_id: int, person: Mapping[str, Any]) -> None:
        identity = check_person(person)
        with self.engine.begin() as conn:
            self._touch(conn, case_id)
            conn.execute(
                update(schema.persons).where(schema.persons.c.case_id == case_id).values(**identity)
            )

    def add_form(self, case_id: int, kind: str, content: bytes) -> int:
        """Keep a filled form (e.g. the PDF of a fiche) with the case."""
        _check_kind(kind, "Type de fiche")
        if not isinstance(content, bytes | bytearray):
            raise UserError("Fiche : le contenu doit être des octets.")
        with self.engine.begin() as conn:
            self._touch(conn, case_id)
            return _insert(
                conn,
                schema.forms,
                case_id=case_id,
                kind=kind,
                content=bytes(content),
                created_at=self.store.now(),
            )

    def form_content(self, form_id: int) -> bytes:
        with reading(self.engine) as conn:
            content = conn.scalar(
                select(schema.forms.c.content).where(schema.forms.c.id == form_id)
            )
        if content is None:
            raise UserError(f"Fiche {form_id} introuvable.")
        return bytes(content)

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
        """Record that ``what`` (a form kind or ``orientation``) was sent; starts its deadline.
        ``client_id`` is the team base's (a retried call never records twice); one desk's
        single transaction on its own file has no lost answer to retry, so it is unused."""
        recipient = check_sending(what, recipient, channel)
        moment = sent_at or self.store.clock()
        with self.engine.begin() as conn:
            status = self._row(conn, case_id).status
            new_status = STATUS_WAITING if what in DEADLINE_RULES else status
            self._touch(conn, case_id, status=new_status)
            sending_id = _insert(
                conn,
                schema.sendings,
                case_id=case_id,
                what=what,
                recipient=recipient,
                channel=channel,
                sent_at=iso(moment),
            )
            if what in DEADLINE_RULES:
                kind, hours = DEADLINE_RULES[what]
                conn.execute(
                    insert(schema.deadlines).values(
                        case_id=case_id, kind=kind, due_at=iso(moment + timedelta(hours=hours))
                    )
                )
        return sending_id

    def mark_deadline_done(self, deadline_id: int) -> None:
        with self.engine.begin() as conn:
            case_id = conn.scalar(
                select(schema.deadlines.c.case_id).where(schema.deadlines.c.id == deadline_id)
            )
            if case_id is None:
                raise UserError(f"Échéance {deadline_id} introuvable.")
            self._touch(conn, int(case_id))
            conn.execute(
                update(schema.deadlines)
                .where(schema.deadlines.c.id == deadline_id)
                .values(done_at=self.store.now())
            )

    def _pending(self, *where: Any) -> list[Deadline]:
        table = schema.deadlines
        with reading(self.engine) as conn:
            rows = conn.execute(
                select(table).where(table.c.done_at.is_(None), *where).order_by(table.c.due_at)
            ).all()
        return [Deadline(d.id, d.case_id, d.kind, d.due_at, d.done_at) for d in rows]

    def overdue_deadlines(self) -> list[Deadline]:
        """Deadlines passed and not done, oldest first (for the desk's reminders)."""
        return self._pending(schema.deadlines.c.due_at < self.store.now())

    def pending_deadlines(self) -> list[Deadline]:
        """Every deadline not done yet, of every open case, soonest first (the case list)."""
        return self._pending()

    def add_note(self, case_id: int, text: str, *, client_id: str | None = None) -> int:
        """``client_id``: unused here, as for ``record_sending``."""
        if not isinstance(text, str) or not text.strip():
            raise UserError("Note vide : rien n'a été enregistré.")
        text = _text(text, "Note", multiline=True)
        with self.engine.begin() as conn:
            self._touch(conn, case_id)
            return _insert(
                conn, schema.notes, case_id=case_id, text=text, created_at=self.store.now()
            )

    def record_saved_copy(self, case_id: int, path: str) -> int:
        """Remember that a copy of one of the case's documents was saved at ``path``."""
        if not str(path).strip():
            raise UserError("Copie enregistrée : le chemin du fichier est vide.")
        path = text_policy.clean(
            str(path), "Copie enregistrée, chemin", max_length=text_policy.PATH_MAX
        )
        with self.engine.begin() as conn:
            self._touch(conn, case_id)
            return _insert(
                conn,
                schema.saved_copies,
                case_id=case_id,
                path=str(path),
                saved_at=self.store.now(),
            )

    def saved_copies(self, case_id: int) -> list[SavedCopy]:
        """The copies saved on disk for the case, in the order they were saved."""
        table = schema.saved_copies
        with reading(self.engine) as conn:
            self._row(conn, case_id)
            rows = conn.execute(
                select(table).where(table.c.case_id == case_id).order_by(table.c.id)
            ).all()
        return [SavedCopy(r.id, r.path, r.saved_at) for r in rows]

    def set_status(self, case_id: int, status: str) -> None:
        """Move between ``ouverte`` and ``en_attente``; closing is ``close()`` (a purge)."""
        check_status(status)
        with self.engine.begin() as conn:
            self._touch(conn, case_id, status=status)

    def take_up_at_level_2(self, case_id: int) -> None:
        """A social worker received the person (accueil de deuxième niveau): the case,
        opened at level 1, is now followed at level 2."""
        with self.engine.begin() as conn:
            self._touch(conn, case_id, level=2)

    def to_review(self, days: int | None = None) -> list[CaseSummary]:
        """Cases untouched for more than ``days`` days (default: the ``revue_apres_jours``
        setting, 90), oldest first. Nothing is deleted."""
        if days is None:
            days = self.store.review_days()
        limit = iso(self.store.clock() - timedelta(days=days))
        with reading(self.engine) as conn:
            rows = conn.execute(
                select(schema.cases)
                .where(schema.cases.c.updated_at < limit)
                .order_by(schema.cases.c.updated_at)
            )
            return [self._summary(r) for r in rows]

    # --- closing = purging ---------------------------------------------------

    def _destroyed(self, conn: Connection, case_id: int, deleted: int = 0) -> tuple[Destroyed, ...]:
        person = conn.execute(
            select(*(schema.persons.c[f] for f in schema.PERSON_FIELDS)).where(
                schema.persons.c.case_id == case_id
            )
        ).first()

        def count(table: Any) -> int:
            return int(
                conn.scalar(
                    select(func.count()).select_from(table).where(table.c.case_id == case_id)
                )
                or 0
            )

        signed = int(
            conn.scalar(
                select(func.count())
                .select_from(schema.forms)
                .where(
                    schema.forms.c.case_id == case_id,
                    schema.forms.c.kind.startswith(SIGNED_PREFIX, autoescape=True),
                )
            )
            or 0
        )  # the signed fiches' scans (store/attachments.py), counted apart
        counts = {
            "identite": sum(1 for v in (person or ()) if v not in (None, "")),
            "reponses": 1,
            "orientation": 1,
            "fiches": count(schema.forms) - signed,
            "pieces_signees": signed,
            "envois": count(schema.sendings),
            "echeances": count(schema.deadlines),
            "notes": count(schema.notes),
            "copies": count(schema.saved_copies) + deleted,
            "fichiers": deleted,
            "brouillons": fiche_drafts.count_for_case(conn, case_id),
        }
        return tuple(Destroyed(k, n) for k, n in counts.items() if n)

    def _indicator(self, conn: Connection, row: Row[Any]) -> dict[str, Any]:
        sendings = conn.execute(
            select(schema.sendings.c.what, schema.sendings.c.channel).where(
                schema.sendings.c.case_id == row.id
            )
        ).all()
        result = json.loads(row.result_json)  # the sendings' rows are (what, channel)
        return closed_row.anonymous_row(row.created_at, row.cdas, row.demand_kind, result, sendings)

    def purge_preview(self, case_id: int) -> PurgePreview:
        """Exactly what closing the case will destroy, and the anonymous row it leaves."""
        with reading(self.engine) as conn:
            row = self._row(conn, case_id)
            return PurgePreview(
                case_id=case_id,
                case_number=row.number,
                destroyed=self._destroyed(conn, case_id),
                indicator=self._indicator(conn, row),
            )

    def delete_saved_copies(
        self, case_id: int, keep: Iterable[str] = ()
    ) -> tuple[list[str], list[CopyProblem]]:
        """Delete from the disk the copies recorded for the case, except ``keep``,
        one commit per file forgotten (see :func:`delete_copies`)."""

        def forget(copy: SavedCopy) -> None:
            with self.engine.begin() as conn:
                conn.execute(delete(schema.saved_copies).where(schema.saved_copies.c.id == copy.id))

        return delete_copies(self.saved_copies(case_id), keep, forget)

    def close(
        self,
        case_id: int,
        *,
        keep_copies: Iterable[str] = (),
        full_vacuum: bool = False,
        untouched_before: str | None = None,
    ) -> PurgeReceipt:
        """Close the case: delete its copies on disk, purge it, keep an anonymous
        indicator row and a receipt.

        Every copy recorded for the case is deleted from the disk first, except the
        paths in ``keep_copies`` (the agent chose, in the window, to keep them). If
        one cannot be deleted, nothing is closed: ``CopiesNotDeleted`` says which.
        ``untouched_before`` (the automatic purge at start): a case changed since then
        is kept (``CaseTouched``), checked again inside the purge's transaction (which
        holds the write lock: ``BEGIN IMMEDIATE``).
        """
        kept = tuple(str(p) for p in keep_copies)
        if untouched_before is not None:  # before deleting its copies, too
            with reading(self.engine) as conn:
                self._check_untouched(conn, case_id, untouched_before)
        deleted, problems = self.delete_saved_copies(case_id, kept)
        if problems:
            raise CopiesNotDeleted(problems, deleted)
        closed_at = self.store.now()
        with self.engine.begin() as conn:
            if untouched_before is not None:
                self._check_untouched(conn, case_id, untouched_before)
            number, destroyed = self._purge(conn, case_id, closed_at, len(deleted), None)
        wiped = finish_wipe(self.engine, full_vacuum=full_vacuum)
        return PurgeReceipt(
            case_number=number,
            closed_at=closed_at,
            destroyed=destroyed,
            files_deleted=tuple(deleted),
            files_kept=kept,
            wipe_pending=not wiped,
        )

    def _check_untouched(self, conn: Connection, case_id: int, limit: str) -> None:
        row = self._row(conn, case_id)
        if row.updated_at >= limit:
            raise CaseTouched(str(row.number))

    def purge_moved(self, moved: Iterable[tuple[int, str]]) -> list[PurgeReceipt]:
        """Purge cases transferred to the team base (``team/transfer.py``): ``moved``
        holds (case id, its number on the team base). The same purge as ``close``, in
        one transaction for the batch, but no indicator row (the case is not closed,
        it goes on there), the receipt says where it went, and the copies' files stay
        on the disk (the case on the team base lists them). The old pages are then
        overwritten once for the batch."""
        closed_at = self.store.now()
        receipts = []
        with self.engine.begin() as conn:
            for case_id, moved_to in moved:
                number, destroyed = self._purge(conn, case_id, closed_at, 0, moved_to)
                receipts.append(PurgeReceipt(number, closed_at, destroyed))
        if receipts:
            wiped = finish_wipe(self.engine)
            self.store.wipe_pending = not wiped
        return receipts

    def _purge(
        self, conn: Connection, case_id: int, closed_at: str, deleted: int, moved_to: str | None
    ) -> tuple[str, tuple[Destroyed, ...]]:
        """In the caller's transaction: the receipt, the indicator row unless the case
        moved, the case's rows deleted; the wipe marked pending."""
        row = self._row(conn, case_id)
        destroyed = self._destroyed(conn, case_id, deleted=deleted)
        if moved_to is not None:
            destroyed = (Destroyed("transfere", 1, moved_to), *destroyed)
        else:
            indicator = self._indicator(conn, row)
            conn.execute(insert(schema.indicators).values(closed_row.insert_values(indicator)))
        conn.execute(
            insert(schema.purge_receipts).values(
                case_number=row.number,
                closed_at=closed_at,
                destroyed_json=json.dumps([d.stored() for d in destroyed]),
            )
        )
        fiche_drafts.delete_for_case(conn, case_id)  # not a foreign key: by hand
        # persons, forms, sendings, deadlines, notes and copy paths go by
        # ON DELETE CASCADE.
        conn.execute(delete(schema.cases).where(schema.cases.c.id == case_id))
        # cleared once the old page images are overwritten (see finish_wipe)
        mark_wipe_pending(conn)
        return str(row.number), destroyed

    def apply_retention(self) -> list[PurgeReceipt]:
        """Close every case untouched for longer than the retention setting, if it is set.

        Off by default: without the setting nothing is ever deleted without a person's
        decision.
        """
        return sweep_retention(self)
