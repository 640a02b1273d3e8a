"""Every window of the application opens inside the screen's available area.

Counter screens are small (1024×700 laptops, 1366×768 monitors) and often run
at 150 % text: a dialog taller than the screen hides its buttons below the
task bar. ``install_screen_fit`` watches the application once: each window,
when it is shown, is shrunk to the available geometry and moved inside it;
dialogs also get that as their maximum size. Their content scrolls where it
must (each dialog puts its long parts in a scroll area).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QScrollArea, QWidget


def available_geometry(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (task bars excluded)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget) -> None:
    """Shrink ``window`` to the available geometry (frame included) and keep it inside."""
    area = available_geometry(window)
    frame = window.frameGeometry().size() - window.geometry().size()
    room = QSize(area.width() - frame.width(), area.height() - frame.height())
    if isinstance(window, QDialog):
        window.setMaximumSize(room)
    size = window.size().boundedTo(room)
    if size != window.size():
        window.resize(size)
    geometry = window.frameGeometry()
    x = min(max(geometry.x(), area.left()), area.right() + 1 - geometry.width())
    y = min(max(geometry.y(), area.top()), area.bottom() + 1 - geometry.height())
    if (x, y) != (geometry.x(), geometry.y()):
        window.move(max(x, area.left()), max(y, area.top()))


class ScreenFit(QObject):
    """Fits each window to its screen when it is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = QEvent.Type.Show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self._show and isinstance(watched, QWidget) and watched.isWindow():
            fit_to_screen(watched)
        return False


_installed: dict[int, ScreenFit] = {}


def install_screen_fit(app: QApplication) -> ScreenFit:
    """Watch ``app`` (once, however often it is configured). A dictionary, not
    ``app.findChild``: its first call costs 12 ms of start-up."""
    fit = _installed.get(id(app))
    if fit is None:
        fit = _installed[id(app)] = ScreenFit(app)
        app.installEventFilter(fit)
    return fit


def fit_content_width(scroll: QScrollArea) -> QScrollArea:
    """A scroll area that scrolls only vertically and is never narrower than its
    content's minimum width: nothing is cut on the right, there is no horizontal
    scrollbar, and the surrounding layout (a splitter) gives way instead."""
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = scroll.widget()
    if inner is not None:
        _ContentWidth(scroll, inner).update()
    return scroll


class _ContentWidth(QObject):
    """Follows the content: a panel filled later (a plan, a result) grows its minimum."""

    def __init__(self, scroll: QScrollArea, inner: QWidget) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.inner = inner
        self._layout_request = QEvent.Type.LayoutRequest
        inner.installEventFilter(self)

    def update(self) -> None:
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        width = self.inner.minimumSizeHint().width() + bar + 2 * self.scroll.frameWidth()
        if width != self.scroll.minimumWidth():
            self.scroll.setMinimumWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self._layout_request:
            self.update()
        return False


def scrolled(widget: QWidget, name: str = "") -> QScrollArea:
    """``widget`` in a vertical scroll area (a panel that may be taller than a small screen)."""
    scroll = QScrollArea()
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    if name:
        scroll.setAccessibleName(name)
    return fit_content_width(scroll)
