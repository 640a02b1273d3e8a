"""The import formats added to :class:`~asip_desktop.directory.catalog.Directory`'s detection:
the CDAS territories template and the Département's annuaire social.

Both give an :class:`~asip_desktop.directory.catalog.ImportPlan` with the same
preview of the changes as the other sources, or raise a :class:`UserError`
listing every problem with its line and field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from asip_desktop.directory import storage
from asip_desktop.directory.annuaire import ImportProgress
from asip_desktop.directory.annuaire_social import (
    entries_from_stored,
    import_annuaire_social,
    is_annuaire_social_file,
    stored_document,
)
from asip_desktop.directory.model import SOURCE_SOCIAL, Entry
from asip_desktop.directory.partners import kind_for_themes
from asip_desktop.directory.template import is_template_header, read_template
from asip_desktop.errors import UserError

if TYPE_CHECKING:
    from asip_desktop.directory.catalog import Directory, ImportPlan

SOCIAL_FILE = "annuaire-social.json"


def _header_line(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4096).decode("utf-8", "replace").lstrip("\ufeff")
    return head.split("\n", 1)[0]


def plan_new_formats(
    directory: Directory,
    path: Path,
    progress: Callable[[ImportProgress], None] | None = None,
    today: dt.date | None = None,
) -> ImportPlan | None:
    """The plan for a template or an annuaire social file; ``None`` for other formats."""
    from asip_desktop.directory.catalog import ImportPlan, diff, refusal

    name = path.name.lower()
    if name.endswith(".csv") and is_template_header(_header_line(path)):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # saved by a spreadsheet in its Windows default
            text = data.decode("cp1252", errors="replace")
        _draft, parsed = read_template(text, directory.index)
        if parsed.problems:
            raise refusal(path.name, parsed.problems)
        return territories_plan(directory, parsed.entries, path.name)
    if is_annuaire_social_file(path):

        def rows_read(records: int, done: int, total: int) -> None:
            if progress is not None:
                progress(ImportProgress(done, total, records, records))

        result = import_annuaire_social(
            path, directory.index, kind_for_themes, rows_read, today=today
        )
        if result.problems:
            raise refusal(path.name, result.problems)
        if not result.entries:
            raise UserError(f"{path.name} : aucune structure lue. Rien n'a été importé.")
        return ImportPlan(
            "annuaire_social",
            path.name,
            social=result.entries,
            social_changes=diff(directory.social, result.entries),
        )
    return None


def territories_plan(directory: Directory, cdas: list[Entry], file_name: str) -> ImportPlan:
    """Replace the CDAS of the local directory, keep its other entries."""
    from asip_desktop.directory.catalog import ImportPlan, diff

    kept = [e for e in directory.local if e.kind != "cdas"]
    local = [*kept, *cdas]
    return ImportPlan("local", file_name, local=local, local_changes=diff(directory.local, local))


SECTION = "annuaire_social"  # the annuaire social inside a whole-directory export


def export_section(directory: Directory) -> dict[str, object]:
    """The annuaire social part of an export (nothing when none is imported)."""
    if not directory.social:
        return {}
    meta = {k: v for k, v in directory.social_meta.items() if k in ("fichier", "importe_le")}
    return {SECTION: stored_document(directory.social, meta)}


def has_export_section(path: Path) -> bool:
    """A whole-directory export from another desk that carries an annuaire social."""
    if path.suffix.lower() != ".json":
        return False
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and bool(doc.get(SECTION))


def add_export_section(directory: Directory, plan: ImportPlan, path: Path) -> None:
    """An export from another desk brings its annuaire social along."""
    from asip_desktop.directory.catalog import diff

    if path.suffix.lower() != ".json":
        return
    doc = json.loads(path.read_text(encoding="utf-8-sig"))
    if not isinstance(doc, dict) or SECTION not in doc:
        return
    try:
        entries, meta = entries_from_stored(doc[SECTION])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UserError(
            f"{path.name} refusé : section « {SECTION} » illisible, rien n'a été importé."
        ) from None
    plan.social = entries
    plan.social_meta = meta
    plan.social_changes = diff(directory.social, entries)


def load_social() -> tuple[list[Entry], dict[str, str]]:
    data = storage.read(SOCIAL_FILE)
    if data is None:
        return [], {}
    try:
        return entries_from_stored(data)
    except (ValueError, KeyError, TypeError):
        raise UserError(
            "L'annuaire social enregistré est illisible ; importez-le de nouveau."
        ) from None


def save_social(plan: ImportPlan, stamp: str) -> tuple[list[Entry], dict[str, str]]:
    entries = [e.with_origin(SOURCE_SOCIAL) for e in plan.social or []]
    meta = {"importe_le": stamp, "fichier": plan.file, **plan.social_meta}
    storage.write(SOCIAL_FILE, stored_document(entries, meta))
    return entries, meta
