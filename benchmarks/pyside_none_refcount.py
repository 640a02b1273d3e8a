"""Prints how many references to ``None`` a PySide6 call that returns nothing drops.

    python benchmarks/pyside_none_refcount.py

On CPython ≤ 3.11 ``None`` is reference-counted: a C extension that returns it without
taking a reference makes its count fall; at zero the interpreter aborts with « Fatal
Python error: none_dealloc ». Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7):
each call of a void method (``QLabel.setText``, ``QTableWidget.setItem``…) drops one
reference, from a few thousand at start — a long session at the desk would abort. CPython
3.12+ makes ``None`` immortal (PEP 683), which ends the problem.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6
from PySide6.QtWidgets import QApplication, QLabel

CALLS = 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    label = QLabel()
    print(f"PySide6 {PySide6.__version__}, CPython {sys.version.split()[0]}")
    print(f"references to None at start: {sys.getrefcount(None)}")
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("texte")
    drift = sys.getrefcount(None) - before
    print(f"after {CALLS} QLabel.setText calls: {drift:+d} ({drift / CALLS:+.2f} per call)")
    if drift < 0:
        import ctypes

        # give back what was dropped so this script itself exits cleanly
        for _ in range(-drift):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    app.processEvents()


if __name__ == "__main__":
    main()
