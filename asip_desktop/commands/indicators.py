"""``asip-desktop indicators [--from AAAA-MM] [--to AAAA-MM] [--csv FILE]``.

Prints the convention's indicators (from anonymous rows only) as CSV, or
writes them to a file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from asip_desktop.files import os_error_text


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "indicators",
        help="indicateurs de suivi de la convention (anonymes), en CSV",
        description=(
            "Une ligne par mois × CDAS × indicateur (colonnes mois;cdas;indicateur;valeur), "
            "calculée uniquement à partir des lignes anonymes des dossiers clos et des "
            "signalements de dysfonctionnement."
        ),
    )
    p.add_argument("--from", dest="start", metavar="AAAA-MM", help="premier mois")
    p.add_argument("--to", dest="end", metavar="AAAA-MM", help="dernier mois")
    p.add_argument("--csv", metavar="FICHIER", help="écrire le CSV dans ce fichier")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from asip_desktop.errors import UserError
    from asip_desktop.store import indicators
    from asip_desktop.team.store import open_desk_store

    start = indicators.check_month(args.start, "--from")
    end = indicators.check_month(args.end, "--to")
    if start and end and start > end:
        raise UserError(f"--from ({start}) est après --to ({end}).")
    with open_desk_store() as store:
        rows = indicators.compute(store.engine, start, end)
    if args.csv:
        path = Path(args.csv)
        try:
            indicators.write_csv(rows, path)
        except OSError as exc:
            raise UserError(f"--csv : impossible d'écrire {path} ({os_error_text(exc)}).") from None
        print(f"{len(rows)} lignes écrites dans {path}")
    else:
        sys.stdout.write(indicators.to_csv(rows))
    return 0
