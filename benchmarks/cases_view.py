"""Dossiers and Indicateurs areas benchmark: prints figures (no assertion).

    python benchmarks/cases_view.py [--cases 2000] [--repeat 7]

In a fresh temp dir with a real SQLCipher file of N open cases (each with an identity,
a form, a sending, an overdue deadline, a note) and N anonymous indicator rows, offscreen:
- the first read of the case lists (every case decrypted into memory, with names);
- refreshing the case lists with names (goal: <= 50 ms for 2 000 cases);
- a search keystroke in the Dossiers search box (goal: <= 30 ms for 2 000 cases);
- showing one case's page;
- recomputing the indicators view (table and chart).

Before issue 11 (QTableWidget, no names, no search): case lists refresh, 2 000 cases,
median 315 ms on the team machine.
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
        first: list[CaseList] = []
        show(
            f"case lists first read ({args.cases} cases)",
            ms(lambda: first.append(CaseList(store, engine.rules)), 1),
        )
        case_list = first[0]
        case_list.resize(1000, 600)
        case_list.show()
        app.processEvents()
        show(
            f"case lists refresh with names ({args.cases})",
            ms(lambda: (case_list.refresh(), app.processEvents()), args.repeat),
        )
        typed = iter(["N", "No", "Nom", "Nom-", "Nom-1", "Nom-19", "Nom-199"] * args.repeat)

        def keystroke() -> None:
            text = next(typed)
            case_list.search_edit.setText(text)
            app.processEvents()

        show(f"search keystroke ({args.cases} cases)", ms(keystroke, args.repeat))
        case_list.search_edit.setText("2 85")  # a NIR beginning, with a space
        app.processEvents()
        case_list.hide()
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
