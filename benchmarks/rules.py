#!/usr/bin/env python3
"""Median time of the orientation engine on the shipped scenarios (rules 2026.2).

    python benchmarks/rules.py [--runs 50]

Measures loading the rules file (with and without the validated memo), one
evaluation per scenario (answers mapping, conditions, action plan), the wizard's
``questions_to_ask`` after each answer, and the orientation sheet of each scenario.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    import os

    os.environ.setdefault("ASIP_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="asip-bench-"))
    from asip_desktop.core.engine import Engine
    from asip_desktop.core.scenarios import load_scenarios
    from asip_desktop.documents.orientation_sheet import render_orientation_sheet

    Engine.load()  # warms the memo
    engine = Engine.load()
    scenarios = load_scenarios()

    def walk_wizard() -> None:
        for s in scenarios:
            answers: dict[str, object] = {}
            for q in engine.questions_to_ask(s.answers, s.level):
                engine.questions_to_ask(answers, s.level)
                if q.id in s.answers:
                    answers[q.id] = s.answers[q.id]

    figures = {
        "load rules, full check (no memo)": lambda: Engine.load(use_memo=False),
        "load rules, memo": lambda: Engine.load(),
        f"evaluate {len(scenarios)} scenarios": lambda: [
            engine.evaluate(s.answers, level=s.level) for s in scenarios
        ],
        f"questions_to_ask, {len(scenarios)} wizard walks": walk_wizard,
    }
    results = [engine.evaluate(s.answers, level=s.level) for s in scenarios]
    render_orientation_sheet(results[0])  # fonts registered once per process
    figures[f"orientation sheet, {len(scenarios)} scenarios"] = lambda: [
        render_orientation_sheet(r) for r in results
    ]
    print(
        f"rules {engine.rules.version}, {len(engine.rules.rules)} rules, "
        f"{len(engine.rules.questions)} questions, {len(scenarios)} scenarios"
    )
    for name, work in figures.items():
        runs = max(args.runs // 5, 3) if "sheet" in name or "no memo" in name else args.runs
        median, p95 = median_ms(work, runs)
        print(f"{name:45s} median {median:8.2f} ms   p95 {p95:8.2f} ms   ({runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
