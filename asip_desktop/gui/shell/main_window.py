"""The main window: a navigation of the areas, the area shown, the privacy lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop import APP_NAME
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.shell.team_banner import TeamBanner
from asip_desktop.gui.shell.text_zoom import apply_text_scale, install_zoom_shortcuts
from asip_desktop.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from asip_desktop.core.engine import Engine
    from asip_desktop.gui.request.request_area import RequestArea
    from asip_desktop.gui.request.wizard import OrientationWizard
    from asip_desktop.gui.shell.privacy_lock import PrivacyLock
    from asip_desktop.gui.shell.rules_arrival import RulesArrival
    from asip_desktop.gui.shell.start_purge import StartPurgeThread
    from asip_desktop.team.rules_cache import RulesChoice

AreaFactory = Callable[["MainWindow"], QWidget]


# Every area is imported and built when first shown, the current one right
# after the window's first paint: the window appears without waiting for them.


def _request_area(window: MainWindow) -> QWidget:
    from asip_desktop.gui.request.request_area import RequestArea

    area = RequestArea(
        window.engine, window.settings.niveau, window.store_access, lambda: window.settings.agent
    )
    area.session.case_opened.connect(lambda *_: window.refresh_cases())
    area.session.case_changed.connect(lambda *_: window.refresh_cases())
    return area


def _settings_view(window: MainWindow) -> QWidget:
    from asip_desktop.gui.settings.settings_view import SettingsView

    view = SettingsView(
        window.settings,
        window.save_settings,
        window.store_access,
        window.show_directory_sources,
        rules=window.engine.rules,
        rules_choice=window.rules_choice,
    )
    if window.rules_arrival is not None:  # newer published rules waiting: say so too
        view.rules_info.setText(window.rules_arrival.settings_text())
    return view


def _cases_area(window: MainWindow) -> QWidget:
    from asip_desktop.gui.cases.cases_area import CasesArea

    area = CasesArea(window.store_access, window.engine.rules, lambda: window.settings.agent)
    area.due_count_changed.connect(window.show_due_count)
    window.show_due_count(area.due_count)
    return area


def _indicators_view(window: MainWindow) -> QWidget:
    from asip_desktop.gui.indicators.indicators_view import IndicatorsView

    return IndicatorsView(window.store_access, window.engine.rules)


def _directory_view() -> QWidget:
    from asip_desktop.gui.directory.directory_view import DirectoryView  # imported when first shown

    return DirectoryView()


def _areas() -> list[tuple[str, str, AreaFactory]]:
    return [
        ("demande", "Nouvelle demande", lambda w: _request_area(w)),
        ("dossiers", "Dossiers", lambda w: _cases_area(w)),
        ("annuaires", "Annuaires", lambda w: _directory_view()),
        ("indicateurs", "Indicateurs", lambda w: _indicators_view(w)),
        ("parametres", "Paramètres", lambda w: _settings_view(w)),
    ]


class MainWindow(QMainWindow):
    first_painted = Signal()  # once, when the window has been drawn for the first time
    ready_for_input = Signal()  # once, when the first area is built and has the focus

    def __init__(
        self,
        engine: Engine | None = None,
        settings: Settings | None = None,
        store_access: StoreAccess | None = None,
    ) -> None:
        super().__init__()
        self._engine = engine
        self.rules_choice: RulesChoice | None = None  # where the engine's rules came from
        # newer published rules, fetched once the agent can type (a joined desk)
        self.rules_arrival: RulesArrival | None = None
        self._purge: StartPurgeThread | None = None  # the automatic purge at start
        self._closing = False
        self.settings = settings or load_settings()
        self.store_access = store_access or StoreAccess()
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self._factories: dict[str, AreaFactory] = {}
        self._built: dict[str, QWidget] = {}
        self._hosts: dict[str, QWidget] = {}
        # The « Chargement… » placeholders, kept by reference: asking the layout for
        # its items (itemAt) returns QLayoutItem wrappers that shiboken cannot
        # invalidate when Qt deletes the item, and a later widget at the same
        # address then comes back as that stale wrapper.
        self._placeholders: dict[str, QLabel] = {}
        for index, (key, title, factory) in enumerate(_areas()):
            host = QWidget()
            host.setObjectName(f"area-{key}")
            host_layout = QVBoxLayout(host)
            host_layout.setContentsMargins(0, 0, 0, 0)
            placeholder = QLabel("Chargement…")
            host_layout.addWidget(placeholder)
            self._placeholders[key] = placeholder
            self._factories[key] = factory
            self._hosts[key] = host
            self.stack.addWidget(host)
            self.nav.addItem(title)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.nav.setCurrentRow(i))
        self._fit_navigation()
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.viewport().installEventFilter(self)

        content = QWidget()
        # « base d'équipe injoignable », for the whole window, whichever area called
        self.team_banner = TeamBanner(self.store_access)
        outer = QVBoxLayout(content)
        outer.addWidget(self.team_banner)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.shell = QStackedWidget()
        self.shell.addWidget(content)
        self.setCentralWidget(self.shell)
        self._content = content
        self._privacy: PrivacyLock | None = None  # set up right after the first paint
        # Ctrl+L is watched by the privacy lock itself, from every window (see privacy_lock)

        install_zoom_shortcuts(self, lambda: self.settings.text_scale, self._set_text_scale)
        if self.settings.palette != "systeme":  # configure_application set the desk's own
            self._apply_palette(self.settings.palette)
        if self.settings.text_scale != 1.0:
            apply_text_scale(self.settings.text_scale)
        self._restore_window_state()
        # the start applies the automatic purge, if on (the CDAS's or Paramètres')
        self.store_access.ready.connect(lambda _: QTimer.singleShot(0, self._purge_at_start))
        # the side bar counts the deadlines due today or overdue once the store is open
        self.store_access.ready.connect(lambda _: QTimer.singleShot(0, self._count_due))

    def _purge_at_start(self) -> None:
        """The automatic purge (team/retention.py: the CDAS's policy on a joined desk,
        Paramètres' setting on the local store) in a worker thread
        (gui/shell/start_purge.py); the status bar says how many when it ends."""
        store = self.store_access.store
        if store is None or self._purge is not None or self._closing:
            return
        from asip_desktop.gui.shell.start_purge import StartPurgeThread

        self._purge = StartPurgeThread(store)
        self._purge.done.connect(self._purged)
        self._purge.refused.connect(self._purge_refused)
        self._purge.start()

    @property
    def purge_running(self) -> bool:
        return self._purge is not None and self._purge.isRunning()

    def _purged(self, done: object) -> None:
        if self._closing or done is None:
            return
        self.statusBar().showMessage(done.message())  # type: ignore[attr-defined]
        self.refresh_cases()  # a case page whose case went returns to the list

    def _purge_refused(self, reason: str) -> None:
        if not self._closing:
            whose = " du CDAS" if self._purge is not None and self._purge.is_team else ""
            self.statusBar().showMessage(f"Purge automatique{whose} non faite : {reason}")

    def _count_due(self) -> None:
        self.area("dossiers")  # built now if need be: it shows its count

    def show_due_count(self, count: int) -> None:
        """« Dossiers (2) » in the side bar: deadlines due today or overdue."""
        plural = "s" if count > 1 else ""
        said = f"{count} échéance{plural} en retard ou du jour"
        item = self.nav.item(list(self._factories).index("dossiers"))
        item.setText(f"Dossiers ({count})" if count else "Dossiers")
        item.setToolTip(said if count else "")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Dossiers, {said}" if count else "")

    def _fit_navigation(self) -> None:
        """As wide as its longest title at the current text size, no wider."""
        metrics = self.nav.fontMetrics()  # not sizeHintForColumn: 5 ms at start-up
        widest = max(metrics.horizontalAdvance(t) for _k, t, _f in _areas())
        margin = 2 * self.nav.frameWidth() + metrics.averageCharWidth() * 4
        self.nav.setFixedWidth(widest + margin)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # Ctrl+plus / Ctrl+minus
            self._fit_navigation()
        super().changeEvent(event)

    @property
    def privacy(self) -> PrivacyLock:
        """The privacy lock (its widgets cost start-up time: built after the first paint)."""
        if self._privacy is None:
            from asip_desktop.gui.shell import privacy_lock

            self._privacy = privacy_lock.PrivacyLock(
                self.shell,
                self._content,
                get_pin_hash=lambda: self.settings.pin_hash,
                save_pin_hash=self._save_pin_hash,
                idle_minutes=self.settings.lock_delay_minutes,
            )
            self._privacy.locked_changed.connect(self._on_locked)
        return self._privacy

    def _on_locked(self, locked: bool) -> None:
        """Locked: a team desk drops the case keys it unwrapped (docs/team.md)."""
        forget = getattr(self.store_access.store, "forget_keys", None)
        if locked and callable(forget):
            forget()

    @property
    def engine(self) -> Engine:
        """The engine new requests orient with, loaded when first needed (after the
        first paint) from files only: a joined desk's newer published rules are
        fetched once the agent can type (``rules_arrival``), never before."""
        if self._engine is None:
            from asip_desktop.gui.shell.rules_arrival import RulesArrival
            from asip_desktop.team.rules_cache import desk_engine

            self._engine, self.rules_choice = desk_engine()
            self.rules_arrival = RulesArrival(self)
        return self._engine

    def use_engine(self, engine: Engine, choice: RulesChoice) -> None:
        """Newer rules for the next requests (``RulesArrival`` calls it when no request
        is being qualified): the request area is built again with them."""
        self._engine, self.rules_choice = engine, choice
        if "demande" in self._built:
            self._rebuild_area("demande")

    def _rebuild_area(self, key: str) -> None:
        old = self._built.pop(key)
        focus = QApplication.focusWidget()
        had_focus = focus is not None and (focus is old or old.isAncestorOf(focus))
        expert = bool(getattr(old, "expert_mode", False))
        layout = self._hosts[key].layout()
        assert layout is not None
        layout.removeWidget(old)
        old.hide()
        old.deleteLater()
        widget = self.area(key)
        widget.setVisible(self._hosts[key].isVisible())  # not one event loop turn later
        set_expert = getattr(widget, "set_expert", None)
        if expert and callable(set_expert):
            set_expert(True)
        focus_first = getattr(widget, "focus_first", None)
        if had_focus and callable(focus_first):
            focus_first()

    def built_area(self, key: str) -> QWidget | None:
        """The area's widget if it was built (None: it will be built when shown)."""
        return self._built.get(key)

    # --- areas ---------------------------------------------------------------

    def area(self, key: str) -> QWidget:
        """The area's widget, built the first time it is needed (start-up stays fast)."""
        if key not in self._built:
            widget = self._factories[key](self)
            self._built[key] = widget
            layout = self._hosts[key].layout()
            assert layout is not None
            loading = self._placeholders.pop(key, None)
            if loading is not None:
                layout.removeWidget(loading)
                loading.deleteLater()
            layout.addWidget(widget)
        return self._built[key]

    def _on_first_paint(self) -> None:
        self.first_painted.emit()
        QTimer.singleShot(0, self._build_current_area)  # the window stays responsive

    def _build_current_area(self) -> None:
        widget = self.area(self.current_area())
        focus = getattr(widget, "focus_first", None)
        if callable(focus):
            focus()
        self.ready_for_input.emit()
        QTimer.singleShot(0, self._watch_input)
        QTimer.singleShot(0, self._fetch_rules)

    def _fetch_rules(self) -> None:
        """After the window is ready for input: newer published rules, in a worker."""
        if self._closing:
            return
        if self._engine is None:  # another area was shown first: the files, no network
            _ = self.engine
        if self.rules_arrival is not None:  # None: an engine given to the window
            self.rules_arrival.start()

    def _watch_input(self) -> None:
        """Once the wizard is ready: the idle lock and Ctrl+L, Tab in reading order, and
        the screen fit of the windows opened from now on. They watch every event of
        the application from Python, and the first events of each kind seen from
        Python cost PySide ~30 ms of type set-up: not before the agent can type."""
        from asip_desktop.gui.widgets.reading_order import install_reading_order
        from asip_desktop.gui.widgets.screen_fit import install_screen_fit

        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_screen_fit(app)
            install_reading_order(app)  # Tab follows what is on screen
        self.privacy.start_watching()

    @property
    def areas(self) -> dict[str, QWidget]:
        return {key: self.area(key) for key in self._factories}

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        if self._painted:  # before the first paint, the area waits (see _build_current_area)
            self.area(list(self._factories)[row])
        self.stack.setCurrentIndex(row)

    @property
    def request_area(self) -> RequestArea:
        from asip_desktop.gui.request.request_area import RequestArea

        widget = self.area("demande")
        assert isinstance(widget, RequestArea)
        return widget

    @property
    def wizard(self) -> OrientationWizard:
        return self.request_area.wizard

    def refresh_cases(self) -> None:
        """A case was opened or changed from the wizard: the Dossiers list follows
        (only if it was built; it refreshes itself when first shown)."""
        cases = self._built.get("dossiers")
        if cases is not None:
            cases.refresh()  # type: ignore[attr-defined]

    def show_directory_sources(self) -> None:
        """From Paramètres: the directory's sources and import tab."""
        self.show_area("annuaires")
        view = self.area("annuaires")
        view.tabs.setCurrentIndex(view.tabs.count() - 1)  # type: ignore[attr-defined]

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(list(self._factories).index(key))

    def current_area(self) -> str:
        return list(self._factories)[self.stack.currentIndex()]

    # --- settings ------------------------------------------------------------

    def save_settings(self, settings: Settings) -> None:
        save_settings(settings)
        if settings.palette != self.settings.palette:
            self._apply_palette(settings.palette)
        self.settings = settings
        self.privacy.set_idle_delay_ms(settings.lock_delay_minutes * 60_000)

    def _apply_palette(self, choice: str) -> None:
        from asip_desktop.gui.widgets.colors import apply_accessible_palette

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_accessible_palette(app, choice)

    def _save_pin_hash(self, pin_hash: str) -> None:
        self.settings.pin_hash = pin_hash
        save_settings(self.settings)

    def _set_text_scale(self, scale: float) -> None:
        self.settings.text_scale = scale
        save_settings(self.settings)

    def _restore_window_state(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        last = self.settings.last_area if self.settings.last_area in self._factories else "demande"
        self.show_area(last)

    def showEvent(self, event: QShowEvent) -> None:
        """The window opens inside the screen (the fit of the other windows is
        installed after start-up, see _watch_input)."""
        if not self._painted:
            from asip_desktop.gui.widgets.screen_fit import fit_to_screen

            fit_to_screen(self)
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The navigation is drawn in the window's first paint: say so, once."""
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.nav.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._on_first_paint)  # once this paint is on screen
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.last_area = self.current_area()
        save_settings(self.settings)
        self._closing = True
        if self._purge is not None:  # after the current case's transaction
            self._purge.stop_and_wait()
        if self.rules_arrival is not None:
            self.rules_arrival.stop()
        if self._privacy is not None:
            self._privacy.stop()
        self.team_banner.stop()
        self.store_access.shutdown()
        super().closeEvent(event)
