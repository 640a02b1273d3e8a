"""Start-up time: process start to main window painted, against the Qt floor.

    python benchmarks/startup.py [RUNS]

The floor is a bare PySide6 QApplication + QWizard.show() in a fresh process.
Both are measured in the same run, alternately, several times; the script
prints medians, the ratio and the peak memory (max RSS) of each.
"""

from __future__ import annotations

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
    print(f"READY {time.perf_counter():.6f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}",
          flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=True)
    end = time.perf_counter()
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("READY"))
    peak_kib = int(line.split()[2])
    # the child's own clock is not comparable with ours: the process ends right after READY,
    # so the wall time of the whole run is the honest figure (it includes a clean exit).
    return end - start, peak_kib


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
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
        app_t, floor_t, app_m, floor_m = [], [], [], []
        for _ in range(runs):
            t, m = measure(floor_cmd, env)
            floor_t.append(t)
            floor_m.append(m)
            t, m = measure(app_cmd, env)
            app_t.append(t)
            app_m.append(m)
    fm, am = statistics.median(floor_t), statistics.median(app_t)
    print(f"runs: {runs} (platform {env['QT_QPA_PLATFORM']})")
    print(
        f"floor  QApplication+QWizard.show : median {fm * 1000:7.1f} ms  "
        f"peak RSS {statistics.median(floor_m) / 1024:6.1f} MiB"
    )
    print(
        f"asip-desktop main window painted : median {am * 1000:7.1f} ms  "
        f"peak RSS {statistics.median(app_m) / 1024:6.1f} MiB"
    )
    print(f"ratio: {am / fm:.2f}x (goal <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
