"""Which rules file a desk orients with: the file published on the team base (its copy
cached in the desk's folder) or the file bundled with the application (docs/team.md,
« Publication des règles »).

No SQLAlchemy here (a local desk's start must not pay for it): the download is
``rules_publication.refresh_cache``; this module reads and checks the cached copy.

- a joined desk with a cached copy whose sha256 is the one recorded at download, and
  that passes the rules checks, uses it;
- a copy changed on the disk (sha256 differs) or no longer valid is refused: the
  bundled file is used, with a French message saying so;
- a published version older than the bundled one (the application was updated since)
  is left aside: the bundled file is used, and Paramètres says why;
- otherwise the bundled file.

Neither function here is called by the window before it is ready for input except
``desk_engine`` (files only): the download waits for a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asip_desktop import config
from asip_desktop.core.engine import Engine
from asip_desktop.core.ruleset import RulesError, default_rules_path
from asip_desktop.files import write_private_atomic

CACHE_DIR = "regles-publiees"
META = "publication.json"
MEMBERSHIP = "equipe.json"  # team/membership.py's file: the desk is joined


@dataclass(frozen=True)
class Publication:
    """A published rules file's record (no personal data)."""

    version: str
    sha256: str
    published_at: str
    published_by: str

    def to_dict(self) -> dict[str, str]:
        return {
            "version": self.version,
            "sha256": self.sha256,
            "published_at": self.published_at,
            "published_by": self.published_by,
        }


@dataclass(frozen=True)
class RulesChoice:
    """The rules a desk uses and where they came from, in French for Paramètres."""

    path: Path
    publication: Publication | None  # None: the bundled file
    note: str = ""  # why the published file is not used, or that the desk was offline

    def source(self) -> str:
        if self.publication is None:
            return "fournies avec l'application"
        from asip_desktop.french_dates import french_moment

        return (
            f"publiées le {french_moment(self.publication.published_at)} par "
            f"l'administrateur ({self.publication.published_by}) sur la base d'équipe"
        )


def version_key(version: str) -> tuple[int, ...]:
    """« 2026.2 » → (2026, 2): versions compare by their numbers."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def cache_dir(folder: Path | None = None) -> Path:
    return (folder or config.data_dir(create=False)) / CACHE_DIR


def is_joined(folder: Path | None = None) -> bool:
    return ((folder or config.data_dir(create=False)) / MEMBERSHIP).exists()


def _file_name(sha256: str) -> str:
    return f"orientation-{sha256[:16]}.yaml"


def cached(folder: Path | None = None) -> Publication | None:
    """The record of the copy cached on this desk, or None."""
    try:
        data = json.loads((cache_dir(folder) / META).read_text("utf-8"))
        return Publication(**{k: str(data[k]) for k in Publication.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def copy_path(folder: Path | None, publication: Publication) -> Path:
    return cache_dir(folder) / _file_name(publication.sha256)


def copy_is_whole(folder: Path | None, publication: Publication) -> bool:
    """The cached file is the one downloaded (its sha256 is the recorded one)."""
    try:
        content = copy_path(folder, publication).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(content).hexdigest() == publication.sha256


def write_cache(folder: Path | None, publication: Publication, content: bytes) -> Path:
    """The file first, under a name of its own, then its record: a desk stopped in
    between keeps its previous copy whole."""
    directory = config.ensure_private_dir(cache_dir(folder))
    path = write_private_atomic(directory / _file_name(publication.sha256), content)
    meta = json.dumps(publication.to_dict(), indent=1).encode()
    write_private_atomic(directory / META, meta)
    for old in directory.glob("orientation-*.yaml"):
        if old.name != path.name:
            old.unlink(missing_ok=True)
    return path


TAMPERED = (
    "La copie des règles publiées enregistrée sur ce poste (version {version}) a été "
    "modifiée ou est endommagée : elle n'est pas utilisée. Les règles fournies avec "
    "l'application (version {bundled}) servent aux orientations ; le poste reprendra les "
    "règles publiées à son prochain démarrage relié à la base d'équipe."
)
INVALID = (
    "La copie des règles publiées enregistrée sur ce poste (version {version}) n'est plus "
    "valide : les règles fournies avec l'application (version {bundled}) servent aux "
    "orientations."
)
OLDER = (
    "Les règles publiées sur la base d'équipe (version {version}) sont plus anciennes que "
    "celles fournies avec cette version de l'application (version {bundled}) : ce sont ces "
    "dernières qui servent aux orientations."
)


def desk_engine(folder: Path | None = None, note: str = "") -> tuple[Engine, RulesChoice]:
    """The engine this desk orients with, and where its rules came from (no network)."""
    bundled_path = default_rules_path()
    publication = cached(folder) if is_joined(folder) else None
    if publication is None:
        return Engine.load(bundled_path), RulesChoice(bundled_path, None, note)
    path = copy_path(folder, publication)
    bundled = Engine.load(bundled_path)
    values: dict[str, Any] = {"version": publication.version, "bundled": bundled.rules.version}
    if not copy_is_whole(folder, publication):
        return bundled, RulesChoice(bundled_path, None, TAMPERED.format(**values))
    try:
        engine = Engine.load(path)
    except RulesError:
        return bundled, RulesChoice(bundled_path, None, INVALID.format(**values))
    if version_key(engine.rules.version) < version_key(bundled.rules.version):
        return bundled, RulesChoice(bundled_path, None, OLDER.format(**values))
    return engine, RulesChoice(path, publication, note)


def start_engine(folder: Path | None = None) -> tuple[Engine, RulesChoice]:
    """A joined desk first takes the newest published file from its team base
    (``rules_publication.refresh_cache``, up to the 5 s connect timeout when the server
    is away), then orients with its copy. The window never runs this on its own thread:
    it starts with ``desk_engine`` and runs this in a worker thread once the agent can
    type (``gui/shell/rules_arrival.py``)."""
    note = ""
    if is_joined(folder):
        from asip_desktop.team.rules_publication import refresh_cache

        note = refresh_cache(folder)
    return desk_engine(folder, note)
