"""The team base's tables (SQLAlchemy Core), in the ``asip`` schema of the CDAS's
PostgreSQL database; the DDL is the Alembic migration (``migrations/versions``).

Only anonymous columns are in clear: ids, status, level, dates, the demand kind, the
deadlines' kinds and due dates, the indicator rows. The person, the answers, the
result, the sendings, the notes and the forms are ciphertext (``crypto.py``).
``cdas_id`` defaults to the CDAS of the connected desk role (``asip_current_cdas()``)
and row-level security keeps every table to it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from asip_desktop.store.schema import dysfunction_columns, indicator_columns

metadata = MetaData()
SCHEMA = "asip"
KEYS_SCHEMA = "asip_keys"  # left out of the long-kept backups (docs/team.md)
OWNER_ROLE = "asip_owner"
DESK_GROUP = "asip_desk"


def _cdas_id() -> Column[int]:
    return Column(
        "cdas_id",
        Integer,
        ForeignKey("cdas.id"),
        nullable=False,
        server_default=text("asip_current_cdas()"),
    )


def _case_fk() -> Column[int]:
    return Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)


cdas = Table(
    "cdas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("desk_role", Text, nullable=False, unique=True),
    Column("key_check", LargeBinary, nullable=False),
    Column("created_at", Text, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    _cdas_id(),
    Column("uid", Text, nullable=False, unique=True),  # stable id (transfers, issue 14)
    Column("number", Text, nullable=False, unique=True),
    Column("status", Text, nullable=False),
    Column("level", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False),  # optimistic locking
    Column("demand_kind", Text, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # person, answers, result, sendings, notes
    Column("listing", LargeBinary, nullable=False),  # the services, for the list
)

# The case's data key, wrapped by the CDAS key: the only copy of it. Kept in its own
# schema, which the data backups leave out (pg_dump --exclude-schema=asip_keys) and
# which is backed up apart with a short rotation: once a case is purged, its data in
# any older data backup cannot be decrypted any more (crypto-shredding).
case_keys = Table(
    "case_keys",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    _cdas_id(),
    Column("wrapped_key", LargeBinary, nullable=False),
    schema=KEYS_SCHEMA,
)

forms = Table(
    "forms",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    _cdas_id(),
    Column("kind", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    _cdas_id(),
    Column("kind", Text, nullable=False),
    Column("due_at", Text, nullable=False),
    Column("done_at", Text),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),  # random
    _cdas_id(),
    *indicator_columns(),
)

dysfunction_reports = Table(
    "dysfunction_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    _cdas_id(),
    *dysfunction_columns(),
    # the id the report had on a permanence laptop (transferred once), else NULL
    Column("uid", Text, unique=True),
)

purge_receipts = Table(
    "purge_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    _cdas_id(),
    Column("case_number", Text, nullable=False),
    Column("closed_at", Text, nullable=False),
    Column("destroyed_json", Text, nullable=False),
    UniqueConstraint("cdas_id", "case_number"),
)

# Who opened, changed, closed which case, when: no personal data (case numbers only).
access_log = Table(
    "access_log",
    metadata,
    Column("id", BigInteger, primary_key=True),
    _cdas_id(),
    Column("at", Text, nullable=False),
    Column("desk", Text, nullable=False),
    Column("role", Text, nullable=False, server_default=text("current_user")),
    Column("action", Text, nullable=False),
    Column("case_number", Text, nullable=False),
)

# The Département's view (migration t0002): the indicator files of desks on their local
# store, imported by the Département's reader. One row per imported file; the rows keep
# their stable id (``uid``: desk id + row id), so that a row is never counted twice.
DEPARTEMENT_GROUP = "asip_departement"

indicator_imports = Table(
    "indicator_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("export_id", Text, nullable=False, unique=True),
    Column("desk", Text, nullable=False),
    Column("exported_month", Text, nullable=False),
    Column("imported_at", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("refused_rows", Integer, nullable=False),
)

imported_indicators = Table(
    "imported_indicators",
    metadata,
    Column("uid", Text, primary_key=True),
    Column("import_id", Integer, ForeignKey("indicator_imports.id"), nullable=False),
    *indicator_columns(),
)

imported_dysfunctions = Table(
    "imported_dysfunctions",
    metadata,
    Column("uid", Text, primary_key=True),
    Column("import_id", Integer, ForeignKey("indicator_imports.id"), nullable=False),
    *dysfunction_columns(),
)

# --- the Département's policies (t0003): written by the administrator, read by desks ---

# One row per CDAS: after how many days without activity a case is listed for review,
# and whether a desk's start purges it.
retention_policies = Table(
    "retention_policies",
    metadata,
    Column("cdas_id", Integer, ForeignKey("cdas.id"), primary_key=True),
    Column("retention_days", Integer, nullable=False),
    Column("auto_purge", Boolean, nullable=False),
    Column("set_at", Text, nullable=False),
    Column("set_by", Text, nullable=False, server_default=text("session_user")),
)

# The rules files published by the administrator (the convention is renewed yearly);
# the newest is the one every joined desk uses from its next start.
published_rules = Table(
    "published_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Text, nullable=False, unique=True),
    Column("sha256", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("published_at", Text, nullable=False),
    Column("published_by", Text, nullable=False, server_default=text("session_user")),
)
