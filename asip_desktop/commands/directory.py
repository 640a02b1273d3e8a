"""``asip-desktop directory …``: import, export, status, search, cdas-for."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from asip_desktop.commands.io import print_json
from asip_desktop.directory.annuaire import ImportProgress
from asip_desktop.directory.catalog import Directory
from asip_desktop.directory.model import Entry
from asip_desktop.errors import UserError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "directory",
        help="annuaires : CDAS du domicile, service social, partenaires",
        description=(
            "Annuaires hors ligne : contacts de la convention, annuaire local importé "
            "(CDAS, service social de l'Assurance Maladie), offices de l'Annuaire de "
            "l'administration importés."
        ),
    )
    sub = p.add_subparsers(dest="directory_command", metavar="ACTION", required=True)

    imp = sub.add_parser(
        "import",
        help="importer un annuaire local (CSV/JSON) ou l'Annuaire de l'administration",
        description=(
            "Vérifie tout le fichier, affiche les changements, puis les applique. Un fichier "
            "avec une seule erreur est refusé en entier."
        ),
    )
    imp.add_argument("file", metavar="FICHIER")
    imp.add_argument("--dry-run", action="store_true", help="vérifier et montrer sans importer")
    imp.add_argument(
        "--yes",
        action="store_true",
        help="confirmer sans question un import qui supprime des entrées",
    )
    imp.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="exporter tout l'annuaire dans un fichier JSON")
    exp.add_argument("file", metavar="FICHIER")
    exp.set_defaults(func=run_export)

    st = sub.add_parser("status", help="état des sources (date, nombre, ancienneté)")
    st.add_argument("--json", action="store_true", help="sortie JSON")
    st.add_argument(
        "--max-age",
        type=int,
        metavar="MOIS",
        help="ancienneté au-delà de laquelle une entrée est signalée (enregistrée)",
    )
    st.set_defaults(func=run_status)

    se = sub.add_parser("search", help="rechercher dans toutes les entrées")
    se.add_argument("text", metavar="TEXTE")
    se.add_argument("--json", action="store_true", help="sortie JSON")
    se.add_argument("--type", dest="kind", metavar="TYPE", help="limiter à un type (cdas, caf…)")
    se.set_defaults(func=run_search)

    cd = sub.add_parser("cdas-for", help="CDAS du domicile d'une commune")
    cd.add_argument("commune", metavar="COMMUNE_OU_CODE")
    cd.add_argument("--json", action="store_true", help="sortie JSON")
    cd.set_defaults(func=run_cdas_for)

    tp = sub.add_parser("template", help="modèle CSV des territoires des CDAS (332 communes)")
    tp.add_argument("--out", required=True, metavar="FICHIER.csv", type=Path)
    tp.set_defaults(func=run_template)


def _print_progress(state: ImportProgress) -> None:
    print(
        f"\r{state.fraction:6.1%}  {state.records} fiches lues, {state.kept} gardées",
        end="",
        file=sys.stderr,
        flush=True,
    )


def run_import(args: argparse.Namespace) -> int:
    directory = Directory.load()
    progress = _print_progress if sys.stderr.isatty() else None
    plan = directory.plan_import(Path(args.file), progress)
    if progress is not None:
        print(file=sys.stderr)
    for line in plan.lines():
        print(line)
    if args.dry_run:
        print("Vérification seule (--dry-run) : rien n'a été importé.")
        return 0
    removed = _removed(plan)
    if removed and not args.yes:
        question = f"Cet import supprime {removed} entrée(s) de l'annuaire. Continuer ?"
        if not sys.stdin.isatty():
            raise UserError(
                f"Cet import supprimerait {removed} entrée(s) de l'annuaire : rien n'a été "
                "importé. Vérifiez le fichier, puis confirmez avec --yes."
            )
        if input(f"{question} [oui/non] ").strip().lower() not in ("o", "oui"):
            print("Rien n'a été importé.")
            return 1
    directory.apply(plan)
    print("Import terminé.")
    return 0


def _removed(plan: Any) -> int:
    """How many entries the import would delete (local directory and Annuaire)."""
    return sum(
        len(changes.removed)
        for changes in (plan.local_changes, plan.annuaire_changes)
        if changes is not None
    )


def run_export(args: argparse.Namespace) -> int:
    directory = Directory.load()
    path = directory.export(Path(args.file))
    print(
        f"{len(directory.local)} entrée(s) locale(s) et {len(directory.annuaire)} office(s) "
        f"de l'Annuaire exportés dans {path}."
    )
    return 0


def _date(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def run_status(args: argparse.Namespace) -> int:
    directory = Directory.load()
    if args.max_age is not None:
        directory.set_max_age_months(args.max_age)
    statuses = directory.status()
    if args.json:
        print_json(
            {
                "anciennete_max_mois": directory.max_age_months,
                "sources": [s.to_dict() for s in statuses],
            }
        )
        return 0
    print(f"Entrées signalées au-delà de {directory.max_age_months} mois.")
    for s in statuses:
        print(f"- {s.label} : {s.count} entrée(s)")
        if s.count:
            print(
                f"    informations du {_date(s.oldest)} au {_date(s.newest)} "
                f"(la plus ancienne a {s.age_days} jours) ; {s.stale} à vérifier (anciennes)"
            )
        if s.imported_at:
            print(f"    importé le {s.imported_at} depuis {s.file}")
    if not directory.has_cdas:
        print("CDAS : aucun annuaire local chargé (annexe 4 à importer).")
    return 0


def _print_entry(entry: Entry, directory: Directory) -> None:
    stale = "  [à vérifier : information ancienne]" if directory.is_stale(entry) else ""
    lines = entry.card_lines()
    print(lines[0] + stale)
    for line in lines[1:]:
        print("    " + line)


def run_search(args: argparse.Namespace) -> int:
    directory = Directory.load()
    found = directory.search(args.text, [args.kind] if args.kind else None)
    if args.json:
        print_json(
            [{**e.to_dict(), "ancienne": directory.is_stale(e), "origine": e.origin} for e in found]
        )
        return 0
    if not found:
        print("Aucune entrée ne correspond.")
    for entry in found:
        _print_entry(entry, directory)
    return 0


def run_cdas_for(args: argparse.Namespace) -> int:
    directory = Directory.load()
    answer = directory.cdas_for(args.commune)
    if args.json:
        print_json(answer.to_dict())
        return 0 if answer.communes else 1
    for c in answer.communes:
        print(c.commune.describe())
        for entry in c.cdas:
            _print_entry(entry, directory)
    if answer.message:
        print(answer.message)
    return 0 if answer.communes else 1


def run_template(args: argparse.Namespace) -> int:
    from asip_desktop.directory.communes import commune_index
    from asip_desktop.directory.template import write_template
    from asip_desktop.directory.territories import TerritoryDraft

    path = write_template(args.out, TerritoryDraft(commune_index()))
    print(f"Modèle écrit dans {path} : 332 communes, colonne « cdas » à remplir.")
    return 0
