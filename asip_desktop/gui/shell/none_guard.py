"""Keep ``None`` alive under a PySide6 that drops a reference to it on each call.

PySide6-Essentials 6.12.0 on CPython 3.11 returns ``None`` from every void method
(``QLabel.setText``, ``QTableWidget.setItem``…) without taking a reference: each call
lowers ``None``'s reference count by one (``benchmarks/pyside_none_refcount.py``). A
process starts with a few tens of thousands; refreshing a list of 300 cases a few times
is enough to reach zero, and the interpreter aborts (« none_dealloc »).

CPython 3.12 made ``None`` immortal (PEP 683: a huge reference count). On older
versions, when the leak is measured, ``guard()`` does the same: it adds 2**40
references, more than a desk session can drop. Nothing happens on CPython ≥ 3.12 or
with a PySide6 that does not leak.
"""

from __future__ import annotations

import sys

RESERVE = 1 << 40
_PROBES = 64


def leaks_none() -> bool:
    """Whether a void PySide6 call lowers ``None``'s reference count here."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("sonde")
    return sys.getrefcount(None) <= before - _PROBES // 2


def guard() -> bool:
    """Give ``None`` a reserve of references if PySide6 leaks them; True if it did."""
    if sys.version_info >= (3, 12) or not leaks_none():
        return False
    import ctypes

    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(None)).value += RESERVE
    return True
