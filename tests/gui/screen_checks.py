"""What a person would see wrong on one screen: a horizontal scrollbar, cut text, a
window larger than the screen, two controls answering the same Alt+letter."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabWidget,
    QWidget,
)


def describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QAbstractButton, QLabel)):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    name = widget.objectName() or widget.accessibleName()
    parts = [type(widget).__name__, repr(name) if name else "", repr(text[:50]) if text else ""]
    return " ".join(p for p in parts if p)


def _shown_in(widget: QWidget, top: QWidget) -> bool:
    return widget.window() is top and widget.isVisible()


def fit_problems(top: QWidget, area: QRect) -> list[str]:
    """Horizontal scrollbars, cut text and an oversized window on the screen ``top``."""
    problems = []
    frame = top.frameGeometry()
    if frame.width() > area.width() or frame.height() > area.height():
        problems.append(
            f"window {frame.width()}×{frame.height()} larger than the screen's "
            f"available {area.width()}×{area.height()}"
        )
    for scroll in top.findChildren(QAbstractScrollArea):
        if not _shown_in(scroll, top):
            continue
        if scroll.horizontalScrollBar().isVisible():
            problems.append(f"horizontal scrollbar: {describe(scroll)}")
        inner = scroll.widget() if isinstance(scroll, QScrollArea) else None
        if (
            inner is not None
            and scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and inner.minimumSizeHint().width() > scroll.viewport().width()
        ):
            problems.append(f"content cut on the right: {describe(scroll)}")
    for label in top.findChildren(QLabel):
        if not _shown_in(label, top) or label.wordWrap() or not label.text().strip():
            continue
        if label.width() < label.minimumSizeHint().width():
            problems.append(f"text cut: {describe(label)}")
    for button in top.findChildren(QAbstractButton):
        if not _shown_in(button, top) or not button.text().strip():
            continue
        if button.width() < button.minimumSizeHint().width():
            problems.append(f"text cut: {describe(button)}")
    for tabs in top.findChildren(QTabWidget):
        if _shown_in(tabs, top) and tabs.tabBar().sizeHint().width() > tabs.width():
            problems.append(f"tab titles cut: {describe(tabs)}")
    return problems


def mnemonic(text: str) -> str | None:
    """The letter after a single « & » (« && » is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def mnemonics(top: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the controls of the screen ``top`` that answer it."""
    owners: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            owners[letter].append(what)

    for widget in top.findChildren(QWidget):
        if not _shown_in(widget, top):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            add(widget.text(), describe(widget))
        elif isinstance(widget, QGroupBox):
            add(widget.title(), describe(widget))
        elif isinstance(widget, QTabWidget) and widget.tabBar().isVisible():
            for index in range(widget.count()):
                add(widget.tabText(index), f"tab {widget.tabText(index)!r}")
    return dict(owners)


def mnemonic_clashes(top: QWidget) -> dict[str, list[str]]:
    return {letter: who for letter, who in mnemonics(top).items() if len(who) > 1}


def _focusable(widget: QWidget, top: QWidget) -> bool:
    return (
        _shown_in(widget, top)
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def tab_chain(top: QWidget) -> list[QWidget]:
    """The widgets Tab visits on the screen ``top``, in order (one lap)."""
    chain: list[QWidget] = []
    seen: set[int] = set()
    widget = top.nextInFocusChain()
    while widget is not None and widget is not top and id(widget) not in seen:
        seen.add(id(widget))
        if _focusable(widget, top):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _branch(widget: QWidget, ancestor: QWidget) -> QWidget:
    while widget.parentWidget() is not ancestor:
        parent = widget.parentWidget()
        assert parent is not None
        widget = parent
    return widget


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def reading_order_problems(chain: list[QWidget]) -> list[str]:
    """Pairs of a focus sequence against the reading order: ``b`` comes after ``a`` but
    sits above it in the same column, or left of it on the same line. Compared where
    their branches meet (two panes side by side are read one after the other)."""
    problems = []
    for i, a in enumerate(chain):
        a_up = _ancestors(a)
        for b in chain[i + 1 :]:
            b_up = set(map(id, _ancestors(b)))
            meet = next((w for w in a_up if id(w) in b_up), None)
            if meet is None or a in _ancestors(b) or b in a_up:
                continue
            ra, rb = _branch(a, meet).geometry(), _branch(b, meet).geometry()
            same_column = rb.left() < ra.right() and ra.left() < rb.right()
            same_line = rb.top() < ra.bottom() and ra.top() < rb.bottom()
            above = rb.bottom() <= ra.top()
            left = rb.right() <= ra.left()
            if (above and same_column) or (same_line and left and not above):
                problems.append(f"Tab goes from {describe(a)} to {describe(b)}, read before it")
                break
    return problems
