"""The main window: a navigation of the areas and the area shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from asip_desktop import APP_NAME
from asip_desktop.core.engine import Engine
from asip_desktop.gui.directory_view import DirectoryView
from asip_desktop.gui.placeholder import Placeholder
from asip_desktop.gui.wizard import OrientationWizard

AreaFactory = Callable[["MainWindow"], QWidget]


def _areas() -> list[tuple[str, str, AreaFactory]]:
    return [
        ("demande", "Nouvelle demande", lambda w: OrientationWizard(w.engine)),
        (
            "dossiers",
            "Dossiers",
            lambda w: Placeholder(
                "Dossiers",
                "Le suivi des dossiers (stockage chiffré, délais, clôture avec purge) "
                "n'est pas encore disponible dans cette version.",
            ),
        ),
        ("annuaires", "Annuaires", lambda w: DirectoryView()),
        (
            "indicateurs",
            "Indicateurs",
            lambda w: Placeholder(
                "Indicateurs",
                "Les indicateurs de la convention (signalements par CDAS, fiches de détection, "
                "orientations) ne sont pas encore disponibles dans cette version.",
            ),
        ),
        (
            "parametres",
            "Paramètres",
            lambda w: Placeholder(
                "Paramètres",
                "Le profil de l'agent, le verrouillage et la conservation des données ne sont "
                "pas encore réglables dans cette version.",
            ),
        ),
    ]


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine | None = None) -> None:
        super().__init__()
        self.engine = engine or Engine.load()
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.areas: dict[str, QWidget] = {}
        for index, (key, title, factory) in enumerate(_areas()):
            widget = factory(self)
            widget.setObjectName(f"area-{key}")
            self.areas[key] = widget
            self.stack.addWidget(widget)
            self.nav.addItem(title)
            QShortcut(
                QKeySequence(f"Ctrl+{index + 1}"),
                self,
                activated=lambda i=index: self.nav.setCurrentRow(i),
            )
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def wizard(self) -> OrientationWizard:
        widget = self.areas["demande"]
        assert isinstance(widget, OrientationWizard)
        return widget

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.areas).index(key))
