"""The CDAS territories (convention annex 4) being set up: CDAS, and communes by EPCI.

:class:`TerritoryDraft` is what the territory editor and the template import work
on: the CDAS descriptions (name, address, phones, e-mails, hours, source, date)
and, for each of the 332 communes, the CDAS that cover it (with a sector note
when several do, e.g. Rennes by district). A draft may be incomplete; turning it
into directory entries (:meth:`TerritoryDraft.parse`) runs the local directory's
own validation, so the same rules hold whichever way the list was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from asip_desktop.directory.communes import Commune, CommuneIndex
from asip_desktop.directory.local_format import (
    LIST_SEPARATOR,
    ParsedFile,
    Problem,
    check_directory,
    entry_from_raw,
)
from asip_desktop.directory.model import Entry
from asip_desktop.directory.text import fold


@dataclass
class CdasDraft:
    """One CDAS as typed; the texts use the local format's lists (`|`-separated)."""

    id: str
    name: str
    address: str = ""
    phones: str = ""
    emails: str = ""
    hours: str = ""
    source: str = ""
    date: str = ""  # AAAA-MM-JJ or JJ/MM/AAAA, checked on parse
    where: str = ""  # where it was read (template line), for messages

    @classmethod
    def from_entry(cls, entry: Entry) -> CdasDraft:
        return cls(
            id=entry.id,
            name=entry.name,
            address=entry.address,
            phones=LIST_SEPARATOR.join(c.text() for c in entry.phones),
            emails=LIST_SEPARATOR.join(c.text() for c in entry.emails),
            hours=LIST_SEPARATOR.join(entry.hours),
            source=entry.source,
            date=entry.date.isoformat(),
        )


@dataclass(frozen=True)
class Assignment:
    cdas_id: str
    sector: str = ""  # required when the commune has several CDAS


def _sector_of(note: str, commune: Commune | None) -> str:
    """This commune's part of a sector note written by :meth:`TerritoryDraft.sector_note`
    (« Rennes : quartiers nord ; … »); a note written otherwise is kept whole."""
    if commune is not None:
        for part in note.split(" ; "):
            name, sep, sector = part.partition(" : ")
            if sep and name == commune.name:
                return sector
    return note


def cdas_id_for(name: str) -> str:
    return f"cdas:{fold(name)}"


def epci_groups(index: CommuneIndex) -> dict[str, list[Commune]]:
    """EPCI name -> its communes (names sorted), EPCI in name order."""
    groups: dict[str, list[Commune]] = {}
    for commune in index.communes:  # already sorted by folded name
        groups.setdefault(commune.epci_name, []).append(commune)
    return dict(sorted(groups.items(), key=lambda item: fold(item[0])))


@dataclass
class TerritoryDraft:
    index: CommuneIndex
    cdas: dict[str, CdasDraft] = field(default_factory=dict)
    assignments: dict[str, list[Assignment]] = field(default_factory=dict)  # insee -> CDAS

    @classmethod
    def from_entries(cls, index: CommuneIndex, entries: Iterable[Entry]) -> TerritoryDraft:
        """The CDAS of a directory, their communes and sector notes."""
        draft = cls(index)
        for entry in entries:
            if entry.kind != "cdas":
                continue
            draft.cdas[entry.id] = CdasDraft.from_entry(entry)
            for code in entry.communes:
                draft.assignments.setdefault(code, []).append(
                    Assignment(entry.id, _sector_of(entry.sector_note, index.get(code)))
                )
        for code, found in draft.assignments.items():
            if len(found) == 1:  # a sector note only matters where a commune is shared
                draft.assignments[code] = [Assignment(found[0].cdas_id)]
        return draft

    # --- editing -----------------------------------------------------------------

    def add_cdas(self, name: str) -> CdasDraft:
        name = name.strip()
        if not name:
            raise ValueError("empty CDAS name")
        key = cdas_id_for(name)
        if key not in self.cdas:
            self.cdas[key] = CdasDraft(key, name)
        return self.cdas[key]

    def remove_cdas(self, cdas_id: str) -> None:
        self.cdas.pop(cdas_id, None)
        for code in list(self.assignments):
            self.assignments[code] = [a for a in self.assignments[code] if a.cdas_id != cdas_id]
            if not self.assignments[code]:
                del self.assignments[code]

    def assign(self, insee: str, cdas_id: str | None) -> None:
        """The commune covered by this one CDAS only (``None``: by none)."""
        if cdas_id is None:
            self.assignments.pop(insee, None)
        else:
            self.assignments[insee] = [Assignment(cdas_id)]

    def share(self, insee: str, cdas_id: str, sector: str) -> None:
        """Add (or update) a CDAS covering part of the commune, with its sector."""
        kept = [a for a in self.assignments.get(insee, []) if a.cdas_id != cdas_id]
        self.assignments[insee] = [*kept, Assignment(cdas_id, sector.strip())]

    def assign_epci(self, epci_name: str, cdas_id: str) -> int:
        """Every commune of the EPCI to this CDAS; returns how many."""
        communes = epci_groups(self.index).get(epci_name, [])
        for commune in communes:
            self.assign(commune.insee, cdas_id)
        return len(communes)

    # --- questions ---------------------------------------------------------------

    def coverage(self) -> tuple[int, list[Commune]]:
        """Communes assigned to at least one CDAS, and those assigned to none."""
        missing = [c for c in self.index.communes if not self.assignments.get(c.insee)]
        return len(self.index.communes) - len(missing), missing

    def communes_of(self, cdas_id: str) -> list[str]:
        return [
            code
            for code, found in self.assignments.items()
            if any(a.cdas_id == cdas_id for a in found)
        ]

    def sector_note(self, cdas_id: str) -> str:
        """The entry's sector note: ``Rennes : quartiers nord ; …`` for its shared communes."""
        notes = []
        for code in sorted(self.communes_of(cdas_id)):
            for a in self.assignments[code]:
                if a.cdas_id == cdas_id and a.sector:
                    commune = self.index.get(code)
                    notes.append(f"{commune.name if commune else code} : {a.sector}")
        return " ; ".join(notes)

    def raw_entries(self) -> list[tuple[str, dict[str, str]]]:
        """Each CDAS as a row of the local format, with where it was read."""
        rows = []
        for number, (key, c) in enumerate(sorted(self.cdas.items()), start=1):
            raw = {
                "identifiant": key,
                "type": "cdas",
                "nom": c.name,
                "adresse": c.address,
                "telephones": c.phones,
                "courriels": c.emails,
                "horaires": c.hours,
                "communes_couvertes": LIST_SEPARATOR.join(sorted(self.communes_of(key))),
                "secteur": self.sector_note(key),
                "source": c.source,
                "date_source": c.date,
            }
            rows.append((c.where or f"CDAS {number} « {c.name} »", raw))
        return rows

    def parse(self) -> ParsedFile:
        """Directory entries, checked by the local directory's rules (all problems listed)."""
        parsed = ParsedFile()
        for where, raw in self.raw_entries():
            entry = entry_from_raw(raw, where, parsed.problems, self.index)
            if entry is not None:
                parsed.where.setdefault(entry.id, where)
                parsed.entries.append(entry)
        if not self.cdas:
            parsed.problems.append(Problem("fichier", "cdas", "aucun CDAS décrit"))
        check_directory(parsed, self.index)
        return parsed
