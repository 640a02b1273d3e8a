"""The Département's reader against the suite's PostgreSQL: it reads the anonymous rows of
every CDAS and the overdue counts, and nothing else (each refusal proven)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text

from asip_desktop.errors import UserError
from asip_desktop.store import indicators
from asip_desktop.store.clock import iso
from asip_desktop.team import departement
from tests.store.conftest import Clock
from tests.team.conftest import Team
from tests.team.test_team_base import new_case

MALO, REDON = "CDAS de Saint-Malo", "CDAS du Pays de Redon"


@pytest.fixture
def clock() -> Clock:
    return Clock()


def reader_of(team: Team) -> departement.Reader:
    return departement.create_reader(team.url, team.root / "departement.json")


def seed_two_cdas(team: Team, engine: Any, clock: Clock) -> tuple[Any, Any]:
    """Saint-Malo: 2 closed via the channel (one in the next month), 1 open with its CARSAT
    answer overdue; Redon: 1 closed with a detection form, a dysfunction report."""
    malo, redon = team.desk("a", MALO, clock=clock), team.desk("b", REDON, clock=clock)
    for _ in range(2):
        case = new_case(malo, engine)
        malo.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
        malo.cases.close(case)
        clock.advance(days=31)
    waiting = new_case(malo, engine)
    malo.cases.record_sending(waiting, "fiche_liaison_retraite", "CARSAT", "bluefiles")
    case = new_case(redon, engine)
    redon.cases.record_sending(case, "fiche_detection_fragilite", "SSAM", "courriel")
    redon.cases.close(case)
    redon.report_dysfunction("absence_de_reponse")
    clock.advance(days=4)  # the 72 h are past
    return malo, redon


def test_the_reader_file_is_private_and_holds_no_admin_credentials(team: Team) -> None:
    team.cdas(MALO)
    reader = reader_of(team)
    mode = stat.S_IMODE(reader.file.stat().st_mode)
    assert mode == 0o600
    content = reader.file.read_text()
    assert reader.password in content and reader.role.startswith("asip_departement_")
    assert "postgres@" not in content  # the administrator's role is not kept
    with pytest.raises(UserError, match="existe déjà"):
        reader_of(team)


def test_the_reader_counts_every_cdas(team: Team, engine: Any, clock: Clock) -> None:
    seed_two_cdas(team, engine, clock)
    reader = reader_of(team)
    db = reader.engine()
    try:
        rows = departement.compute_all(db, None, None, iso(clock()))
    finally:
        db.dispose()
    table = {(r.month, r.cdas, r.indicator): r.value for r in rows}
    assert table[("2026-03", MALO, "signalements_canal_prioritaire")] == 1
    assert table[("2026-04", MALO, "signalements_canal_prioritaire")] == 1
    assert table[("2026-05", REDON, "fiches_detection_envoyees")] == 1
    assert table[("2026-05", REDON, "dysfonctionnements_absence_de_reponse")] == 1
    assert table[("2026-05", MALO, "reponses_en_retard")] == 1  # the open case's answer
    assert table[("2026-05", REDON, "reponses_en_retard")] == 0
    assert {r.indicator for r in rows} == set(departement.ALL_CDAS_INDICATORS)
    totals = {
        r.indicator: r.value for r in indicators.totals(rows, departement.ALL_CDAS_INDICATORS)
    }
    assert totals["signalements_canal_prioritaire"] == 2
    assert totals["dossiers_clos"] == 3


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT count(*) FROM cases",
        "SELECT count(*) FROM forms",
        "SELECT count(*) FROM asip_keys.case_keys",
        "SELECT count(*) FROM deadlines",
        "SELECT count(*) FROM purge_receipts",
        "SELECT case_number FROM purge_receipts",
        "SELECT count(*) FROM access_log",
        "SELECT count(*) FROM cdas",
        "INSERT INTO indicators (id, cdas_id, month, cdas, demand_kind, services_json, "
        "channels_json, forms_sent_json) VALUES (1, 1, '2026-01', 'x', 'x', '[]', '[]', '[]')",
        "DELETE FROM indicators",
        "UPDATE dysfunction_reports SET kind = 'x'",
        "DELETE FROM imported_indicators",
        "SET ROLE asip_owner",
        "SET ROLE asip_desk",
        "CREATE TABLE asip.copie (x int)",
    ],
)
def test_the_reader_is_refused_everything_but_the_anonymous_rows(
    team: Team, engine: Any, clock: Clock, statement: str
) -> None:
    malo = team.desk("a", MALO, clock=clock)
    case = new_case(malo, engine)
    malo.cases.record_sending(case, "fiche_liaison_retraite", "CARSAT", "bluefiles")
    raw = create_engine(reader_of(team).connection_url())
    try:
        with raw.connect() as conn, pytest.raises(exc.ProgrammingError, match="permission denied"):
            conn.execute(text(statement))
    finally:
        raw.dispose()


def test_the_overdue_counts_hold_no_case_and_open_nothing_to_others(
    team: Team, engine: Any, clock: Clock
) -> None:
    malo, _redon = seed_two_cdas(team, engine, clock)
    raw = create_engine(reader_of(team).connection_url())
    try:
        with raw.connect() as conn:
            result = conn.execute(text("SELECT * FROM departement_overdue(:t)"), {"t": "9999"})
            assert list(result.keys()) == ["month", "cdas", "overdue"]  # no id, no number
            assert result.all() == [("2026-05", MALO, 1)]
    finally:
        raw.dispose()
    # a desk may not call it, and the owner role sees no deadline through its policy
    desk = create_engine(malo.member.connection_url())
    try:
        with desk.connect() as conn, pytest.raises(exc.ProgrammingError, match="permission"):
            conn.execute(text("SELECT * FROM departement_overdue('9999')"))
    finally:
        desk.dispose()
    admin = create_engine(team.url)
    try:
        with admin.connect() as conn:
            conn.execute(text("SET ROLE asip_owner"))
            assert conn.scalar(text("SELECT count(*) FROM asip.deadlines")) == 0
            assert conn.scalar(text("SELECT count(*) FROM asip.indicators")) == 0
    finally:
        admin.dispose()


def test_a_desk_role_sees_no_imported_row_and_its_own_cdas_only(
    team: Team, engine: Any, clock: Clock
) -> None:
    malo, _redon = seed_two_cdas(team, engine, clock)
    reader_of(team)
    desk = create_engine(malo.member.connection_url())
    try:
        with desk.connect() as conn:
            assert set(conn.execute(text("SELECT DISTINCT cdas FROM indicators")).scalars()) == {
                MALO
            }
            with pytest.raises(exc.ProgrammingError, match="permission denied"):
                conn.execute(text("SELECT count(*) FROM imported_indicators"))
    finally:
        desk.dispose()


def test_a_missing_or_foreign_reader_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="team departement --url"):
        departement.load_reader(tmp_path / "absent.json")
    other = tmp_path / "autre.json"
    other.write_text('{"format": "autre"}')
    with pytest.raises(UserError, match="n'est pas un fichier d'accès du Département"):
        departement.load_reader(other)


def test_t0002_downgrades_and_upgrades_again(team: Team) -> None:
    from alembic import command

    from asip_desktop.team import admin

    team.cdas(MALO)
    engine = create_engine(team.url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL ROLE asip_owner"))
            conn.execute(text("SET LOCAL search_path = asip"))
            command.downgrade(admin.alembic_config(conn), "t0001")
            assert admin.schema_revision(conn) == "t0001"
            assert conn.scalar(text("SELECT to_regclass('asip.imported_indicators')")) is None
        with engine.begin() as conn:
            admin.upgrade_schema(conn)
            assert admin.schema_revision(conn) == admin.head_revision()
    finally:
        engine.dispose()
    assert reader_of(team).role.startswith("asip_departement_")
