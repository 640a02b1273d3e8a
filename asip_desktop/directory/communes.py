"""The communes of Ille-et-Vilaine (2026) and the former communes they absorbed.

Data: ``resources/directory/communes-35.csv`` and ``communes-deleguees-35.csv``
(see ``resources/directory/SOURCES.md`` for their source and date).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asip_desktop import config
from asip_desktop.directory.text import fold

COMMUNES_FILE = "communes-35.csv"
FORMER_COMMUNES_FILE = "communes-deleguees-35.csv"
COMMUNES_SOURCE = (
    "Découpage administratif 2026 (@etalab/decoupage-administratif 6.0.0, "
    "INSEE Code officiel géographique, La Poste base des codes postaux)"
)

_INSEE = re.compile(r"^(2[AB]|\d{2})\d{3}$")
_POSTAL = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    postal_codes: tuple[str, ...]
    epci_name: str

    def label(self) -> str:
        return f"{self.name} ({', '.join(self.postal_codes)})"


@dataclass(frozen=True)
class FormerCommune:
    insee: str
    name: str
    kind: str  # commune-deleguee | commune-associee
    commune_insee: str


@dataclass(frozen=True)
class CommuneMatch:
    """A commune found for a query, and how (``via``: nom, ancienne commune, …)."""

    commune: Commune
    via: str
    former: FormerCommune | None = None

    def describe(self) -> str:
        if self.former is not None:
            kind = "associée" if self.former.kind == "commune-associee" else "déléguée"
            return (
                f"{self.commune.name} (INSEE {self.commune.insee}), "
                f"nouvelle commune de {self.former.name} (commune {kind})"
            )
        return f"{self.commune.name} (INSEE {self.commune.insee})"


class CommuneIndex:
    """Look-ups by name, former name, postal code and INSEE code."""

    def __init__(self, communes: list[Commune], former: list[FormerCommune]) -> None:
        self.communes = sorted(communes, key=lambda c: fold(c.name))
        self.former = former
        self._by_insee = {c.insee: c for c in communes}
        self._by_name: dict[str, list[Commune]] = {}
        for c in communes:
            self._by_name.setdefault(fold(c.name), []).append(c)
        self._former_by_name: dict[str, list[FormerCommune]] = {}
        self._former_by_insee: dict[str, FormerCommune] = {}
        for f in former:
            if f.commune_insee not in self._by_insee:
                raise ValueError(f"former commune {f.insee} points to unknown {f.commune_insee}")
            self._former_by_name.setdefault(fold(f.name), []).append(f)
            self._former_by_insee[f.insee] = f
        self._by_postal: dict[str, list[Commune]] = {}
        for c in self.communes:
            for code in c.postal_codes:
                self._by_postal.setdefault(code, []).append(c)

    @classmethod
    def from_files(cls, communes_csv: Path, former_csv: Path) -> CommuneIndex:
        with communes_csv.open(encoding="utf-8", newline="") as f:
            communes = [
                Commune(
                    insee=row["insee"],
                    name=row["name"],
                    postal_codes=tuple(p for p in row["postal_codes"].split(";") if p),
                    epci_name=row["epci_name"],
                )
                for row in csv.DictReader(f)
            ]
        with former_csv.open(encoding="utf-8", newline="") as f:
            former = [
                FormerCommune(
                    insee=row["insee"],
                    name=row["name"],
                    kind=row["type"],
                    commune_insee=row["chef_lieu_insee"],
                )
                for row in csv.DictReader(f)
            ]
        return cls(communes, former)

    # --- single look-ups -----------------------------------------------------

    def get(self, insee: str) -> Commune | None:
        """The commune in force with this INSEE code (not a former one)."""
        return self._by_insee.get(insee)

    def by_insee(self, code: str) -> list[CommuneMatch]:
        code = code.strip().upper()
        if code in self._by_insee:
            return [CommuneMatch(self._by_insee[code], "code INSEE")]
        former = self._former_by_insee.get(code)
        if former is not None:
            return [CommuneMatch(self._by_insee[former.commune_insee], "code INSEE", former)]
        return []

    def by_postal_code(self, code: str) -> list[CommuneMatch]:
        return [CommuneMatch(c, "code postal") for c in self._by_postal.get(code.strip(), [])]

    def by_name(self, name: str) -> list[CommuneMatch]:
        key = fold(name)
        found = [CommuneMatch(c, "nom") for c in self._by_name.get(key, [])]
        seen = {m.commune.insee for m in found}
        for f in self._former_by_name.get(key, []):
            commune = self._by_insee[f.commune_insee]
            if commune.insee not in seen:
                found.append(CommuneMatch(commune, "ancienne commune", f))
                seen.add(commune.insee)
        return found

    def resolve(self, query: str) -> list[CommuneMatch]:
        """Whatever was typed: an INSEE code, a postal code, or a name."""
        text = query.strip()
        if _POSTAL.match(text):
            # 5 digits: an INSEE code of 35 and a postal code can look alike.
            return self.by_insee(text) + [
                m for m in self.by_postal_code(text) if m.commune.insee != text
            ]
        if _INSEE.match(text.upper()):
            return self.by_insee(text)
        return self.by_name(text)

    # --- completion ----------------------------------------------------------

    def completions(self) -> list[str]:
        """Names for a completer: communes in force, then former communes."""
        names = [c.name for c in self.communes]
        names += sorted({f.name for f in self.former} - set(names), key=fold)
        return names

    def starting_with(self, prefix: str, limit: int = 20) -> list[CommuneMatch]:
        key = fold(prefix)
        if not key:
            return []
        found = [CommuneMatch(c, "nom") for c in self.communes if fold(c.name).startswith(key)]
        for f in self.former:
            if fold(f.name).startswith(key):
                found.append(CommuneMatch(self._by_insee[f.commune_insee], "ancienne commune", f))
        return found[:limit]


@cache
def commune_index() -> CommuneIndex:
    """The shipped index (read once)."""
    base = config.resource_path("directory")
    return CommuneIndex.from_files(base / COMMUNES_FILE, base / FORMER_COMMUNES_FILE)
