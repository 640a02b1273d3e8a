"""``asip-desktop team departement --url ADMIN_URL [--out FICHIER]``: the Département's
reader access (docs/team.md, « La vue du Département »): a login role that reads the
anonymous indicator rows of every CDAS and never a case, and its reader file (0600)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from asip_desktop.commands.team import add_admin_url


def register(team_subparsers: Any) -> None:
    p = team_subparsers.add_parser(
        "departement",
        help="créer l'accès du Département : indicateurs anonymes de tous les CDAS",
    )
    add_admin_url(p)
    p.add_argument(
        "--out",
        metavar="FICHIER",
        help="fichier d'accès à écrire (défaut : departement.json du dossier des données)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from asip_desktop.team import departement

    reader = departement.create_reader(args.url, Path(args.out) if args.out else None)
    print(
        f"Accès du Département créé (rôle {reader.role}) : {reader.file}\n"
        "Ce fichier contient le mot de passe du rôle : gardez-le sur le poste de la personne "
        "qui prépare la revue annuelle (lisible par son seul compte)."
    )
    return 0
