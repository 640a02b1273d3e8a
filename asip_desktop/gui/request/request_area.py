"""« Nouvelle demande »: the wizard, or the one-page expert mode, same answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.engine import Engine
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_session import CaseSession
from asip_desktop.gui.request.draft_keeper import DraftKeeper
from asip_desktop.gui.request.wizard import OrientationWizard
from asip_desktop.gui.shell.pending_saves import is_unreachable
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets.confirm_loss import ask_before_losing
from asip_desktop.settings import AgentProfile

if TYPE_CHECKING:  # imported on first use: it reads the partners' file (yaml, ~28 ms)
    from asip_desktop.gui.request.expert_view import ExpertView


class RequestArea(QWidget):
    def __init__(
        self,
        engine: Engine,
        level: int = 1,
        store_access: StoreAccess | None = None,
        agent: Callable[[], AgentProfile] = AgentProfile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.wizard = OrientationWizard(engine, level)
        self._expert: ExpertView | None = None
        self.session = CaseSession(store_access or StoreAccess(), self.wizard, agent)
        result_page = self.wizard.result_page
        result_page.forms_bar.prefill_provider = self.session.prefill
        result_page.forms_bar.dialog_opened.connect(self._link_dialog)
        result_page.case_button.clicked.connect(self.open_case)
        self.wizard.restarted.connect(self.session.reset)
        self.wizard.restarted.connect(self._forget_pending)
        self.wizard.loss_description = self._what_restart_loses
        self.drafts = DraftKeeper(
            self.session.store_access,
            self.wizard,
            self._current_answers,
            self._current_level,
            self._current_person,
        )
        self.drafts.draft_found.connect(self._offer_resume)
        self.session.case_opened.connect(self._case_opened)
        self.wizard.result_ready.connect(self._result_shown)
        self._found_draft: dict[str, Any] | None = None
        self.confirm_box: QMessageBox | None = None
        self._watched: QWidget | None = None
        self.expert_toggle = QCheckBox("Mode &expert : toutes les questions sur une page")
        self.expert_toggle.setAccessibleName("Mode expert")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wizard)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.expert_toggle)
        self.resume_bar = QFrame()
        self.resume_bar.setObjectName("reprise")
        self.resume_bar.setFrameShape(QFrame.Shape.StyledPanel)
        bar = QHBoxLayout(self.resume_bar)
        self.resume_label = QLabel(
            "Une demande en cours de saisie a été retrouvée (l'application a été fermée "
            "avant la fin). Voulez-vous la reprendre ?"
        )
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton("Repre&ndre la demande")
        self.drop_button = QPushButton("&Abandonner")
        bar.addWidget(self.resume_label, 1)
        bar.addWidget(self.resume_button)
        bar.addWidget(self.drop_button)
        self.resume_bar.hide()
        self.resume_button.clicked.connect(self.resume_draft)
        self.drop_button.clicked.connect(self.drop_draft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.resume_bar)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.expert_toggle.toggled.connect(self.set_expert)

    @property
    def expert(self) -> ExpertView:
        """Built on first use: most requests never need it."""
        if self._expert is None:
            from asip_desktop.gui.request.expert_view import ExpertView

            self._expert = ExpertView(self.engine)
            self.stack.addWidget(self._expert)
            self._expert.result_changed.connect(lambda *_: self.drafts.schedule())
            self._expert.person.changed.connect(self.drafts.schedule)
            self._expert.continue_requested.connect(lambda: self.set_expert(False))
        return self._expert

    def _current_answers(self) -> dict[str, Any]:
        """The answers of the mode shown (the draft follows the expert mode too)."""
        return self.expert.answers() if self.expert_mode else self.wizard.answers()

    def _current_person(self) -> tuple[dict[str, str], str]:
        page = self.expert.person if self.expert_mode else self.wizard.person_page
        return page.person(), page.referent()

    def _current_level(self) -> int:
        return self.expert.level() if self.expert_mode else self.wizard.level()

    @property
    def expert_mode(self) -> bool:
        return self._expert is not None and self.stack.currentWidget() is self._expert

    def set_expert(self, on: bool) -> None:
        """Switch modes, keeping every answer typed so far."""
        if on == self.expert_mode:
            return
        person_page = self.wizard.person_page
        if on:
            self.expert.person.set_values(person_page.person(), person_page.referent())
            self.expert.load_answers(self.wizard.answers(), self.wizard.level())
            self.stack.setCurrentWidget(self.expert)
        else:
            person_page.set_values(self.expert.person.person(), self.expert.person.referent())
            self.wizard.resume(self.expert.answers(), self.expert.level())
            self.stack.setCurrentWidget(self.wizard)
        if self.expert_toggle.isChecked() != on:
            self.expert_toggle.setChecked(on)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched:
            window.installEventFilter(self)  # to keep what is typed when it closes
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closes (end of the day, a crash dialog, the title bar's cross):
        keep what is typed now, before the store closes, not 300 ms later."""
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.keep_typing()
        return False

    def keep_typing(self) -> None:
        self.drafts.save_now()
        for dialog in self.wizard.result_page.forms_bar.dialogs.values():
            keep = getattr(dialog, "keeper", None)
            if callable(keep):
                keep()

    def in_progress(self) -> bool:
        """A request is being qualified: something typed or shown that belongs to it
        (newer rules wait for its end, gui/shell/rules_arrival.py)."""
        wizard = self.wizard
        return (
            self.session.case_id is not None
            or not self.resume_bar.isHidden()
            or wizard.currentId() != wizard.startId()
            or self._what_restart_loses() is not None
        )

    def focus_first(self) -> None:
        """Keyboard users start typing at once."""
        page = self.wizard.currentPage()
        focus = getattr(page, "focus_first", None)
        if callable(focus):
            focus()

    def open_case(self) -> int | None:
        status = self.wizard.result_page.case_status
        pending = self.session.store_access.pending
        try:
            case_id, number = self.session.open_case()
        except UserError as err:
            status.setText(f"Dossier non ouvert : {err}")
            if is_unreachable(err):  # the wizard and its encrypted draft keep the request
                label = "la demande en cours (« Nouvelle demande »)"
                pending.offer("demande", label, self.open_case)
            return None
        pending.done("demande")
        status.setText(f"Dossier {number} ouvert : son suivi est dans « Dossiers ».")
        self.wizard.result_page.case_button.setEnabled(False)
        return case_id

    def _case_opened(self, case_id: int, *_: object) -> None:
        self.drafts.case_open = True  # the case holds the request now
        self.drafts.timer.stop()
        store = self.session.store_access.store
        if store is not None:  # the fiches being typed now belong to the case
            from asip_desktop.store.fiche_drafts import FicheDrafts

            FicheDrafts(store).attach_to_case(case_id)

    def _what_restart_loses(self) -> str | None:
        """What « Terminer » or « Recommencer » would destroy, or None."""
        if self.session.case_id is not None:
            return None  # the case keeps the answers, the identity and the fiches
        answers = self._current_answers()
        person = any(self._current_person())
        store = self.session.store_access.store
        fiches: list[str] = []
        if store is not None:
            from asip_desktop.store.fiche_drafts import FicheDrafts

            fiches = FicheDrafts(store).forms_with_draft()
        if not answers and not person and not fiches:
            return None
        lost = ["les réponses"] if answers else []
        if person:
            lost.append("l'identité saisie")
        lost += [
            f"la {self.engine.rules.forms[f].split(' (')[0].lower()} en cours de saisie"
            for f in fiches
            if f in self.engine.rules.forms
        ]
        what = ", ".join(lost[:-1]) + (" et " if len(lost) > 1 else "") + lost[-1]
        return (
            f"Aucun dossier n'a été ouvert pour cette demande : {what} seront effacées de ce poste."
        )

    def _result_shown(self, *_: object) -> None:
        """Back on the result after the case was opened: the case follows the identity
        typed since, and the page says the case is open."""
        if self.session.case_id is None:
            return
        pending = self.session.store_access.pending
        try:
            self.session.sync_person()
        except UserError as err:
            self.wizard.result_page.case_status.setText(f"Dossier non mis à jour : {err}")
            if is_unreachable(err):  # the identity typed stays in the wizard
                label = f"l'identité du dossier {self.session.case_number} (« Nouvelle demande »)"
                pending.offer("identite-demande", label, self._result_shown)
            return
        pending.done("identite-demande")
        self.wizard.result_page.case_button.setEnabled(False)
        self.wizard.result_page.case_status.setText(
            f"Dossier {self.session.case_number} ouvert (identité mise à jour) : son suivi est "
            "dans « Dossiers ». Les réponses enregistrées sont celles de l'ouverture."
        )

    def _forget_pending(self) -> None:
        """A new request (asked first when something would be lost): the previous
        request's refused saves are not offered again for the new one."""
        pending = self.session.store_access.pending
        pending.done("demande")
        pending.done("identite-demande")

    def _offer_resume(self, draft: dict[str, Any]) -> None:
        self._found_draft = draft
        self.resume_bar.show()

    def resume_draft(self) -> None:
        if self._found_draft is not None:
            self.set_expert(False)
            self.drafts.resume(self._found_draft)
        self._found_draft = None
        self.resume_bar.hide()

    def drop_draft(self) -> None:
        """« Abandonner » the request found: asked first, it is destroyed."""
        self.confirm_box = ask_before_losing(
            self,
            "Abandonner la demande retrouvée ?",
            "Les réponses, l'identité et les fiches en cours de saisie de la demande retrouvée "
            "seront effacées de ce poste.",
            "Abandonner et &effacer",
            self._drop_found_draft,
        )

    def _drop_found_draft(self) -> None:
        self._found_draft = None
        self.resume_bar.hide()
        self.drafts.drop()

    def _link_dialog(self, key: str, dialog: QWidget) -> None:
        # imported on first use: the fiches pull in reportlab and pypdfium2
        from asip_desktop.gui.fiches.case_form_link import link_form_dialog
        from asip_desktop.gui.fiches.form_dialog import FormDialog

        if isinstance(dialog, FormDialog):
            link_form_dialog(dialog, key, self.session)
