"""Starting the application: QApplication, fonts, French Qt strings, main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from asip_desktop import APP_NAME, __version__
from asip_desktop.config import resource_path
from asip_desktop.gui.shell.main_window import MainWindow
from asip_desktop.gui.widgets.colors import apply_accessible_palette
from asip_desktop.gui.widgets.fonts import app_font, register_fonts


def install_french(app: QApplication) -> QTranslator | None:
    """Qt's own dialogs and buttons in French (qtbase_fr)."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_fr", path):
        app.installTranslator(translator)
        return translator
    return None


def configure_application(app: QApplication) -> None:
    from asip_desktop.gui.shell.none_guard import guard

    guard()  # PySide6 6.12 on CPython 3.11 leaks references to None (see none_guard.py)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CD35")
    register_fonts()
    app.setFont(app_font())
    apply_accessible_palette(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "asip-desktop-256.png"))))
    install_french(app)


def _crash_hook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    from asip_desktop.gui.shell.crash_dialog import handle_uncaught  # only when it happens

    handle_uncaught(exc_type, exc, tb)


def _start_logging() -> None:
    from asip_desktop.logs import setup_logging

    setup_logging()
    logging.getLogger("asip_desktop").info("started, version %s", __version__)


def run(qt_args: Sequence[str] = ()) -> int:
    sys.excepthook = _crash_hook
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    assert isinstance(app, QApplication)
    configure_application(app)
    window = MainWindow()
    # what the wizard need not wait for, each in the event-loop turn after it is ready:
    # the log file (logging.handlers), the case store (its thread imports SQLAlchemy,
    # which would hold the GIL while the wizard is built)
    window.ready_for_input.connect(lambda: QTimer.singleShot(0, _start_logging))
    if os.environ.get(BENCH_ENV):
        _report_when_ready_and_quit(app, window)
    else:
        start_store = window.store_access.start_in_background
        window.ready_for_input.connect(lambda: QTimer.singleShot(0, start_store))
    window.show()
    return app.exec()


BENCH_ENV = "ASIP_DESKTOP_BENCH_STARTUP"


def _report_when_ready_and_quit(app: QApplication, window: MainWindow) -> None:
    """For benchmarks/startup.py: say when the first window is painted, then quit."""
    import resource

    def painted() -> None:
        print(f"PAINTED {time.time():.6f}", flush=True)

    def ready() -> None:
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"READY {time.time():.6f} {peak_kib}", flush=True)
        app.quit()

    window.first_painted.connect(painted)
    window.ready_for_input.connect(ready)
