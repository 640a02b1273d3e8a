"""The request being typed is kept in the encrypted store as it is typed, so a
crash or a power cut at the counter loses nothing; reopening the app offers
to resume it.

No draft is kept once the request's case is opened (the case holds it), and a
draft found at start is offered before anything is saved over it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from asip_desktop.errors import UserError
from asip_desktop.gui.request.wizard import OrientationWizard
from asip_desktop.gui.shell.store_access import StoreAccess

DRAFT_VERSION = 1
SAVE_DELAY_MS = 300
log = logging.getLogger("asip_desktop.gui.draft")


class DraftKeeper(QObject):
    draft_found = Signal(dict)

    def __init__(
        self,
        store_access: StoreAccess,
        wizard: OrientationWizard,
        answers: Callable[[], dict[str, Any]] | None = None,
        level: Callable[[], int] | None = None,
        person: Callable[[], tuple[dict[str, str], str]] | None = None,
    ) -> None:
        super().__init__(wizard)  # lives and dies with the wizard
        self.store_access = store_access
        self.wizard = wizard
        # where the answers are read: the wizard, or the expert mode when it is shown
        self._answers = answers or wizard.answers
        self._level = level or wizard.level
        self._person = person or (
            lambda: (wizard.person_page.person(), wizard.person_page.referent())
        )
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        self.suspended = False  # while resuming, or while a found draft awaits a decision
        self.case_open = False  # the case keeps the request: no draft beside it
        self._looked = False
        wizard.currentIdChanged.connect(lambda *_: self.schedule())
        wizard.level_page.group.idToggled.connect(lambda *_: self.schedule())
        wizard.answer_changed.connect(self.schedule)  # pages built after start-up too
        wizard.person_page.changed.connect(self.schedule)
        wizard.restarted.connect(self._new_request)
        store_access.ready.connect(self._on_store_ready)
        if store_access.store is not None:  # the area was built after the store opened
            QTimer.singleShot(0, self.look_for_draft)

    def _on_store_ready(self, _store: object) -> None:
        self.look_for_draft()

    def _new_request(self) -> None:
        self.case_open = False
        self.discard()

    def schedule(self) -> None:
        if not self.suspended and not self.case_open:
            self.timer.start()

    def snapshot(self) -> dict[str, Any] | None:
        """What to keep, or None when nothing is typed yet."""
        answers = self._answers()
        person, referent = self._person()
        if not answers and not person and not referent:
            return None
        return {
            "version": DRAFT_VERSION,
            "level": self._level(),
            "answers": answers,
            "person": person,
            "referent": referent,
        }

    def save_now(self) -> None:
        self.timer.stop()
        store = self.store_access.store
        if store is None or self.suspended or self.case_open or not self._looked:
            return  # saved once the store is open and any old draft has been offered
        data = self.snapshot()
        if data is None:
            return
        try:
            store.save_draft(data)
        except UserError as err:  # disk full, read-only, lock: what is typed stays on screen
            log.warning("draft not saved: %s", getattr(err, "kind", type(err).__name__))
            return
        log.debug("draft saved")

    def discard(self) -> None:
        """The request goes: its draft, and the fiches typed for it (no case yet)."""
        self.timer.stop()
        store = self.store_access.store
        if store is not None:
            from asip_desktop.store.fiche_drafts import FicheDrafts

            store.discard_draft()
            FicheDrafts(store).discard_request()

    def look_for_draft(self) -> None:
        """Once the store is open: offer a draft left by a previous session, before
        anything typed since is saved over it."""
        store = self.store_access.store
        if store is None or self._looked:
            return
        self._looked = True
        draft = store.load_draft()
        if draft and draft.get("version") == DRAFT_VERSION:
            self.suspended = True  # until the agent resumes or drops it
            self.draft_found.emit(draft)
        elif self.snapshot() is not None:
            self.save_now()  # typed before the store was ready

    def resume(self, draft: dict[str, Any]) -> None:
        self.suspended = True
        try:
            self.wizard.person_page.set_values(draft.get("person", {}), draft.get("referent", ""))
            self.wizard.resume(draft.get("answers", {}), int(draft.get("level", 1)))
        finally:
            self.suspended = False
        self.save_now()

    def drop(self) -> None:
        """The agent does not want the draft found: it goes, what is typed now is kept."""
        self.suspended = False
        self.discard()
        self.schedule()
