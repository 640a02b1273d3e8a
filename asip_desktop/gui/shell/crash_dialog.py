"""Uncaught exceptions: a French message, a scrubbed report, the work kept."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from asip_desktop.crash import write_crash_report

log = logging.getLogger("asip_desktop.crash")


def crash_message(report_path: str) -> str:
    return (
        "Une erreur inattendue s'est produite. La saisie en cours est conservée : "
        "vous pouvez continuer ou redémarrer l'application.\n\n"
        "Un rapport d'incident sans aucune donnée personnelle a été enregistré pour le "
        f"support informatique :\n{report_path}"
    )


def handle_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    exc.__traceback__ = tb
    try:
        path = str(write_crash_report(exc))
    except OSError:
        path = "(rapport impossible à écrire)"
    log.error("uncaught %s, report written", exc_type.__name__)
    if QApplication.instance() is not None:
        box = QMessageBox(QMessageBox.Icon.Critical, "Erreur inattendue", crash_message(path))
        box.setObjectName("crash-dialog")
        box.open()
        handle_uncaught.last_dialog = box  # type: ignore[attr-defined]
