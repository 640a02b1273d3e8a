"""The transfer cut at every step, against the suite's PostgreSQL: a failure injected
before every statement sent to the server, the desk's session terminated by the server
(``pg_terminate_backend``) at every step, the real command killed with -9 mid-way. After
each cut, then after a rerun: every case exactly once on the server, none both purged
on the laptop and absent from the server, 0 lost, each anonymous row once."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, event, text

from asip_desktop.team import transfer
from tests.team.conftest import Team
from tests.team.laptop import Laptop, server_counts

ROOT = Path(__file__).resolve().parents[2]


class Snapshot:
    """What the laptop held before the transfer."""

    def __init__(self, laptop: Laptop) -> None:
        self.laptop = laptop
        self.uids = laptop.uids()
        self.indicators, self.reports = laptop.anonymous_ids()
        assert len(self.uids) == 3 and len(self.indicators) == len(self.reports) == 1

    def check_cut(self, url: str) -> None:
        """After a cut: nothing twice, nothing lost (a case is here, there, or both)."""
        on_server = server_counts(url, "cases", "uid", self.uids)
        here = self.laptop.uids()
        assert max(on_server.values()) <= 1, on_server
        lost = [u for u in self.uids if on_server[u] == 0 and u not in here]
        assert lost == []
        indicators, reports = self.laptop.anonymous_ids()
        for table, column, ids, left in (
            ("indicators", "id", self.indicators, indicators),
            ("dysfunction_reports", "uid", self.reports, reports),
        ):
            counts = server_counts(url, table, column, ids)
            assert max(counts.values()) <= 1, counts
            assert [i for i in ids if counts[i] == 0 and i not in left] == []

    def check_done(self, url: str) -> None:
        """After the rerun: everything exactly once on the server, nothing left here."""
        assert server_counts(url, "cases", "uid", self.uids) == dict.fromkeys(self.uids, 1)
        assert server_counts(url, "indicators", "id", self.indicators) == dict.fromkeys(
            self.indicators, 1
        )
        assert server_counts(url, "dysfunction_reports", "uid", self.reports) == dict.fromkeys(
            self.reports, 1
        )
        assert self.laptop.uids() == set()
        assert self.laptop.anonymous_ids() == (set(), set())


def fresh(team: Team, root: Path, engine: Any, n: int) -> tuple[Laptop, Snapshot]:
    laptop = Laptop(team, root / f"portable-{n}")
    laptop.seed(engine, random.Random(1000 + n), n=3)
    return laptop, Snapshot(laptop)


def test_a_failure_before_any_server_statement_then_a_rerun(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    completed = False
    cuts = 0
    laptop = Laptop(team, tmp_path / "portable")
    for n in range(1, 200):
        laptop.seed(engine, random.Random(1000 + n), n=3)  # emptied by the previous rerun
        snap = Snapshot(laptop)
        sent = {"count": 0}

        def fail(
            conn: Any, cursor: Any, statement: str, *args: Any, at: int = n, sent: Any = sent
        ) -> None:
            sent["count"] += 1
            if sent["count"] == at:
                raise psycopg.OperationalError("connexion coupée (test)")

        event.listen(laptop.team.engine, "before_cursor_execute", fail)
        receipt = transfer.transfer(laptop.local, laptop.team)
        event.remove(laptop.team.engine, "before_cursor_execute", fail)
        snap.check_cut(team.url)
        if receipt.interrupted is None:  # n is past the last statement: every one was cut
            completed = True
            snap.check_done(team.url)
            break
        cuts += 1
        assert "injoignable" in receipt.interrupted
        again = transfer.transfer(laptop.local, laptop.team)
        assert again.interrupted is None and again.conflicts == []
        snap.check_done(team.url)
    print(f"transfer cut before each of its {cuts} server statements")
    assert completed and cuts >= 20  # 3 cases with forms and deadlines, then the rows


def _terminate(url: str, role: str) -> None:
    admin = create_engine(url)
    try:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
    finally:
        admin.dispose()


@pytest.mark.parametrize("step", transfer.STEPS)
def test_the_server_terminates_the_session_at_a_step_then_a_rerun(
    team: Team, tmp_path: Path, engine: Any, step: str
) -> None:
    laptop, snap = fresh(team, tmp_path, engine, 0)
    done = {"n": 0}

    def terminate(name: str) -> None:
        if name == step and done["n"] == 0:
            done["n"] = 1
            _terminate(team.url, laptop.member.role)

    receipt = transfer.transfer(laptop.local, laptop.team, step=terminate)
    assert done["n"] == 1
    snap.check_cut(team.url)
    if step in ("dossier", "fiches", "echeances", "avant-validation"):
        assert receipt.interrupted is not None  # mid-transaction: rolled back, run stops
    else:  # between transactions: the pool replaces the dead connection (pre-ping)
        assert receipt.interrupted is None
    again = transfer.transfer(laptop.local, laptop.team)
    assert again.interrupted is None and again.conflicts == []
    snap.check_done(team.url)


@pytest.mark.parametrize(
    ("step", "occurrence"),
    [("dossier", 1), ("avant-validation", 2), ("valide", 1), ("purge", 2),
     ("indicateurs-valides", 1)],
)  # fmt: skip
def test_the_command_killed_with_9_mid_way_then_a_rerun(
    team: Team, tmp_path: Path, engine: Any, memory_keyring: Any, step: str, occurrence: int
) -> None:
    laptop, snap = fresh(team, tmp_path, engine, 0)
    secrets_file = tmp_path / "coffre-test.json"
    secrets_file.write_text(
        json.dumps([[s, u, p] for (s, u), p in memory_keyring.secrets.items()]), "utf-8"
    )
    secrets_file.chmod(0o600)
    killed = subprocess.run(
        [sys.executable, "-m", "tests.team.transfer_then_die", str(laptop.folder),
         str(secrets_file), step, str(occurrence)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    assert f"killed at {step}" in killed.stdout
    snap.check_cut(team.url)
    again = transfer.transfer(laptop.local, laptop.team)
    assert again.interrupted is None and again.conflicts == []
    snap.check_done(team.url)
