"""« Nouvelle demande »: the wizard, or the one-page expert mode, same answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.engine import Engine
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_session import CaseSession
from asip_desktop.gui.request.draft_keeper import DraftKeeper
from asip_desktop.gui.request.expert_view import ExpertView
from asip_desktop.gui.request.wizard import OrientationWizard
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.settings import AgentProfile


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
        self.drafts = DraftKeeper(
            self.session.store_access, self.wizard, self._current_answers, self._current_level
        )
        self.drafts.draft_found.connect(self._offer_resume)
        self.session.case_opened.connect(self._case_opened)
        self.wizard.result_ready.connect(self._result_shown)
        self._found_draft: dict[str, Any] | None = None
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
            self._expert = ExpertView(self.engine)
            self.stack.addWidget(self._expert)
            self._expert.result_changed.connect(lambda *_: self.drafts.schedule())
        return self._expert

    def _current_answers(self) -> dict[str, Any]:
        """The answers of the mode shown (the draft follows the expert mode too)."""
        return self.expert.answers() if self.expert_mode else self.wizard.answers()

    def _current_level(self) -> int:
        return self.expert.level() if self.expert_mode else self.wizard.level()

    @property
    def expert_mode(self) -> bool:
        return self._expert is not None and self.stack.currentWidget() is self._expert

    def set_expert(self, on: bool) -> None:
        """Switch modes, keeping every answer typed so far."""
        if on == self.expert_mode:
            return
        if on:
            self.expert.load_answers(self.wizard.answers(), self.wizard.level())
            self.stack.setCurrentWidget(self.expert)
        else:
            self.wizard.resume(self.expert.answers(), self.expert.level())
            self.stack.setCurrentWidget(self.wizard)
        if self.expert_toggle.isChecked() != on:
            self.expert_toggle.setChecked(on)

    def focus_first(self) -> None:
        """Keyboard users start typing at once."""
        page = self.wizard.currentPage()
        focus = getattr(page, "focus_first", None)
        if callable(focus):
            focus()

    def open_case(self) -> int | None:
        status = self.wizard.result_page.case_status
        try:
            case_id, number = self.session.open_case()
        except UserError as err:
            status.setText(f"Dossier non ouvert : {err}")
            return None
        status.setText(f"Dossier {number} ouvert : son suivi est dans « Dossiers ».")
        self.wizard.result_page.case_button.setEnabled(False)
        return case_id

    def _case_opened(self, *_: object) -> None:
        self.drafts.case_open = True  # the case holds the request now
        self.drafts.timer.stop()

    def _result_shown(self, *_: object) -> None:
        """Back on the result after the case was opened: the case follows the identity
        typed since, and the page says the case is open."""
        if self.session.case_id is None:
            return
        try:
            self.session.sync_person()
        except UserError as err:
            self.wizard.result_page.case_status.setText(f"Dossier non mis à jour : {err}")
            return
        self.wizard.result_page.case_button.setEnabled(False)
        self.wizard.result_page.case_status.setText(
            f"Dossier {self.session.case_number} ouvert (identité mise à jour) : son suivi est "
            "dans « Dossiers ». Les réponses enregistrées sont celles de l'ouverture."
        )

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
        self._found_draft = None
        self.resume_bar.hide()
        self.drafts.drop()

    def _link_dialog(self, key: str, dialog: QWidget) -> None:
        # imported on first use: the fiches pull in reportlab and pypdfium2
        from asip_desktop.gui.fiches.case_form_link import link_form_dialog
        from asip_desktop.gui.fiches.form_dialog import FormDialog

        if isinstance(dialog, FormDialog):
            link_form_dialog(dialog, key, self.session)
