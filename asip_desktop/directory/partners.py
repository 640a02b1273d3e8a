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
from functools import cache, lru_cache
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
_POSTAL_TOWN = re.compile(r"\b(35\d{3})\s+([^,]+?)\s*(?:Cedex.*)?$", re.IGNORECASE)


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


@lru_cache(maxsize=4096)
def _folded(theme: str) -> str:
    return fold(theme)  # themes repeat across thousands of entries


def _matches(entry: Entry, need: Need) -> bool:
    if isinstance(entry, SocialEntry):
        return any(_folded(t) in need.themes for t in entry.themes)
    return entry.kind in need.kinds


def office_commune(entry: Entry, index: CommuneIndex) -> str | None:
    """Where an Annuaire de l'administration office is, read from its address."""
    return address_commune(entry.address, index)


def address_commune(address: str, index: CommuneIndex) -> str | None:
    """The INSEE code of the commune an address ends with (« …, 35300 Fougères »), when
    its postal code and town name it without doubt."""
    m = _POSTAL_TOWN.search(address)
    if m is None:
        return None
    found = index.by_postal_code(m.group(1))
    if len(found) > 1:
        town = fold(m.group(2))
        found = [f for f in found if fold(f.commune.name) == town] or found[:0]
    return found[0].commune.insee if len(found) == 1 else None


class PartnerIndex:
    """Partners filed by commune and need (annuaire social: CODE_INSEE; offices: address).

    Filing is done once (a few tens of ms for 20 000 partners); a look-up then only
    joins the lists of the commune and of the other communes of its EPCI.
    """

    def __init__(self, index: CommuneIndex, social: Sequence[Entry], offices: Sequence[Entry]):
        self.index = index
        self.count = 0
        # (insee, need) -> the partners, made once as seen from that commune and from
        # another commune of its EPCI: a look-up only joins lists
        self._here: dict[tuple[str, str], list[Partner]] = {}
        self._near: dict[tuple[str, str], list[Partner]] = {}
        self._epci: dict[str, list[str]] = {}
        for commune in index.communes:
            self._epci.setdefault(commune.epci_name, []).append(commune.insee)
        all_needs = needs()
        office_kinds = set().union(*(n.kinds for n in all_needs))
        placed: list[tuple[str, Entry]] = []
        for entry in social:
            placed += [(code, entry) for code in entry.communes[:1]]
        for entry in offices:
            if entry.kind in office_kinds and (seat := office_commune(entry, index)):
                placed.append((seat, entry))
        self.count = len(placed)
        keys = {id(entry): fold(entry.name) for _code, entry in placed}
        for code, entry in sorted(placed, key=lambda p: keys[id(p[1])]):
            for need in all_needs:
                if _matches(entry, need):
                    key = (code, need.id)
                    self._here.setdefault(key, []).append(Partner(entry, need.id, True))
                    self._near.setdefault(key, []).append(Partner(entry, need.id, False))

    def partners_for(self, insee: str, wanted: Iterable[str]) -> dict[str, list[Partner]]:
        """Need id -> partners: the commune's first, then the rest of its EPCI."""
        commune = self.index.get(insee)
        known = {n.id for n in needs()}
        out: dict[str, list[Partner]] = {}
        if commune is None:
            return out
        neighbours = [c for c in self._epci.get(commune.epci_name, []) if c != insee]
        for need_id in wanted:
            if need_id not in known:
                continue
            found = list(self._here.get((insee, need_id), ()))
            for code in neighbours:
                found += self._near.get((code, need_id), ())
            out[need_id] = found
        return out
