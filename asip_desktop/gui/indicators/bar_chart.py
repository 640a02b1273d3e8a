"""A horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

Its accessible name is its title and its accessible description lists every bar
as text; the view that shows it also shows the same figures in a table."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QWidget

ROW_HEIGHT = 24
MARGIN = 8


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.set_bars("Graphique", [])

    def set_bars(self, title: str, bars: list[tuple[str, int]]) -> None:
        self.title = title
        self.bars = bars
        self.setAccessibleName(f"Graphique : {title}")
        self.setAccessibleDescription(self.text_equivalent())
        self.setToolTip(self.text_equivalent())
        self.updateGeometry()
        self.update()

    def text_equivalent(self) -> str:
        if not self.bars:
            return f"{self.title} : aucune donnée sur la période."
        return f"{self.title} : " + " ; ".join(f"{label} : {n}" for label, n in self.bars) + "."

    def sizeHint(self) -> QSize:
        return QSize(500, MARGIN * 2 + ROW_HEIGHT * (len(self.bars) + 1))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, ROW_HEIGHT * 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        bar_color = self.palette().color(QPalette.ColorRole.Link)  # ≥ 3:1 in every scheme
        painter.setPen(text_color)
        width = self.width() - 2 * MARGIN
        painter.drawText(
            QRectF(MARGIN, MARGIN, width, ROW_HEIGHT),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title if self.bars else f"{self.title} : aucune donnée sur la période.",
        )
        if not self.bars:
            return
        metrics = painter.fontMetrics()
        label_width = min(max(metrics.horizontalAdvance(b[0]) for b in self.bars) + 16, width // 2)
        value_width = metrics.horizontalAdvance("00000") + 8
        bar_space = max(width - label_width - value_width, 10)
        top_value = max(n for _, n in self.bars) or 1
        for row, (label, value) in enumerate(self.bars, start=1):
            y = MARGIN + row * ROW_HEIGHT
            text = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 8)
            painter.setPen(text_color)
            painter.drawText(
                QRectF(MARGIN, y, label_width - 8, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            length = bar_space * value / top_value
            painter.fillRect(QRectF(MARGIN + label_width, y + 4, length, ROW_HEIGHT - 8), bar_color)
            painter.drawText(
                QRectF(MARGIN + label_width + length + 4, y, value_width, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )


class ScrolledChart(QScrollArea):
    """A chart with more bars than the screen holds (22 CDAS on a 700-pixel screen): the
    first ``rows`` bars shown, the others reached by scrolling — never cut off."""

    def __init__(self, chart: BarChart, rows: int = 6) -> None:
        super().__init__()
        self.chart = chart
        self.rows = rows
        self.setWidget(chart)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it has the same figures
        self.viewport().setAutoFillBackground(False)  # the page's own background…
        chart.setAutoFillBackground(False)  # …which setWidget had turned on for the chart
        self.fit()

    def fit(self) -> None:
        """After ``set_bars``: the chart at its whole height, the area at ``rows`` bars."""
        whole = self.chart.sizeHint().height()
        shown = MARGIN * 2 + ROW_HEIGHT * (self.rows + 1)
        # said outright: a scroll bar left from a longer chart would stay shown otherwise
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if whole > shown
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.chart.setMinimumHeight(whole)
        self.setFixedHeight(min(whole, shown))
