"""Text contrast ≥ 4.5:1 (WCAG AA) for the palette the app runs with and its own colours."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from asip_desktop.gui.widgets import colors


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_on_known_pairs():
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


PAIRS = [
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
]


@pytest.mark.parametrize(("text", "background"), PAIRS, ids=lambda r: r.name)
def test_palette_text_contrast(configured_qapp, text, background):
    palette = configured_qapp.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        ratio = contrast(palette.color(group, text), palette.color(group, background))
        assert ratio >= 4.5, (group.name, round(ratio, 2))


@pytest.mark.parametrize("name", ["ERROR_COLOR", "WARNING_COLOR"])
def test_own_text_colours_on_window_base_and_banner(configured_qapp, name):
    palette = configured_qapp.palette()
    fg = QColor(getattr(colors, name))
    for bg in (
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.Base),
        QColor(colors.BANNER_BACKGROUND),
    ):
        assert contrast(fg, bg) >= 4.5, (name, bg.name())


def test_window_text_on_the_banner(configured_qapp):
    text = configured_qapp.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(text, QColor(colors.BANNER_BACKGROUND)) >= 4.5
