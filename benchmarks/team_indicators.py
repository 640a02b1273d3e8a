"""The Département's all-CDAS indicators over 200 000 anonymous rows: prints figures.

    python benchmarks/team_indicators.py [--rows 200000] [--runs 10] [--spread]

Starts a throw-away PostgreSQL cluster on a Unix socket (tests/team/pg_cluster.py; as the
``postgres`` user when run as root), creates 22 CDAS with ``team.admin.init``, writes
``--rows`` closed-case indicator rows over 24 months (90 % on the team base, 10 % as rows
imported from local-store desks) plus one dysfunction report per 50 rows, makes the
Département's reader (``team departement``), then times ``departement.compute_all`` for
the 24 months through the reader's role (row-level security and the UNION with the
imported rows included): median and p95 of ``--runs`` calls.

Rows are drawn as the orientation produces them: each demand kind leads to one of a
few service sets. ``--spread`` draws services and forms independently instead (far more
distinct combinations: the worst case for the grouping).

Goal (issue 14): ≤ 1 s on loopback. ``run(pg, rows, runs, spread)`` returns the figures
for ``benchmarks/team.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text

from asip_desktop.store.indicators import DEMAND_KINDS, SERVICES
from asip_desktop.store.values import CHANNELS, DYSFUNCTION_KINDS
from asip_desktop.team import admin, departement, tables
from benchmarks.timing import median_ms
from tests.team.pg_cluster import Cluster, running_cluster

PASSPHRASE = "phrase de passe du banc d'essai"
MONTHS = [f"{2024 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]
FORMS = ("fiche_liaison_retraite", "fiche_detection_fragilite")
TYPICAL = {  # demand kind -> the service sets (and forms) the orientation gives
    "droits_retraite": [
        (["canal_prioritaire_carsat"], ["fiche_liaison_retraite"]),
        (["offre_retraite_carsat"], []),
        (["accueil_carsat_cpam"], []),
    ],
    "droits_assurance_maladie": [
        (["service_social_assurance_maladie"], ["fiche_detection_fragilite"]),
        (["accueil_carsat_cpam"], []),
    ],
    "aide_departement": [(["cdas_domicile"], []), (["service_social_cdas"], [])],
    "accompagnement_social": [
        (["referent_existant"], []),
        (["service_social_cdas", "service_social_assurance_maladie"], []),
    ],
}


def draw(rng: random.Random, spread: bool) -> dict[str, Any]:
    demand = rng.choice(DEMAND_KINDS)
    if spread:
        services = sorted(rng.sample(SERVICES, rng.randint(1, 3)))
        forms = sorted(rng.sample(FORMS, rng.randint(0, 2)))
    else:
        services, forms = rng.choice(TYPICAL[demand])
    return {
        "month": rng.choice(MONTHS),
        "demand_kind": demand,
        "services_json": json.dumps(services),
        "channels_json": json.dumps([rng.choice(CHANNELS)] if forms else []),
        "forms_sent_json": json.dumps(forms),
    }


def seed(url: str, folder: Path, rows: int, spread: bool) -> list[str]:
    names = [f"CDAS n° {i + 1:02d}" for i in range(22)]
    for i, name in enumerate(names):
        admin.init(url, name, PASSPHRASE, folder / f"cdas-{i}.asip")
    rng = random.Random(14)
    engine = create_engine(url)  # the server's superuser: RLS does not apply
    try:
        with engine.begin() as conn:
            conn.execute(text("SET search_path = asip"))
            ids = dict(conn.execute(text("SELECT name, id FROM cdas")).all())
            team_rows = rows * 9 // 10
            batch: list[dict[str, Any]] = []
            for n in range(team_rows):
                cdas = rng.choice(names)
                batch.append({"id": n + 1, "cdas_id": ids[cdas], "cdas": cdas, **draw(rng, spread)})
                if len(batch) == 10_000:
                    conn.execute(insert(tables.indicators), batch)
                    batch = []
            if batch:
                conn.execute(insert(tables.indicators), batch)
            conn.execute(
                insert(tables.dysfunction_reports),
                [
                    {
                        "cdas_id": ids[c],
                        "cdas": c,
                        "month": rng.choice(MONTHS),
                        "kind": rng.choice(list(DYSFUNCTION_KINDS)),
                    }
                    for c in (rng.choice(names) for _ in range(rows // 50))
                ],
            )
            import_id = conn.execute(
                insert(tables.indicator_imports)
                .values(
                    export_id="0" * 32,
                    desk="poste-0000000000000000",
                    exported_month=MONTHS[-1],
                    imported_at="2026-01-05T09:00:00+00:00",
                    rows=rows - team_rows,
                    refused_rows=0,
                )
                .returning(tables.indicator_imports.c.id)
            ).scalar_one()
            imported = [
                {
                    "uid": f"poste-0000000000000000:d{n}",
                    "import_id": import_id,
                    "cdas": rng.choice(names),
                    **draw(rng, spread),
                }
                for n in range(rows - team_rows)
            ]
            for start in range(0, len(imported), 10_000):
                conn.execute(insert(tables.imported_indicators), imported[start : start + 10_000])
            conn.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    return names


def run(pg: Cluster, rows: int = 200_000, runs: int = 10, spread: bool = False) -> dict[str, Any]:
    pg.createdb("banc_departement")
    url = pg.url("banc_departement")
    folder = Path(tempfile.mkdtemp(prefix="asip-banc-departement-"))
    started = time.perf_counter()
    seed(url, folder, rows, spread)
    seeded = time.perf_counter() - started
    reader = departement.create_reader(url, folder / "departement.json")
    engine = reader.engine()
    try:
        result = departement.compute_all(engine, MONTHS[0], MONTHS[-1], "2026-01-05")
        median, p95 = median_ms(
            lambda: departement.compute_all(engine, MONTHS[0], MONTHS[-1], "2026-01-05"), runs
        )
        with engine.connect() as conn:
            groups = conn.scalar(
                text(
                    "SELECT count(*) FROM (SELECT DISTINCT month, cdas, demand_kind, "
                    "services_json, forms_sent_json FROM indicators) AS g"
                )
            )
    finally:
        engine.dispose()
    total = sum(r.value for r in result if r.indicator == "dossiers_clos")
    return {
        "rows": rows,
        "closed_counted": total,
        "groups": groups,
        "median_ms": median,
        "p95_ms": p95,
        "seed_s": seeded,
        "spread": spread,
    }


def report(f: dict[str, Any], runs: int) -> None:
    kind = "services et fiches tirés au hasard" if f["spread"] else "orientations typiques"
    print(
        f"Indicateurs de tous les CDAS (22 CDAS, 24 mois, {f['rows']} lignes dont 10 % "
        f"importées, {kind}) : {f['groups']} combinaisons distinctes sur la base d'équipe"
    )
    print(
        f"  dossiers clos comptés : {f['closed_counted']} "
        f"(jeu de données écrit en {f['seed_s']:.1f} s)"
    )
    print(
        f"  compute_all (rôle du Département) : médiane {f['median_ms']:.0f} ms, "
        f"p95 {f['p95_ms']:.0f} ms sur {runs} appels (objectif ≤ 1 000 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--spread", action="store_true")
    args = parser.parse_args()
    with running_cluster() as pg:
        report(run(pg, args.rows, args.runs, args.spread), args.runs)


if __name__ == "__main__":
    main()
