"""``asip-desktop team ...``: the CDAS's team base (docs/team.md).

- ``team init --url URL --cdas NOM --enrolment FICHIER``: create (or upgrade) the schema,
  add the CDAS with its key, write the enrolment file (administrator);
- ``team join --url URL --enrolment FICHIER [--permanence]``: join this desk to the
  CDAS's base (``--permanence``: a laptop that keeps its local store, see transfer);
- ``team transfer [--separer NUMERO]``: a permanence laptop moves its cases to the base;
- ``team status``: which base this desk uses, which rules it orients with and, once
  joined, its CDAS's retention policy (read from the base, 5 s at most);
- ``team leave``: back to the local store;
- ``team policy --url URL --cdas NOM --retention-days N [--auto-purge|--no-auto-purge]``:
  the CDAS's retention policy (administrator; ``team/retention.py``).

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


def add_admin_url(parser: Any) -> None:
    """``--url``: the server's address with the administrator's role (the schema owner)."""
    parser.add_argument("--url", required=True, help="adresse PostgreSQL (rôle administrateur)")


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
    add_admin_url(init)
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

    status = sub.add_parser(
        "status",
        help="quelle base ce poste utilise, ses règles d'orientation et la politique de "
        "conservation de son CDAS",
    )
    status.set_defaults(func=run_status)

    leave = sub.add_parser("leave", help="revenir à la base locale de ce poste")
    leave.set_defaults(func=run_leave)

    _register_transfer(sub)
    _register_policy(sub)
    register_backup_role(sub)
    register_rekey(sub)
    from asip_desktop.commands import team_departement

    team_departement.register(sub)


def _register_policy(sub: Any) -> None:
    policy = sub.add_parser(
        "policy",
        help="fixer la politique de conservation d'un CDAS (administrateur)",
        description=(
            "Délai sans activité après lequel les dossiers du CDAS sont à revoir, et purge "
            "automatique (au démarrage d'un poste) de ces dossiers. Les postes la lisent, "
            "ne la modifient pas."
        ),
    )
    add_admin_url(policy)
    policy.add_argument("--cdas", required=True, metavar="NOM", help="nom du CDAS")
    policy.add_argument(
        "--retention-days", required=True, type=int, metavar="N", help="délai en jours (1 à 3650)"
    )
    purge = policy.add_mutually_exclusive_group()
    purge.add_argument(
        "--auto-purge",
        dest="auto_purge",
        action="store_const",
        const=True,
        help="purger ces dossiers au démarrage des postes",
    )
    purge.add_argument(
        "--no-auto-purge",
        dest="auto_purge",
        action="store_const",
        const=False,
        help="ne rien purger sans décision d'une personne (défaut d'une nouvelle politique)",
    )
    policy.set_defaults(func=run_policy, auto_purge=None)


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


def _first_line(name: str, option: str) -> str:
    """The first line of the file given to ``option`` (a passphrase, a password)."""
    path = Path(name)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"{option} : impossible de lire {path} ({os_error_text(exc)}).") from None
    except UnicodeDecodeError:
        raise UserError(f"{option} : {path} n'est pas un texte UTF-8.") from None
    if not lines or not lines[0]:
        raise UserError(f"{option} : la première ligne de {path} est vide.")
    return lines[0]


def _passphrase(name: str | None, *, twice: bool, option: str = "--passphrase-file") -> str:
    """From the file ``name`` when given, else typed (``twice`` to confirm it)."""
    if name:
        return _first_line(name, option)
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
    passphrase = crypto.check_passphrase(_passphrase(args.passphrase_file, twice=True))
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
        args.url,
        Path(args.enrolment),
        _passphrase(args.passphrase_file, twice=False),
        permanence=args.permanence,
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


def run_policy(args: argparse.Namespace) -> int:
    from asip_desktop.team import retention

    done = retention.set_policy(args.url, args.cdas, args.retention_days, args.auto_purge)
    print(f"{args.cdas.strip()} — {done.describe()}")
    print("Les postes du CDAS l'appliquent à leur prochain démarrage.")
    return 0


STATUS_TIMEOUT_MS = 5000  # as the connect timeout (team/connection.py)


def rules_in_use() -> str:
    """Which rules the desk orients with: its cached published copy or the bundled
    file (``rules_cache.desk_engine``: files only, no network)."""
    from asip_desktop.team.rules_cache import desk_engine

    engine, choice = desk_engine()
    said = f"Règles d'orientation utilisées : version {engine.rules.version}, {choice.source()}."
    return f"{said} {choice.note}" if choice.note else said


def policy_in_use(member: Any) -> str:
    """The CDAS's retention policy, read from the team base with the desk's role
    (5 s at most when the server is away); what went wrong otherwise, in French."""
    from sqlalchemy import text

    from asip_desktop.team.connection import (
        ACCESS_REFUSED,
        TeamUnavailable,
        make_engine,
        talking,
    )
    from asip_desktop.team.retention import read_policy

    try:
        engine = make_engine(member.connection_url())
        try:
            with talking(), engine.connect() as conn:
                conn.execute(text(f"SET statement_timeout = {STATUS_TIMEOUT_MS}"))
                policy = read_policy(conn)
        finally:
            engine.dispose()
    except TeamUnavailable as err:
        if err.message == ACCESS_REFUSED:
            return f"Politique de conservation du CDAS : non lue. {ACCESS_REFUSED}"
        return (
            "Politique de conservation du CDAS : non lue, la base d'équipe est injoignable "
            "(serveur arrêté, réseau coupé ou base en maintenance). Relancez « asip-desktop "
            "team status » quand elle est de retour."
        )
    except UserError as err:
        return f"Politique de conservation du CDAS : non lue. {err}"
    if policy is None:
        said = (
            "Politique de conservation du CDAS : aucune fixée par l'administrateur ; les "
            "réglages « Dossiers » de Paramètres de ce poste s'appliquent."
        )
    else:
        said = policy.describe()
    if member.permanence:
        said += (
            " Sur ce portable de permanence, les dossiers de la base locale suivent le "
            "réglage « Purge automatique » de Paramètres."
        )
    return said


def run_status(args: argparse.Namespace) -> int:
    from asip_desktop.team import membership

    print(describe())
    print(rules_in_use())
    member = membership.load()
    if member is not None:
        print(policy_in_use(member))
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


# --- team backup-role (docs/team.md « Keys and crypto-shredding ») ----------------------


def register_backup_role(sub: Any) -> None:
    backup = sub.add_parser(
        "backup-role",
        help="donner un accès de sauvegarde : les données sans les clés, ou les clés à part",
    )
    add_admin_url(backup)
    backup.add_argument(
        "--cles",
        action="store_true",
        help="le rôle de sauvegarde des clés (asip_sauvegarde_cles), à rotation courte",
    )
    backup.add_argument(
        "--password-file",
        metavar="FICHIER",
        help="mot de passe du rôle (1re ligne, 16 caractères au moins) ; sans lui, "
        "l'authentification du serveur (certificat, peer)",
    )
    backup.set_defaults(func=run_backup_role)


def run_backup_role(args: argparse.Namespace) -> int:
    from asip_desktop.team import admin

    password = _first_line(args.password_file, "--password-file") if args.password_file else None
    done = admin.backup_login(args.url, keys=args.cles, password=password)
    what = (
        "les clés des dossiers (schéma asip_keys) et rien d'autre"
        if args.cles
        else "les données (schéma asip, chiffrées) et aucune clé de dossier"
    )
    print(
        f"Le rôle {done.role} peut se connecter ; il lit {what}, sans rien pouvoir modifier.\n"
        f"Sauvegarde : {done.dump_command}"
    )
    return 0


# --- team rekey (docs/team.md « Keys and crypto-shredding ») ----------------------------


def register_rekey(sub: Any) -> None:
    rekey = sub.add_parser(
        "rekey",
        help="changer la clé du CDAS (fichier d'enrôlement perdu ou divulgué) : nouveau fichier",
    )
    add_admin_url(rekey)
    rekey.add_argument(
        "--enrolment", required=True, metavar="FICHIER", help="fichier d'enrôlement actuel"
    )
    rekey.add_argument(
        "--new-enrolment", required=True, metavar="FICHIER", help="nouveau fichier à écrire"
    )
    rekey.add_argument(
        "--passphrase-file", metavar="FICHIER", help="phrase de passe actuelle (1re ligne)"
    )
    rekey.add_argument(
        "--new-passphrase-file", metavar="FICHIER", help="nouvelle phrase de passe (1re ligne)"
    )
    rekey.set_defaults(func=run_rekey)


def run_rekey(args: argparse.Namespace) -> int:
    from asip_desktop.team import admin, crypto

    current = _passphrase(args.passphrase_file, twice=False)
    if not args.new_passphrase_file:
        print("Nouvelle phrase de passe (à transmettre aux postes par un autre moyen).")
    new = crypto.check_passphrase(
        _passphrase(args.new_passphrase_file, twice=True, option="--new-passphrase-file")
    )
    done = admin.rekey(args.url, Path(args.enrolment), current, Path(args.new_enrolment), new)
    ended = (
        f"{done.disconnected} session(s) des postes fermée(s)"
        if done.disconnected is not None
        else "arrêtez les postes du CDAS encore connectés (leur session n'a pas pu être fermée)"
    )
    print(
        f"Clé du {done.cdas} changée : {done.cases} clé(s) de dossier chiffrée(s) de nouveau, "
        f"mot de passe du rôle des postes changé ; {ended}.\n"
        f"Nouveau fichier d'enrôlement : {done.file}\n"
        "Chaque poste du CDAS doit être rattaché de nouveau : asip-desktop team join --url URL "
        "--enrolment FICHIER. L'ancien fichier n'ouvre plus rien ; détruisez-le."
    )
    return 0
