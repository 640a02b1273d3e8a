"""Dossiers and Indicateurs areas benchmark: prints figures (no assertion).

    python benchmarks/cases_view.py [--cases 2000] [--repeat 7]

In a fresh temp dir with a real SQLCipher file of N open cases (each with a form, a
sending, an overdue deadline, a note) and N anonymous indicator rows, offscreen:
- refreshing the case lists (open cases, cases to review, pending deadlines, table fill);
- showing one case's page;
- recomputing the indicators view (table and chart).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from asip_desktop.core.engine import Engine
from asip_desktop.gui.cases.case_list import CaseList
from asip_desktop.gui.cases.case_page import CasePage
from asip_desktop.gui.indicators.indicators_view import IndicatorsView
from asip_desktop.gui.shell.none_guard import guard
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.store.store import Store
from benchmarks.store import ANSWERS, fill, ms, show


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    none_refs_at_start = sys.getrefcount(None)
    guarded = guard()  # as the application does at start (see none_guard.py)
    topped_up = sys.getrefcount(None)
    engine = Engine.load()
    key = os.urandom(32)
    with tempfile.TemporaryDirectory(prefix="asip-bench-") as tmp:
        folder = Path(tmp)
        Store.open(folder, key=key).close()
        fill(folder / "cases.db", key, args.cases, 4096, engine.evaluate(ANSWERS).to_dict())
        store = Store.open(folder, key=key)
        print(f"store: {args.cases} open cases, {args.cases} indicator rows")
        case_list = CaseList(store, engine.rules)
        show(f"case lists refresh ({args.cases} cases)", ms(case_list.refresh, args.repeat))
        page = CasePage(store, engine.rules)
        show("case page", ms(lambda: page.show_case(args.cases // 2), args.repeat))
        access = StoreAccess(opener=lambda: store)
        view = IndicatorsView(access, engine.rules)
        access.open_now()
        show(f"indicators view ({args.cases} rows)", ms(view.refresh, args.repeat))
        app.processEvents()
        store.close()
    dropped = topped_up - sys.getrefcount(None)
    print(
        f"references to None dropped by PySide6 during the run: {dropped} "
        f"(the interpreter had {none_refs_at_start} at start; reserve added: {guarded})"
    )


if __name__ == "__main__":
    main()
