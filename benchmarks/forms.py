#!/usr/bin/env python3
"""Median time to render the forms in process (goal: a filled liaison ≤ 20 ms on 2 cores).

    python benchmarks/forms.py [--runs 200]

Font registration happens once per process and is measured apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    start = time.perf_counter()
    from asip_desktop.documents.fonts import register_fonts

    register_fonts()
    print(f"import + font registration (once): {(time.perf_counter() - start) * 1000:.1f} ms")

    from asip_desktop.core.engine import Engine
    from asip_desktop.documents.detection_pdf import render_detection
    from asip_desktop.documents.liaison_data import parse_liaison
    from asip_desktop.documents.liaison_pdf import render_liaison
    from asip_desktop.documents.orientation_sheet import render_orientation_sheet

    liaison_raw = json.loads((ROOT / "docs/examples/fiche-liaison.json").read_text("utf-8"))
    detection_raw = json.loads((ROOT / "docs/examples/fiche-detection.json").read_text("utf-8"))
    result = Engine.load().evaluate(
        {"demande": "droits_retraite", "retraite": "rupture_ressources"}
    )

    cases: dict[str, Callable[[], object]] = {
        "filled liaison (validate + render)": lambda: render_liaison(parse_liaison(liaison_raw)),
        "blank liaison": render_liaison,
        "filled detection (validate + render)": lambda: render_detection(detection_raw),
        "orientation sheet": lambda: render_orientation_sheet(result),
    }
    for name, work in cases.items():
        work()  # warm-up
        median, p95 = median_ms(work, args.runs)
        print(f"{name:40s} median {median:6.2f} ms   p95 {p95:6.2f} ms   ({args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
