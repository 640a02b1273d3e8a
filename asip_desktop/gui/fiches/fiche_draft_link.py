"""A fiche dialog opened for a request keeps what is typed as a draft in the
encrypted store (``store.fiche_drafts``), offers it again when the fiche is
reopened, and lets the dialog close without losing anything."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from asip_desktop.gui.fiches.form_dialog import FormDialog

if TYPE_CHECKING:
    from asip_desktop.gui.cases.case_session import CaseSession
    from asip_desktop.store.fiche_drafts import FicheDrafts

SAVE_DELAY_MS = 400
log = logging.getLogger("asip_desktop.gui.fiche_draft")


def saved_on(iso: str) -> str:
    """« le 10/03/2026 à 10:30 », local time."""
    moment = dt.datetime.fromisoformat(iso).astimezone()
    return f"le {moment:%d/%m/%Y à %H:%M}"


class FicheDraftLink(QObject):
    def __init__(self, dialog: FormDialog, form_id: str, session: CaseSession) -> None:
        super().__init__(dialog)  # lives and dies with the dialog
        self.dialog = dialog
        self.form_id = form_id
        self.session = session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.keep)
        dialog.editor.changed.connect(self._changed)
        dialog.keeper = self.keep
        dialog.draft_dropped = self.drop
        drafts = self.drafts()
        found = drafts.load(form_id, session.case_id) if drafts is not None else None
        if found is not None and found[0] != dialog.editor.values():
            dialog.offer_draft(found[0], saved_on(found[1]))

    def drafts(self) -> FicheDrafts | None:
        store = self.session.store_access.open_now()  # None when it cannot be opened
        if store is None:
            return None
        from asip_desktop.store.fiche_drafts import FicheDrafts

        return FicheDrafts(store)

    def _changed(self) -> None:
        if not self.dialog.draft_bar.isVisible():  # a found draft waits for a decision
            self.timer.start()

    def keep(self) -> bool:
        """Save what is typed now; False when the store is not open."""
        self.timer.stop()
        drafts = self.drafts()
        if drafts is None:
            return False
        if self.dialog.draft_bar.isVisible():
            return True  # the draft found is still there (the fields wait for a decision)
        if self.dialog.has_typing():
            drafts.save(self.form_id, self.dialog.editor.values(), self.session.case_id)
            log.debug("fiche draft saved")
        return True

    def drop(self) -> None:
        drafts = self.drafts()
        if drafts is not None:
            drafts.discard(self.form_id, self.session.case_id)
