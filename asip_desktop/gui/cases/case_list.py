"""The Dossiers lists: a search box over the open cases held in memory, then three
tabs — « Aujourd'hui » (deadlines overdue or due today, second-level receptions to
do, cases to review), every open case, the cases to review.

Names are shown here and on the case page only (never in a title or a log).

On a team store the reads run in a worker thread (``ServerCall``): « Lecture des
dossiers… » while the server answers or times out, the last list kept meanwhile. A
refresh asked while one runs is queued, not started: when the running read returns,
one more read follows (any number of requests meanwhile make that one read), so what
changed after the first read started is shown. A local store is read here, on the
window's thread: it is a file on this desk, read in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_labels import (
    deadline_state,
    demand_label,
    service_label,
    status_label,
    when,
)
from asip_desktop.gui.cases.case_table import CaseTable, Line
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.gui.widgets.server_call import ServerCall
from asip_desktop.store.case_index import (
    TODAY_DUE,
    TODAY_LEVEL_2,
    TODAY_OVERDUE,
    TODAY_REVIEW,
    CaseIndex,
    CaseRow,
    TodayItem,
    due_count,
    search,
    today_items,
)
from asip_desktop.store.clock import iso

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

COLUMNS = ("N°", "Nom", "Statut", "Demande", "Orientations", "Échéances", "Modifié le")
# 0: fitted to the text; the others share the width in these proportions
WEIGHTS = (0, 3, 2, 3, 3, 4, 0)
TODAY_WEIGHTS = (3, 0, 3, 3, 5)
TODAY_COLUMNS = ("À faire", "N°", "Nom", "Demande", "Échéances")
NUMBER_SAMPLE = "2026-000000"  # the widest case number and date, for their columns
DATE_SAMPLE = "00/00/0000"  # the day only: the time is on the case page
SAMPLES = {0: NUMBER_SAMPLE, 6: DATE_SAMPLE}
NO_NAME = "(identité non saisie)"
SEARCH_HELP = "nom, nom de naissance, n° de dossier, commune, NIR"
READING = "Lecture des dossiers…"
OPENING = "Ouverture du dossier…"


@dataclass(frozen=True)
class Reading:
    """What one read of the store gives the lists (made in the worker on a team base)."""

    rows: list[CaseRow]
    review_days: int
    policy: Any  # the CDAS's retention policy, or None


class SearchEdit(QLineEdit):
    """Échap empties the search; Flèche bas goes to the list shown."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class CaseList(QWidget):
    """The search, the three tabs, an open and a refresh button."""

    open_requested = Signal(int)
    due_count_changed = Signal(int)  # deadlines overdue or due today (the side bar)

    def __init__(self, store: Store, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rules = rules
        self.index = CaseIndex(store)
        self.rows: list[CaseRow] = []
        self.today: list[TodayItem] = []
        self.due_count = 0
        self.review_days = 0
        self._review: list[CaseRow] = []
        self._lines: dict[int, Line] = {}
        self._today_lines: list[tuple[int, Line]] = []
        self._line_cache: dict[int, tuple[CaseRow, tuple[bool, ...], Line]] = {}
        self._deadline_texts: dict[tuple[int, str, tuple[bool, ...]], str] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self._today_cache: dict[int, tuple[Line, str, Line]] = {}
        self._policy: Any = None
        self.call: ServerCall | None = None  # the read running in a worker (team base)
        self._again: bool | None = None  # a refresh asked meanwhile (its ``full``)
        self._opening = False  # a case is being read for its page

        self.search_edit = SearchEdit()
        self.search_edit.setObjectName("recherche-dossiers")
        self.search_edit.setAccessibleName("Rechercher un dossier")
        self.search_edit.setPlaceholderText(SEARCH_HELP)
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel("Re&chercher :")
        search_label.setBuddy(self.search_edit)
        self.search_count = QLabel()
        self.search_count.setObjectName("resultat-recherche")
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_count)

        self.today_summary = paragraph()
        self.today_summary.setObjectName("resume-aujourdhui")
        self.today_table = CaseTable(
            "Aujourd'hui", TODAY_COLUMNS, TODAY_WEIGHTS, 4, {1: NUMBER_SAMPLE}
        )
        today = QWidget()
        today_layout = QVBoxLayout(today)
        today_layout.addWidget(self.today_summary)
        today_layout.addWidget(self.today_table, 1)
        self.open_table = CaseTable("Dossiers ouverts", COLUMNS, WEIGHTS, 5, SAMPLES)
        self.review_table = CaseTable("Dossiers à revoir", COLUMNS, WEIGHTS, 5, SAMPLES)
        self.review_note = paragraph()
        review = QWidget()
        review_layout = QVBoxLayout(review)
        review_layout.addWidget(self.review_note)
        review_layout.addWidget(self.review_table, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Listes de dossiers")
        self.tabs.addTab(today, "Au&jourd'hui")
        self.tabs.addTab(self.open_table, "Dossiers &ouverts")
        self.tabs.addTab(review, "À &revoir")
        self.tables = (self.today_table, self.open_table, self.review_table)

        self.open_button = QPushButton("Ouvrir le &dossier")
        self.open_button.clicked.connect(self._open_selected)
        self.refresh_button = QPushButton("Ac&tualiser")
        self.refresh_button.clicked.connect(lambda: self.refresh(full=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        self.reading = QLabel(READING)  # a team base's read is under way
        self.reading.setObjectName("lecture-dossiers")
        self.reading.hide()
        buttons.addWidget(self.reading)
        buttons.addStretch(1)
        # the base could not be read (the team base's server unreachable): said here,
        # the list read last stays shown
        self.unreachable = paragraph()
        self.unreachable.setObjectName("base-injoignable")
        self.unreachable.setFrameShape(QFrame.Shape.Box)
        self.unreachable.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unreachable)
        layout.addLayout(search_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        for table in self.tables:
            table.open_requested.connect(self.open_requested)
        self.search_edit.textChanged.connect(self._on_search)
        self.search_edit.returnPressed.connect(self._open_first)
        self.search_edit.down.connect(self._focus_table)
        chain = (
            self.search_edit,
            self.tabs.tabBar(),
            *self.tables,
            self.open_button,
            self.refresh_button,
        )
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)  # the reading order
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)
        self.refresh()

    # --- reading -------------------------------------------------------------

    def busy(self) -> bool:
        """A read of the team base is under way (or one more is queued after it)."""
        return self.call is not None

    def refresh(self, *, full: bool = False) -> None:
        """Re-read the store (only the cases changed since the last time, unless ``full``):
        here for a local store, in a worker for a team base (the result comes later)."""
        if getattr(self.store, "closed", False):  # a late answer after the window closed
            return
        if getattr(self.store, "kind", "locale") != "equipe":
            try:
                reading = self._read(full)
            except UserError as err:
                self.say_not_read(err)
                return
            self._apply(reading)
            return
        if self.call is not None:  # one more read once this one returns
            self._again = full or bool(self._again)
            return
        call = ServerCall(lambda: self._read(full))
        call.answered.connect(self._answered)
        self.call = call
        self._say_state()
        call.begin()

    def _read(self, full: bool) -> Reading:
        """The store's reads (in the worker on a team base: no widget touched here)."""
        rows = self.index.refresh(full=full)
        return Reading(rows, self.store.review_days(), self.store.retention_policy())

    def _answered(self, outcome: object) -> None:
        self.call = None
        if isinstance(outcome, Reading):
            self._apply(outcome)
        elif isinstance(outcome, UserError):
            self.say_not_read(outcome)
        again, self._again = self._again, None
        if again is not None:
            self.refresh(full=again)
        else:
            self._say_state()

    def say_opening(self, opening: bool) -> None:
        """A case is being read for its page (``CasesArea``): said where reads are."""
        self._opening = opening
        self._say_state()

    def _say_state(self) -> None:
        self.reading.setText(OPENING if self._opening else READING)
        self.reading.setVisible(self._opening or self.busy())

    def say_not_read(self, err: UserError) -> None:
        """The base could not be read: said above the list, which stays as read last."""
        from asip_desktop.gui.shell.pending_saves import is_unreachable

        said = (  # the window's banner says the rest
            "La base d'équipe est injoignable (voir le bandeau en haut de la fenêtre)."
            if is_unreachable(err)
            else str(err)
        )
        self.unreachable.setText(
            f"{said} La liste ci-dessous est celle de la dernière lecture ; "
            "« Actualiser » la relit."
        )
        self.unreachable.show()

    def _apply(self, reading: Reading) -> None:
        """Show what was read (the window's thread)."""
        self.rows = reading.rows
        self._policy = reading.policy
        self.unreachable.hide()
        now = self.store.clock()
        now_iso = iso(now)
        self.review_days = reading.review_days
        self.today = today_items(self.rows, now, self.review_days)
        limit = iso(now - timedelta(days=self.review_days))
        self._review = sorted(
            (r for r in self.rows if r.updated_at < limit), key=lambda r: r.updated_at
        )
        self._lines = {r.id: self._line(r, now_iso) for r in self.rows}
        self._today_lines = [(i.row.id, self._today_line(i, now_iso)) for i in self.today]
        self.review_note.setText(self._review_text())
        self.today_summary.setText(_summary(self.today))
        self._show()
        count = due_count(self.today)
        if count != self.due_count:
            self.due_count = count
            self.due_count_changed.emit(count)

    def _review_text(self) -> str:
        """What « À revoir » means here: the desk's delay, or its CDAS's policy."""
        policy = self._policy  # read with review_days()
        said = f"Dossiers sans activité depuis plus de {self.review_days} jours"
        if policy is not None and policy.auto_purge:
            return (
                f"{said} (politique de conservation du CDAS) : ils sont purgés au prochain "
                "démarrage d'un poste, chacun avec son récépissé ; reprenez d'ici là ceux qui "
                "sont encore suivis."
            )
        if policy is not None:
            said += " (politique de conservation du CDAS)"
        return (
            f"{said} : à clore (avec purge) ou à reprendre. Rien n'est supprimé sans votre "
            "décision."
        )

    def _on_search(self, _text: str) -> None:
        if self.search_edit.text().strip() and self.tabs.currentIndex() != 1:
            self.tabs.setCurrentIndex(1)  # every open case is there
        self._show()

    def _show(self) -> None:
        """Fill the three tables with the cases the search finds (a keystroke)."""
        query = self.search_edit.text()
        if query.strip():
            found = search(self.rows, query)
            ids = {r.id for r in found}
            today = [line for case_id, line in self._today_lines if case_id in ids]
            review = [self._lines[r.id] for r in self._review if r.id in ids]
            self.search_count.setText(_found_text(len(found)))
        else:
            found = self.rows
            today = [line for _, line in self._today_lines]
            review = [self._lines[r.id] for r in self._review]
            self.search_count.setText(_found_text(len(found), "ouvert"))
        self.today_table.set_lines(today)
        self.open_table.set_lines([self._lines[r.id] for r in found])
        self.review_table.set_lines(review)
        self.tabs.setTabText(0, f"Au&jourd'hui ({len(today)})")
        self.tabs.setTabText(1, f"Dossiers &ouverts ({len(found)})")
        self.tabs.setTabText(2, f"À &revoir ({len(review)})")

    # --- what a row shows (kept while the case and its lateness do not change) ---

    def _deadlines(self, row: CaseRow, now_iso: str) -> tuple[tuple[bool, ...], str, bool]:
        pending = [d for d in row.deadlines if d.done_at is None]
        late = tuple(d.due_at < now_iso for d in pending)
        key = (row.id, row.updated_at, late)
        known = self._deadline_texts.get(key)
        if known is None:
            states = [deadline_state(d, now_iso) for d in pending]
            known = self._deadline_texts[key] = "\n".join(s.text for s in states) or "aucune"
        return late, known, any(late)

    def _label(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self._labels:
            if kind == "demand":
                self._labels[key] = demand_label(self.rules, value)
            else:
                self._labels[key] = service_label(self.rules, value)
        return self._labels[key]

    def _line(self, row: CaseRow, now_iso: str) -> Line:
        late, deadlines, overdue = self._deadlines(row, now_iso)
        known = self._line_cache.get(row.id)
        if known is not None and known[0] is row and known[1] == late:
            return known[2]
        texts = (
            row.number,
            row.name or NO_NAME,
            status_label(row.status),
            self._label("demand", row.demand_kind),
            "\n".join(self._label("service", s) for s in row.services) or "aucune",
            deadlines,
            when(row.updated_at)[:10],
        )
        line = Line(row.id, texts, overdue)
        self._line_cache[row.id] = (row, late, line)
        return line

    def _today_line(self, item: TodayItem, now_iso: str) -> Line:
        line = self._lines[item.row.id]
        known = self._today_cache.get(line.case_id)
        if known is not None and known[0] is line and known[1] == item.reason:
            return known[2]
        texts = (item.label, line.texts[0], line.texts[1], line.texts[3], line.texts[5])
        today = Line(line.case_id, texts, line.overdue)
        self._today_cache[line.case_id] = (line, item.reason, today)
        return today

    # --- keyboard and buttons ------------------------------------------------

    def current_table(self) -> CaseTable:
        return self.tables[self.tabs.currentIndex()]

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _focus_table(self) -> None:
        table = self.current_table()
        table.setFocus()
        if table.rowCount() and not table.currentIndex().isValid():
            table.selectRow(0)

    def _open_first(self) -> None:
        """Entrée in the search opens the selected case, or the first one found."""
        table = self.current_table()
        case_id = table.selected_case_id()
        if case_id is None:
            case_id = table.case_id(0)
        if case_id is not None:
            self.open_requested.emit(case_id)

    def _open_selected(self) -> None:
        case_id = self.current_table().selected_case_id()
        if case_id is not None:
            self.open_requested.emit(case_id)


def _found_text(count: int, what: str = "trouvé") -> str:
    if count == 0:
        return f"aucun dossier {what}"
    plural = "s" if count > 1 else ""
    return f"{count} dossier{plural} {what}{plural}"


def _summary(items: list[TodayItem]) -> str:
    counts = {reason: 0 for reason in (TODAY_OVERDUE, TODAY_DUE, TODAY_LEVEL_2, TODAY_REVIEW)}
    for item in items:
        counts[item.reason] += 1
    if not items:
        return (
            "Rien à traiter aujourd'hui : aucune échéance du jour ou en retard, aucun accueil "
            "de deuxième niveau en attente, aucun dossier à revoir."
        )
    return (
        f"Échéances : {counts[TODAY_OVERDUE]} en retard, {counts[TODAY_DUE]} aujourd'hui · "
        f"accueils de deuxième niveau à faire : {counts[TODAY_LEVEL_2]} · "
        f"dossiers à revoir : {counts[TODAY_REVIEW]}."
    )
