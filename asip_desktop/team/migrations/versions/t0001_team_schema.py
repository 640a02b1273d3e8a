"""The team base, first version: cases (ciphertext), forms, deadlines, anonymous
indicator rows, purge receipts, access log; row-level security per CDAS, FORCEd.

Revision ID: t0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t0001"
down_revision = None
branch_labels = None
depends_on = None

_DESK = "asip_desk"


def _cdas_id() -> sa.Column[int]:
    return sa.Column(
        "cdas_id",
        sa.Integer,
        sa.ForeignKey("cdas.id"),
        nullable=False,
        server_default=sa.text("asip_current_cdas()"),
    )


def _case_fk() -> sa.Column[int]:
    return sa.Column(
        "case_id", sa.Integer, sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    )


_GRANTS = {
    "cases": "SELECT, INSERT, UPDATE, DELETE",
    "asip_keys.case_keys": "SELECT, INSERT, DELETE",
    "forms": "SELECT, INSERT, UPDATE, DELETE",
    "deadlines": "SELECT, INSERT, UPDATE, DELETE",
    "indicators": "SELECT, INSERT",
    "dysfunction_reports": "SELECT, INSERT",
    "purge_receipts": "SELECT, INSERT",
    "access_log": "SELECT, INSERT",
}


def upgrade() -> None:
    op.create_table(
        "cdas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("desk_role", sa.Text, nullable=False, unique=True),
        sa.Column("key_check", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    # The CDAS of the connected desk role (NULL for any other role: it sees no case).
    op.execute(
        "CREATE FUNCTION asip_current_cdas() RETURNS integer LANGUAGE sql STABLE "
        "AS $$ SELECT id FROM asip.cdas WHERE desk_role = current_user $$"
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        _cdas_id(),
        sa.Column("uid", sa.Text, nullable=False, unique=True),
        sa.Column("number", sa.Text, nullable=False, unique=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("demand_kind", sa.Text, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("listing", sa.LargeBinary, nullable=False),
    )
    op.create_index("cases_by_cdas", "cases", ["cdas_id", "updated_at"])
    # the case keys apart, in a schema the data backups leave out (crypto-shredding)
    op.execute("CREATE SCHEMA asip_keys")
    op.create_table(
        "case_keys",
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("asip.cases.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _cdas_id(),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        schema="asip_keys",
    )
    op.create_table(
        "forms",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_fk(),
        _cdas_id(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("forms_by_case", "forms", ["case_id"])
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer, primary_key=True),
        _case_fk(),
        _cdas_id(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", sa.Text, nullable=False),
        sa.Column("done_at", sa.Text),
    )
    op.create_index("deadlines_by_case", "deadlines", ["case_id"])
    op.create_table(
        "indicators",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        _cdas_id(),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("cdas", sa.Text, nullable=False),
        sa.Column("demand_kind", sa.Text, nullable=False),
        sa.Column("services_json", sa.Text, nullable=False),
        sa.Column("channels_json", sa.Text, nullable=False),
        sa.Column("forms_sent_json", sa.Text, nullable=False),
    )
    op.create_table(
        "dysfunction_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        _cdas_id(),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("cdas", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
    )
    op.create_table(
        "purge_receipts",
        sa.Column("id", sa.Integer, primary_key=True),
        _cdas_id(),
        sa.Column("case_number", sa.Text, nullable=False),
        sa.Column("closed_at", sa.Text, nullable=False),
        sa.Column("destroyed_json", sa.Text, nullable=False),
        sa.UniqueConstraint("cdas_id", "case_number"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger, primary_key=True),
        _cdas_id(),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("desk", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False, server_default=sa.text("current_user")),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("case_number", sa.Text, nullable=False),
    )

    # Row-level security, FORCEd so that the tables' owner is held to it too.
    op.execute("ALTER TABLE cdas ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE cdas FORCE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY own_cdas ON cdas USING (desk_role = current_user)")
    # the owner role administers the list of CDAS (team init), never the cases
    op.execute("CREATE POLICY administer ON cdas TO asip_owner USING (TRUE) WITH CHECK (TRUE)")
    for table, rights in _GRANTS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_cdas ON {table} USING (cdas_id = asip_current_cdas()) "
            "WITH CHECK (cdas_id = asip_current_cdas())"
        )
        op.execute(f"GRANT {rights} ON {table} TO {_DESK}")
    op.execute(f"GRANT USAGE ON SCHEMA asip, asip_keys TO {_DESK}")
    op.execute(f"GRANT SELECT ON cdas, alembic_version TO {_DESK}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA asip TO {_DESK}")
    op.execute(f"GRANT EXECUTE ON FUNCTION asip_current_cdas() TO {_DESK}")


def downgrade() -> None:
    for table in (
        "access_log",
        "purge_receipts",
        "dysfunction_reports",
        "indicators",
        "deadlines",
        "forms",
    ):
        op.drop_table(table)
    op.drop_table("case_keys", schema="asip_keys")
    op.execute("DROP SCHEMA asip_keys")
    op.drop_table("cases")
    op.execute("DROP FUNCTION asip_current_cdas()")
    op.drop_table("cdas")
