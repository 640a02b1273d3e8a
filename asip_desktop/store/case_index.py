"""The open cases held in memory, decrypted, for the Dossiers lists: one row per case
with the person's names, a search over them, and the « Aujourd'hui » view.

Nothing here is written anywhere: the index lives as long as the window and is
re-read from the store on ``refresh``. A case's orientation (its JSON) is parsed
once and kept until the case changes (its ``updated_at``), so a refresh of 2 000
cases reads the small columns only.

Search (``matches``): every word of the query must appear, without case or
accents, in the case number, the names (birth, married, first), the address
(where the commune is typed: the store keeps no separate commune), the emitting
CDAS or the NIR; a query made of digits and spaces only is compared, spaces
removed, with the NIR and the case number.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from asip_desktop.store import schema
from asip_desktop.store.clock import iso
from asip_desktop.store.values import Deadline

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

# Why a case is in « Aujourd'hui », most pressing first.
TODAY_OVERDUE = "en_retard"
TODAY_DUE = "aujourdhui"
TODAY_LEVEL_2 = "niveau_2"
TODAY_REVIEW = "a_revoir"
TODAY_REASONS = {
    TODAY_OVERDUE: "Échéance en retard",
    TODAY_DUE: "Échéance aujourd'hui",
    TODAY_LEVEL_2: "Accueil de deuxième niveau à faire",
    TODAY_REVIEW: "À revoir (sans activité)",
}
# Services that mean a social worker of the CDAS receives the person.
SECOND_LEVEL_SERVICES = frozenset({"service_social_cdas"})


# the combining marks left by NFKD (accents, cedillas, Vietnamese tones…)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

# letters NFKD keeps whole, typed without their stroke on a French keyboard
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h", "œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: « Le Goff-Annaïg » → « le goff-annaig »."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS)
    return " ".join(_COMBINING.sub("", decomposed).split())


_NOT_DIGITS = re.compile(r"\D")


def _digits(text: str) -> str:
    return _NOT_DIGITS.sub("", text)


@dataclass(frozen=True)
class Orientation:
    """What the list needs of a case's orientation result."""

    services: tuple[str, ...]
    needs_second_level: bool


def orientation_of(result: Mapping[str, Any], level: int) -> Orientation:
    """A case opened at level 1 waits for a second-level reception when its result is
    urgent, incomplete (questions left for a social worker), names the CDAS social
    service, or has a step for a social worker in its action plan."""
    services = tuple(str(o.get("service", "")) for o in result.get("orientations", []))
    actions = result.get("actions") or []
    needs = level == 1 and (
        bool(result.get("urgent"))
        or bool(result.get("missing"))
        or bool(SECOND_LEVEL_SERVICES.intersection(services))
        or any(isinstance(a, Mapping) and a.get("who") == "travailleur_social" for a in actions)
    )
    return Orientation(services, needs)


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    status: str
    created_at: str
    updated_at: str
    cdas: str
    level: int
    demand_kind: str
    services: tuple[str, ...]
    needs_second_level: bool
    nom_naissance: str
    nom_marital: str
    prenom: str
    nir: str
    adresse: str
    deadlines: tuple[Deadline, ...]
    haystack: str  # folded number, names, address, CDAS, NIR digits
    digits: str  # NIR and case number digits, for a query of digits

    @property
    def name(self) -> str:
        """« Nom Prénom », the birth name in brackets when a married name is used."""
        family = self.nom_marital or self.nom_naissance
        text = " ".join(part for part in (family, self.prenom) if part)
        if self.nom_marital and self.nom_naissance and self.nom_marital != self.nom_naissance:
            text += f" (naissance : {self.nom_naissance})"
        return text


def search(rows: Iterable[CaseRow], query: str) -> list[CaseRow]:
    """The rows that match ``query`` (all of them for an empty query), in order."""
    if not "".join(query.split()):
        return list(rows)
    compact = "".join(query.split())
    if compact.isdigit():
        return [r for r in rows if compact in r.digits]
    words = fold(query).split()
    return [r for r in rows if all(w in r.haystack for w in words)]


@dataclass(frozen=True)
class TodayItem:
    reason: str  # one of TODAY_REASONS
    row: CaseRow

    @property
    def label(self) -> str:
        return TODAY_REASONS[self.reason]


def today_items(rows: Iterable[CaseRow], now: datetime, review_days: int) -> list[TodayItem]:
    """« Aujourd'hui »: each case once, for its most pressing reason — a deadline
    overdue, a deadline due today (local date), a second-level reception to do, a
    review — then by deadline or oldest activity first."""
    now_iso = iso(now)
    # the next local midnight: a naive local time is read in the system's zone, so a
    # day of 23 or 25 hours (clocks changing) ends at its own midnight
    next_day = now.astimezone().date() + timedelta(days=1)
    tomorrow = iso(datetime.combine(next_day, time()).astimezone())
    review_limit = iso(now - timedelta(days=review_days))
    order = list(TODAY_REASONS)
    found: list[tuple[int, str, TodayItem]] = []
    for row in rows:
        overdue: list[str] = []
        due_today: list[str] = []
        for d in row.deadlines:
            if d.done_at is None:
                if d.due_at < now_iso:
                    overdue.append(d.due_at)
                elif d.due_at < tomorrow:
                    due_today.append(d.due_at)
        if overdue:
            reason, key = TODAY_OVERDUE, min(overdue)
        elif due_today:
            reason, key = TODAY_DUE, min(due_today)
        elif row.needs_second_level:
            reason, key = TODAY_LEVEL_2, row.created_at
        elif row.updated_at < review_limit:
            reason, key = TODAY_REVIEW, row.updated_at
        else:
            continue
        found.append((order.index(reason), key, TodayItem(reason, row)))
    found.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in found]


def due_count(items: Iterable[TodayItem]) -> int:
    """The deadlines to act on today: overdue or due today (the side bar's count)."""
    return sum(1 for i in items if i.reason in (TODAY_OVERDUE, TODAY_DUE))


class CaseIndex:
    """The open cases of ``store``, decrypted, in memory; ``refresh()`` re-reads them.

    A refresh reads every case's ``updated_at`` (from its index, not the rows), then
    the rows of the cases changed since the last refresh only: every change to a
    case touches ``updated_at``. Stamps are to the second, so the cases touched in
    the seconds around the last refresh are read again too.
    """

    MARGIN = timedelta(seconds=2)

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows: list[CaseRow] = []
        self._rows: dict[int, CaseRow] = {}
        self._read_since = ""

    def refresh(self, *, full: bool = False) -> list[CaseRow]:
        c = schema.cases
        if full:
            self._rows.clear()
        since = self._read_since
        self._read_since = iso(self.store.clock() - self.MARGIN)
        team = getattr(self.store.cases, "index_stamps", None)
        if team is not None:  # the team base: its rows are decrypted by its cases API
            return self._refresh_team(since)
        with self.store.engine.connect() as conn:
            stamps = conn.execute(
                select(c.c.id, c.c.updated_at).order_by(c.c.updated_at.desc(), c.c.id.desc())
            ).all()
            stale = []
            for case_id, updated in stamps:
                known = self._rows.get(case_id)
                if known is None or known.updated_at != updated or updated >= since:
                    stale.append(case_id)
            for start in range(0, len(stale), 500):  # bound the IN list
                self._read(conn, stale[start : start + 500])
        alive = {case_id for case_id, _ in stamps}
        for gone in [k for k in self._rows if k not in alive]:
            del self._rows[gone]  # closed (purged): its data leaves memory too
        self.rows = [self._rows[case_id] for case_id, _ in stamps if case_id in self._rows]
        return self.rows

    def _refresh_team(self, since: str) -> list[CaseRow]:
        cases: Any = self.store.cases
        stamps = cases.index_stamps()
        stale = [
            case_id
            for case_id, updated in stamps
            if case_id not in self._rows
            or self._rows[case_id].updated_at != updated
            or updated >= since
        ]
        for r, deadlines in cases.index_rows(stale):
            self._rows[r.id] = _row(r, deadlines)
        alive = {case_id for case_id, _ in stamps}
        for gone in [k for k in self._rows if k not in alive]:
            del self._rows[gone]
        self.rows = [self._rows[case_id] for case_id, _ in stamps if case_id in self._rows]
        return self.rows

    def _read(self, conn: Connection, ids: list[int]) -> None:
        c, p, d = schema.cases, schema.persons, schema.deadlines
        deadlines: dict[int, list[Deadline]] = defaultdict(list)
        for row in conn.execute(select(d).where(d.c.case_id.in_(ids)).order_by(d.c.due_at)):
            deadlines[row.case_id].append(
                Deadline(row.id, row.case_id, row.kind, row.due_at, row.done_at)
            )
        query = select(
            c.c.id,
            c.c.number,
            c.c.status,
            c.c.created_at,
            c.c.updated_at,
            c.c.cdas,
            c.c.level,
            c.c.demand_kind,
            c.c.result_json,
            p.c.nom_naissance,
            p.c.nom_marital,
            p.c.prenom,
            p.c.nir,
            p.c.adresse,
        ).select_from(c.outerjoin(p, p.c.case_id == c.c.id))
        for r in conn.execute(query.where(c.c.id.in_(ids))):
            self._rows[r.id] = _row(r, tuple(deadlines.get(r.id, ())))


def _row(r: Any, deadlines: tuple[Deadline, ...]) -> CaseRow:
    orientation = orientation_of(json.loads(r.result_json), r.level)
    names = (r.nom_naissance or "", r.nom_marital or "", r.prenom or "")
    nir = r.nir or ""
    adresse = r.adresse or ""
    return CaseRow(
        id=r.id,
        number=r.number,
        status=r.status,
        created_at=r.created_at,
        updated_at=r.updated_at,
        cdas=r.cdas,
        level=r.level,
        demand_kind=r.demand_kind,
        services=orientation.services,
        needs_second_level=orientation.needs_second_level,
        nom_naissance=names[0],
        nom_marital=names[1],
        prenom=names[2],
        nir=nir,
        adresse=adresse,
        deadlines=deadlines,
        haystack=fold(" ".join((r.number, *names, adresse, r.cdas, _digits(nir)))),
        digits=f"{_digits(nir)} {_digits(r.number)}",
    )
