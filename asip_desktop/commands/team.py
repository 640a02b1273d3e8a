"""``asip-desktop team ...``: the CDAS's team base (docs/team.md).

- ``team init --url URL --cdas NOM --enrolment FICHIER``: create (or upgrade) the schema,
  add the CDAS with its key, write the enrolment file (administrator);
- ``team join --url URL --enrolment FICHIER [--permanence]``: join this desk to the
  CDAS's base (``--permanence``: a laptop that keeps its local store, see transfer);
- ``team transfer [--separer NUMERO]``: a permanence laptop moves its cases to the base;
- ``team status``: which base this desk uses;
- ``team leave``: back to the local store.

The passphrase is asked twice on the terminal (init), once (join); ``--passphrase-file``
reads it from the first line of a file instead (scripts; keep that file private).
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "team",
        help="base d'équipe du CDAS (PostgreSQL) : créer, rattacher ce poste, état",
        description=(
            "Base d'équipe du CDAS sur un serveur PostgreSQL : les données des personnes y "
            "sont chiffrées par le poste avant l'envoi. Sans rattachement, le poste garde sa "
            "base locale chiffrée."
        ),
    )
    sub = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)

    init = sub.add_parser(
        "init",
        help="créer le schéma, un CDAS et sa clé, et son fichier d'enrôlement (administrateur)",
    )
    init.add_argument("--url", required=True, help="adresse PostgreSQL (rôle administrateur)")
    init.add_argument("--cdas", required=True, metavar="NOM", help="nom du CDAS")
    init.add_argument(
        "--enrolment",
        metavar="FICHIER",
        help="fichier d'enrôlement à écrire (défaut : enrolement-<CDAS>.asip)",
    )
    init.add_argument("--passphrase-file", metavar="FICHIER", help="phrase de passe (1re ligne)")
    init.set_defaults(func=run_init)

    join = sub.add_parser("join", help="rattacher ce poste à la base d'équipe de son CDAS")
    join.add_argument("--url", required=True, help="adresse PostgreSQL de la base d'équipe")
    join.add_argument("--enrolment", required=True, metavar="FICHIER", help="fichier d'enrôlement")
    join.add_argument("--passphrase-file", metavar="FICHIER", help="phrase de passe (1re ligne)")
    join.add_argument(
        "--permanence",
        action="store_true",
        help=(
            "portable de permanence : il garde sa base locale (hors réseau) et transfère "
            "ses dossiers vers la base d'équipe au retour (asip-desktop team transfer)"
        ),
    )
    join.set_defaults(func=run_join)

    status = sub.add_parser("status", help="quelle base ce poste utilise")
    status.set_defaults(func=run_status)

    leave = sub.add_parser("leave", help="revenir à la base locale de ce poste")
    leave.set_defaults(func=run_leave)
    _register_transfer(sub)


def _register_transfer(sub: Any) -> None:
    transfer = sub.add_parser(
        "transfer",
        help="portable de permanence : transférer ses dossiers vers la base d'équipe du CDAS",
        description=(
            "Transfère les dossiers de la base locale de ce portable de permanence vers la "
            "base d'équipe du CDAS, un dossier à la fois : la copie locale n'est purgée "
            "qu'après confirmation par le serveur. Relancer après une coupure ne crée rien "
            "deux fois. Un conflit (même personne déjà suivie sur la base d'équipe) n'est "
            "jamais fusionné : le dossier reste sur le portable."
        ),
    )
    transfer.add_argument(
        "--separer",
        metavar="NUMERO",
        action="append",
        default=[],
        help="transférer ce dossier en conflit comme un dossier distinct (répétable)",
    )
    transfer.set_defaults(func=run_transfer)


def run_transfer(args: argparse.Namespace) -> int:
    from asip_desktop.team import transfer

    local, team = transfer.open_for_transfer()
    try:
        receipt = transfer.transfer(local, team, separate=args.separer)
    finally:
        team.close()
    print(receipt.text())
    if receipt.conflicts:
        print(
            "Pour transférer un dossier en conflit comme un dossier distinct : "
            "asip-desktop team transfer --separer NUMERO"
        )
    return 1 if receipt.interrupted else 0


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    if args.passphrase_file:
        path = Path(args.passphrase_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UserError(
                f"--passphrase-file : impossible de lire {path} ({os_error_text(exc)})."
            ) from None
        except UnicodeDecodeError:
            raise UserError(f"--passphrase-file : {path} n'est pas un texte UTF-8.") from None
        if not lines or not lines[0]:
            raise UserError(f"--passphrase-file : la première ligne de {path} est vide.")
        return lines[0]
    first = getpass.getpass("Phrase de passe du fichier d'enrôlement : ")
    if twice and getpass.getpass("Confirmez la phrase de passe : ") != first:
        raise UserError("Les deux phrases de passe saisies diffèrent : rien n'a été créé.")
    return first


def _default_enrolment(cdas: str) -> Path:
    slug = "".join(c if c.isalnum() else "-" for c in cdas.lower()).strip("-")
    return Path(f"enrolement-{slug or 'cdas'}.asip")


def run_init(args: argparse.Namespace) -> int:
    from asip_desktop.team import admin, crypto

    path = Path(args.enrolment) if args.enrolment else _default_enrolment(args.cdas)
    passphrase = crypto.check_passphrase(_passphrase(args, twice=True))
    done = admin.init(args.url, args.cdas, passphrase, path)
    print(
        f"Base d'équipe prête pour le {done.cdas} (rôle des postes : {done.desk_role}).\n"
        f"Fichier d'enrôlement écrit : {done.file}\n"
        "Transmettez-le aux postes du CDAS, et la phrase de passe par un autre moyen ; "
        "sur chaque poste : asip-desktop team join --url URL --enrolment FICHIER"
    )
    return 0


def run_join(args: argparse.Namespace) -> int:
    from asip_desktop.team import membership

    member = membership.join(
        args.url, Path(args.enrolment), _passphrase(args, twice=False), permanence=args.permanence
    )
    print(
        f"Ce poste est rattaché à la base d'équipe du {member.cdas} ({member.url}). "
        "Sa clé est dans le coffre de secrets du système."
    )
    if member.permanence:
        print(
            "Portable de permanence : il continue de travailler sur sa base locale chiffrée ; "
            "de retour au CDAS, transférez ses dossiers avec « asip-desktop team transfer » "
            "(ou « Transférer vers la base du CDAS » dans Dossiers)."
        )
    return 0


def describe() -> str:
    """Which base the desk uses, in French (``team status``, Paramètres)."""
    from asip_desktop import config
    from asip_desktop.team import membership

    member = membership.load()
    if member is None:
        return f"Base locale chiffrée de ce poste ({config.data_dir() / 'cases.db'})."
    from asip_desktop.team.connection import where

    if member.permanence:
        return (
            f"Portable de permanence du {member.cdas} : les dossiers sont sur la base locale "
            f"chiffrée de ce poste ({config.data_dir() / 'cases.db'}) ; ils se transfèrent "
            f"vers la base d'équipe ({where(member.url)}, adresse {member.url}) avec "
            f"« asip-desktop team transfer » (poste {member.desk})."
        )
    return (
        f"Base d'équipe du {member.cdas} : {where(member.url)}, adresse {member.url} "
        f"(poste {member.desk})."
    )


def run_status(args: argparse.Namespace) -> int:
    print(describe())
    return 0


def run_leave(args: argparse.Namespace) -> int:
    from asip_desktop.team import membership

    if membership.leave():
        print(
            "Ce poste utilise de nouveau sa base locale. Les dossiers de la base d'équipe y "
            "restent, pour les autres postes du CDAS."
        )
    else:
        print("Ce poste n'était rattaché à aucune base d'équipe.")
    return 0
