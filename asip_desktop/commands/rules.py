"""``asip-desktop rules check``: replay the scenarios against a rules file;
``asip-desktop rules publish``: the same check, then the file stored on the team base
for every joined desk (``team/rules_publication.py``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from asip_desktop.commands.team import add_admin_url
from asip_desktop.core.engine import Engine
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "rules", help="vérifier et publier un fichier de règles d'orientation"
    )
    sub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="rejouer tous les scénarios et afficher ce qui changerait",
        description=(
            "Valide le fichier de règles puis rejoue chaque scénario de référence. "
            "Code de sortie : 0 si rien ne change, 1 si des orientations changeraient, "
            "2 si le fichier est invalide."
        ),
    )
    check.add_argument("--rules", metavar="FICHIER", help="fichier de règles à vérifier")
    check.add_argument("--scenarios", metavar="DOSSIER", help="dossier des scénarios")
    check.set_defaults(func=run_check)

    publish = sub.add_parser(
        "publish",
        help="vérifier puis publier un fichier de règles sur la base d'équipe (administrateur)",
        description=(
            "Vérifie le fichier comme « rules check » (refusé en entier s'il est invalide), "
            "affiche ce qui changerait, puis l'enregistre sur la base d'équipe : chaque poste "
            "rattaché l'utilise à son prochain démarrage. Code de sortie : 0 publié (ou déjà "
            "publié), 2 refusé."
        ),
    )
    publish.add_argument("file", metavar="FICHIER", help="fichier de règles à publier")
    add_admin_url(publish)
    publish.add_argument("--scenarios", metavar="DOSSIER", help="dossier des scénarios")
    publish.set_defaults(func=run_publish)


def checked(path: str | None, scenarios: str | None) -> tuple[Engine, int]:
    """Validate the file (``RulesError`` with one French line per problem), replay the
    scenarios and print the report; returns the engine and how many would change."""
    from asip_desktop.team.rules_publication import check_file

    engine, report = check_file(path, scenarios)
    print(report.text())
    return engine, report.changed


def run_check(args: argparse.Namespace) -> int:
    _engine, changed = checked(args.rules, args.scenarios)
    return 1 if changed else 0


def run_publish(args: argparse.Namespace) -> int:
    from asip_desktop.team.rules_publication import publish

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"FICHIER : impossible de lire {path} ({os_error_text(exc)}).") from None
    engine, _changed = checked(str(path), args.scenarios)
    done, new = publish(args.url, content, engine.rules)
    if not new:
        print(
            f"Ce fichier (version {done.version}) est déjà publié depuis le "
            f"{done.published_at[:10]} : rien n'a changé."
        )
        return 0
    print(
        f"Règles version {done.version} publiées sur la base d'équipe "
        f"(sha256 {done.sha256}). Chaque poste rattaché les utilisera à son prochain démarrage."
    )
    return 0
