"""Backups without the wrapped case keys, by construction: the data backup role
``asip_sauvegarde`` may read the ``asip`` schema and nothing of ``asip_keys`` (no USAGE,
no SELECT), so a ``pg_dump`` run as that role cannot hold a wrapped key; the keys' own
backup role ``asip_sauvegarde_cles`` reads ``asip_keys`` only. Both read only (SELECT).
The roles themselves (cluster-wide) are made by ``team init`` (``admin.upgrade_schema``)
before the migrations run; ``team backup-role`` gives them a login.

Row-level security stays FORCEd: each backup role reads every row through a policy of
its own (FOR SELECT … USING (TRUE)), so ``pg_dump --enable-row-security`` dumps all of
them; a desk's role is untouched.

Revision ID: t0005
Revises: t0004
"""

from __future__ import annotations

from alembic import op

revision = "t0005"
down_revision = "t0004"
branch_labels = None
depends_on = None

DATA = "asip_sauvegarde"
KEYS = "asip_sauvegarde_cles"
# every table of the asip schema (t0001 to t0004), the access log and the receipts included;
# a later migration adding a table under row-level security adds its policy too (a test
# checks that the backup role reads every such table)
_DATA_TABLES = (
    "cdas",
    "cases",
    "forms",
    "deadlines",
    "indicators",
    "dysfunction_reports",
    "purge_receipts",
    "access_log",
    "indicator_imports",  # t0002
    "imported_indicators",
    "imported_dysfunctions",
    "retention_policies",  # t0003
    "published_rules",
)


def upgrade() -> None:
    op.execute(f"GRANT USAGE ON SCHEMA asip TO {DATA}")
    op.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA asip TO {DATA}")
    op.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA asip TO {DATA}")
    # the tables later migrations add are readable too (they are created by asip_owner)
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA asip GRANT SELECT ON TABLES TO {DATA}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA asip GRANT SELECT ON SEQUENCES TO {DATA}")
    for table in _DATA_TABLES:
        op.execute(f"CREATE POLICY sauvegarde ON {table} FOR SELECT TO {DATA} USING (TRUE)")
    op.execute(f"GRANT USAGE ON SCHEMA asip_keys TO {KEYS}")
    op.execute(f"GRANT SELECT ON asip_keys.case_keys TO {KEYS}")
    op.execute(f"CREATE POLICY sauvegarde ON asip_keys.case_keys FOR SELECT TO {KEYS} USING (TRUE)")


def downgrade() -> None:
    op.execute("DROP POLICY sauvegarde ON asip_keys.case_keys")
    op.execute(f"REVOKE ALL ON asip_keys.case_keys FROM {KEYS}")
    op.execute(f"REVOKE ALL ON SCHEMA asip_keys FROM {KEYS}")
    for table in _DATA_TABLES:
        op.execute(f"DROP POLICY sauvegarde ON {table}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA asip REVOKE ALL ON SEQUENCES FROM {DATA}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA asip REVOKE ALL ON TABLES FROM {DATA}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA asip FROM {DATA}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA asip FROM {DATA}")
    op.execute(f"REVOKE ALL ON SCHEMA asip FROM {DATA}")
