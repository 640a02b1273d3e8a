"""``asip-desktop orient --answers FILE``: the orientation as JSON."""

from __future__ import annotations

import argparse
from typing import Any

from asip_desktop.commands.io import print_json, read_data_file
from asip_desktop.core.engine import Engine


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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = Engine.load(args.rules)
    answers = read_data_file(args.answers, "Réponses")
    print_json(engine.evaluate(answers, level=args.niveau).to_dict())
    return 0
