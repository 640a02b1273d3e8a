"""Drive the secure sending panel as an agent does: prepare the attachment in the
folder chosen once, tick the real checks, mark the mail sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from asip_desktop.gui.fiches import attachment_folder
from tests.gui.driver import click


def prepare_and_tick(qtbot: Any, panel: Any, folder: Path) -> Path:
    """The attachment prepared in ``folder`` (as if chosen once before), every check ticked."""
    folder.mkdir(parents=True, exist_ok=True)
    attachment_folder.remember(folder)
    qtbot.mouseClick(panel.prepare_button, Qt.MouseButton.LeftButton)
    assert panel.prepared is not None, panel.status.text()
    for check in panel.checks:
        click(qtbot, check)
    assert panel.mark_sent.isEnabled(), panel.mark_sent.toolTip()
    return Path(panel.prepared)


def send(qtbot: Any, panel: Any, folder: Path) -> Path:
    path = prepare_and_tick(qtbot, panel, folder)
    qtbot.mouseClick(panel.mark_sent, Qt.MouseButton.LeftButton)
    return path
