"""The whole directory: shipped contacts, the local directory, the Annuaire offices.

:class:`Directory` is what the command line and the GUI use: search, CDAS du
domicile, sources status, import (with a preview of the changes) and export.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asip_desktop import config
from asip_desktop.directory import formats, storage
from asip_desktop.directory.annuaire import (
    AnnuaireFormatError,
    ImportProgress,
    import_annuaire,
    is_annuaire_file,
)
from asip_desktop.directory.communes import CommuneIndex, CommuneMatch, commune_index
from asip_desktop.directory.local_format import (
    EMPTY_FILE,
    document,
    read_document,
    read_json,
    read_local_file,
)
from asip_desktop.directory.model import (
    KIND_LABELS,
    SOURCE_ANNUAIRE,
    SOURCE_CONVENTION,
    SOURCE_LABELS,
    SOURCE_LOCAL,
    SOURCE_SOCIAL,
    Entry,
)
from asip_desktop.directory.partners import PartnerIndex
from asip_desktop.directory.text import fold
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text

SHIPPED_FILE = "convention-contacts.json"
DEFAULT_MAX_AGE_MONTHS = 6
MAX_PROBLEMS_SHOWN = 50

NO_LOCAL_DIRECTORY = (
    "Aucun annuaire local des CDAS n'est chargé : la liste des 22 CDAS et des communes "
    "qu'ils couvrent (annexe 4 de la convention) n'est pas livrée avec l'application. "
    "Importez-la depuis Annuaires › Importer un fichier, ou avec "
    "« asip-desktop directory import FICHIER » (format : docs/directory-format.md)."
)
NO_PERMANENCES = (
    "Les 19 lieux de permanence du service social de l'Assurance Maladie (annexe 5) ne sont "
    "pas livrés avec l'application : importez-les dans l'annuaire local."
)


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class SourceStatus:
    origin: str
    label: str
    count: int
    oldest: dt.date | None
    newest: dt.date | None
    age_days: int | None  # age of the oldest entry
    stale: int  # entries older than the limit
    imported_at: str = ""
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.origin,
            "libelle": self.label,
            "entrees": self.count,
            "date_plus_ancienne": self.oldest.isoformat() if self.oldest else None,
            "date_plus_recente": self.newest.isoformat() if self.newest else None,
            "age_jours": self.age_days,
            "entrees_anciennes": self.stale,
            "importe_le": self.imported_at or None,
            "fichier": self.file or None,
        }


@dataclass(frozen=True)
class CdasCandidates:
    commune: CommuneMatch
    cdas: tuple[Entry, ...]


@dataclass(frozen=True)
class CdasAnswer:
    query: str
    communes: tuple[CdasCandidates, ...]
    message: str  # what to tell the agent when there is no single answer

    def to_dict(self) -> dict[str, Any]:
        return {
            "recherche": self.query,
            "message": self.message or None,
            "communes": [
                {
                    "insee": c.commune.commune.insee,
                    "nom": c.commune.commune.name,
                    "trouvee_par": c.commune.via,
                    "ancienne_commune": c.commune.former.name if c.commune.former else None,
                    "cdas": [e.to_dict() for e in c.cdas],
                }
                for c in self.communes
            ],
        }


@dataclass
class Changes:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    modified: list[tuple[Entry, Entry]] = field(default_factory=list)  # (old, new)
    unchanged: int = 0

    def empty(self) -> bool:
        return not (self.added or self.removed or self.modified)

    def lines(self, limit: int = 30) -> list[str]:
        out = [
            f"{len(self.added)} ajoutée(s), {len(self.removed)} supprimée(s), "
            f"{len(self.modified)} modifiée(s), {self.unchanged} inchangée(s)"
        ]
        items = (
            [f"+ {e.name}" for e in self.added]
            + [f"- {e.name}" for e in self.removed]
            + [
                f"~ {new.name} ({', '.join(changed_fields(old, new))})"
                for old, new in self.modified
            ]
        )
        out += items[:limit]
        if len(items) > limit:
            out.append(f"… et {len(items) - limit} autre(s)")
        return out


def changed_fields(old: Entry, new: Entry) -> list[str]:
    a, b = old.to_dict(), new.to_dict()
    return [k for k in b if a.get(k) != b.get(k)]


def diff(old: Sequence[Entry], new: Sequence[Entry]) -> Changes:
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    changes = Changes()
    for key, entry in after.items():
        if key not in before:
            changes.added.append(entry)
        elif before[key].to_dict() != entry.to_dict():
            changes.modified.append((before[key], entry))
        else:
            changes.unchanged += 1
    changes.removed = [e for k, e in before.items() if k not in after]
    return changes


@dataclass
class ImportPlan:
    """What an import would change; :meth:`Directory.apply` carries it out."""

    kind: str  # "local" (CSV/JSON, or an export) or "annuaire"
    file: str
    local: list[Entry] | None = None
    annuaire: list[Entry] | None = None
    annuaire_meta: dict[str, str] = field(default_factory=dict)
    local_changes: Changes | None = None
    annuaire_changes: Changes | None = None
    records_read: int = 0
    social: list[Entry] | None = None  # the Département's annuaire social
    social_changes: Changes | None = None
    social_meta: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        if self.records_read:
            out.append(
                f"{self.records_read} fiche(s) lue(s) dans l'Annuaire de l'administration, "
                f"{len(self.annuaire or [])} gardée(s) (Ille-et-Vilaine, types utiles)."
            )
        if self.local_changes is not None:
            out.append("Annuaire local : " + self.local_changes.lines()[0])
            out += ["  " + line for line in self.local_changes.lines()[1:]]
        if self.annuaire_changes is not None:
            out.append("Annuaire de l'administration : " + self.annuaire_changes.lines()[0])
            out += ["  " + line for line in self.annuaire_changes.lines()[1:]]
        if self.social_changes is not None:
            out.append(f"{len(self.social or [])} structure(s) lue(s) dans l'annuaire social.")
            out.append("Annuaire social du Département : " + self.social_changes.lines()[0])
            out += ["  " + line for line in self.social_changes.lines()[1:]]
        return out


def refusal(file_name: str, problems: Sequence[Any]) -> UserError:
    """The whole file refused, with its first problems (line and field each)."""
    details = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        details.append(f"… et {len(problems) - MAX_PROBLEMS_SHOWN} autre(s)")
    return UserError(
        f"{file_name} refusé : {len(problems)} erreur(s), rien n'a été importé.", details
    )


def _entries_from_store(
    data: Any, index: CommuneIndex, origin: str
) -> tuple[list[Entry], dict[str, str]]:
    if data is None:
        return [], {}
    parsed = read_document(data, index, KIND_LABELS, origin)
    if parsed.problems:
        raise UserError(
            "L'annuaire enregistré est illisible ; importez-le de nouveau.",
            [str(p) for p in parsed.problems[:5]],
        )
    meta = {k: v for k, v in data.items() if isinstance(v, str) and k != "format"}
    return parsed.entries, meta


class Directory:
    def __init__(
        self,
        index: CommuneIndex,
        shipped: list[Entry],
        local: list[Entry] | None = None,
        annuaire: list[Entry] | None = None,
        local_meta: dict[str, str] | None = None,
        annuaire_meta: dict[str, str] | None = None,
        max_age_months: int = DEFAULT_MAX_AGE_MONTHS,
        social: list[Entry] | None = None,
        social_meta: dict[str, str] | None = None,
    ) -> None:
        self.index = index
        self.shipped = shipped
        self.local = local or []
        self.annuaire = annuaire or []
        self.social = social or []
        self.social_meta = social_meta or {}
        self.local_meta = local_meta or {}
        self.annuaire_meta = annuaire_meta or {}
        self.max_age_months = max_age_months
        self._rebuild()

    # --- loading ---------------------------------------------------------------

    @classmethod
    def load_shipped(cls, index: CommuneIndex) -> Directory:
        """Only what ships with the app (the convention's contacts)."""
        shipped_text = config.resource_path("directory", SHIPPED_FILE).read_text(encoding="utf-8")
        parsed = read_json(shipped_text, index, KIND_LABELS, SOURCE_CONVENTION)
        if parsed.problems:  # a broken resource is a bug, not a user error
            raise ValueError("; ".join(str(p) for p in parsed.problems))
        return cls(index, parsed.entries)

    @classmethod
    def load(cls, index: CommuneIndex | None = None) -> Directory:
        index = index or commune_index()
        shipped = cls.load_shipped(index).shipped
        local, local_meta = _entries_from_store(
            storage.read(storage.LOCAL_FILE), index, SOURCE_LOCAL
        )
        annuaire, annuaire_meta = _entries_from_store(
            storage.read(storage.ANNUAIRE_FILE), index, SOURCE_ANNUAIRE
        )
        social, social_meta = formats.load_social()
        settings = storage.read(storage.SETTINGS_FILE) or {}
        months = settings.get("anciennete_max_mois", DEFAULT_MAX_AGE_MONTHS)
        if not isinstance(months, int) or months < 1:
            months = DEFAULT_MAX_AGE_MONTHS
        return cls(
            index, shipped, local, annuaire, local_meta, annuaire_meta, months, social, social_meta
        )

    def _rebuild(self) -> None:
        self.entries: list[Entry] = [*self.shipped, *self.local, *self.annuaire, *self.social]
        self._partners: PartnerIndex | None = None
        self._by_id = {e.id: e for e in self.entries}
        # Search index: every entry's folded text in one string (found with str.find,
        # at C speed), where each entry starts, and the folded names sorted for the
        # "name starts with what was typed" matches listed first.
        keys = [self._search_key(e) for e in self.entries]
        self._keys = keys
        self._starts: list[int] = []
        position = 0
        for key in keys:
            self._starts.append(position)
            position += len(key) + 1
        self._haystack = "\n".join(keys)
        self._names = sorted((fold(e.name), i) for i, e in enumerate(self.entries))
        self._cdas_by_commune: dict[str, list[Entry]] = {}
        for e in self.local:
            if e.kind == "cdas":
                for code in e.communes:
                    self._cdas_by_commune.setdefault(code, []).append(e)

    def _search_key(self, e: Entry) -> str:
        communes = [c.name for code in e.communes if (c := self.index.get(code))]
        parts = [
            e.name,
            e.kind_label,
            e.address,
            e.sector_note,
            e.website,
            *(c.text() for c in e.phones),
            *(c.text() for c in e.emails),
            *e.notes,
            *e.extra_lines(),  # the annuaire social's themes
            *communes,
        ]
        return fold(" ".join(parts))

    @property
    def partners(self) -> PartnerIndex:
        """Partners filed by commune (built on first use)."""
        if self._partners is None:
            self._partners = PartnerIndex(self.index, self.social, self.annuaire)
        return self._partners

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def set_max_age_months(self, months: int) -> None:
        if months < 1:
            raise UserError(
                "Ancienneté maximale : un nombre de mois supérieur ou égal à 1 est attendu."
            )
        self.max_age_months = months
        settings = storage.read(storage.SETTINGS_FILE) or {}
        settings["anciennete_max_mois"] = months
        storage.write(storage.SETTINGS_FILE, settings)

    # --- questions ---------------------------------------------------------------

    @property
    def has_cdas(self) -> bool:
        return bool(self._cdas_by_commune)

    def is_stale(self, entry: Entry, today: dt.date | None = None) -> bool:
        """Older than the configured age. The convention's own contacts are not: they
        hold while the convention is in force (renewed yearly until 2028) and change
        only with a new convention, so a warning on every result would only teach
        agents to ignore warnings."""
        if entry.origin == SOURCE_CONVENTION:
            return False
        today = today or dt.date.today()
        return entry.date < months_before(today, self.max_age_months)

    def search(
        self, text: str, kinds: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Entry]:
        """Entries whose text holds every word typed (accents, case ignored).

        Entries whose name starts with the text come first. With ``limit``, the
        search stops as soon as it has that many (what a list shown while typing needs).
        """
        tokens = fold(text).split()
        wanted = set(kinds) if kinds is not None else None
        cap = limit if limit is not None else len(self.entries)
        if not tokens:
            everything = [e for e in self.entries if wanted is None or e.kind in wanted]
            return everything[:cap]
        head = " ".join(tokens)
        chosen: list[int] = []
        first = bisect.bisect_left(self._names, (head, -1))
        for name, i in self._names[first:]:
            if not name.startswith(head) or len(chosen) >= cap:
                break
            if wanted is None or self.entries[i].kind in wanted:
                chosen.append(i)
        chosen.sort()
        taken = set(chosen)
        haystack, starts = self._haystack, self._starts
        # walk the occurrences of the rarest word (counting is done at C speed)
        words = sorted(set(tokens), key=haystack.count) if len(set(tokens)) > 1 else tokens
        rarest, *others = words
        position = haystack.find(rarest)
        while position != -1 and len(chosen) < cap:
            i = bisect.bisect_right(starts, position) - 1
            if (
                i not in taken
                and (wanted is None or self.entries[i].kind in wanted)
                and all(t in self._keys[i] for t in others)
            ):
                chosen.append(i)
            if i + 1 >= len(starts):
                break
            position = haystack.find(rarest, starts[i + 1])
        return [self.entries[i] for i in chosen]

    def kinds_present(self) -> list[str]:
        seen = {e.kind for e in self.entries}
        return [k for k in KIND_LABELS if k in seen]

    def cdas_for(self, query: str) -> CdasAnswer:
        matches = self.index.resolve(query)
        if not matches:
            return CdasAnswer(
                query,
                (),
                "Commune introuvable : saisissez le nom, le code postal ou le code INSEE "
                "d'une commune d'Ille-et-Vilaine.",
            )
        found = tuple(
            CdasCandidates(m, tuple(self._cdas_by_commune.get(m.commune.insee, ())))
            for m in matches
        )
        if not self.has_cdas:
            return CdasAnswer(query, found, NO_LOCAL_DIRECTORY)
        if len(found) > 1:
            return CdasAnswer(
                query, found, "Plusieurs communes correspondent : précisez la commune."
            )
        if len(found[0].cdas) > 1:
            return CdasAnswer(
                query, found, "Commune partagée entre plusieurs CDAS : choisissez selon le secteur."
            )
        return CdasAnswer(query, found, "")

    def status(self, today: dt.date | None = None) -> list[SourceStatus]:
        today = today or dt.date.today()
        out = []
        for origin, entries, meta in (
            (SOURCE_CONVENTION, self.shipped, {}),
            (SOURCE_LOCAL, self.local, self.local_meta),
            (SOURCE_ANNUAIRE, self.annuaire, self.annuaire_meta),
            (SOURCE_SOCIAL, self.social, self.social_meta),
        ):
            dates = [e.date for e in entries]
            oldest = min(dates) if dates else None
            out.append(
                SourceStatus(
                    origin=origin,
                    label=SOURCE_LABELS[origin],
                    count=len(entries),
                    oldest=oldest,
                    newest=max(dates) if dates else None,
                    age_days=(today - oldest).days if oldest else None,
                    stale=sum(1 for e in entries if self.is_stale(e, today)),
                    imported_at=meta.get("importe_le", ""),
                    file=meta.get("fichier", ""),
                )
            )
        return out

    # --- import / export -----------------------------------------------------------

    def plan_import(
        self, path: Path, progress: Callable[[ImportProgress], None] | None = None
    ) -> ImportPlan:
        """Read and check ``path`` whole; raise :class:`UserError` listing every problem."""
        if not path.is_file():
            raise UserError(f"Fichier introuvable : {path.name}")
        if (plan := formats.plan_new_formats(self, path, progress)) is not None:
            return plan
        if is_annuaire_file(path):
            try:
                result = import_annuaire(path, progress)
            except AnnuaireFormatError as exc:
                raise UserError(
                    f"Annuaire de l'administration illisible ({path.name}) : {exc}"
                ) from None
            if not result.entries:
                raise UserError(
                    f"{path.name} : {result.records} fiche(s) lue(s), aucune d'un office "
                    "d'Ille-et-Vilaine d'un type utile (CPAM, CARSAT, CAF, MSA, France Services, "
                    "PMI, MDPH, CCAS…). Rien n'a été importé."
                )
            meta = {"fichier": path.name}
            if result.member:
                meta["membre"] = result.member
            return ImportPlan(
                "annuaire",
                path.name,
                annuaire=result.entries,
                annuaire_meta=meta,
                annuaire_changes=diff(self.annuaire, result.entries),
                records_read=result.records,
            )
        if path.suffix.lower() not in (".csv", ".json"):
            raise UserError(
                f"{path.name} : fichier .csv ou .json attendu (annuaire local), ou export de "
                "l'Annuaire de l'administration (.json, .tar.bz2)."
            )
        parsed = read_local_file(path, self.index)
        if [p.message for p in parsed.problems] == [EMPTY_FILE] and formats.has_export_section(
            path
        ):
            parsed.problems.clear()  # another desk's export: its annuaire social comes along
        if parsed.problems:
            raise refusal(path.name, parsed.problems)
        plan = ImportPlan(
            "local", path.name, local=parsed.entries, local_changes=diff(self.local, parsed.entries)
        )
        formats.add_export_section(self, plan, path)
        if parsed.annuaire is not None:
            plan.annuaire = parsed.annuaire
            plan.annuaire_meta = {
                k: v
                for k, v in parsed.annuaire_meta.items()
                if k in ("fichier", "membre", "importe_le")
            }
            plan.annuaire_changes = diff(self.annuaire, parsed.annuaire)
        return plan

    def apply(self, plan: ImportPlan, now: dt.datetime | None = None) -> None:
        stamp = (now or dt.datetime.now()).isoformat(timespec="seconds")
        if plan.local is not None:
            meta = {"importe_le": stamp, "fichier": plan.file}
            storage.write(
                storage.LOCAL_FILE,
                {**document(plan.local, None, {}, now or dt.datetime.now()), **meta},
            )
            self.local = [e.with_origin(SOURCE_LOCAL) for e in plan.local]
            self.local_meta = meta
        if plan.annuaire is not None:
            meta = {"importe_le": plan.annuaire_meta.get("importe_le", stamp), **plan.annuaire_meta}
            meta.setdefault("fichier", plan.file)
            storage.write(
                storage.ANNUAIRE_FILE,
                {**document(plan.annuaire, None, {}, now or dt.datetime.now()), **meta},
            )
            self.annuaire = [e.with_origin(SOURCE_ANNUAIRE) for e in plan.annuaire]
            self.annuaire_meta = meta
        if plan.social is not None:
            self.social, self.social_meta = formats.save_social(plan, stamp)
        self._rebuild()

    def export(self, path: Path, now: dt.datetime | None = None) -> Path:
        """The local directory and the Annuaire offices in one re-importable file."""
        if path.suffix.lower() != ".json":
            raise UserError(
                f"Export : un nom de fichier en .json est attendu (reçu : {path.name})."
            )
        doc = document(
            self.local,
            self.annuaire if self.annuaire else None,
            {
                k: v
                for k, v in self.annuaire_meta.items()
                if k in ("fichier", "membre", "importe_le")
            },
            now or dt.datetime.now(),
        )
        doc.update(formats.export_section(self))
        try:
            return storage.write_json(path, doc)
        except OSError as exc:
            raise UserError(f"Export impossible vers {path.name} ({os_error_text(exc)}).") from None
