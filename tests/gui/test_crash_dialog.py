from __future__ import annotations

import sys

from asip_desktop import config
from asip_desktop.gui.shell.crash_dialog import handle_uncaught


def test_uncaught_exception_shows_french_dialog_and_scrubbed_report(qtbot, window):
    page = window.wizard.currentPage()
    demand = window.wizard.question_pages["demande"]  # on the situation page
    demand.set_value(["aide_departement"])
    try:
        raise KeyError("Nolwenn Guillou 2 92 10 35 238 117 72")
    except KeyError:
        handle_uncaught(*sys.exc_info())
    box = handle_uncaught.last_dialog
    qtbot.addWidget(box)
    assert "Une erreur inattendue" in box.text() and "conservée" in box.text()
    reports = list((config.log_dir() / "crash-reports").glob("incident-*.txt"))
    assert len(reports) == 1
    content = reports[0].read_text("utf-8")
    assert "Guillou" not in content and "238" not in content
    assert "builtins.KeyError" in content
    assert window.wizard.currentPage() is page and demand.value() == ["aide_departement"]
