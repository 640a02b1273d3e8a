"""Partners for the need, where the person lives: a Qt-free lookup.

The needs, their themes and the situations that call for them are data
(``resources/directory/besoins-partenaires.yaml``). :class:`PartnerIndex` files
the imported partners by commune once; :meth:`PartnerIndex.partners_for` then
gives, for a commune and needs, the partners of that commune first, then those
of the other communes of its EPCI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from asip_desktop import config
from asip_desktop.core.answers import get_answer
from asip_desktop.core.conditions import evaluate
from asip_desktop.directory.communes import CommuneIndex
from asip_desktop.directory.model import Entry, SocialEntry
from asip_desktop.directory.text import fold

NEEDS_FILE = "besoins-partenaires.yaml"
NOTHING_IMPORTED = (
    "Aucun partenaire local importé sur ce poste (annuaire social du Département ou "
    "Annuaire de l'administration) : demandez à votre administrateur."
)
_POSTAL_TOWN = re.compile(r"\b(35\d{3})\s+([^,]+?)\s*(?:cedex.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Need:
    id: str
    label: str
    themes: frozenset[str]  # folded
    kinds: frozenset[str]  # Annuaire de l'administration kinds
    kind: str  # kind given to an annuaire social entry with one of the themes
    when: Mapping[str, Any] | None
    services: frozenset[str]


@dataclass(frozen=True)
class Partner:
    entry: Entry
    need: str
    here: bool  # in the commune itself (else elsewhere in its EPCI)


@cache
def needs() -> tuple[Need, ...]:
    data = yaml.safe_load(config.resource_path("directory", NEEDS_FILE).read_text("utf-8"))
    return tuple(
        Need(
            id=n["id"],
            label=n["label"],
            themes=frozenset(fold(t) for t in n.get("themes", ())),
            kinds=frozenset(n.get("kinds", ())),
            kind=n.get("kind", ""),
            when=n.get("when"),
            services=frozenset(n.get("services", ())),
        )
        for n in data["needs"]
    )


def need_labels() -> dict[str, str]:
    return {n.id: n.label for n in needs()}


def kind_for_themes(themes: Sequence[str]) -> str:
    """The entry kind an annuaire social record gets from its themes."""
    folded = {fold(t) for t in themes}
    for need in needs():
        if need.kind and need.themes & folded:
            return need.kind
    return "partenaire_social"


def needs_for_situation(answers: Mapping[str, Any], services: Iterable[str] = ()) -> list[str]:
    """The needs the answers (and the services proposed) call for, in the file's order."""
    proposed = set(services)

    def lookup(qid: str) -> Any:
        return get_answer(answers, qid)

    found = []
    for need in needs():
        if need.services & proposed or (
            need.when is not None and evaluate(need.when, lookup, {}) is True
        ):
            found.append(need.id)
    return found


def _matches(entry: Entry, need: Need) -> bool:
    if isinstance(entry, SocialEntry):
        return any(fold(t) in need.themes for t in entry.themes)
    return entry.kind in need.kinds


def office_commune(entry: Entry, index: CommuneIndex) -> str | None:
    """Where an Annuaire de l'administration office is, read from its address."""
    m = _POSTAL_TOWN.search(entry.address)
    if m is None:
        return None
    found = index.by_postal_code(m.group(1))
    if len(found) > 1:
        town = fold(m.group(2))
        found = [f for f in found if fold(f.commune.name) == town] or found[:0]
    return found[0].commune.insee if len(found) == 1 else None


class PartnerIndex:
    """Partners filed by commune (annuaire social: CODE_INSEE; offices: their address)."""

    def __init__(self, index: CommuneIndex, social: Sequence[Entry], offices: Sequence[Entry]):
        self.index = index
        self.count = 0
        self._by_commune: dict[str, list[Entry]] = {}
        self._epci: dict[str, list[str]] = {}
        for commune in index.communes:
            self._epci.setdefault(commune.epci_name, []).append(commune.insee)
        office_kinds = set().union(*(n.kinds for n in needs()))
        for entry in social:
            for code in entry.communes[:1]:
                self._by_commune.setdefault(code, []).append(entry)
                self.count += 1
        for entry in offices:
            if entry.kind in office_kinds and (seat := office_commune(entry, index)):
                self._by_commune.setdefault(seat, []).append(entry)
                self.count += 1
        for entries in self._by_commune.values():
            entries.sort(key=lambda e: fold(e.name))

    def partners_for(self, insee: str, wanted: Iterable[str]) -> dict[str, list[Partner]]:
        """Need id -> partners: the commune's first, then the rest of its EPCI."""
        commune = self.index.get(insee)
        by_id = {n.id: n for n in needs()}
        out: dict[str, list[Partner]] = {}
        if commune is None:
            return out
        neighbours = [c for c in self._epci.get(commune.epci_name, []) if c != insee]
        for need_id in wanted:
            need = by_id.get(need_id)
            if need is None:
                continue
            out[need_id] = [
                Partner(e, need_id, code == insee)
                for code in (insee, *neighbours)
                for e in self._by_commune.get(code, ())
                if _matches(e, need)
            ]
        return out
