"""Tab follows the reading order on every page and dialog.

Qt's Tab chain follows the order widgets were created in: a fiche button added
after the others, a wizard's buttons made before its pages, a page rebuilt
after a result all land in odd places (the sending button of a fiche was 38
Tab presses away). Rather than fix each chain by hand after every rebuild,
Tab and Shift+Tab are answered here, from what is on screen: top to bottom,
left to right, one pane after the other (a fiche's fields, then its preview).
No field of the application takes a tab character: Tab always moves on (a
note field no longer traps the keyboard). Containers that only scroll what
they hold (a scroll area of fields) are not stops of their own.
"""

from __future__ import annotations

from functools import cmp_to_key

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QRadioButton, QScrollArea, QWidget


def _focusable(widget: QWidget, top: QWidget) -> bool:
    return (
        widget.window() is top
        and widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def _path(widget: QWidget, top: QWidget) -> list[QWidget]:
    """``widget`` and its parents up to (not including) ``top``, outermost first."""
    path = []
    while widget is not None and widget is not top:
        path.append(widget)
        widget = widget.parentWidget()
    return path[::-1]


def _compare_rects(a: QRect, b: QRect) -> int:
    same_line = a.top() < b.bottom() and b.top() < a.bottom()
    if same_line and a.left() != b.left():
        return -1 if a.left() < b.left() else 1
    if a.top() != b.top():
        return -1 if a.top() < b.top() else 1
    return -1 if a.left() < b.left() else (1 if a.left() > b.left() else 0)


def reading_chain(top: QWidget) -> list[QWidget]:
    """The focusable widgets of the window ``top`` in reading order: compared where
    their branches part, the branch above first, or the one on the left on a line."""
    widgets = [w for w in top.findChildren(QWidget) if _focusable(w, top)]
    holders = {id(p) for w in widgets for p in _path(w, top)[:-1]}
    widgets = [w for w in widgets if id(w) not in holders]  # containers are not stops
    paths = {id(w): _path(w, top) for w in widgets}

    def compare(a: QWidget, b: QWidget) -> int:
        pa, pb = paths[id(a)], paths[id(b)]
        for x, y in zip(pa, pb, strict=False):
            if x is not y:
                return _compare_rects(x.geometry(), y.geometry())
        return len(pa) - len(pb)  # a container before what it holds

    return _one_stop_per_choice(sorted(widgets, key=cmp_to_key(compare)))


def _one_stop_per_choice(chain: list[QWidget]) -> list[QWidget]:
    """Tab enters a set of exclusive radio buttons once, on the chosen one (or the
    first), as everywhere in Qt; the arrow and digit keys move inside it."""
    groups: dict[object, list[QRadioButton]] = {}
    for widget in chain:
        if isinstance(widget, QRadioButton):
            group = widget.group()
            if group is not None and group.exclusive():
                groups.setdefault(("group", id(group)), []).append(widget)
            elif widget.autoExclusive():
                groups.setdefault(("parent", id(widget.parentWidget())), []).append(widget)
    stops = {
        id(next((b for b in buttons if b.isChecked()), buttons[0])) for buttons in groups.values()
    }
    grouped = {id(b) for buttons in groups.values() for b in buttons}
    return [w for w in chain if id(w) not in grouped or id(w) in stops]


def focus_in_view(widget: QWidget, reason: Qt.FocusReason) -> None:
    """Give ``widget`` the focus and scroll every scroll area holding it so that it is
    seen: Qt's scroll areas follow Tab only when Qt moves the focus itself."""
    widget.setFocus(reason)
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def focus_first_in(container: QWidget) -> bool:
    """Focus the first control of ``container`` in reading order (a tab just opened)."""
    inside = [w for w in reading_chain(container.window()) if container.isAncestorOf(w)]
    if inside:
        focus_in_view(inside[0], Qt.FocusReason.TabFocusReason)
    return bool(inside)


def next_in_reading_order(widget: QWidget, forward: bool = True) -> QWidget | None:
    top = widget.window()
    chain = reading_chain(top)
    if not chain:
        return None
    current = widget
    while current is not None and current not in chain:  # a part of a compound widget
        owner = next((w for w in chain if w.focusProxy() is current), None)
        current = owner or current.parentWidget()
    if current is None:
        return chain[0] if forward else chain[-1]
    index = chain.index(current)
    return chain[(index + (1 if forward else -1)) % len(chain)]


class ReadingOrderTab(QObject):
    """Answers Tab and Shift+Tab for every window of the application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key_press = QEvent.Type.KeyPress

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != self._key_press or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        plain = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier == (
            Qt.KeyboardModifier.NoModifier
        )
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or not plain:
            return False
        if not isinstance(watched, QWidget):
            return False
        if watched.window().windowType() == Qt.WindowType.Popup:  # an open combo list
            return False
        forward = key == Qt.Key.Key_Tab and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        target = next_in_reading_order(watched, forward)
        if target is None:
            return False
        focus_in_view(
            target, Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        )
        return True


_installed: dict[int, ReadingOrderTab] = {}


def install_reading_order(app: QApplication) -> ReadingOrderTab:
    """Watch ``app`` once (installed with the other input watches, after start-up)."""
    watch = _installed.get(id(app))
    if watch is None:
        watch = _installed[id(app)] = ReadingOrderTab(app)
        app.installEventFilter(watch)
    return watch
