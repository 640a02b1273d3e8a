"""``asip-desktop orient --answers FILE``: the orientation as JSON, or with
``--plan`` the action plan as text (what to do now, step by step)."""

from __future__ import annotations

import argparse
from typing import Any

from asip_desktop.commands.io import print_json, read_data_file
from asip_desktop.core.engine import Engine
from asip_desktop.core.result import OrientationResult
from asip_desktop.core.ruleset import RuleSet


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "orient",
        help="orienter une demande à partir d'un fichier de réponses",
        description="Affiche l'orientation (JSON) pour des réponses données en JSON ou YAML.",
    )
    p.add_argument(
        "--answers", required=True, metavar="FICHIER", help="réponses (- : entrée standard)"
    )
    p.add_argument("--rules", metavar="FICHIER", help="autre fichier de règles")
    p.add_argument(
        "--niveau",
        type=int,
        choices=(1, 2),
        default=2,
        help="niveau d'accueil pour les questions manquantes (défaut : 2)",
    )
    p.add_argument(
        "--plan",
        action="store_true",
        help="afficher le plan d'action en texte au lieu du JSON",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.rules:
        engine = Engine.load(args.rules)
    else:  # a joined desk orients with the rules published on its team base (cached copy)
        from asip_desktop.team.rules_cache import desk_engine

        engine = desk_engine()[0]
    answers = read_data_file(args.answers, "Réponses")
    result = engine.evaluate(answers, level=args.niveau)
    if args.plan:
        print(plan_text(result, engine.rules))
    else:
        print_json(result.to_dict())
    return 0


WHO_LABELS = {
    "accueil": "Accueil",
    "travailleur_social": "Travailleur social",
    "personne": "Personne",
}


def plan_text(result: OrientationResult, rules: RuleSet) -> str:
    """The action plan as an agent reads it; the section cited under each step, the
    questions still to ask by their text (not their ids)."""
    lines = [f"Plan d'action (règles {result.rules_version}) :"]
    if result.urgent:
        lines.append("URGENT")
    for action in result.actions:
        lines.append(f"{action.step:2d}. [{WHO_LABELS[action.who]}] {action.text}")
        lines.append(f"    ({action.reference})")
    if not result.actions:
        lines.append("Aucune action : la demande reste à préciser.")
    if result.missing:
        lines.append("Questions encore à poser :")
        lines += [f"  - {rules.question(qid).text}" for qid in result.missing]
    return "\n".join(lines)
