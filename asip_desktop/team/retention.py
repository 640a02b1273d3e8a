"""Retention on the team base: each CDAS's policy, set by the administrator, read by
its desks (docs/team.md, « Conservation »).

The policy says after how many days without activity a case is listed for review
(« À revoir », ``cases review``) and whether a desk's start purges those cases. A
desk reads it, never changes it: the table is written through the owner role by the
administrator's ``team policy``; the desk role only has ``SELECT`` on its own row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from asip_desktop.errors import UserError
from asip_desktop.store.cases import CopiesNotDeleted, CopyProblem
from asip_desktop.store.clock import iso, utc_now
from asip_desktop.store.values import PurgeReceipt
from asip_desktop.team import tables
from asip_desktop.team.cases import CaseTouched
from asip_desktop.team.connection import ADMIN_REFUSED, make_engine, parse_url, talking

if TYPE_CHECKING:
    from asip_desktop.store.store import Store
    from asip_desktop.team.store import TeamStore

MAX_DAYS = 3650
SET_BY = "l'administrateur du Département (asip-desktop team policy)"


@dataclass(frozen=True)
class RetentionPolicy:
    retention_days: int
    auto_purge: bool
    set_at: str
    set_by: str  # the administrator's PostgreSQL login (no personal data of a person)

    def describe(self) -> str:
        """The policy in French, for Paramètres and ``cases review``."""
        purge = (
            f"purge automatique au démarrage d'un poste des dossiers sans activité depuis "
            f"plus de {self.retention_days} jours"
            if self.auto_purge
            else "pas de purge automatique (chaque dossier est clos par une personne)"
        )
        return (
            f"Politique de conservation du CDAS : dossiers à revoir après "
            f"{self.retention_days} jours sans activité ; {purge}. Fixée par {SET_BY}, "
            f"le {_day(self.set_at)}."
        )


def _day(moment: str) -> str:
    from asip_desktop.french_dates import french_date

    try:
        return french_date(datetime.fromisoformat(moment).date())
    except ValueError:
        return moment


def check_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise UserError(
            f"--retention-days : un nombre de jours entre 1 et {MAX_DAYS} est attendu "
            "(délai sans activité après lequel un dossier est à revoir)."
        )
    return days


def has_table(conn: Connection, name: str) -> bool:
    """The team base has this table (its schema may be older than this application)."""
    found = conn.scalar(text("SELECT to_regclass(:t)"), {"t": f"{tables.SCHEMA}.{name}"})
    return found is not None


def read_policy(conn: Connection) -> RetentionPolicy | None:
    """The policy of the connected desk's CDAS (row-level security keeps it to its own)."""
    if not has_table(conn, "retention_policies"):  # a base not yet upgraded to t0003
        return None
    table = tables.retention_policies
    row = conn.execute(select(table).where(table.c.cdas_id == text("asip_current_cdas()"))).first()
    if row is None:
        return None
    return RetentionPolicy(int(row.retention_days), bool(row.auto_purge), row.set_at, row.set_by)


def set_policy(url: str, cdas_name: str, days: int, auto_purge: bool | None) -> RetentionPolicy:
    """The administrator sets a CDAS's policy (``auto_purge`` None keeps the current
    choice, off for a new policy). Upgrades the schema first, as ``team init`` does."""
    from asip_desktop.team.admin import upgrade_schema

    check_days(days)
    name = (cdas_name or "").strip()
    engine = make_engine(parse_url(url))
    table = tables.retention_policies
    try:
        with talking(ADMIN_REFUSED), engine.begin() as conn:
            upgrade_schema(conn)
            conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
            conn.execute(text(f"SET LOCAL search_path = {tables.SCHEMA}"))
            cdas_id = conn.scalar(select(tables.cdas.c.id).where(tables.cdas.c.name == name))
            if cdas_id is None:
                known = conn.scalars(select(tables.cdas.c.name).order_by(tables.cdas.c.name)).all()
                raise UserError(
                    f"--cdas : « {name} » n'existe pas sur cette base d'équipe. CDAS connus : "
                    + (", ".join(known) if known else "aucun (team init d'abord)")
                    + "."
                )
            current = conn.execute(select(table).where(table.c.cdas_id == cdas_id)).first()
            if auto_purge is None:
                auto_purge = bool(current.auto_purge) if current is not None else False
            values = {"retention_days": days, "auto_purge": auto_purge, "set_at": iso(utc_now())}
            row = conn.execute(
                pg_insert(table)
                .values(cdas_id=cdas_id, **values)
                .on_conflict_do_update(
                    index_elements=[table.c.cdas_id],
                    set_={**values, "set_by": text("session_user")},
                )
                .returning(table)
            ).one()
    finally:
        engine.dispose()
    return RetentionPolicy(int(row.retention_days), bool(row.auto_purge), row.set_at, row.set_by)


@dataclass
class StartPurge:
    """What a desk's start purged: under its CDAS's policy (a joined desk) or under
    Paramètres' « Purge automatique … après N jours » (``local``: a desk on its local
    store, a lone desk or a permanence laptop)."""

    days: int = 0
    receipts: list[PurgeReceipt] = field(default_factory=list)
    by_another_desk: int = 0  # listed, then purged meanwhile by another desk starting
    kept: int = 0  # changed meanwhile (no longer past the delay), or copies left on disk
    problems: list[CopyProblem] = field(default_factory=list)
    stopped: bool = False  # the window closed: the cases left wait for the next start
    local: bool = False

    def message(self) -> str:
        """For the window, in French (case counts only)."""
        n = len(self.receipts)
        whose = "" if self.local else " du CDAS"
        said = (
            f"Purge automatique{whose} au démarrage : {n} dossier{'s' if n > 1 else ''} sans "
            f"activité depuis plus de {self.days} jours "
            f"{'purgés' if n > 1 else 'purgé'}, chacun avec son récépissé."
        )
        if self.local:
            said += " (Réglage « Paramètres ».)"
        if self.problems:
            said += (
                f" {len(self.problems)} copie(s) de fiche n'ont pas pu être supprimées du "
                "disque : leurs dossiers restent ouverts (« Dossiers », « À revoir »)."
            )
        if self.stopped:
            said += " Purge interrompue à la fermeture : la suite au prochain démarrage."
        return said


def _exists(store: TeamStore, case_id: int) -> bool:
    with talking(), store.engine.connect() as conn:
        return (
            conn.scalar(select(tables.cases.c.id).where(tables.cases.c.id == case_id)) is not None
        )


def _exists_locally(store: Store, case_id: int) -> bool:
    from asip_desktop.store import schema
    from asip_desktop.store.database import reading

    with reading(store.engine) as conn:
        found = conn.scalar(select(schema.cases.c.id).where(schema.cases.c.id == case_id))
        return found is not None


def _never() -> bool:
    return False


def _sweep(
    store: Store | TeamStore,
    outcome: StartPurge,
    should_stop: Callable[[], bool],
    exists: Callable[[int], bool],
) -> StartPurge:
    """Close every case past ``outcome.days``, one transaction per case; a case
    touched since the listing is kept, one gone meanwhile is counted apart."""
    limit = iso(store.clock() - timedelta(days=outcome.days))
    for case in store.cases.to_review(outcome.days):
        if should_stop():
            outcome.stopped = True
            break
        try:
            receipt = store.cases.close(case.id, untouched_before=limit)
        except CaseTouched:
            outcome.kept += 1
            continue
        except CopiesNotDeleted as err:
            outcome.problems += err.problems
            outcome.kept += 1
            continue
        except UserError:
            if exists(case.id):
                raise
            outcome.by_another_desk += 1  # locally: closed meanwhile in the window
            continue
        outcome.receipts.append(receipt)
    return outcome


def purge_at_start(store: TeamStore, should_stop: Callable[[], bool] = _never) -> StartPurge | None:
    """With the CDAS's automatic purge on, close every case past its delay: one
    transaction per case (``TeamCases.close``: its receipt, its anonymous indicator row,
    its key destroyed), as a manual close does. Two desks starting at once purge each
    case once: closing takes the case's row lock, and the case is checked again under
    it (gone → the other desk did it; changed since → kept). None when the policy
    purges nothing automatically. ``should_stop`` is asked before each case (the window
    runs this in a worker thread and closes after the current case's transaction).
    Without a policy for its CDAS the desk keeps its own settings (guide administrateur
    § 6): Paramètres' « Purge automatique … après N jours », if on, applies here too."""
    days = store.retention_days()  # the CDAS's policy, else this desk's own setting
    if days is None:
        return None
    outcome = StartPurge(days=days, local=store.retention_policy() is None)
    return _sweep(store, outcome, should_stop, lambda case_id: _exists(store, case_id))


def purge_local_at_start(
    store: Store, should_stop: Callable[[], bool] = _never
) -> StartPurge | None:
    """A desk on its local store (a lone desk, a permanence laptop): Paramètres'
    « Purge automatique des dossiers sans activité après N jours » applied at the
    window's start, as ``cases retention`` does, but one transaction per case
    (``LocalCases.close``: its receipt, its anonymous indicator row) and a case touched
    since the listing kept. None when the setting is off (the default)."""
    days = store.retention_days()
    if days is None:
        return None
    outcome = StartPurge(days=days, local=True)
    return _sweep(store, outcome, should_stop, lambda case_id: _exists_locally(store, case_id))
