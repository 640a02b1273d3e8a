"""The app's colours: a light, a dark and a high-contrast scheme, every text ≥ 4.5:1.

The agent picks « Couleurs » in Paramètres: « Système » follows the desk's own
palette (light or dark) and only corrects what would read badly in it (the
selection, links, placeholders, and the app's own colours: errors, « à
vérifier » badges, the missing-data banner); « Clair », « Sombre » and
« Contraste élevé » set the whole palette. Widgets that carry one of the app's
own colours are tinted with ``tint`` and follow a change of scheme at once.

Colour is never the only signal: errors and overdue deadlines also say so in words.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import shiboken6
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from asip_desktop.gui.widgets import indicator_style

PALETTE_CHOICES = {
    "systeme": "Système (couleurs du poste)",
    "clair": "Clair",
    "sombre": "Sombre",
    "contraste": "Contraste élevé",
}


@dataclass(frozen=True)
class Scheme:
    """The app's own colours for one kind of palette (all #rrggbb)."""

    error: str  # errors under a field, overdue deadlines
    warning: str  # « à vérifier » badges
    banner: str  # missing-data banner background
    banner_text: str
    link: str
    placeholder: str  # on the Base colour
    highlight: str = "#1f5f99"  # selection behind white text: Fusion's #308cc6 gives 3.7:1
    highlighted_text: str = "#ffffff"


LIGHT = Scheme(
    error="#b00020",
    warning="#8a4b00",
    banner="#fff4d6",
    banner_text="#000000",
    link="#0b57a4",
    placeholder="#5c5c5c",
)
DARK = Scheme(
    error="#ff8a80",
    warning="#ffc46b",
    banner="#4d3a00",
    banner_text="#fff4d6",
    link="#8ab4f8",
    placeholder="#b0b0b0",
)
HIGH_CONTRAST = Scheme(
    error="#ff9e9e",
    warning="#ffff00",
    banner="#ffff00",
    banner_text="#000000",
    link="#00ffff",
    placeholder="#d0d0d0",
    highlight="#ffff00",
    highlighted_text="#000000",
)

# Whole palettes for the schemes chosen by name (window, window text, base, text, button).
_FULL = {
    "clair": ("#efefef", "#000000", "#ffffff", "#000000", "#e4e4e4"),
    "sombre": ("#2b2b2b", "#f0f0f0", "#1e1e1e", "#f0f0f0", "#3a3a3a"),
    "contraste": ("#000000", "#ffffff", "#000000", "#ffffff", "#000000"),
}

# Kept for the modules that read a colour once (the light scheme's values).
ERROR_COLOR = LIGHT.error
WARNING_COLOR = LIGHT.warning
BANNER_BACKGROUND = LIGHT.banner
HIGHLIGHT_COLOR = LIGHT.highlight

_state: dict[str, object] = {"scheme": LIGHT, "system": None}
_tinted: weakref.WeakKeyDictionary[QWidget, tuple[str, bool]] = weakref.WeakKeyDictionary()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def current() -> Scheme:
    scheme = _state["scheme"]
    assert isinstance(scheme, Scheme)
    return scheme


def _full_palette(choice: str) -> QPalette:
    window, window_text, base, text, button = (QColor(c) for c in _FULL[choice])
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, color in (
            (QPalette.ColorRole.Window, window),
            (QPalette.ColorRole.WindowText, window_text),
            (QPalette.ColorRole.Base, base),
            (QPalette.ColorRole.AlternateBase, button),
            (QPalette.ColorRole.Text, text),
            (QPalette.ColorRole.Button, button),
            (QPalette.ColorRole.ButtonText, window_text),
            (QPalette.ColorRole.BrightText, window_text),
            (QPalette.ColorRole.ToolTipBase, base),
            (QPalette.ColorRole.ToolTipText, text),
        ):
            palette.setColor(group, role, color)
    disabled = QColor(window_text)
    disabled.setAlphaF(0.6)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    for role, color in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base)):
        palette.setColor(QPalette.ColorGroup.Disabled, role, color)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, button)
    return palette


def apply_accessible_palette(app: QApplication, choice: str = "systeme") -> Scheme:
    """Set the palette ``choice`` (a key of PALETTE_CHOICES) and the matching scheme."""
    if _state["system"] is None:  # the desk's own palette, before we change anything
        _state["system"] = QPalette(app.palette())
    indicator_style.install(app)  # first: a new style resets the palette
    if choice in _FULL:
        palette = _full_palette(choice)
    else:
        system = _state["system"]
        assert isinstance(system, QPalette)
        palette = QPalette(system)
    scheme = HIGH_CONTRAST if choice == "contraste" else DARK if is_dark(palette) else LIGHT
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(scheme.highlight))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(scheme.highlighted_text))
        palette.setColor(group, QPalette.ColorRole.Link, QColor(scheme.link))
        palette.setColor(group, QPalette.ColorRole.LinkVisited, QColor(scheme.link))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(scheme.placeholder))
    app.setPalette(palette)
    _state["scheme"] = scheme
    for widget, (role, bold) in list(_tinted.items()):
        if shiboken6.isValid(widget):
            _paint(widget, role, bold)
        else:  # deleted on the C++ side, its Python wrapper still alive
            del _tinted[widget]
    return scheme


def reset_system_palette() -> None:
    """Forget the palette taken for the desk's own (tests that fake a system palette)."""
    _state["system"] = None


def _paint(widget: QWidget, role: str, bold: bool) -> None:
    scheme = current()
    palette = QPalette(QApplication.palette())
    if role == "banner":
        widget.setAutoFillBackground(True)
        palette.setColor(QPalette.ColorRole.Window, QColor(scheme.banner))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(scheme.banner_text))
        palette.setColor(QPalette.ColorRole.Text, QColor(scheme.banner_text))
    else:
        color = QColor(getattr(scheme, role))
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(palette)
    if bold:
        font = QFont(widget.font())
        font.setBold(True)
        widget.setFont(font)


def tint(widget: QWidget, role: str, bold: bool = False) -> QWidget:
    """Give ``widget`` the scheme's ``role`` colour (error, warning, banner) — now and
    whenever the scheme changes."""
    _tinted[widget] = (role, bold)
    _paint(widget, role, bold)
    return widget


# A style sheet for the few places that draw with one (kept for compatibility:
# prefer ``tint``, which follows the scheme).
ERROR_STYLE = f"color: {ERROR_COLOR};"
