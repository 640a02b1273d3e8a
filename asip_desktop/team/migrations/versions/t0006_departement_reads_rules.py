"""The Département's reader sees which rules file is published (version, sha256, date,
by whom): its « Tous les CDAS » tab shows it next to « Publier le fichier de règles de
l'année… ». The published file's content stays for desks (they download it); the row
policy ``desks_read`` of t0003 already lets every role read the rows it is granted.

Revision ID: t0006
Revises: t0005
"""

from __future__ import annotations

from alembic import op

revision = "t0006"
down_revision = "t0005"
branch_labels = None
depends_on = None

_ROLE = "asip_departement"
_COLUMNS = "id, version, sha256, published_at, published_by"


def upgrade() -> None:
    op.execute(f"GRANT SELECT ({_COLUMNS}) ON published_rules TO {_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE SELECT ({_COLUMNS}) ON published_rules FROM {_ROLE}")
