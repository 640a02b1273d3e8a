"""The request being typed is kept in the encrypted store as it is typed, so a
crash or a power cut at the counter loses nothing; reopening the app offers
to resume it."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from asip_desktop.gui.store_access import StoreAccess
from asip_desktop.gui.wizard import LEVEL_PAGE_ID, OrientationWizard

DRAFT_VERSION = 1
SAVE_DELAY_MS = 300
log = logging.getLogger("asip_desktop.gui.draft")


class DraftKeeper(QObject):
    draft_found = Signal(dict)

    def __init__(self, store_access: StoreAccess, wizard: OrientationWizard) -> None:
        super().__init__(wizard)  # lives and dies with the wizard
        self.store_access = store_access
        self.wizard = wizard
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_now)
        self.suspended = False
        wizard.currentIdChanged.connect(lambda *_: self.schedule())
        wizard.level_page.group.idToggled.connect(lambda *_: self.schedule())
        for page in wizard.question_pages.values():
            page.answer.changed.connect(self.schedule)
        wizard.person_page.changed.connect(self.schedule)
        wizard.restarted.connect(self.discard)
        store_access.ready.connect(self._on_store_ready)

    def _on_store_ready(self, _store: object) -> None:
        self.look_for_draft()

    def schedule(self) -> None:
        if not self.suspended:
            self.timer.start()

    def snapshot(self) -> dict[str, Any] | None:
        """What to keep, or None when nothing is typed yet."""
        answers = self.wizard.answers()
        person = self.wizard.person_page.person()
        referent = self.wizard.person_page.referent()
        if not answers and not person and not referent:
            return None
        return {
            "version": DRAFT_VERSION,
            "level": self.wizard.level(),
            "answers": answers,
            "person": person,
            "referent": referent,
        }

    def save_now(self) -> None:
        store = self.store_access.store
        if store is None:
            return  # saved as soon as the store opens (look_for_draft keeps a found one)
        data = self.snapshot()
        if data is None:
            return
        store.save_draft(data)
        log.debug("draft saved")

    def discard(self) -> None:
        self.timer.stop()
        if self.store_access.store is not None:
            self.store_access.store.discard_draft()

    def look_for_draft(self) -> None:
        """Once the store is open: offer a draft left by a previous session."""
        store = self.store_access.store
        if store is None:
            return
        draft = store.load_draft()
        untouched = self.wizard.currentId() == LEVEL_PAGE_ID and self.snapshot() is None
        if draft and draft.get("version") == DRAFT_VERSION and untouched:
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
