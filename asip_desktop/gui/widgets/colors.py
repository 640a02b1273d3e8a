"""The few colours the app sets itself, each checked for contrast (≥ 4.5:1) by a test.

Colour is never the only signal: errors and overdue deadlines also say so in words.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ERROR_COLOR = "#b00020"  # errors under a field, overdue deadlines
WARNING_COLOR = "#8a4b00"  # « à vérifier » badges
BANNER_BACKGROUND = "#fff4d6"  # missing-data banner behind the window text
ERROR_STYLE = f"color: {ERROR_COLOR};"
HIGHLIGHT_COLOR = "#1f5f99"  # selection behind white text: Fusion's #308cc6 gives only 3.7:1


def apply_accessible_palette(app: QApplication) -> None:
    """Darken the selection colour so selected text keeps a 4.5:1 contrast."""
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(HIGHLIGHT_COLOR))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("white"))
    app.setPalette(palette)
