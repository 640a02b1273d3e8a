"""The Département's policies on the team base: each CDAS's retention policy (delay,
automatic purge), set by the administrator, and the rules files published once for
every desk. Desks read both (RLS: a desk reads its own CDAS's policy, every published
file), never change them.

Revision ID: t0003
Revises: t0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t0003"
down_revision = "t0002"
branch_labels = None
depends_on = None

_DESK = "asip_desk"
_OWNER = "asip_owner"


def upgrade() -> None:
    op.create_table(
        "retention_policies",
        sa.Column("cdas_id", sa.Integer, sa.ForeignKey("cdas.id"), primary_key=True),
        sa.Column("retention_days", sa.Integer, nullable=False),
        sa.Column("auto_purge", sa.Boolean, nullable=False),
        sa.Column("set_at", sa.Text, nullable=False),
        sa.Column("set_by", sa.Text, nullable=False, server_default=sa.text("session_user")),
        sa.CheckConstraint("retention_days BETWEEN 1 AND 3650", name="retention_days_range"),
    )
    op.create_table(
        "published_rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Text, nullable=False, unique=True),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False, server_default=sa.text("session_user")),
    )
    for table, desks_read in (
        ("retention_policies", "cdas_id = asip_current_cdas()"),
        ("published_rules", "TRUE"),  # one file for every CDAS
    ):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY desks_read ON {table} FOR SELECT USING ({desks_read})")
        # the administrator (through the owner role) writes them; desks have no grant to
        op.execute(
            f"CREATE POLICY administer ON {table} TO {_OWNER} USING (TRUE) WITH CHECK (TRUE)"
        )
        op.execute(f"GRANT SELECT ON {table} TO {_DESK}")


def downgrade() -> None:
    op.drop_table("published_rules")
    op.drop_table("retention_policies")
