"""Start-up time: process start to main window painted, against the Qt floor.

    python benchmarks/startup.py [RUNS]

The floor is a bare PySide6 QApplication + QWizard.show() in a fresh process.
Both are measured in the same run, alternately, several times; the script
prints medians, the ratio and the peak memory (max RSS) of each.

The application's bytecode is compiled first, as an installed copy has it (pip
and the PyInstaller bundle both ship it): with PYTHONDONTWRITEBYTECODE set, as
in the team's shells, every start would otherwise recompile ~60 modules
(~35 ms) that no agent's desk ever recompiles.

Where the time goes: ``python -X importtime -m asip_desktop`` for imports,
``python -m cProfile -m asip_desktop`` (with ASIP_DESKTOP_BENCH_STARTUP=1 it
quits once ready) for the rest.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import resource, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage
app = QApplication([])
w = QWizard(); w.addPage(QWizardPage()); w.show()
def ready():
    w.repaint()
    print(f"READY {time.time():.6f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}",
          flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds from just before the process is spawned to its first painted window and
    to its first page ready for input (both read on the wall clock), and the child's
    peak RSS at that moment (KiB). The floor paints and is ready at once."""
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    marks = {ln.split()[0]: ln.split()[1:] for ln in out.stdout.splitlines() if ln[:1].isupper()}
    ready_at, peak_kib = marks["READY"]
    painted_at = marks.get("PAINTED", [ready_at])[0]
    return float(painted_at) - start, float(ready_at) - start, int(peak_kib)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    compileall.compile_dir(ROOT / "asip_desktop", quiet=1)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "ASIP_DESKTOP_BENCH_STARTUP": "1",
        "PYTHONPATH": str(ROOT),
    }
    with tempfile.TemporaryDirectory() as data:
        env["ASIP_DESKTOP_DATA_DIR"] = data
        app_cmd = [sys.executable, "-m", "asip_desktop"]
        floor_cmd = [sys.executable, "-c", FLOOR]
        measure(app_cmd, env)  # warm the file cache once for both
        measure(floor_cmd, env)
        floor_t, app_p, app_r, floor_m, app_m = [], [], [], [], []
        for _ in range(runs):
            _, t, m = measure(floor_cmd, env)
            floor_t.append(t)
            floor_m.append(m)
            p, r, m = measure(app_cmd, env)
            app_p.append(p)
            app_r.append(r)
            app_m.append(m)
    fm = statistics.median(floor_t)
    pm, rm = statistics.median(app_p), statistics.median(app_r)
    print(f"runs: {runs} (platform {env['QT_QPA_PLATFORM']}, bytecode compiled ahead)")
    print(
        f"floor  QApplication+QWizard.show    : median {fm * 1000:7.1f} ms  "
        f"peak RSS {statistics.median(floor_m) / 1024:6.1f} MiB"
    )
    print(
        f"asip-desktop main window painted    : median {pm * 1000:7.1f} ms  "
        f"ratio {pm / fm:.2f}x (goal <= 1.5x)"
    )
    print(
        f"asip-desktop wizard ready for input : median {rm * 1000:7.1f} ms  "
        f"ratio {rm / fm:.2f}x  peak RSS {statistics.median(app_m) / 1024:6.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
