"""Bundled fonts: with no system fonts (kiosk images, offscreen) Qt draws boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from asip_desktop.config import resource_path

APP_FONT_FAMILY = "DejaVu Sans"


def register_fonts() -> list[str]:
    """Register every TTF of resources/fonts; return the families loaded."""
    families: list[str] = []
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id != -1:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return sorted(set(families))


def app_font(point_size: float = 10.0) -> QFont:
    font = QFont(APP_FONT_FAMILY)
    font.setPointSizeF(point_size)
    return font
