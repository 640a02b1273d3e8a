"""A splitter that puts its panes side by side when both fit, one above the other
otherwise (a fiche and its preview on a 1024 px screen at 150 % text)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget


def _min_width(widget: QWidget) -> int:
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())


def _min_height(widget: QWidget) -> int:
    return max(widget.minimumHeight(), widget.minimumSizeHint().height())


class AdaptiveSplitter(QSplitter):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)

    def _panes(self) -> list[QWidget]:
        panes = [self.widget(i) for i in range(self.count())]
        return [w for w in panes if w is not None and not w.isHidden()]

    def side_by_side_width(self) -> int:
        panes = self._panes()
        return sum(_min_width(w) for w in panes) + self.handleWidth() * max(len(panes) - 1, 0)

    def minimumSizeHint(self) -> QSize:
        """What the panes need one above the other: the narrowest this splitter can be."""
        panes = self._panes()
        if not panes:
            return super().minimumSizeHint()
        handles = self.handleWidth() * (len(panes) - 1)
        return QSize(
            max(_min_width(w) for w in panes), sum(_min_height(w) for w in panes) + handles
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.side_by_side_width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.orientation():
            self.setOrientation(orientation)
            self.setSizes([1] * self.count())  # equal shares in the new direction
        super().resizeEvent(event)
