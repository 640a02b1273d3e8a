"""``asip-desktop cases ...``: open, list, show, close (purge) and review the cases.

These are also how an administrator scripts or checks the store. The emitting
CDAS comes from ``--cdas`` or, once saved, from ``cases settings --cdas``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from asip_desktop.commands.io import print_json, read_data_file
from asip_desktop.errors import UserError
from asip_desktop.store.values import MAX_DAYS


def case_id(text: str) -> int:
    """A case id as argparse reads it: a positive number SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("numéro de dossier attendu (un entier)") from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError("numéro de dossier hors limites")
    return value


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "cases",
        help="dossiers (situations) : créer, lister, afficher, clore avec purge",
        description="Dossiers chiffrés du poste d'accueil. Clore un dossier purge ses données.",
    )
    sub = p.add_subparsers(dest="cases_command", metavar="ACTION", required=True)

    new = sub.add_parser("new", help="ouvrir un dossier ; affiche son numéro d'identifiant")
    new.add_argument("--answers", required=True, metavar="FICHIER", help="réponses (JSON/YAML)")
    new.add_argument(
        "--person", metavar="FICHIER", help="identité (JSON/YAML, champs de l'annexe 2)"
    )
    new.add_argument("--cdas", metavar="NOM", help="CDAS émetteur (sinon le réglage enregistré)")
    new.add_argument("--niveau", type=int, choices=(1, 2), default=2, help="niveau d'accueil")
    new.set_defaults(func=run_new)

    ls = sub.add_parser("list", help="lister les dossiers ouverts")
    ls.add_argument("--json", action="store_true", help="sortie JSON")
    ls.set_defaults(func=run_list)

    show = sub.add_parser(
        "show", help="afficher un dossier (JSON) ou le récépissé d'un dossier clos"
    )
    show.add_argument("id", type=case_id, metavar="ID")
    show.set_defaults(func=run_show)

    close = sub.add_parser(
        "close", help="clore un dossier : purge ses données, affiche le récépissé"
    )
    close.add_argument("id", type=case_id, metavar="ID")
    close.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    close.set_defaults(func=run_close)

    review = sub.add_parser("review", help="dossiers sans activité depuis N jours (à revoir)")
    review.add_argument(
        "--days", type=int, metavar="N", help="défaut : le réglage revue_apres_jours (90)"
    )
    review.add_argument("--json", action="store_true", help="sortie JSON")
    review.set_defaults(func=run_review)

    retention = sub.add_parser(
        "retention",
        help="appliquer la purge automatique réglée (purge_automatique_jours)",
        description=(
            "Clôt et purge les dossiers sans activité depuis plus de purge_automatique_jours "
            "jours. Sans ce réglage (par défaut), ne fait rien."
        ),
    )
    retention.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    retention.set_defaults(func=run_retention)

    new_store = sub.add_parser(
        "new-store",
        help="démarrer une nouvelle base quand l'ancienne est perdue (cases.db absent ou vide)",
        description=(
            "Quand cases.db a disparu ou est vide alors que son identifiant et sa clé existent, "
            "l'application refuse de recréer une base en silence. Après avoir vérifié qu'aucune "
            "sauvegarde ne peut être restaurée, cette commande met l'ancien identifiant de côté "
            "(store-id.ancien-DATE) et démarre une nouvelle base. Refusée si la base contient "
            "des données."
        ),
    )
    new_store.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    new_store.set_defaults(func=run_new_store)

    settings = sub.add_parser("settings", help="afficher ou modifier les réglages des dossiers")
    settings.add_argument("--cdas", metavar="NOM", help="CDAS émetteur de ce poste")
    settings.add_argument(
        "--revue-apres-jours",
        metavar="N",
        help="lister pour revue les dossiers sans activité depuis N jours (défaut : 90)",
    )
    settings.add_argument(
        "--purge-automatique-jours",
        metavar="N|off",
        help="purge automatique des dossiers sans activité depuis N jours (off : désactivée)",
    )
    settings.set_defaults(func=run_settings)


def open_store() -> Any:
    """This desk's store: its team base once joined (``team join``), else the local one."""
    from asip_desktop.team.store import open_desk_store

    return open_desk_store()


def run_new(args: argparse.Namespace) -> int:

    answers = read_data_file(args.answers, "Réponses")
    person = read_data_file(args.person, "Identité") if args.person else None
    if isinstance(person, dict):
        from asip_desktop.documents.validation import identity_problems

        problems = identity_problems({k: v for k, v in person.items() if isinstance(v, str)})
        if problems:
            raise UserError("Identité invalide :", list(problems.values()))
    from asip_desktop.team.rules_cache import desk_engine  # the published rules once joined

    result = desk_engine()[0].evaluate(answers, level=args.niveau)
    with open_store() as store:
        case_id = store.cases.create(
            answers, result.to_dict(), person=person, cdas=args.cdas, level=args.niveau
        )
    print(case_id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_store() as store:
        cases = store.cases.open_cases()
    if args.json:
        print_json([c.to_dict() for c in cases])
        return 0
    _print_table(cases)
    return 0


def _print_table(cases: list[Any]) -> None:
    from asip_desktop.store.values import STATUS_LABELS

    if not cases:
        print("Aucun dossier.")
        return
    for c in cases:
        print(
            f"{c.id:>6}  {c.number}  {STATUS_LABELS.get(c.status, c.status):<22}  "
            f"modifié {c.updated_at}  {c.demand_kind}  {', '.join(c.services)}"
        )


def run_show(args: argparse.Namespace) -> int:
    with open_store() as store:
        try:
            print_json(store.cases.get(args.id).to_dict())
            return 0
        except UserError:
            receipt = store.cases.receipt_of(args.id)
            if receipt is None:
                raise
    print(receipt.to_text())
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise UserError("Confirmation impossible sans terminal : ajoutez --yes.")
    return input(f"{question} [oui/non] ").strip().lower() in ("o", "oui")


WIPE_PENDING_MESSAGE = (
    "Attention : une autre fenêtre ou commande d'ASIP Desktop lit la base des dossiers ; "
    "l'effacement des anciennes pages du dossier purgé se terminera dès qu'elle sera fermée "
    "(à la prochaine clôture ou ouverture de la base). Fermez les autres fenêtres d'ASIP Desktop."
)


def _print_purge(receipt: Any) -> None:
    print(receipt.to_text())
    for path in receipt.files_deleted:
        print(f"Copie supprimée du disque : {path}")
    if receipt.wipe_pending:
        print(WIPE_PENDING_MESSAGE, file=sys.stderr)


def run_close(args: argparse.Namespace) -> int:
    from asip_desktop.store.cases import CopiesNotDeleted

    with open_store() as store:
        preview = store.cases.purge_preview(args.id)
        copies = store.cases.saved_copies(args.id)
        if not args.yes:
            print(f"Clore le dossier {preview.case_number} détruira définitivement :")
            for d in preview.destroyed:
                print(f"  - {d.label} : {d.count}")
            if copies:
                print("et supprimera du disque les copies de fiches enregistrées :")
                for c in copies:
                    print(f"  - {c.path}")
            if not _confirm("Clore et purger ce dossier ?"):
                print("Rien n'a été modifié.")
                return 1
        try:
            receipt = store.cases.close(args.id)
        except CopiesNotDeleted as err:
            for path in err.deleted:
                print(f"Copie supprimée du disque : {path}")
            for problem in err.problems:
                print(f"Copie NON supprimée : {problem}", file=sys.stderr)
            raise
    _print_purge(receipt)
    return 0


def run_review(args: argparse.Namespace) -> int:
    if args.days is not None and not 1 <= args.days <= MAX_DAYS:
        raise UserError(f"--days : un nombre de jours entre 1 et {MAX_DAYS} est attendu.")
    with open_store() as store:
        days = args.days or store.review_days()
        cases = store.cases.to_review(days)
        retention = store.retention_days()
        policy = store.retention_policy()
    if args.json:
        print_json([c.to_dict() for c in cases])
        return 0
    print(f"Dossiers sans activité depuis plus de {days} jours : {len(cases)}")
    _print_table(cases)
    if policy is not None:  # a joined desk: the CDAS's policy, not this desk's settings
        print(policy.describe())
    if retention is None:
        print("Purge automatique : désactivée (aucun dossier n'est supprimé sans décision).")
    else:
        print(f"Purge automatique : après {retention} jours sans activité (cases retention).")
    return 0


def run_retention(args: argparse.Namespace) -> int:
    from asip_desktop.store.cases import RetentionIncomplete

    with open_store() as store:
        days = store.retention_days()
        if days is None:
            print("Purge automatique désactivée : aucun dossier n'a été purgé.")
            return 0
        due = store.cases.to_review(days)
        if due and not args.yes:
            print(f"{len(due)} dossiers sans activité depuis plus de {days} jours seront purgés.")
            if not _confirm("Continuer ?"):
                print("Rien n'a été modifié.")
                return 1
        try:
            receipts = store.cases.apply_retention()
        except RetentionIncomplete as err:
            for r in err.receipts:
                _print_purge(r)
            for problem in err.problems:
                print(f"Copie NON supprimée : {problem}", file=sys.stderr)
            raise
    for r in receipts:
        _print_purge(r)
    print(f"{len(receipts)} dossiers purgés.")
    return 0


def run_new_store(args: argparse.Namespace) -> int:
    from asip_desktop import config
    from asip_desktop.store.store import Store, start_new_store

    folder = config.data_dir()
    if not args.yes and not _confirm(
        "Démarrer une nouvelle base des dossiers vide (l'ancienne est perdue) ?"
    ):
        print("Rien n'a été modifié.")
        return 1
    for path in start_new_store(folder):
        print(f"Mis de côté : {path}")
    Store.open(folder).close()
    print(f"Nouvelle base des dossiers créée dans {folder}.")
    return 0


def run_settings(args: argparse.Namespace) -> int:
    from asip_desktop.store.store import SETTING_CDAS, SETTING_RETENTION, SETTING_REVIEW, SETTINGS

    with open_store() as store:
        if args.cdas is not None:
            store.set_setting(SETTING_CDAS, args.cdas)
        if args.revue_apres_jours is not None:
            store.set_setting(SETTING_REVIEW, args.revue_apres_jours)
        days = args.purge_automatique_jours
        if days is not None:
            store.set_setting(SETTING_RETENTION, None if days.strip() == "off" else days)
        for name in SETTINGS:
            value = store.get_setting(name)
            print(f"{name} : {value if value is not None else '(non réglé)'}")
        policy = store.retention_policy()
    if policy is not None:
        print(
            f"{policy.describe()} Sur ce poste rattaché, elle remplace {SETTING_REVIEW} et "
            f"{SETTING_RETENTION}."
        )
    return 0
