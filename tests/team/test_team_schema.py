"""The Alembic migration and ``team/tables.py`` describe the same schema; the upgrade
is repeatable (a second ``team init`` on the same base changes nothing)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from asip_desktop.team import admin, tables
from tests.team.conftest import PASSPHRASE


def test_the_migrated_schema_matches_the_tables_module(team_db: str, tmp_path: Path) -> None:
    admin.init(team_db, "CDAS de Redon", PASSPHRASE, tmp_path / "a.asip")
    admin.init(team_db, "CDAS de Vitré", PASSPHRASE, tmp_path / "b.asip")  # upgrade again
    engine = create_engine(team_db)
    try:
        with engine.connect() as conn:
            conn.execute(text("SET search_path = asip"))
            context = MigrationContext.configure(conn, opts={"version_table_schema": tables.SCHEMA})
            diff = [
                d
                for d in compare_metadata(context, tables.metadata)
                if not (d[0] == "remove_table" and d[1].name == "alembic_version")
                and d[0] != "remove_index"  # the migration's indexes are its own
                # the keys' table lives in its own schema: compared below
                and not (d[0] == "add_table" and d[1].schema == tables.KEYS_SCHEMA)
            ]
            assert diff == []
            keys_columns = conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'asip_keys' AND table_name = 'case_keys' "
                    "ORDER BY ordinal_position"
                )
            ).scalars()
            assert list(keys_columns) == [c.name for c in tables.case_keys.columns]
            assert admin.schema_revision(conn) == admin.head_revision()
            names = conn.execute(text("SELECT name FROM cdas ORDER BY id")).scalars().all()
            assert names == ["CDAS de Redon", "CDAS de Vitré"]  # the superuser bypasses RLS
    finally:
        engine.dispose()
