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
    Column("month", Text, nullable=False),
    Column("cdas", Text, nullable=False),
    Column("demand_kind", Text, nullable=False),
    Column("services_json", Text, nullable=False),
    Column("channels_json", Text, nullable=False),
    Column("forms_sent_json", Text, nullable=False),
)

dysfunction_reports = Table(
    "dysfunction_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    _cdas_id(),
    Column("month", Text, nullable=False),
    Column("cdas", Text, nullable=False),
    Column("kind", Text, nullable=False),
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
