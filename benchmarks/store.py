"""Store benchmark: prints figures (no assertion). Goals on a 2-core machine:
open ≤ 20 ms, close+purge ≤ 100 ms in a store of 10 000 cases.

    python benchmarks/store.py [--cases 10000] [--form-bytes 4096] [--repeat 15]

Measures, in a fresh temp dir with a real SQLCipher file:
- open with key: ``Store.open(key=…)`` and a first query (keyring read not included);
- create a case (answers, result, identity; synchronous=FULL commit);
- close+purge one case among N (delete, secure_delete, incremental_vacuum,
  wal_checkpoint(TRUNCATE)), and the same with a full VACUUM for comparison;
- indicators over N anonymous rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asip_desktop.core.engine import Engine
from asip_desktop.store import indicators
from asip_desktop.store.database import raw_connect
from asip_desktop.store.store import Store

ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def ms(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def show(label: str, times: list[float]) -> None:
    print(
        f"{label:<46} median {statistics.median(times):8.2f} ms   "
        f"min {min(times):8.2f}   max {max(times):8.2f}   (n={len(times)})"
    )


def fill(path: Path, key: bytes, n: int, form_bytes: int, result: dict[str, object]) -> None:
    """Bulk-load n cases (with identity, a form, a sending, a deadline, a note) and n
    anonymous indicator rows, in one transaction."""
    conn = raw_connect(path, key)
    now = "2026-03-10T09:30:00+00:00"
    answers, result_json = json.dumps(ANSWERS), json.dumps(result)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO cases (id, number, status, created_at, updated_at, cdas, level, demand_kind,"
        " answers_json, result_json, rules_version) VALUES (?, ?, 'en_attente', ?, ?, ?, 2,"
        " 'droits_retraite', ?, ?, '2026.1')",
        (
            (i, f"2026-{i:06d}", now, now, f"CDAS {i % 22}", answers, result_json)
            for i in range(1, n + 1)
        ),
    )
    conn.executemany(
        "INSERT INTO persons VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
        (
            (
                i,
                f"Nom-{i}",
                f"Prénom-{i}",
                f"{i:015d}",
                f"{i} rue X, Rennes",
                f"p{i}@ex.fr",
                f"06{i:08d}",
            )
            for i in range(1, n + 1)
        ),
    )
    blob = os.urandom(form_bytes)
    conn.executemany(
        "INSERT INTO forms (case_id, kind, content, created_at)"
        " VALUES (?, 'fiche_liaison_retraite', ?, ?)",
        ((i, blob, now) for i in range(1, n + 1)),
    )
    conn.executemany(
        "INSERT INTO sendings (case_id, what, recipient, channel, sent_at) VALUES"
        " (?, 'fiche_liaison_retraite', 'CARSAT', 'bluefiles', ?)",
        ((i, now) for i in range(1, n + 1)),
    )
    conn.executemany(
        "INSERT INTO deadlines (case_id, kind, due_at) VALUES (?, 'reponse_carsat_72h', ?)",
        ((i, now) for i in range(1, n + 1)),
    )
    conn.executemany(
        "INSERT INTO notes (case_id, text, created_at) VALUES (?, 'Note de suivi', ?)",
        ((i, now) for i in range(1, n + 1)),
    )
    conn.executemany(
        "INSERT INTO indicators (month, cdas, demand_kind, services_json, channels_json,"
        " forms_sent_json) VALUES (?, ?, 'droits_retraite', '[\"canal_prioritaire_carsat\"]',"
        " '[\"bluefiles\"]', '[\"fiche_liaison_retraite\"]')",
        ((f"2026-{1 + i % 12:02d}", f"CDAS {i % 22}") for i in range(n)),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--form-bytes", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    result = Engine.load().evaluate(ANSWERS).to_dict()
    key = os.urandom(32)
    with tempfile.TemporaryDirectory(prefix="asip-bench-") as tmp:
        folder = Path(tmp)
        Store.open(folder, key=key).close()
        t = time.perf_counter()
        fill(folder / "cases.db", key, args.cases, args.form_bytes, result)
        size = (folder / "cases.db").stat().st_size / 1e6
        took = time.perf_counter() - t
        print(
            f"store: {args.cases} cases with a {args.form_bytes}-byte form each, "
            f"{args.cases} indicator rows, {size:.1f} MB (filled in {took:.1f} s)"
        )

        opened: list[Store] = []

        def open_store() -> None:
            s = Store.open(folder, key=key)
            s.count("meta")
            opened.append(s)

        times = []
        for _ in range(args.repeat):  # closing (last-connection checkpoint) is not timed
            times += ms(open_store, 1)
            opened.pop().close()
        show("open with key (+ first query)", times)

        store = Store.open(folder, key=key)
        store.set_setting("cdas_emetteur", "CDAS Bench")
        person = {"nom_naissance": "Bench", "prenom": "Jo", "nir": "1" * 15}
        show(
            "create a case",
            ms(lambda: store.cases.create(ANSWERS, result, person=person), args.repeat),
        )
        ids = iter(range(1, args.cases + 1))
        show(
            "close+purge (incremental_vacuum + checkpoint)",
            ms(lambda: store.cases.close(next(ids)), args.repeat),
        )
        show(
            "close+purge with full VACUUM (not used)",
            ms(lambda: store.cases.close(next(ids), full_vacuum=True), 3),
        )
        rows: list[indicators.IndicatorRow] = []

        def compute() -> None:
            rows[:] = indicators.compute(store.engine)

        show(f"indicators over {store.count('indicators')} rows", ms(compute, args.repeat))
        print(f"  -> {len(rows)} CSV rows")
        store.close()


if __name__ == "__main__":
    main()
