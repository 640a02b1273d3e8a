"""``asip-desktop forms …``: the fiches and the orientation sheet as PDF files.

    forms liaison --data FILE --out FILE.pdf
    forms detection --data FILE --out FILE.pdf
    forms orientation --answers FILE --out FILE.pdf [--niveau 1|2]
    forms blank liaison|detection --out FILE.pdf

Invalid data: the French messages and exit status 2, no file written. The
output is written atomically, owner-only.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from asip_desktop.commands.io import read_data_file
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text

BLANK_FORMS = ("liaison", "detection")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "forms",
        help="produire les fiches (liaison, détection) et la feuille d'orientation en PDF",
        description="Produit une fiche remplie, une fiche vierge ou la feuille d'orientation.",
    )
    sub = p.add_subparsers(dest="form", metavar="FICHE", required=True)

    liaison = sub.add_parser("liaison", help="fiche de liaison retraite (annexe 2) remplie")
    detection = sub.add_parser("detection", help="fiche de détection de fragilité sociale remplie")
    for parser, run in ((liaison, run_liaison), (detection, run_detection)):
        parser.add_argument(
            "--data", required=True, metavar="FICHIER", help="données JSON (- : entrée standard)"
        )
        _out(parser)
        parser.set_defaults(func=run)

    orientation = sub.add_parser(
        "orientation",
        help="feuille d'orientation à remettre à la personne (sans donnée personnelle)",
    )
    orientation.add_argument(
        "--answers", required=True, metavar="FICHIER", help="réponses (- : entrée standard)"
    )
    orientation.add_argument(
        "--niveau", type=int, choices=(1, 2), default=2, help="niveau d'accueil (défaut : 2)"
    )
    _out(orientation)
    orientation.set_defaults(func=run_orientation)

    blank = sub.add_parser("blank", help="fiche vierge à remplir à la main")
    blank.add_argument("which", choices=BLANK_FORMS, metavar="liaison|detection")
    _out(blank)
    blank.set_defaults(func=run_blank)


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FICHIER.pdf", help="fichier PDF à écrire")


def _write(path: str, render: Callable[[], bytes]) -> int:
    from asip_desktop.files import write_private_atomic

    pdf = render()  # validation errors are raised before anything is written
    try:
        write_private_atomic(path, pdf)
    except OSError as exc:
        raise UserError(f"Impossible d'écrire le fichier PDF : {os_error_text(exc)}.") from None
    return 0


def run_liaison(args: argparse.Namespace) -> int:
    from asip_desktop.documents.liaison_data import parse_liaison
    from asip_desktop.documents.liaison_pdf import render_liaison

    liaison = parse_liaison(read_data_file(args.data, "Fiche de liaison"))
    return _write(args.out, lambda: render_liaison(liaison))


def run_detection(args: argparse.Namespace) -> int:
    from asip_desktop.documents.detection_data import parse_detection
    from asip_desktop.documents.detection_pdf import render_detection

    detection = parse_detection(read_data_file(args.data, "Fiche de détection"))
    return _write(args.out, lambda: render_detection(detection))


def run_orientation(args: argparse.Namespace) -> int:
    from asip_desktop.documents.orientation_sheet import render_orientation_sheet

    answers = read_data_file(args.answers, "Réponses")
    from asip_desktop.team.rules_cache import desk_engine  # the published rules once joined

    result = desk_engine()[0].evaluate(answers, level=args.niveau)
    return _write(args.out, lambda: render_orientation_sheet(result))


def run_blank(args: argparse.Namespace) -> int:
    if args.which == "liaison":
        from asip_desktop.documents.liaison_pdf import render_liaison

        return _write(args.out, render_liaison)
    from asip_desktop.documents.detection_pdf import render_detection

    return _write(args.out, render_detection)
