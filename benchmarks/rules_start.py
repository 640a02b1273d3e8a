"""What the rules publication and the CDAS's automatic purge cost a joined desk's start
(bounded, loopback only): prints figures, asserts nothing.

    python benchmarks/rules_start.py [--cases 200] [--runs 5]

Starts a throw-away PostgreSQL cluster on a Unix socket (tests/team/pg_cluster.py),
creates a CDAS, joins a desk (keys in an in-memory keyring), then times
``rules_cache.start_engine`` (what the window's worker thread runs once the wizard is
ready for input): on a local desk, on the joined desk when a new file is published
(download, checks, cache), when nothing is new, and with the server out of reach (a
socket that is not there); then the joined desk's WINDOW (offscreen): its ready-for-input
time with the server up, down (a listener that never answers: the 5 s connect timeout)
and absent, the time until the worker's fetch has ended, and the longest the window's
event loop went without turning meanwhile; then ``retention.purge_at_start`` over
``--cases`` cases past the delay, in the window's worker thread (the event loop's
longest gap meanwhile).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from asip_desktop.core.engine import Engine
from asip_desktop.core.ruleset import default_rules_path
from asip_desktop.store.clock import utc_now
from asip_desktop.team import admin, membership, retention
from asip_desktop.team.rules_cache import CACHE_DIR, start_engine
from asip_desktop.team.rules_publication import publish
from asip_desktop.team.store import TeamStore
from tests.support.memory_keyring import MemoryKeyring
from tests.team.pg_cluster import Cluster, bindir

PASSPHRASE = "phrase de passe du banc d'essai"
CDAS = "CDAS de Saint-Malo"
ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def timed(action, runs: int) -> str:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms ({runs} runs)"


class Gaps:
    """The longest time the Qt event loop went without running a 2 ms timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


def spin_until(done, limit_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + limit_s
    while not done() and time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.001)


def window_start(folder: Path) -> tuple[float, float, float, str]:
    """A joined desk's window: (ready for input, fetch ended, longest event-loop gap
    after ready, in ms; the rules version in use at the end)."""
    from asip_desktop import config
    from asip_desktop.gui.shell.main_window import MainWindow

    config.set_data_dir_override(folder)
    start = time.perf_counter()
    window = MainWindow()
    marks: dict[str, float] = {}
    gaps: list[Gaps] = []

    def ready() -> None:
        marks["ready"] = time.perf_counter()
        gaps.append(Gaps())

    window.ready_for_input.connect(ready)
    window.show()
    spin_until(lambda: "ready" in marks)

    def fetched() -> bool:
        arrival = window.rules_arrival
        thread = arrival._thread if arrival is not None else None
        return thread is not None and thread.isFinished()

    spin_until(fetched)
    end = time.perf_counter()
    spin_until(lambda: False, 0.02)  # the arrival's queued signal
    longest = gaps[0].stop()
    version = window.engine.rules.version
    window.close()
    window.deleteLater()
    config.set_data_dir_override(None)
    return (marks["ready"] - start) * 1000, (end - start) * 1000, longest, version


def window_figures(label: str, folder: Path, runs: int, before=None) -> None:  # type: ignore[no-untyped-def]
    ready, fetched, gap = [], [], []
    version = ""
    for _ in range(runs):
        if before is not None:
            before()
        r, f, g, version = window_start(folder)
        ready.append(r)
        fetched.append(f)
        gap.append(g)
    print(
        f"window, joined desk, {label}: ready for input median {statistics.median(ready):.0f} "
        f"ms (max {max(ready):.0f}); published rules checked after "
        f"{statistics.median(fetched):.0f} ms; longest event-loop gap after ready "
        f"{max(gap):.0f} ms; rules in use {version} ({runs} runs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binaries = bindir()
    if binaries is None:
        print("PostgreSQL is not installed (./dev.sh test installs it).")
        return 2
    keyring.set_keyring(MemoryKeyring())
    root = Path(tempfile.mkdtemp(prefix="asip-banc-regles-"))
    cluster = Cluster(binaries)
    cluster.init()
    cluster.start()
    try:
        cluster.createdb("asip")
        url = cluster.url("asip")
        enrolment = root / "cdas.asip"
        admin.init(url, CDAS, PASSPHRASE, enrolment)
        local, folder = root / "local", root / "poste"
        member = membership.join(url, enrolment, PASSPHRASE, folder)
        start_engine(local)  # the memo of the bundled file, as on any desk after its first start
        print(f"local desk, start_engine: {timed(lambda: start_engine(local), args.runs)}")

        bundled = default_rules_path().read_text("utf-8")
        versions = iter(range(1, 1000))

        def new_publication() -> None:
            version = f"2027.{next(versions)}"
            path = root / f"regles-{version}.yaml"
            path.write_text(bundled.replace('"2026.2"', f'"{version}"', 1), "utf-8")
            publish(url, path.read_bytes(), Engine.load(path, use_memo=False).rules)

        download = []
        for _ in range(args.runs):
            new_publication()
            start = time.perf_counter()
            engine, _choice = start_engine(folder)
            download.append((time.perf_counter() - start) * 1000)
        print(
            f"joined desk, a new file published (download, checks, cache): median "
            f"{statistics.median(download):.0f} ms, max {max(download):.0f} ms "
            f"({args.runs} runs, {len(bundled.encode()) // 1024} kB file, "
            f"version {engine.rules.version})"
        )
        print(f"joined desk, nothing new: {timed(lambda: start_engine(folder), args.runs)}")

        config_file = membership.config_path(folder)
        saved = config_file.read_text("utf-8")
        data = json.loads(saved)
        data["url"] = f"postgresql:///asip?host={root / 'pas-de-serveur'}"
        config_file.write_text(json.dumps(data), "utf-8")
        print(f"joined desk, server out of reach: {timed(lambda: start_engine(folder), args.runs)}")
        config_file.write_text(saved, "utf-8")
        assert any((folder / CACHE_DIR).glob("*.yaml"))

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        window_start(folder)  # the imports, once, as any start after the first
        window_figures("server up, nothing new", folder, args.runs)
        window_figures("server up, a new file published", folder, args.runs, new_publication)
        hung = socket.socket()  # accepts the connection, never answers: a host gone away
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)
        data["url"] = f"postgresql://127.0.0.1:{hung.getsockname()[1]}/asip"
        config_file.write_text(json.dumps(data), "utf-8")
        window_figures("server down (never answers)", folder, min(args.runs, 2))
        hung.close()
        data["url"] = f"postgresql:///asip?host={root / 'pas-de-serveur'}"
        config_file.write_text(json.dumps(data), "utf-8")
        window_figures("server absent (no socket)", folder, args.runs)
        config_file.write_text(saved, "utf-8")

        moment = utc_now() - timedelta(days=400)
        past = TeamStore.open(member, root / "hier", clock=lambda: moment)
        result = Engine.load().evaluate(ANSWERS).to_dict()
        for _ in range(args.cases):
            past.cases.create(ANSWERS, result)
        past.close()
        retention.set_policy(url, CDAS, 365, True)
        desk = TeamStore.open(member, folder)
        from asip_desktop.gui.shell.start_purge import StartPurgeThread

        worker = StartPurgeThread(desk)
        outcome: list[object] = []
        worker.done.connect(outcome.append)
        start = time.perf_counter()
        gaps = Gaps()
        worker.start()
        spin_until(lambda: bool(outcome), 120)
        elapsed = time.perf_counter() - start
        longest = gaps.stop()
        done = outcome[0]
        assert isinstance(done, retention.StartPurge)
        print(
            f"automatic purge at start, in the window's worker: {len(done.receipts)} cases in "
            f"{elapsed:.2f} s ({elapsed * 1000 / max(len(done.receipts), 1):.1f} ms a case); "
            f"longest event-loop gap meanwhile {longest:.0f} ms"
        )
        desk.close()
        del app
    finally:
        cluster.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
