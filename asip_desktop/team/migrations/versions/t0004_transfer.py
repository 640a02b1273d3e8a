"""The permanence laptop's transfer (issue 14): a malfunction report carries the
stable id it had on the laptop (``uid``), so that a transfer run again after a cut
inserts it once. Reports made on a joined desk have none (NULL: not compared).

Revision ID: t0004
Revises: t0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "t0004"
down_revision = "t0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dysfunction_reports", sa.Column("uid", sa.Text, nullable=True))
    op.create_unique_constraint("dysfunction_reports_uid_key", "dysfunction_reports", ["uid"])


def downgrade() -> None:
    op.drop_constraint("dysfunction_reports_uid_key", "dysfunction_reports", type_="unique")
    op.drop_column("dysfunction_reports", "uid")
