"""``asip-desktop rules check``: replay the scenarios against a rules file."""

from __future__ import annotations

import argparse
from typing import Any

from asip_desktop.core.engine import Engine
from asip_desktop.core.scenarios import load_scenarios, replay


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("rules", help="vérifier un fichier de règles d'orientation")
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


def run_check(args: argparse.Namespace) -> int:
    engine = Engine.load(args.rules, use_memo=False)
    rules = engine.rules
    print(f"Règles : {rules.path}")
    print(f"Version : {rules.version} — sha256 : {rules.sha256}")
    outcomes = replay(engine, load_scenarios(args.scenarios))
    changed = [o for o in outcomes if not o.passed]
    for o in outcomes:
        mark = "inchangé " if o.passed else "CHANGE   "
        print(f"{mark} {o.scenario.name} — {o.scenario.title}")
        for change in o.changes:
            print(f"            {change}")
    print(
        f"{len(outcomes)} scénarios : {len(outcomes) - len(changed)} inchangés, "
        f"{len(changed)} changeraient."
    )
    return 1 if changed else 0
