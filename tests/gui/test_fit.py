"""Every area, page and dialog fits the counter's screens: 1024×700 and 1366×768, at
100 % and 150 % text. No horizontal scrollbar, no cut text, no window larger than
the screen's available geometry.

The offscreen screen of the test process is 800×600: the screen the application
asks for (``screen_fit.available_geometry``, which every window is fitted to when
shown) is set to the size under test, and the main window is maximised to it as
an agent would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from asip_desktop.gui.shell.text_zoom import apply_text_scale
from asip_desktop.gui.widgets import screen_fit
from asip_desktop.pin import hash_pin
from asip_desktop.settings import Settings
from tests.gui.screen_checks import fit_problems
from tests.gui.tour import AGENT, tour

SCREENS = [
    (1024, 700, 1.0),
    (1366, 768, 1.0),
    (1024, 700, 1.5),
    (1366, 768, 1.5),
]


@pytest.fixture
def text_scale(configured_qapp):
    yield apply_text_scale
    apply_text_scale(1.0)


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=lambda v: str(v))
def test_every_screen_fits(qtbot, show_window, screen, text_scale, width, height, scale):
    area = screen(width, height)
    text_scale(scale)
    window = show_window(settings=Settings(agent=AGENT, pin_hash=hash_pin("4821")))
    window.resize(area.size())
    screen_fit.fit_to_screen(window)  # the frame inside the screen, as maximised
    problems: dict[str, list[str]] = {}
    seen: list[str] = []

    def visit(name: str, top: QWidget) -> None:
        seen.append(name)
        found = fit_problems(top, area)
        if found:
            problems[name] = found

    tour(window, visit)
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    # the tour really went everywhere: every area, the dialogs, the question pages
    for name in ("niveau", "resultat", "pourquoi", "fiche-liaison", "envoi-securise",
                 "fiche-detection", "feuille-orientation", "expert", "identite",
                 "dossiers-1", "dossier", "clore-dossier", "recepisse-purge",
                 "signaler-dysfonctionnement", "annuaires-3", "import-annuaire",
                 "indicateurs", "parametres", "verrou"):  # fmt: skip
        assert name in seen
    asked = [n for n in seen if n.startswith("question-")]
    assert len(asked) == len(window.engine.rules.questions)


def test_a_dialog_taller_than_the_screen_opens_inside_it(qtbot, configured_qapp, screen):
    area = screen(1024, 700)
    screen_fit.install_screen_fit(configured_qapp)  # as the main window does once ready
    dialog = QDialog()
    qtbot.addWidget(dialog)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(QLabel("\n".join(f"ligne {i}" for i in range(200))))
    QVBoxLayout(dialog).addWidget(scroll)
    dialog.resize(900, 1200)
    dialog.move(300, 200)
    dialog.show()
    assert dialog.frameGeometry().height() <= 700
    assert area.contains(dialog.frameGeometry())
    assert dialog.maximumHeight() <= 700


def test_the_checker_sees_a_horizontal_scrollbar_and_cut_text(qtbot, configured_qapp):
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    scroll = QScrollArea()
    scroll.setWidget(QLabel("x" * 400))
    layout.addWidget(scroll)
    cut = QLabel("un texte bien trop long pour la place qui lui est laissée")
    cut.setObjectName("cut")
    cut.setMinimumWidth(1)
    cut.setMaximumWidth(40)
    layout.addWidget(cut)
    host.resize(300, 200)
    host.show()
    qtbot.waitExposed(host)
    found = fit_problems(host, QRect(0, 0, 250, 800))
    assert any(p.startswith("window ") and "larger than" in p for p in found), found
    assert any(p.startswith("horizontal scrollbar") for p in found), found
    assert any(p.startswith("text cut: QLabel 'cut'") for p in found), found


def test_a_fiche_and_its_preview_stack_when_they_cannot_sit_side_by_side(qtbot, configured_qapp):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from asip_desktop.gui.widgets.adaptive_splitter import AdaptiveSplitter
    from asip_desktop.gui.widgets.flow_layout import FlowLayout

    dialog = QDialog()  # as in a fiche: the splitter in the dialog's layout
    qtbot.addWidget(dialog)
    splitter = AdaptiveSplitter()
    QVBoxLayout(dialog).addWidget(splitter)
    for _ in range(2):
        pane = QLabel("x")
        pane.setMinimumWidth(300)
        splitter.addWidget(pane)
    dialog.resize(760, 500)  # within the test session's 800×600 screen
    dialog.show()
    qtbot.waitExposed(dialog)
    assert splitter.orientation() == Qt.Orientation.Horizontal
    assert dialog.minimumSizeHint().width() < 450  # the window may be that narrow
    dialog.resize(450, 500)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Vertical)
    dialog.resize(760, 500)
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)

    row = QWidget()
    qtbot.addWidget(row)
    flow = FlowLayout(row)
    buttons = [QPushButton(f"Bouton numéro {i}") for i in range(5)]
    for button in buttons:
        flow.addWidget(button)
    row.resize(row.sizeHint().width() // 2, flow.heightForWidth(row.sizeHint().width() // 2))
    row.show()
    qtbot.waitExposed(row)
    assert {b.y() for b in buttons} != {buttons[0].y()}  # wrapped onto a second line
    assert all(b.width() >= b.sizeHint().width() for b in buttons)  # no text cut
    assert fit_problems(row, QRect(0, 0, 2000, 2000)) == []
