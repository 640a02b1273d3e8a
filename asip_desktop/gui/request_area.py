"""« Nouvelle demande »: the wizard, or the one-page expert mode, same answers."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from asip_desktop.core.engine import Engine
from asip_desktop.gui.expert_view import ExpertView
from asip_desktop.gui.question_page import QuestionPage
from asip_desktop.gui.wizard import OrientationWizard


class RequestArea(QWidget):
    def __init__(self, engine: Engine, level: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.wizard = OrientationWizard(engine, level)
        self._expert: ExpertView | None = None
        self.expert_toggle = QCheckBox("Mode &expert : toutes les questions sur une page")
        self.expert_toggle.setAccessibleName("Mode expert")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wizard)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.expert_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.expert_toggle.toggled.connect(self.set_expert)

    @property
    def expert(self) -> ExpertView:
        """Built on first use: most requests never need it."""
        if self._expert is None:
            self._expert = ExpertView(self.engine)
            self.stack.addWidget(self._expert)
        return self._expert

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

    def current_page_is_question(self) -> bool:
        return isinstance(self.wizard.currentPage(), QuestionPage)
