"""``asip-desktop --self-test``: what IT support checks, one French line each.

Each check returns a ``Check``; the command prints them and exits 1 if any
failed. The Qt check runs in a child process, since a missing display or
platform plugin aborts the process that tries it.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from asip_desktop import config
from asip_desktop.files import os_error_text

OK, WARN, FAIL = "OK", "ATTENTION", "ÉCHEC"
QT_PROBE_FLAG = "--qt-probe"  # also declared, hidden, in cli.py


@dataclass(frozen=True)
class Check:
    status: str
    subject: str
    detail: str

    def line(self) -> str:
        return f"[{self.status}] {self.subject} : {self.detail}"


def check_sqlcipher() -> Check:
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        row = conn.execute("PRAGMA cipher_version").fetchone()
        conn.close()
    except Exception as exc:
        return Check(FAIL, "SQLCipher", f"module indisponible ({type(exc).__name__})")
    if not row or not row[0]:
        return Check(FAIL, "SQLCipher", "SQLite sans chiffrement (cipher_version vide)")
    return Check(OK, "SQLCipher", f"version {row[0]}")


def check_secret_store() -> Check:
    from asip_desktop.errors import UserError
    from asip_desktop.store import keys

    try:
        verdict = keys.check_backend(keys.require_backend())
    except UserError as err:
        refused = "; ".join(err.details)
        return Check(FAIL, "Coffre de secrets", f"{err.message} ({refused})")
    if verdict != "connu":
        import keyring

        return Check(
            WARN,
            "Coffre de secrets",
            f"{keys.backend_description()} : ce n'est pas un coffre du système "
            f"({keys.class_name(keyring.get_keyring())}), il a été autorisé explicitement "
            f"(réglage « {keys.SETTING_ALLOWED} »). Vérifiez qu'il protège la clé des dossiers.",
        )
    return Check(OK, "Coffre de secrets", keys.backend_description())


def _joined_cdas() -> str | None:
    """The CDAS whose team base this desk joined, or None (local store)."""
    from asip_desktop.errors import UserError
    from asip_desktop.team import membership

    try:
        member = membership.load()
    except UserError:  # said by the « Base d'équipe » line
        return None
    return None if member is None else member.cdas


def check_case_store() -> Check:
    """Open the desk's local base if it exists (never creates one: a self-test writes
    nothing) and say which base holds the cases. On a desk joined to its CDAS's team base
    the local base holds the desk's settings and drafts (encrypted): it is checked too,
    and cases left in it from before the join are pointed out."""
    from asip_desktop.errors import UserError
    from asip_desktop.store.store import DB_NAME, Store

    cdas = _joined_cdas()
    subject = "Base des dossiers" if cdas is None else "Base locale du poste"
    role = (
        "base locale chiffrée de ce poste : les dossiers sont ici"
        if cdas is None
        else f"réglages et brouillons chiffrés ; les dossiers sont sur la base d'équipe du {cdas}"
    )
    if not (config.data_dir(create=False) / DB_NAME).exists():
        return Check(OK, subject, f"pas encore créée (elle le sera au premier usage) — {role}")
    try:
        with Store.open() as store:
            problems = store.integrity_problems()
            if problems:
                return Check(
                    FAIL,
                    subject,
                    f"contrôle d'intégrité en échec ({len(problems)} problème(s), dont : "
                    f"{problems[0]}). Ne supprimez rien : restaurez la dernière sauvegarde du "
                    "dossier des données (guide administrateur).",
                )
            count = len(store.cases.open_cases())
            pending = store.wipe_pending
    except UserError as err:
        return Check(FAIL, subject, err.message)
    if cdas is None:
        detail = f"ouverte, {count} dossier(s) ouvert(s), contrôle d'intégrité réussi — {role}"
    else:
        detail = f"ouverte, contrôle d'intégrité réussi — {role}"
        if count:
            return Check(
                WARN,
                subject,
                f"{detail} ; {count} dossier(s) ouvert(s) y restent d'avant le rattachement : "
                "ils ne sont pas sur la base d'équipe et ne se voient qu'après "
                "« asip-desktop team leave »",
            )
    if pending:
        return Check(
            WARN,
            subject,
            detail + " ; effacement d'une purge en attente (une autre fenêtre lit la base)",
        )
    return Check(OK, subject, detail)


def check_data_dir() -> Check:
    path = config.data_dir(create=False)
    probe = path / ".self-test"
    try:
        config.data_dir()
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        return Check(FAIL, "Dossier des données", f"{path} non inscriptible ({os_error_text(exc)})")
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        return Check(FAIL, "Dossier des données", f"{path} lisible par d'autres comptes")
    return Check(OK, "Dossier des données", f"{path} (inscriptible, réservé au compte)")


def check_fonts() -> Check:
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = sorted(config.resource_path("fonts").glob("*.ttf"))
    if not fonts:
        return Check(FAIL, "Polices", "aucune police dans resources/fonts")
    try:
        for path in fonts:
            TTFont(path.stem, str(path))
    except Exception as exc:
        return Check(FAIL, "Polices", f"police illisible ({type(exc).__name__})")
    return Check(OK, "Polices", ", ".join(p.name for p in fonts))


def check_rules() -> Check:
    from asip_desktop.core.engine import Engine
    from asip_desktop.core.scenarios import load_scenarios, replay
    from asip_desktop.errors import UserError

    try:
        engine = Engine.load(use_memo=False)
        outcomes = replay(engine, load_scenarios())
    except UserError as err:
        return Check(FAIL, "Règles d'orientation", err.message)
    failed = [o.scenario.name for o in outcomes if not o.passed]
    summary = f"version {engine.rules.version}, sha256 {engine.rules.sha256[:16]}…"
    if failed:
        return Check(FAIL, "Règles d'orientation", f"{summary}, scénarios en écart : {failed}")
    return Check(OK, "Règles d'orientation", f"{summary}, {len(outcomes)} scénarios conformes")


def check_directory() -> Check:
    from asip_desktop.directory.catalog import Directory
    from asip_desktop.errors import UserError

    try:
        directory = Directory.load()
    except UserError as err:
        return Check(FAIL, "Annuaires", err.message)
    parts = []
    stale = 0
    for source in directory.status():
        parts.append(
            f"{source.label} : {source.count} entrée(s), la plus ancienne {source.age_days} j"
            if source.count
            else f"{source.label} : vide"
        )
        stale += source.stale
    if not directory.has_cdas:
        parts.append("aucun annuaire local des CDAS (annexe 4 à importer)")
    status = WARN if stale or not directory.has_cdas else OK
    if stale:
        parts.append(f"{stale} entrée(s) de plus de {directory.max_age_months} mois à vérifier")
    return Check(status, "Annuaires", " ; ".join(parts))


def qt_probe_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, QT_PROBE_FLAG]
    return [sys.executable, "-m", "asip_desktop", QT_PROBE_FLAG]


def check_qt_platform() -> Check:
    try:
        out = subprocess.run(
            qt_probe_command(), capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(FAIL, "Qt", f"démarrage impossible ({type(exc).__name__})")
    name = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if out.returncode != 0 or not name:
        return Check(
            FAIL,
            "Qt",
            "aucun greffon d'affichage utilisable (sous Linux : installer les paquets xcb "
            "listés dans le guide administrateur, ou QT_QPA_PLATFORM=offscreen pour un test)",
        )
    return Check(OK, "Qt", f"greffon d'affichage « {name} »")


def run_qt_probe() -> int:
    """In the child process: start Qt and print the platform plugin's name."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    print(app.platformName())
    return 0


def check_team_base() -> Check:
    from asip_desktop.team.health import check_team_base as check

    return check()


CHECKS: list[Callable[[], Check]] = [
    check_sqlcipher,
    check_secret_store,
    check_case_store,
    check_team_base,
    check_data_dir,
    check_fonts,
    check_rules,
    check_directory,
    check_qt_platform,
]


def run_self_test() -> int:
    results = [check() for check in CHECKS]
    for result in results:
        print(result.line())
    failed = sum(r.status == FAIL for r in results)
    warned = sum(r.status == WARN for r in results)
    if failed:
        print(f"Auto-test : {failed} point(s) en échec.")
    elif warned:
        print(f"Auto-test réussi, {warned} point(s) à surveiller.")
    else:
        print("Auto-test réussi.")
    return 1 if failed else 0
