"""kill -9 of a writer in the middle of a burst of writes, 20 times: every committed case intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from asip_desktop.store.store import Store
from tests.store.writer import form, identity

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20


@pytest.mark.integration
def test_kill_9_during_writes_loses_no_committed_case(tmp_path: Path) -> None:
    folder = tmp_path / "donnees"
    key = os.urandom(32)
    Store.open(folder, key=key).close()
    rng = random.Random(9)
    committed: dict[int, int] = {}
    start = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.writer", str(folder), key.hex(), str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 12)):
            line = proc.stdout.readline()
            assert line, "the writer stopped before being killed"
            case_id, i = map(int, line.split())
            committed[case_id] = i
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        start = max(committed.values()) + 1000  # no clash with a case committed but not printed

    with Store.open(folder, key=key) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert len(committed) >= ROUNDS
        for case_id, i in committed.items():
            case = store.cases.get(case_id)
            assert {k: v for k, v in case.person.items() if v is not None} == identity(i)
            assert [f.kind for f in case.forms] == ["fiche_liaison_retraite"]
            assert store.cases.form_content(case.forms[0].id) == form(i)
            assert [n.text for n in case.notes] == [f"note {i}"]
