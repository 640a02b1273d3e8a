"""What the agent asked to save while the team base was unreachable, offered again.

An operation refused because the server is away keeps what was typed where it was
typed (the wizard and its encrypted local draft, the note's editor, the identity
editor, the sending's moment) and registers here how to do it again; the window's
banner lists these and, once the base answers, offers « Enregistrer maintenant »
(``save_now``). Nothing is queued on the server and nothing is half written: each
retry is the same single transaction the agent had asked for.

On a team base, each operation offered with what it needs (``kept``, a
``team.pending.PendingOp``) is also written at once to the desk's local encrypted store
(``team.pending.PendingBook``) and deleted once saved, given up (« Abandonner cette
saisie ») or found without its case: closing the window, a crash or the end of the
session loses nothing. ``attach`` offers again, at the next start, what was kept."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from asip_desktop.errors import UserError

if TYPE_CHECKING:
    from asip_desktop.team.pending import PendingBook, PendingOp

log = logging.getLogger("asip_desktop.gui.pending")


def is_unreachable(err: BaseException) -> bool:
    """The error says the team base's server is away (not a refusal of what was typed)."""
    from asip_desktop.team.connection import TeamUnavailable

    return isinstance(err, TeamUnavailable)


class PendingSaves(QObject):
    changed = Signal()
    replayed = Signal(str)  # an operation kept from an earlier session saved: its key
    given_up = Signal(str)  # the agent gave up the operation of this key

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[str, tuple[str, Callable[[], None]]] = {}
        self.book: PendingBook | None = None  # the desk's local store, on a team base
        # what each operation kept on the desk needs (written to ``book`` as well)
        self._ops: dict[str, PendingOp] = {}

    def attach(self, store: object) -> None:
        """The desk's store is open: on a team base, what an earlier session kept (the
        window closed, the desk crashed before the base came back) is offered again."""
        if getattr(store, "kind", "") != "equipe" or self.book is not None:
            return
        from asip_desktop.team.pending import PendingBook

        self.book = PendingBook(store)
        try:
            kept = self.book.all()
        except UserError as err:
            log.warning("pending operations unreadable: %s", type(err).__name__)
            return
        for op in kept:
            if op.key not in self._items:
                self._items[op.key] = (op.label, lambda op=op: self._replay(store, op))
                self._ops[op.key] = op
        if kept:
            log.info("%d pending operation(s) offered again", len(kept))
            self.changed.emit()

    def _replay(self, store: object, op: PendingOp) -> None:
        from asip_desktop.team.pending import replay

        replay(store, op)
        self._forget(op.key)  # before the case page reads what is kept again
        self.replayed.emit(op.key)

    def offer(
        self, key: str, label: str, retry: Callable[[], None], kept: PendingOp | None = None
    ) -> None:
        """``retry`` does the operation again from what is typed now; it handles its own
        errors (and offers itself again when the base is still away). ``kept``: what it
        needs, written at once to the local encrypted store."""
        self._items[key] = (label, retry)
        if kept is not None:
            self._ops[key] = kept
        if kept is not None and self.book is not None:
            try:
                self.book.keep(kept)
            except UserError as err:  # the local disk full…: kept in memory, as before
                log.warning("pending operation not kept on disk: %s", type(err).__name__)
        self.changed.emit()

    def kept(self, key: str) -> PendingOp | None:
        """What an earlier session kept for ``key`` (the case page shows it again)."""
        return self._ops.get(key) if self.book is not None else None

    def _forget(self, key: str) -> None:
        self._ops.pop(key, None)
        if self.book is not None:
            try:
                self.book.drop(key)
            except UserError as err:
                log.warning("pending operation not deleted: %s", type(err).__name__)

    def done(self, key: str) -> None:
        """The operation went through another way (the agent clicked again)."""
        if key not in self._items and key not in self._ops:
            return  # nothing was waiting: no write to the desk's store after every save
        self._forget(key)
        if self._items.pop(key, None) is not None:
            self.changed.emit()

    def give_up(self, key: str) -> None:
        """« Abandonner cette saisie »: not saved, deleted from the desk."""
        self._items.pop(key, None)
        self._forget(key)
        self.given_up.emit(key)
        self.changed.emit()

    def forget_case(self, case_id: int) -> None:
        """The case was closed on this desk (its rows on the desk went in the purge's
        transaction): nothing of it is offered any more."""
        from asip_desktop.team.pending import case_of

        def case(key: str) -> int | None:
            op = self._ops.get(key)
            return op.case_id if op is not None else case_of(key)

        gone = [key for key in self._items if case(key) == case_id]
        for key in gone:
            del self._items[key]
            self._ops.pop(key, None)
            self.given_up.emit(key)
        if gone:
            self.changed.emit()

    def items(self) -> list[tuple[str, str]]:
        """(key, label) of each operation waiting, in the order they were refused."""
        return [(key, label) for key, (label, _retry) in self._items.items()]

    def kept_on_desk(self) -> list[tuple[str, str]]:
        """(key, label) of the operations kept in the local store: those the agent may
        give up here (the request's own are given up with the request: « Abandonner »)."""
        if self.book is None:
            return []
        return [(key, label) for key, label in self.items() if key in self._ops]

    def __len__(self) -> int:
        return len(self._items)

    def save_now(self) -> list[str]:
        """Do each operation again, in the order they were refused; returns the French
        messages of those refused for another reason. A case closed meanwhile, or what
        was typed refused: not offered again (and deleted from the desk); an identity
        changed elsewhere meanwhile: still offered, its typing kept, for the agent to
        compare on the case page."""
        from asip_desktop.team.cases import CaseChanged

        items = list(self._items.items())
        self._items.clear()
        refused: list[str] = []
        for key, (label, retry) in items:
            try:
                retry()
            except UserError as err:
                if is_unreachable(err):  # still away: kept for the next attempt
                    self._items.setdefault(key, (label, retry))
                    continue
                message = f"{label[:1].upper()}{label[1:]} : {err}"
                if isinstance(err, CaseChanged):
                    self._items.setdefault(key, (label, retry))
                    message += (
                        " Ouvrez le dossier pour comparer : votre saisie y est gardée "
                        "(« Enregistrer par-dessus » ou « Abandonner cette saisie »)."
                    )
                else:
                    self._forget(key)
                refused.append(message)
            else:  # done, or said where it was typed; unless it offered itself again
                if key not in self._items:
                    self._forget(key)
        self.changed.emit()
        return refused
