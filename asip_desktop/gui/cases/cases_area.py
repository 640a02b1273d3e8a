"""The « Dossiers » area: the lists, a case's page, closing with a purge preview and
its receipt, and the malfunction report from an overdue case.

For the rest of the window: ``refresh()`` after a case was saved elsewhere (the
wizard), ``open_case(case_id)`` to show a case's page.

On a team base a case is read in a worker thread (``ServerCall``): the list says
« Ouverture du dossier… » and the agent may go to another area meanwhile; the page
shows when the case arrives. Opening another case meanwhile replaces the first: only
the last one asked for is shown (the earlier read ends on its own, unused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.shell.store_area import StoreArea
from asip_desktop.gui.widgets.server_call import ServerCall
from asip_desktop.settings import AgentProfile

# The lists, the page (PDF preview) and the dialogs are imported when the store is
# open, not with the main window: the first paint stays fast.
if TYPE_CHECKING:
    from asip_desktop.gui.cases.case_list import CaseList
    from asip_desktop.gui.cases.case_page import CasePage
    from asip_desktop.gui.cases.close_case_dialog import CloseCaseDialog, ReceiptDialog
    from asip_desktop.gui.cases.transfer_dialog import TransferDialog, TransferOffer
    from asip_desktop.gui.shell.dysfunction_report import DysfunctionDialog
    from asip_desktop.store.store import Store


REFRESH_MS = 60_000  # the lists and the side bar's count follow the clock


class CasesArea(StoreArea):
    due_count_changed = Signal(int)  # deadlines overdue or due today, for the side bar

    def __init__(
        self,
        access: StoreAccess,
        rules: RuleSet,
        agent: Callable[[], AgentProfile] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.rules = rules
        self.agent = agent or AgentProfile  # the agent's name gives the sender's address
        self.list: CaseList | None = None
        self.page: CasePage | None = None
        self.close_dialog: CloseCaseDialog | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self.refusal_box: QMessageBox | None = None
        self.report_dialog: DysfunctionDialog | None = None
        self.transfer_offer: TransferOffer | None = None  # a permanence laptop only
        self.transfer_dialog: TransferDialog | None = None
        self.opening: int | None = None  # the case being read in a worker (team base)
        super().__init__(access, "Dossiers", parent)

    def build(self, store: Store) -> QWidget:
        from asip_desktop.gui.cases.case_list import CaseList

        self.pages = QStackedWidget()
        self.list = CaseList(store, self.rules)
        self.pages.addWidget(self.list)
        content: QWidget = self.pages
        if getattr(store, "kind", "locale") != "equipe":  # a permanence laptop's banner
            from asip_desktop.gui.cases.transfer_dialog import TransferOffer

            self.transfer_offer = TransferOffer(store)
            self.transfer_offer.transfer_requested.connect(self.ask_transfer)
            content = QWidget()
            column = QVBoxLayout(content)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.transfer_offer)
            column.addWidget(self.pages, 1)
            self.transfer_offer.check()
        self.list.open_requested.connect(self.open_case)
        self.list.due_count_changed.connect(self.due_count_changed)
        if self.list.due_count:
            self.due_count_changed.emit(self.list.due_count)
        self.clock = QTimer(self)  # deadlines fall due while the window stays open
        self.clock.setInterval(REFRESH_MS)
        self.clock.timeout.connect(self._tick)
        self.clock.start()
        return content

    def ask_transfer(self) -> TransferDialog | None:
        """The permanence laptop's transfer (window-modal); the lists follow."""
        offer = self.transfer_offer
        if offer is None or offer.team is None or self.store is None:
            return None
        from asip_desktop.gui.cases.transfer_dialog import TransferDialog

        dialog = TransferDialog(self.store, offer.team, self)
        dialog.transferred.connect(self.show_list)
        dialog.finished.connect(offer.check)
        self.transfer_dialog = dialog
        dialog.open()
        return dialog

    def _tick(self) -> None:
        if self.list is not None and self.window().isVisible():  # not after the window closed
            self.list.refresh()

    @property
    def due_count(self) -> int:
        return 0 if self.list is None else self.list.due_count

    def _case_page(self) -> CasePage:
        """The case page, built when a case is first opened (it loads the PDF preview)."""
        if self.page is None:
            assert self.store is not None and self.list is not None
            from asip_desktop.gui.cases.case_page import CasePage

            self.page = CasePage(self.store, self.rules, self.agent, pending=self.access.pending)
            self.pages.addWidget(self.page)
            self.page.back_requested.connect(self.show_list)
            self.page.changed.connect(self.list.refresh)
            self.page.close_requested.connect(self.ask_close)
            self.page.report_requested.connect(self.report_dysfunction)
        return self.page

    # --- navigation ----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the store (after the wizard saved or changed a case)."""
        if self.list is None:
            return
        self.list.refresh()
        if (
            self.page is not None
            and self.pages.currentWidget() is self.page
            and self.page.case_id is not None
        ):
            if self._team():
                self.open_case(self.page.case_id)  # read in a worker, shown when it comes
                return
            try:
                self.page.refresh()
            except UserError:  # the case was closed elsewhere
                self.show_list()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # deadlines pass while the window stays open
        if self.transfer_offer is not None:
            self.transfer_offer.check()  # back on the CDAS network?

    def _team(self) -> bool:
        return getattr(self.store, "kind", "locale") == "equipe"

    def open_case(self, case_id: int) -> None:
        """Show the page of an open case (a team base's case: once read, in a worker)."""
        if self.list is None:
            return
        page = self._case_page()
        if not self._team():
            page.show_case(case_id)
            self._show_page()
            return
        assert self.store is not None
        cases = self.store.cases
        self.opening = case_id  # an earlier opening still running is not shown
        self.list.say_opening(True)
        call = ServerCall(lambda: cases.get(case_id))
        call.answered.connect(lambda outcome: self._opened(case_id, outcome))
        call.begin()

    def _opened(self, case_id: int, outcome: object) -> None:
        if case_id != self.opening or self.list is None or self.page is None:
            return  # another case was asked for meanwhile
        self.opening = None
        self.list.say_opening(False)
        if isinstance(outcome, UserError):  # away (the banner), or closed elsewhere
            from asip_desktop.gui.shell.pending_saves import is_unreachable

            self.list.say_not_read(outcome)
            shown = self.pages.currentWidget() is self.page and self.page.case_id == case_id
            if shown and not is_unreachable(outcome):
                self.show_list()  # the case went; a page read before stays while away
            return
        self.page.show_detail(outcome)  # type: ignore[arg-type]
        self._show_page(focus=self.isVisible())

    def _show_page(self, focus: bool = True) -> None:
        assert self.page is not None
        self.pages.setCurrentWidget(self.page)
        if focus:  # not taken from the area the agent went to meanwhile
            self.page.back_button.setFocus()

    def show_list(self) -> None:
        if self.list is None:
            return
        if self.page is not None:
            self.page.keep_note_draft()
        self.list.refresh()
        self.pages.setCurrentWidget(self.list)
        self.list.current_table().setFocus()

    def focus_first(self) -> None:
        """When the area is the first one shown: the search box has the focus."""
        if self.list is not None and self.pages.currentWidget() is self.list:
            self.list.focus_search()

    # --- closing = purging ---------------------------------------------------

    def ask_close(self, case_id: int) -> CloseCaseDialog | None:
        """Open the purge preview (window-modal); confirming purges the case."""
        if self.store is None:
            return None
        from asip_desktop.gui.cases.close_case_dialog import CloseCaseDialog

        cases = self.store.cases
        dialog = CloseCaseDialog(
            cases.purge_preview(case_id), cases.saved_copies(case_id), self.rules, self
        )
        dialog.accepted.connect(lambda: self._close(case_id, dialog))
        self.close_dialog = dialog
        dialog.open()
        return dialog

    def _close(self, case_id: int, dialog: CloseCaseDialog) -> None:
        assert self.store is not None
        from asip_desktop.gui.cases.close_case_dialog import ReceiptDialog
        from asip_desktop.store.cases import CopiesNotDeleted

        # the store deletes the ticked copies and forgets a path only once its file is gone
        try:
            receipt = self.store.cases.close(case_id, keep_copies=dialog.files_to_keep())
        except CopiesNotDeleted as err:
            self._refused(err.message + "\n\n" + "\n".join(str(p) for p in err.problems))
            return
        except UserError as err:  # disk full, read-only file, base busy, damaged page
            self._refused(str(err))
            return
        if self.page is not None:
            self.page.case = None  # its note being typed goes with the purge
            self.page.note_drafts.pop(case_id, None)
        self.access.pending.forget_case(case_id)  # what waited for the base, too
        self.show_list()
        self.receipt_dialog = ReceiptDialog(receipt, [], self)
        self.receipt_dialog.open()

    def _refused(self, text: str) -> None:
        """The case was not closed: say why, in a window that does not block."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Dossier non clos", text, parent=self)
        self.refusal_box = box
        box.open()

    # --- malfunction report --------------------------------------------------

    def report_dysfunction(self, case_id: int) -> DysfunctionDialog | None:
        if self.store is None:
            return None
        from asip_desktop.gui.shell.dysfunction_report import DysfunctionDialog

        case = self.store.cases.get(case_id)
        now = self.store.now()
        late = [d.kind for d in case.deadlines if d.done_at is None and d.due_at < now]
        dialog = DysfunctionDialog(self.store, case.summary.cdas, late[0] if late else None, self)
        dialog.setModal(True)
        self.report_dialog = dialog
        dialog.open()
        return dialog
