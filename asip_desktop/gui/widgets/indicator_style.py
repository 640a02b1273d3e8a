"""Check boxes and radio buttons whose edge can be seen in every palette.

Fusion draws an unticked box with the Base colour and an outline a shade darker than
the window: 1.2:1 on the dark palette, 1.65:1 on the light one, invisible on the
high-contrast one — below WCAG 1.4.11's 3:1 for a control's boundary, so an agent in
« Sombre » could not tell that there was a box to tick. This proxy style paints the
style's own indicator, then a one-pixel edge in a mix of the text and window colours
that reads at 3:1 at least (tested in ``tests/gui/test_contrast.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

# How far from the window colour towards the text colour the edge goes.
EDGE_MIX = 0.7


def edge_color(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    mix = [
        round(t * EDGE_MIX + w * (1 - EDGE_MIX))
        for t, w in zip(
            (text.red(), text.green(), text.blue()),
            (window.red(), window.green(), window.blue()),
            strict=True,
        )
    ]
    return QColor(*mix)


class VisibleIndicators(QProxyStyle):
    """The base style, with an edge of enough contrast around check and radio indicators."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        round_edge = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        if not (round_edge or element == QStyle.PrimitiveElement.PE_IndicatorCheckBox):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(edge_color(option.palette), 1.0))  # type: ignore[attr-defined]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)  # type: ignore[attr-defined]
        if round_edge:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 1.0, 1.0)
        painter.restore()


def install(app: object) -> None:
    """Wrap the application's style once (before its palette is set: a new style resets it)."""
    from PySide6.QtWidgets import QApplication, QStyleFactory

    assert isinstance(app, QApplication)
    if isinstance(app.style(), VisibleIndicators):
        return
    base = QStyleFactory.create(app.style().name())
    app.setStyle(VisibleIndicators(base) if base is not None else VisibleIndicators())
