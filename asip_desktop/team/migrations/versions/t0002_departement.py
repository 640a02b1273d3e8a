"""The Département's view: a read-only group role over the anonymous rows of every CDAS,
the counts of overdue answers per CDAS and month, and the desks' imported indicator files.

The role ``asip_departement`` (NOLOGIN; its login roles are made by ``team departement``)
may read ``indicators`` and ``dysfunction_reports`` of every CDAS, call
``departement_overdue()`` (counts only), and read and add imported rows. It has no right at
all on cases, forms, case keys, deadlines, purge receipts (case numbers), the access log,
nor the list of CDAS (desk roles, key check values).

Revision ID: t0002
Revises: t0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t0002"
down_revision = "t0001"
branch_labels = None
depends_on = None

_ROLE = "asip_departement"
_OWNER = "asip_owner"


def _create_group_role() -> None:
    """Roles belong to the cluster, not to the schema: made by the administrator's login
    role (the migration runs as ``asip_owner``, which may not create roles), once."""
    op.execute("RESET ROLE")
    op.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"'{_ROLE}') THEN CREATE ROLE {_ROLE} NOLOGIN; END IF; END $$"
    )
    op.execute(f"SET LOCAL ROLE {_OWNER}")


def upgrade() -> None:
    _create_group_role()
    op.create_table(
        "indicator_imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("export_id", sa.Text, nullable=False, unique=True),
        sa.Column("desk", sa.Text, nullable=False),
        sa.Column("exported_month", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("refused_rows", sa.Integer, nullable=False),
    )
    op.create_table(
        "imported_indicators",
        sa.Column("uid", sa.Text, primary_key=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("indicator_imports.id"), nullable=False),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("cdas", sa.Text, nullable=False),
        sa.Column("demand_kind", sa.Text, nullable=False),
        sa.Column("services_json", sa.Text, nullable=False),
        sa.Column("channels_json", sa.Text, nullable=False),
        sa.Column("forms_sent_json", sa.Text, nullable=False),
    )
    op.create_table(
        "imported_dysfunctions",
        sa.Column("uid", sa.Text, primary_key=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("indicator_imports.id"), nullable=False),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("cdas", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
    )
    op.create_index("indicators_by_month", "indicators", ["month"])
    op.create_index("imported_indicators_by_month", "imported_indicators", ["month"])

    # Reading the anonymous rows of every CDAS (the desks keep their own policy).
    for table in ("indicators", "dysfunction_reports"):
        op.execute(f"CREATE POLICY departement_reads ON {table} FOR SELECT TO {_ROLE} USING (TRUE)")
        op.execute(f"GRANT SELECT ON {table} TO {_ROLE}")
    # The imported rows: the Département's only; no desk role has any right on them.
    for table in ("indicator_imports", "imported_indicators", "imported_dysfunctions"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY departement_imports ON {table} TO {_ROLE} USING (TRUE) "
            "WITH CHECK (TRUE)"
        )
        op.execute(f"GRANT SELECT, INSERT ON {table} TO {_ROLE}")
    op.execute(f"GRANT USAGE ON SEQUENCE indicator_imports_id_seq TO {_ROLE}")
    op.execute(f"GRANT USAGE ON SCHEMA asip TO {_ROLE}")
    op.execute(f"GRANT SELECT ON alembic_version TO {_ROLE}")

    # Overdue answers, counts only: a SECURITY DEFINER function (run as asip_owner, which
    # RLS holds too) that sees the deadlines only when the login role calling it is a
    # plain direct member of asip_departement (session_user: SET ROLE cannot change it;
    # neither a superuser nor the administrator who created the group, which holds it
    # with ADMIN OPTION only, is such a member); the owner
    # already reads the list of CDAS (policy ``administer``). It returns
    # the month of the due date, the CDAS's name and a count: no case id, no number.
    op.execute(
        f"CREATE POLICY departement_counts ON deadlines FOR SELECT TO {_OWNER} USING (EXISTS ("
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "JOIN pg_roles g ON g.oid = m.roleid "
        f"WHERE g.rolname = '{_ROLE}' AND r.rolname = session_user "
        "AND NOT m.admin_option))"
    )
    op.execute(
        "CREATE FUNCTION departement_overdue(at_time text) "
        "RETURNS TABLE (month text, cdas text, overdue bigint) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = asip, pg_temp AS $$ "
        "SELECT left(d.due_at, 7), c.name, count(*) FROM asip.deadlines d "
        "JOIN asip.cdas c ON c.id = d.cdas_id "
        "WHERE (d.done_at IS NULL AND d.due_at < at_time) OR d.done_at > d.due_at "
        "GROUP BY 1, 2 $$"
    )
    op.execute("REVOKE ALL ON FUNCTION departement_overdue(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION departement_overdue(text) TO {_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION departement_overdue(text)")
    op.execute("DROP POLICY departement_counts ON deadlines")
    for table in ("indicators", "dysfunction_reports"):
        op.execute(f"DROP POLICY departement_reads ON {table}")
        op.execute(f"REVOKE ALL ON {table} FROM {_ROLE}")
    op.drop_index("imported_indicators_by_month", "imported_indicators")
    op.drop_index("indicators_by_month", "indicators")
    op.drop_table("imported_dysfunctions")
    op.drop_table("imported_indicators")
    op.drop_table("indicator_imports")
    op.execute(f"REVOKE ALL ON SCHEMA asip FROM {_ROLE}")
    op.execute(f"REVOKE ALL ON alembic_version FROM {_ROLE}")
