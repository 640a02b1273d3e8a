"""Every interactive widget of every area has an accessible name or a buddy label."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.gui.driver import walk_by_mouse

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue  # a button's own text is its accessible name
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if widget.objectName().startswith("qt_"):  # Qt's private sub-widgets
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_area_and_wizard_page(qtbot, window):
    seen = []
    for key in window.areas:
        window.show_area(key)
        assert unnamed_widgets(window) == [], key
        seen.append(key)
    window.show_area("demande")
    wizard = window.wizard
    answers = {
        "demande": "accompagnement_social",
        "urgences": ["protection_enfance"],
        "protection_enfance_connue_cdas": False,
        "accompagnement_en_cours": "aucun",
        "sante": {
            "lien_sante": True,
            "statut": "salarie_regime_general",
            "arret_travail": True,
            "risque_emploi": False,
            "rupture_sante": True,
        },
        "autonome": True,
    }
    assert unnamed_widgets(window) == []
    pages = walk_by_mouse(qtbot, wizard, answers, 2)
    assert len(pages) == 10
    for page_id in wizard.visitedIds():
        wizard.page(page_id).setVisible(True)
        assert unnamed_widgets(wizard.page(page_id)) == [], page_id
    assert unnamed_widgets(window) == []
    window.request_area.set_expert(True)
    assert unnamed_widgets(window) == []
    window.privacy.lock()
    assert unnamed_widgets(window) == []
    assert seen == list(window.areas)


def test_why_dialog_explains_with_references_and_version(qtbot, window):
    walk_by_mouse(
        qtbot,
        window.wizard,
        {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"},
        1,
    )
    dialog = window.wizard.result_page.show_why()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Volet I, §2" in text and "Annexe 1" in text
    assert f"version {window.engine.rules.version}" in text
    assert window.engine.rules.sha256 in text
    assert "retraite_urgente" in text
    assert unnamed_widgets(dialog) == []


def test_the_checker_finds_an_unnamed_field(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    named, unnamed, buddied = QLineEdit(), QLineEdit(), QLineEdit()
    named.setAccessibleName("Nom")
    unnamed.setObjectName("orphan")
    label = QLabel("&Téléphone")
    label.setBuddy(buddied)
    for w in (named, unnamed, label, buddied):
        layout.addWidget(w)
    host.show()
    assert unnamed_widgets(host) == ["QLineEdit 'orphan'"]
