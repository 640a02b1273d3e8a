"""``asip-desktop indicators``: the convention's indicators (anonymous rows only).

- ``indicators [--from AAAA-MM] [--to AAAA-MM] [--csv FICHIER | --ods FICHIER]``: this
  desk's indicators (its local store or its CDAS's team base);
- ``indicators --all-cdas …``: every CDAS, with the Département's reader access
  (``team departement``): the team base's rows plus the desks' imported files, the
  overdue answers, a total row per indicator;
- ``indicators export --out FICHIER``: a desk on its local store writes its anonymous
  rows for the Département;
- ``indicators import FICHIER``: the Département adds a desk's file to the team base.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "indicators",
        help="indicateurs de suivi de la convention (anonymes), en CSV ou ODS",
        description=(
            "Une ligne par mois × CDAS × indicateur (colonnes mois;cdas;indicateur;valeur), "
            "calculée uniquement à partir des lignes anonymes des dossiers clos et des "
            "signalements de dysfonctionnement. Avec --all-cdas : tous les CDAS (accès du "
            "Département), avec une ligne de total par indicateur."
        ),
    )
    p.add_argument("--from", dest="start", metavar="AAAA-MM", help="premier mois")
    p.add_argument("--to", dest="end", metavar="AAAA-MM", help="dernier mois")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", metavar="FICHIER", help="écrire le CSV dans ce fichier")
    out.add_argument("--ods", metavar="FICHIER", help="écrire un classeur ODS dans ce fichier")
    p.add_argument(
        "--all-cdas",
        action="store_true",
        help="tous les CDAS (accès du Département, créé par « team departement »)",
    )
    p.add_argument(
        "--reader",
        metavar="FICHIER",
        help="fichier d'accès du Département (défaut : departement.json du dossier des données)",
    )
    p.set_defaults(func=run)
    sub = p.add_subparsers(dest="indicators_command", metavar="ACTION", required=False)
    export = sub.add_parser(
        "export",
        help="écrire les lignes anonymes de ce poste (base locale) pour le Département",
    )
    export.add_argument("--out", required=True, metavar="FICHIER", help="fichier à écrire")
    export.set_defaults(func=run_export)
    imp = sub.add_parser(
        "import", help="ajouter le fichier d'indicateurs d'un poste à la base (Département)"
    )
    imp.add_argument("file", metavar="FICHIER", help="fichier écrit par « indicators export »")
    imp.add_argument("--reader", metavar="FICHIER", help="fichier d'accès du Département")
    imp.set_defaults(func=run_import)


def _period(args: argparse.Namespace) -> tuple[str | None, str | None]:
    from asip_desktop.store import indicators

    start = indicators.check_month(args.start, "--from")
    end = indicators.check_month(args.end, "--to")
    if start and end and start > end:
        raise UserError(f"--from ({start}) est après --to ({end}).")
    return start, end


def run(args: argparse.Namespace) -> int:
    from asip_desktop.store import indicators

    start, end = _period(args)
    if args.all_cdas:
        from asip_desktop.store.clock import iso, utc_now
        from asip_desktop.team import departement

        reader = departement.load_reader(Path(args.reader) if args.reader else None)
        engine = reader.engine()
        try:
            rows = departement.compute_all(engine, start, end, iso(utc_now()))
        finally:
            engine.dispose()
        names: tuple[str, ...] = departement.ALL_CDAS_INDICATORS
        written = [*rows, *indicators.totals(rows, names)]
    else:
        if args.reader:
            raise UserError("--reader ne sert qu'avec --all-cdas (ou indicators import).")
        from asip_desktop.team.store import open_desk_store

        with open_desk_store() as store:
            rows = indicators.compute(store.engine, start, end)
        names = indicators.INDICATORS
        written = rows
    if args.ods:
        from asip_desktop.store.indicator_sheet import write_ods

        path = Path(args.ods)
        try:
            write_ods(rows, path, names)
        except OSError as exc:
            raise UserError(f"--ods : impossible d'écrire {path} ({os_error_text(exc)}).") from None
        print(
            f"{len(written)} lignes écrites dans {path} (feuilles « Indicateurs » et « Par CDAS »)"
        )
    elif args.csv:
        path = Path(args.csv)
        try:
            indicators.write_csv(written, path)
        except OSError as exc:
            raise UserError(f"--csv : impossible d'écrire {path} ({os_error_text(exc)}).") from None
        print(f"{len(written)} lignes écrites dans {path}")
    else:
        sys.stdout.write(indicators.to_csv(written))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from asip_desktop.store import indicator_export
    from asip_desktop.team.store import open_desk_store

    path = Path(args.out)
    with open_desk_store() as store:
        summary = indicator_export.export_desk(store, path)
    print(summary.text())
    return 0


def run_import(args: argparse.Namespace) -> int:
    from asip_desktop.store.clock import iso, utc_now
    from asip_desktop.team import departement, indicator_import

    reader = departement.load_reader(Path(args.reader) if args.reader else None)
    engine = reader.engine()
    try:
        result = indicator_import.import_file(engine, Path(args.file), iso(utc_now()))
    finally:
        engine.dispose()
    print(result.text())
    return 0
