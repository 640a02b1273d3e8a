"""Text contrast ≥ 4.5:1 (WCAG AA) in every palette the app can run with: the desk's
own light or dark palette (« Système »), and the « Clair », « Sombre » and
« Contraste élevé » choices — the palette's text roles and the app's own colours."""

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


def dark_system_palette() -> QPalette:
    """A desk in dark mode, as KDE Breeze Dark gives it (its selection, #3daee9 behind
    near-white text, reads at 2.5:1; its default link blue is unreadable on it)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#31363b",
        QPalette.ColorRole.WindowText: "#fcfcfc",
        QPalette.ColorRole.Base: "#232629",
        QPalette.ColorRole.AlternateBase: "#31363b",
        QPalette.ColorRole.Text: "#fcfcfc",
        QPalette.ColorRole.Button: "#31363b",
        QPalette.ColorRole.ButtonText: "#fcfcfc",
        QPalette.ColorRole.Highlight: "#3daee9",
        QPalette.ColorRole.HighlightedText: "#fcfcfc",
        QPalette.ColorRole.ToolTipBase: "#31363b",
        QPalette.ColorRole.ToolTipText: "#fcfcfc",
        QPalette.ColorRole.Link: "#0000ff",
        QPalette.ColorRole.PlaceholderText: "#6f7173",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture(params=["systeme-clair", "systeme-sombre", "clair", "sombre", "contraste"])
def palette_choice(request, configured_qapp):
    """Run the test under one palette; put the test session's own back afterwards."""
    desk = QPalette(configured_qapp.palette())
    colors.reset_system_palette()
    if request.param == "systeme-sombre":
        configured_qapp.setPalette(dark_system_palette())
    choice = request.param.split("-")[0]
    scheme = colors.apply_accessible_palette(configured_qapp, choice)
    yield request.param, scheme
    colors.reset_system_palette()
    configured_qapp.setPalette(desk)
    colors.apply_accessible_palette(configured_qapp, "systeme")


PAIRS = [
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
]


def test_palette_text_contrast(configured_qapp, palette_choice):
    palette = configured_qapp.palette()
    low = []
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in PAIRS:
            ratio = contrast(palette.color(group, text), palette.color(group, background))
            if ratio < 4.5:
                low.append((group.name, text.name, background.name, round(ratio, 2)))
    assert low == []


def test_own_text_colours_on_window_base_and_banner(configured_qapp, palette_choice):
    _name, scheme = palette_choice
    palette = configured_qapp.palette()
    backgrounds = {
        "Window": palette.color(QPalette.ColorRole.Window),
        "Base": palette.color(QPalette.ColorRole.Base),
    }
    low = []
    for role in ("error", "warning"):
        for where, bg in backgrounds.items():
            ratio = contrast(QColor(getattr(scheme, role)), bg)
            if ratio < 4.5:
                low.append((role, where, round(ratio, 2)))
    banner = contrast(QColor(scheme.banner_text), QColor(scheme.banner))
    assert low == [] and banner >= 4.5, (low, banner)


def test_the_scheme_follows_the_palette(configured_qapp, palette_choice):
    name, scheme = palette_choice
    expected = {"systeme-clair": colors.LIGHT, "clair": colors.LIGHT}.get(name, colors.DARK)
    if name == "contraste":
        expected = colors.HIGH_CONTRAST
    assert scheme is expected


def test_the_directory_banner_reads_in_dark_mode_and_follows_a_change(qtbot, configured_qapp):
    """The missing-data banner was dark-on-dark yellow in dark mode: a real widget."""
    from asip_desktop.gui.directory.directory_view import DirectoryView

    desk = QPalette(configured_qapp.palette())
    try:
        view = DirectoryView()
        qtbot.addWidget(view)
        colors.reset_system_palette()
        configured_qapp.setPalette(dark_system_palette())
        colors.apply_accessible_palette(configured_qapp, "systeme")
        banner = view.banner.palette()
        text, back = (
            banner.color(r) for r in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window)
        )
        assert back.name() == colors.DARK.banner
        assert contrast(text, back) >= 4.5
        colors.apply_accessible_palette(configured_qapp, "contraste")
        banner = view.banner.palette()
        assert banner.color(QPalette.ColorRole.Window).name() == colors.HIGH_CONTRAST.banner
        assert contrast(banner.color(QPalette.ColorRole.WindowText), QColor("#ffff00")) >= 4.5
    finally:
        colors.reset_system_palette()
        configured_qapp.setPalette(desk)
        colors.apply_accessible_palette(configured_qapp, "systeme")


def _indicator_contrast(qtbot, widget, element) -> float:
    """The strongest contrast between the painted indicator and the window around it."""
    from PySide6.QtWidgets import QStyleOptionButton

    qtbot.addWidget(widget)
    widget.show()
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    rect = widget.style().subElementRect(element, option, widget)
    image = widget.grab().toImage()
    ratio = widget.devicePixelRatioF()
    window = widget.palette().color(QPalette.ColorRole.Window)
    best = 1.0
    for x in range(int(rect.left() * ratio), int((rect.right() + 1) * ratio)):
        for y in range(int(rect.top() * ratio), int((rect.bottom() + 1) * ratio)):
            best = max(best, contrast(image.pixelColor(x, y), window))
    return best


def test_unticked_check_boxes_and_radio_buttons_are_seen(qtbot, configured_qapp, palette_choice):
    """WCAG 1.4.11: a control's boundary reads at 3:1 at least against what surrounds it.
    Fusion's unticked box was #1e1e1e on #2b2b2b in « Sombre » (1.2:1)."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle

    check = _indicator_contrast(
        qtbot, QCheckBox("Non coché"), QStyle.SubElement.SE_CheckBoxIndicator
    )
    radio = _indicator_contrast(
        qtbot, QRadioButton("Non choisi"), QStyle.SubElement.SE_RadioButtonIndicator
    )
    assert check >= 3.0 and radio >= 3.0, (round(check, 2), round(radio, 2))
