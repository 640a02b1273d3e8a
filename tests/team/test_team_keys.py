"""The case keys a desk unwraps: kept in memory for the session so that the lists stay
fast, dropped when the window locks and when the store closes; a wrapped key that does
not open is refused in French."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from asip_desktop.team import crypto
from asip_desktop.team.crypto import DecryptionError
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.team.conftest import Team
from tests.team.test_team_base import ANSWERS, new_case
from tests.team.test_team_gui import CDAS, dossiers_on


def test_a_fresh_desk_lists_the_cdas_cases_then_forgets_their_keys(team: Team, engine: Any) -> None:
    writer = team.desk("accueil", cdas=CDAS)
    reader = team.desk("bureau", cdas=CDAS)
    ids = [new_case(writer, engine) for _ in range(3)]
    services = tuple(o["service"] for o in engine.evaluate(ANSWERS).to_dict()["orientations"])
    assert services

    first = reader.cases.open_cases()  # one query, every key unwrapped
    assert [c.id for c in first] == ids[::-1]
    assert all(c.services == services for c in first)
    assert len(reader.cases._keys) == 3

    later = new_case(writer, engine)  # the next list decrypts only the new case
    assert [c.id for c in reader.cases.open_cases()] == [later, *ids[::-1]]
    assert len(reader.cases._keys) == 4

    reader.forget_keys()
    assert reader.cases._keys == {} and reader.cases._listings == {}
    writer.cases.close(ids[0])
    again = reader.cases.open_cases()  # unwrapped again, the closed case gone
    assert [c.id for c in again] == [later, ids[2], ids[1]]
    assert all(c.services == services for c in again)

    reader.close()
    assert reader.cases._keys == {}


def test_a_wrapped_key_that_does_not_open_is_refused_in_french(team: Team, engine: Any) -> None:
    writer = team.desk("accueil", cdas=CDAS)
    reader = team.desk("bureau", cdas=CDAS)
    case_id = new_case(writer, engine)
    raw = create_engine(team.url)  # the server's superuser: desks may not rewrite a key
    try:
        with raw.begin() as conn:  # a key wrapped under another CDAS key
            conn.execute(
                text("UPDATE asip_keys.case_keys SET wrapped_key = :w WHERE case_id = :id"),
                {"w": crypto.wrap_case_key(crypto.new_key(), crypto.new_key(), "x"), "id": case_id},
            )
    finally:
        raw.dispose()
    with pytest.raises(DecryptionError, match="ne se déchiffre pas avec la clé de ce poste"):
        reader.cases.open_cases()


def test_locking_the_window_drops_the_unwrapped_keys(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = new_case(desk, engine)
    window, area = dossiers_on(show_window, desk, level=1)
    assert [r.id for r in area.list.rows] == [case_id]
    assert desk.cases._keys
    window.privacy.lock()
    assert desk.cases._keys == {} and desk.cases._listings == {}
    assert [c.id for c in desk.cases.open_cases()] == [case_id]  # unwrapped again on use
