"""What the rules publication and the CDAS's automatic purge cost a joined desk's start
(bounded, loopback only): prints figures, asserts nothing.

    python benchmarks/rules_start.py [--cases 200] [--runs 5]

Starts a throw-away PostgreSQL cluster on a Unix socket (tests/team/pg_cluster.py),
creates a CDAS, joins a desk (keys in an in-memory keyring), then times
``rules_cache.start_engine`` (what the window runs before its wizard is ready): on a
local desk, on the joined desk when a new file is published (download, checks, cache),
when nothing is new, and with the server out of reach (a socket that is not there);
then ``retention.purge_at_start`` over ``--cases`` cases past the delay.
"""

from __future__ import annotations

import argparse
import json
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

        moment = utc_now() - timedelta(days=400)
        past = TeamStore.open(member, root / "hier", clock=lambda: moment)
        result = Engine.load().evaluate(ANSWERS).to_dict()
        for _ in range(args.cases):
            past.cases.create(ANSWERS, result)
        past.close()
        retention.set_policy(url, CDAS, 365, True)
        desk = TeamStore.open(member, folder)
        start = time.perf_counter()
        done = retention.purge_at_start(desk)
        elapsed = time.perf_counter() - start
        assert done is not None
        print(
            f"automatic purge at start: {len(done.receipts)} cases in {elapsed:.2f} s "
            f"({elapsed * 1000 / max(len(done.receipts), 1):.1f} ms a case)"
        )
        desk.close()
    finally:
        cluster.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
