"""The open cases in memory: names, search (accents, case, NIR spaces), « Aujourd'hui »."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from asip_desktop.store.case_index import (
    TODAY_DUE,
    TODAY_LEVEL_2,
    TODAY_OVERDUE,
    TODAY_REVIEW,
    CaseIndex,
    due_count,
    fold,
    orientation_of,
    search,
    today_items,
)
from asip_desktop.store.store import Store
from tests.store.conftest import Clock

KATELL = {
    "nom_naissance": "Le Dû",
    "nom_marital": "Morvan",
    "prenom": "Katell",
    "nir": "285073512345678",
    "adresse": "1 rue de Brest, 35000 Rennes",
}
JOSE = {"nom_naissance": "Hervé", "prenom": "José", "adresse": "2 place, 35300 Fougères"}
URGENT = {"demande": "aide_departement", "urgences": ["aide_alimentaire"]}


def numbers(rows: list[Any]) -> list[str]:
    return [r.number for r in rows]


def test_rows_carry_names_and_search_finds_every_kind_of_key(store: Store, new_case: Any) -> None:
    katell = new_case(person=KATELL)
    jose = new_case(person=JOSE)
    nameless = new_case()
    index = CaseIndex(store)
    rows = {r.id: r for r in index.refresh()}
    assert rows[katell].name == "Morvan Katell (naissance : Le Dû)"
    assert rows[jose].name == "Hervé José"
    assert rows[nameless].name == ""
    number = {i: store.cases.get(i).summary.number for i in (katell, jose, nameless)}

    def found(query: str) -> set[int]:
        return {r.id for r in search(index.rows, query)}

    assert found("") == {katell, jose, nameless}
    assert found("morvan") == {katell}  # married name
    assert found("LE DU") == {katell}  # birth name, without accent or case
    assert found("le dû katell") == {katell}  # every word must match
    assert found("herve jose") == {jose}
    assert found("fougeres") == {jose}  # commune, typed in the address
    assert found("RENNES") == {katell}
    assert found("2 85 07 35 123 456 78") == {katell}  # NIR with spaces
    assert found("285073512345678") == {katell}
    assert found("2850735") == {katell}  # the beginning of a NIR
    assert found(number[nameless]) == {nameless}  # case number
    assert found(f"{nameless:06d}") == {nameless}
    assert found("katell fougeres") == set()
    assert found("inconnu") == set()


def test_refresh_follows_changes_and_forgets_closed_cases(
    store: Store, new_case: Any, clock: Clock
) -> None:
    case_id = new_case()
    index = CaseIndex(store)
    assert index.refresh()[0].name == ""
    store.cases.update_person(case_id, {"prenom": "Maëlle"})  # within the same second
    assert index.refresh()[0].name == "Maëlle"
    clock.advance(minutes=5)
    other = new_case(person=JOSE)
    assert [r.id for r in index.refresh()] == [other, case_id]  # latest change first
    store.cases.close(case_id)
    assert [r.id for r in index.refresh()] == [other]
    assert case_id not in index._rows  # the purged case's names leave memory


def test_today_orders_overdue_due_today_second_level_and_review(
    store: Store, new_case: Any, clock: Clock, engine: Any
) -> None:
    review = new_case(person=JOSE, level=2)
    clock.advance(days=100)
    overdue = new_case(person=KATELL, level=2)
    store.cases.record_sending(
        overdue,
        "fiche_liaison_retraite",
        "CARSAT",
        "bluefiles",
        sent_at=clock() - timedelta(days=4),
    )
    due = new_case(level=2)
    # sent 70 h ago: the 72 h deadline falls 2 h from now, today
    clock.now = clock.now.replace(hour=9)
    store.cases.record_sending(
        due, "fiche_liaison_retraite", "CARSAT", "bluefiles", sent_at=clock() - timedelta(hours=70)
    )
    level_1 = new_case(URGENT, level=1)
    quiet = new_case(level=2)
    rows = CaseIndex(store).refresh()
    items = today_items(rows, clock(), 90)
    assert [(i.row.id, i.reason) for i in items] == [
        (overdue, TODAY_OVERDUE),
        (due, TODAY_DUE),
        (level_1, TODAY_LEVEL_2),
        (review, TODAY_REVIEW),
    ]
    assert quiet not in [i.row.id for i in items]
    assert due_count(items) == 2
    assert items[0].label == "Échéance en retard"
    # a deadline marked done leaves the view; a case taken up at level 2 too
    [deadline] = store.cases.get(overdue).deadlines
    store.cases.mark_deadline_done(deadline.id)
    store.cases.take_up_at_level_2(level_1)
    items = today_items(CaseIndex(store).refresh(), clock(), 90)
    assert [i.row.id for i in items] == [due, review]
    assert store.cases.get(level_1).level == 2


def test_second_level_needed_only_for_level_1_cases_that_call_for_it() -> None:
    plain = {"orientations": [{"service": "offre_retraite_carsat"}], "missing": []}
    assert not orientation_of(plain, 1).needs_second_level
    assert orientation_of({**plain, "urgent": True}, 1).needs_second_level
    assert not orientation_of({**plain, "urgent": True}, 2).needs_second_level
    assert orientation_of({**plain, "missing": ["autonome"]}, 1).needs_second_level
    social = {"orientations": [{"service": "service_social_cdas"}]}
    assert orientation_of(social, 1).needs_second_level
    step = {"actions": [{"step": 1, "who": "travailleur_social", "text": "…", "reference": ""}]}
    assert orientation_of(step, 1).needs_second_level
    assert orientation_of(plain, 1).services == ("offre_retraite_carsat",)


def test_fold() -> None:
    assert fold("  Le  GOFF-Annaïg ") == "le goff-annaig"
    assert fold("Œuvre Ÿ") == "oeuvre y"
    assert fold("Nguyễn-Łukasz Øyvindsen") == "nguyen-lukasz oyvindsen"
    assert fold("François Ç") == "francois c"
