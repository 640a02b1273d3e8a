"""The yearly rules file, published once by the administrator on the team base and
taken by every joined desk at its next start (docs/team.md, « Publication des règles »).

- ``publish``: the administrator stores a checked file (version, sha256, content,
  when, who) in ``asip.published_rules``; desks may read that table, never write it;
- ``refresh_cache``: a desk's start downloads the newest published file, checks its
  sha256 and its validity again, and caches it in the desk's folder
  (``rules_cache.py``); offline it keeps its cached copy.

Choices: a version, once published, names one content for good (the same version with
another content is refused; publishing the same file again changes nothing); a version
older than the newest published is refused (going back = publishing the old content
under a new number). A desk whose application bundles a newer version than the
published one uses its bundled file (``rules_cache.OLDER``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, exc, insert, select, text
from sqlalchemy.engine import URL

from asip_desktop import config
from asip_desktop.core.ruleset import RulesError, RuleSet, load_rules
from asip_desktop.errors import UserError
from asip_desktop.store.clock import iso, utc_now
from asip_desktop.team import tables
from asip_desktop.team.connection import make_engine, parse_url, talking
from asip_desktop.team.retention import has_table
from asip_desktop.team.rules_cache import (
    Publication,
    cache_dir,
    cached,
    copy_is_whole,
    version_key,
    write_cache,
)

if TYPE_CHECKING:
    from asip_desktop.core.engine import Engine

OFFLINE = (
    "Base d'équipe injoignable au démarrage : les règles publiées n'ont pas pu être "
    "vérifiées ; le poste utilise sa dernière copie (ou, sans copie, les règles fournies "
    "avec l'application)."
)


REFUSED_LOGIN = (
    "Le serveur PostgreSQL a refusé l'identifiant ou le mot de passe de l'administrateur : "
    "rien n'a été publié. Vérifiez l'adresse (nom de l'utilisateur) et le mot de passe."
)


@dataclass(frozen=True)
class CheckReport:
    """What ``rules check`` says of a file: one line per scenario, then the summary."""

    rules: RuleSet
    lines: list[str]
    total: int
    changed: int

    @property
    def summary(self) -> str:
        return (
            f"{self.total} scénarios : {self.total - self.changed} inchangés, "
            f"{self.changed} changeraient."
        )

    def text(self) -> str:
        return "\n".join([*self.lines, self.summary])


def check_file(path: str | None, scenarios: str | None = None) -> tuple[Engine, CheckReport]:
    """Validate the file (``RulesError`` with one French line per problem) and replay the
    scenarios against it: the check of ``rules check`` and ``rules publish``."""
    from asip_desktop.core.engine import Engine
    from asip_desktop.core.scenarios import load_scenarios, replay

    engine = Engine.load(path, use_memo=False)
    rules = engine.rules
    lines = [f"Règles : {rules.path}", f"Version : {rules.version} — sha256 : {rules.sha256}"]
    outcomes = replay(engine, load_scenarios(scenarios))
    for o in outcomes:
        mark = "inchangé " if o.passed else "CHANGE   "
        lines.append(f"{mark} {o.scenario.name} — {o.scenario.title}")
        lines.extend(f"            {change}" for change in o.changes)
    changed = sum(1 for o in outcomes if not o.passed)
    return engine, CheckReport(rules, lines, len(outcomes), changed)


def _publication(row: object) -> Publication:
    return Publication(
        version=str(row.version),  # type: ignore[attr-defined]
        sha256=str(row.sha256),  # type: ignore[attr-defined]
        published_at=str(row.published_at),  # type: ignore[attr-defined]
        published_by=str(row.published_by),  # type: ignore[attr-defined]
    )


def latest(conn: Connection) -> Publication | None:
    table = tables.published_rules
    row = conn.execute(
        select(
            table.c.version, table.c.sha256, table.c.published_at, table.c.published_by
        ).order_by(table.c.id.desc())
    ).first()
    return _publication(row) if row is not None else None


def publish(url: str | URL, content: bytes, rules: RuleSet) -> tuple[Publication, bool]:
    """Store ``content`` (checked by the caller: ``rules``) as the newest rules file.
    Returns the publication and whether it is new (False: that file was published)."""
    from asip_desktop.team.admin import upgrade_schema

    sha256 = hashlib.sha256(content).hexdigest()
    if sha256 != rules.sha256:
        raise UserError("Le fichier de règles a changé pendant sa vérification : recommencez.")
    table = tables.published_rules
    engine = make_engine(parse_url(url) if isinstance(url, str) else url)
    try:
        with talking(REFUSED_LOGIN), engine.begin() as conn:
            upgrade_schema(conn)
            conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
            conn.execute(text(f"SET LOCAL search_path = {tables.SCHEMA}"))
            conn.execute(text("LOCK TABLE published_rules IN EXCLUSIVE MODE"))
            same = conn.execute(
                select(
                    table.c.version, table.c.sha256, table.c.published_at, table.c.published_by
                ).where(table.c.version == rules.version)
            ).first()
            if same is not None:
                if same.sha256 == sha256:
                    return _publication(same), False
                raise UserError(
                    f"La version {rules.version} est déjà publiée avec un autre contenu : une "
                    "version publiée ne change plus. Donnez un nouveau numéro de version au "
                    "fichier (champ « version »), puis publiez-le. Rien n'a été publié."
                )
            newest = latest(conn)
            if newest is not None and version_key(rules.version) < version_key(newest.version):
                raise UserError(
                    f"La version {rules.version} est plus ancienne que la version publiée "
                    f"{newest.version} : rien n'a été publié. Pour revenir à des règles "
                    "antérieures, publiez-les sous un nouveau numéro de version."
                )
            row = conn.execute(
                insert(table)
                .values(
                    version=rules.version,
                    sha256=sha256,
                    content=content,
                    published_at=iso(utc_now()),
                )
                .returning(
                    table.c.version, table.c.sha256, table.c.published_at, table.c.published_by
                )
            ).one()
    finally:
        engine.dispose()
    return _publication(row), True


def published_now(engine: Any) -> Publication | None:
    """The newest published file (None: none yet), read with a desk's or the
    Département's role (both may read it; migration t0006 for the Département)."""
    with talking(), engine.connect() as conn:
        if not has_table(conn, "published_rules"):
            return None
        return latest(conn)


ADDRESS_NAME = "adresse-administrateur.json"


def remember_address(folder: Path, typed: str) -> None:
    """Keep the administrator's address as typed for next time: never a password."""
    from sqlalchemy import make_url

    from asip_desktop.files import write_private_atomic

    url = make_url(typed)
    if url.password is not None:
        typed = url._replace(password=None).render_as_string(hide_password=False)
    write_private_atomic(folder / ADDRESS_NAME, json.dumps({"url": typed}).encode())


def remembered_address(folder: Path) -> str:
    """The address kept by ``remember_address`` ("" when none or unreadable)."""
    try:
        data = json.loads((folder / ADDRESS_NAME).read_text("utf-8"))
        return str(data["url"]) if isinstance(data, dict) else ""
    except (OSError, ValueError, KeyError):
        return ""


def _check_downloaded(folder: Path | None, content: bytes) -> RuleSet:
    """The rules checks on the downloaded bytes, from a private temp file."""
    directory = config.ensure_private_dir(cache_dir(folder))
    handle, name = tempfile.mkstemp(dir=directory, prefix=".verification-", suffix=".yaml")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        return load_rules(name, use_memo=False)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def refresh_cache(folder: Path | None = None) -> str:
    """At a joined desk's start: take the newest published file if this desk's copy is
    not it. Returns a French note when something stopped it ("" otherwise); never
    raises for an unreachable base (the desk keeps orienting)."""
    from asip_desktop.team import membership

    try:
        member = membership.load(folder)
        if member is None:
            return ""
        engine = make_engine(member.connection_url())
    except UserError as err:
        return f"Règles publiées non vérifiées : {err}"
    table = tables.published_rules
    try:
        with talking(), engine.connect() as conn:
            if not has_table(conn, "published_rules"):  # a base not yet upgraded
                return ""
            newest = latest(conn)
            mine = cached(folder)
            if newest is None or (
                mine is not None
                and mine.sha256 == newest.sha256
                and copy_is_whole(folder, mine)  # a damaged copy is downloaded again
            ):
                return ""
            content = bytes(
                conn.scalar(select(table.c.content).where(table.c.sha256 == newest.sha256)) or b""
            )
    except UserError:
        return OFFLINE
    except exc.SQLAlchemyError as err:  # the desk keeps orienting, with its copy
        return (
            "Règles publiées non vérifiées : la base d'équipe a refusé la lecture "
            f"({type(err).__name__})."
        )
    finally:
        engine.dispose()
    if hashlib.sha256(content).hexdigest() != newest.sha256:
        return (
            f"Les règles publiées (version {newest.version}) reçues de la base d'équipe ne "
            "correspondent pas à leur empreinte : elles ne sont pas utilisées. Prévenez "
            "l'administrateur."
        )
    try:
        _check_downloaded(folder, content)
    except OSError as err:
        from asip_desktop.files import os_error_text

        return (
            "Règles publiées non vérifiées : dossier des données inutilisable "
            f"({os_error_text(err)})."
        )
    except RulesError:
        return (
            f"Les règles publiées (version {newest.version}) ne passent pas les contrôles de "
            "cette version de l'application : elles ne sont pas utilisées. Prévenez "
            "l'administrateur."
        )
    try:
        write_cache(folder, newest, content)
    except OSError as err:
        from asip_desktop.files import os_error_text

        return (
            f"Les règles publiées (version {newest.version}) n'ont pas pu être enregistrées "
            f"sur ce poste ({os_error_text(err)}) : il utilise sa copie précédente."
        )
    return ""
