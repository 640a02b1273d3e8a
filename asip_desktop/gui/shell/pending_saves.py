"""What the agent asked to save while the team base was unreachable, offered again.

An operation refused because the server is away keeps what was typed where it was
typed (the wizard and its encrypted local draft, the note's editor, the identity
editor, the sending's moment) and registers here how to do it again; the window's
banner lists these and, once the base answers, offers « Enregistrer maintenant »
(``save_now``). Nothing is queued on the server and nothing is half written: each
retry is the same single transaction the agent had asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from asip_desktop.errors import UserError


def is_unreachable(err: BaseException) -> bool:
    """The error says the team base's server is away (not a refusal of what was typed)."""
    from asip_desktop.team.connection import TeamUnavailable

    return isinstance(err, TeamUnavailable)


class PendingSaves(QObject):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[str, tuple[str, Callable[[], None]]] = {}

    def offer(self, key: str, label: str, retry: Callable[[], None]) -> None:
        """``retry`` does the operation again from what is typed now; it handles its own
        errors (and offers itself again when the base is still away)."""
        self._items[key] = (label, retry)
        self.changed.emit()

    def done(self, key: str) -> None:
        """The operation went through another way (the agent clicked again)."""
        if self._items.pop(key, None) is not None:
            self.changed.emit()

    def labels(self) -> list[str]:
        return [label for label, _retry in self._items.values()]

    def __len__(self) -> int:
        return len(self._items)

    def save_now(self) -> list[str]:
        """Do each operation again, in the order they were refused; returns the French
        messages of those refused for another reason (a case closed meanwhile…), which
        are not offered again."""
        items = list(self._items.items())
        self._items.clear()
        refused: list[str] = []
        for key, (label, retry) in items:
            try:
                retry()
            except UserError as err:
                if is_unreachable(err):  # still away: kept for the next attempt
                    self._items.setdefault(key, (label, retry))
                else:
                    refused.append(f"{label[:1].upper()}{label[1:]} : {err}")
        self.changed.emit()
        return refused
