"""Counter paths: screens, clicks and keys from « Nouvelle demande » to the orientation.

    python benchmarks/counter_paths.py

Drives the real main window offscreen (temp data dir, SQLCipher store, in-memory key)
through the six situations of issue 11, once by mouse and once by keyboard only, and
prints for each: the screens shown (wizard pages, expert view, dialogs), the mouse
clicks and the key presses. Answers the rules ask for and the situation does not give
take the question's default (or « Non » / the first choice), and are listed.
Nothing is asserted: these are figures to compare before and after a change.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget, QWizard

from asip_desktop import config
from asip_desktop.core.answers import get_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.gui.shell.app import configure_application
from asip_desktop.gui.shell.main_window import MainWindow
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.settings import AgentProfile, Settings
from tests.support.memory_keyring import MemoryKeyring

SITUATIONS: list[tuple[str, int, dict[str, Any]]] = [
    (
        "retraite urgente, 1er niveau",
        1,
        {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_ressources"},
    ),
    (
        "aide au dossier retraite, 1er niveau",
        1,
        {"demande": "droits_retraite", "urgences": [], "retraite": "aide_constitution_dossier"},
    ),
    (
        "arrêt maladie PDP non autonome, 2e niveau",
        2,
        {
            "demande": "accompagnement_social",
            "urgences": [],
            "accompagnement_en_cours": "aucun",
            "sante": {
                "lien_sante": True,
                "statut": "salarie_regime_general",
                "arret_travail": True,
                "risque_emploi": True,
            },
            "autonome": False,
        },
    ),
    (
        "urgence alimentaire, enfants connus du CDAS",
        1,
        {
            "demande": "accompagnement_social",
            "urgences": ["aide_alimentaire", "protection_enfance"],
            "protection_enfance_connue_cdas": True,
            "accompagnement_en_cours": "aucun",
            "sante": {"lien_sante": False},
        },
    ),
]
EXPERT = SITUATIONS[2]  # the expert mode walks the level-2 health situation


class Counter:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.clicks = 0
        self.keys = 0
        self.screens = 0
        self.defaulted: set[str] = set()

    def click(self, widget: QWidget, double: bool = False) -> None:
        pos = QPoint(6, widget.height() // 2) if isinstance(widget, QAbstractButton) else None
        if double:
            QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
            self.clicks += 2
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
            self.clicks += 1
        settle()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        target = QApplication.activeModalWidget() or self.window
        focus = target.focusWidget() or target
        QTest.keyClick(focus, key, modifier)
        self.keys += 1
        settle()

    def new_screen(self, *_: object) -> None:
        if self.window.wizard.isVisible():  # not while the expert mode is shown
            self.screens += 1

    def tab_to(self, widget: QWidget, limit: int = 80) -> None:
        """Tab until ``widget`` (or a child of it) has the focus."""
        for _ in range(limit):
            focus = (QApplication.activeModalWidget() or self.window).focusWidget()
            if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                return
            self.key(Qt.Key.Key_Tab)
        raise RuntimeError("Tab never reaches the widget")


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def wanted(question: Any, answers: dict[str, Any], counter: Counter) -> Any:
    value = get_answer(answers, question.id)
    if value is MISSING:
        counter.defaulted.add(question.id)
        if question.has_default:
            return question.default
        if question.type == "bool":
            return False
        return next(iter(question.choices))
    return value


def answer_block(
    block: Any, value: Any, counter: Counter, keyboard: bool, enter_moves: bool = False
) -> None:
    """Give ``value``; ``enter_moves``: on a page of several questions not complete yet,
    Entrée takes the keyboard to the next question (after ticking boxes)."""
    buttons = list(block.buttons.values())
    values = list(block.buttons)
    if block.question.type == "multi":
        targets = [v for v in values if (v in value) != block.buttons[v].isChecked()]
    else:
        targets = [] if block.value() == value else [value]
    for v in targets:
        if keyboard:
            digit = values.index(v) + 1
            page = counter.window.wizard.currentPage()
            for _ in range(10 if enter_moves else 0):
                if any(b.hasFocus() for b in buttons) or page.isComplete():
                    break
                counter.key(Qt.Key.Key_Return)  # question after question, as the hint says
            if not any(b.hasFocus() for b in buttons):
                counter.tab_to(block.answer if hasattr(block, "answer") else block)
            counter.key(getattr(Qt.Key, f"Key_{digit}"))
        else:
            counter.click(block.buttons[v])


def walk_wizard(counter: Counter, level: int, answers: dict[str, Any], keyboard: bool) -> None:
    window = counter.window
    wizard = window.wizard
    level_page = wizard.level_page
    if level_page.level() != level:
        if keyboard:
            level_page.buttons[level_page.level()].setFocus()
            counter.key(Qt.Key.Key_Down if level == 2 else Qt.Key.Key_Up)
            if level_page.level() != level:  # arrows need an active window: Tab and Space
                counter.tab_to(level_page.buttons[level])
                counter.key(Qt.Key.Key_Space)
        else:
            counter.click(level_page.buttons[level])
    for _ in range(40):
        page = wizard.currentPage()
        if page is wizard.result_page:
            return
        if callable(getattr(page, "visible_blocks", None)):
            # a page of several questions reveals the next one once one is answered;
            # each shown question in turn (the emergencies need no tick to count)
            done: list[str] = []
            for _ in range(20):
                more = [b for b in page.visible_blocks() if b.question.id not in done]
                if not more:
                    break
                block = more[0]
                value = wanted(block.question, answers, counter)
                answer_block(block, value, counter, keyboard, enter_moves=True)
                done.append(block.question.id)
        elif hasattr(page, "question"):
            answer_block(page, wanted(page.question, answers, counter), counter, keyboard)
        if keyboard:
            counter.key(Qt.Key.Key_Return)
        else:
            counter.click(wizard.button(QWizard.WizardButton.NextButton))
    raise RuntimeError("the wizard never reached its result")


def walk_expert(counter: Counter, level: int, answers: dict[str, Any], keyboard: bool) -> None:
    area = counter.window.request_area
    if keyboard:
        counter.key(Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
        QTest.qWait(250)  # a mnemonic clicks with an animation (about 100 ms)
        if not area.expert_mode:
            counter.tab_to(area.expert_toggle)
            counter.key(Qt.Key.Key_Space)
    else:
        counter.click(area.expert_toggle)
    expert = area.expert
    rules = expert.engine.rules
    scratch = Counter(counter.window)  # what the situation wants, without counting defaults
    counter.screens += 1
    if expert.level() != level:
        if keyboard:  # Tab reaches the checked radio button, an arrow moves it
            counter.tab_to(expert.level_buttons[expert.level()])
            counter.key(Qt.Key.Key_Down if level == 2 else Qt.Key.Key_Up)
        else:
            counter.click(expert.level_buttons[level])
    for _ in range(40):  # answer, in order, the first question that applies and differs
        todo = [
            qid
            for qid in expert._applicable()
            if not expert.answers_widgets[qid].is_answered()
            or expert.answers_widgets[qid].value() != wanted(rules.question(qid), answers, scratch)
        ]
        if not todo:
            return
        widget = expert.answers_widgets[todo[0]]
        block = ExpertBlock(rules.question(todo[0]), widget)
        before = counter.clicks + counter.keys
        answer_block(block, wanted(block.question, answers, counter), counter, keyboard)
        if counter.clicks + counter.keys == before:  # e.g. an empty multi: nothing to do
            return
    raise RuntimeError("the expert mode never settled")


class ExpertBlock:
    """One question of the expert page, seen as a wizard question block."""

    def __init__(self, question: Any, widget: Any) -> None:
        self.question, self.answer, self.buttons = question, widget, widget.buttons
        self.value = widget.value


def close_case(counter: Counter, keyboard: bool) -> None:
    window = counter.window
    store = window.store_access.require()
    engine = window.engine
    answers = dict(SITUATIONS[0][2])
    store.cases.create(answers, engine.evaluate(answers).to_dict(), cdas="CDAS exemple", level=1)
    if keyboard:
        counter.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    else:
        rect = window.nav.visualItemRect(window.nav.item(1))
        QTest.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        counter.clicks += 1
        settle()
    counter.screens += 1
    area = window.area("dossiers")
    table = area.list.open_table
    tabs = area.list.tabs
    if tabs.currentWidget() is not table:  # « Aujourd'hui » first: Alt+O, or its tab
        if keyboard:
            counter.key(Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
            if tabs.currentWidget() is not table:
                tabs.setCurrentWidget(table)  # a mnemonic needs an active window
        else:
            bar = tabs.tabBar()
            rect = bar.tabRect(tabs.indexOf(table))
            QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=rect.center())
            counter.clicks += 1
            settle()
    if keyboard:
        counter.tab_to(table)
        if table.currentIndex().row() < 0:
            counter.key(Qt.Key.Key_Down)
        counter.key(Qt.Key.Key_Return)
    else:
        rect = table.visualRect(table.model().index(0, 0))
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        counter.clicks += 2  # one double-click
        settle()
    counter.screens += 1
    page = area.page
    if area.pages.currentWidget() is not page:
        raise RuntimeError(f"the case page is not shown ({table.rowCount()} rows)")
    if keyboard:
        counter.tab_to(page.close_button)
        counter.key(Qt.Key.Key_Space)
    else:
        counter.click(page.close_button)
    dialog = area.close_dialog
    counter.screens += 1
    if keyboard:
        counter.tab_to(dialog.confirm_box)
        counter.key(Qt.Key.Key_Space)
        counter.tab_to(dialog.close_button)
        counter.key(Qt.Key.Key_Space)
    else:
        counter.click(dialog.confirm_box)
        counter.click(dialog.close_button)
    receipt: QDialog = area.receipt_dialog
    counter.screens += 1
    if keyboard:
        counter.key(Qt.Key.Key_Escape)
    else:
        done = [b for b in receipt.findChildren(QAbstractButton) if "Fermer" in b.text()]
        counter.click(done[0])
    if store.cases.open_cases():
        raise RuntimeError("the case was not closed")


def run(name: str, path: Callable[[Counter, bool], None], keyboard: bool) -> Counter:
    # each run on an empty data directory (settings, store), as a new desk
    os.environ[config.ENV_DATA_DIR] = tempfile.mkdtemp(prefix="asip-bench-paths-")
    config.set_data_dir_override(None)
    settings = Settings(agent=AgentProfile(nom="Agent", prenom="Exemple", cdas="CDAS exemple"))
    window = MainWindow(settings=settings, store_access=StoreAccess())
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    for _ in range(20):
        settle()
    window.store_access.open_now()
    settle()
    counter = Counter(window)
    window.wizard.currentIdChanged.connect(counter.new_screen)
    counter.screens = 1  # the first page is on screen
    path(counter, keyboard)
    window.store_access.shutdown()
    window.close()
    window.deleteLater()
    settle()
    return counter


def health_only_pages(questions: list[Any]) -> list[list[Any]]:
    """The wizard's pages before the situation page (for the before/after figure): one
    page per question, the consecutive short questions of one branch sharing one."""
    from asip_desktop.gui.request.branch_page import branch_of, groupable

    pages: list[list[Any]] = []
    for question in questions:
        previous = pages[-1] if pages else None
        branch = branch_of(question)
        if (
            previous is not None
            and branch is not None
            and groupable(question)
            and all(branch_of(q) == branch and groupable(q) for q in previous)
        ):
            previous.append(question)
        else:
            pages.append([question])
    return pages


def scenario_screens() -> None:
    """Every complete scenario of the rules, per level: its screens with one page per
    question, with the health page only (before) and with the wizard's pages now (the
    level and the situation's questions on the first page, the health page with the
    autonomy), plus the level page (before), the identity page (level 2) and the result."""
    from asip_desktop.core.engine import Engine
    from asip_desktop.core.scenarios import load_scenarios
    from asip_desktop.gui.request.branch_page import group_questions

    engine = Engine.load()
    questions = list(engine.rules.questions)
    layouts = {  # pages of questions, screens besides them (the level page before)
        "une page par question": ([[q] for q in questions], 1),
        "avant (page santé)": (health_only_pages(questions), 1),
        "maintenant (page situation)": (group_questions(questions, engine.rules.definitions), 0),
    }
    for level in (1, 2):
        figures = []
        for label, (groups, level_page) in layouts.items():
            extra = level_page + (2 if level == 2 else 1)  # (identity,) result
            page_of = {q.id: i for i, group in enumerate(groups) for q in group}
            screens = [
                len({page_of[q.id] for q in engine.questions_to_ask(s.answers, level)}) + extra
                for s in load_scenarios()
                if s.level == level and not s.expected["missing"]
            ]
            figures.append(f"{label} {statistics.median(screens):g} (max {max(screens)})")
        head = f"scénarios de niveau {level} ({len(screens)}) — écrans médians : "
        print(head + " ; ".join(figures))


def main() -> None:
    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication(["asip-bench"])
    configure_application(app)
    paths: list[tuple[str, Callable[[Counter, bool], None]]] = [
        (title, lambda c, k, lv=level, a=answers: walk_wizard(c, lv, a, k))
        for title, level, answers in SITUATIONS
    ]
    paths.insert(
        3,
        ("mode expert (" + EXPERT[0] + ")", lambda c, k: walk_expert(c, EXPERT[1], EXPERT[2], k)),
    )
    paths.append(("clôture d'un dossier (purge)", close_case))
    print(f"{'situation':58} {'mode':8} {'écrans':>6} {'clics':>6} {'touches':>7}")
    for title, path in paths:
        for keyboard in (False, True):
            counter = run(title, path, keyboard)
            mode = "clavier" if keyboard else "souris"
            defaulted = ", ".join(sorted(counter.defaulted))
            print(
                f"{title:58} {mode:8} {counter.screens:6} {counter.clicks:6} {counter.keys:7}"
                + (f"  (par défaut : {defaulted})" if defaulted else "")
            )
    scenario_screens()
    app.processEvents()


if __name__ == "__main__":
    main()
