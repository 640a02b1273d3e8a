"""The tables of the latest schema version, for queries (SQLAlchemy Core).

The DDL itself lives in ``migrations.py``; a test checks both agree.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, MetaData, Table, Text

metadata = MetaData()


def _case_fk() -> Column[int]:
    return Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)


def indicator_columns() -> list[Column[str]]:
    """The anonymous columns of an indicator row (one closed case), the same on the
    desk's store, the team base and the Département's imported rows."""
    return [
        Column(name, Text, nullable=False)
        for name in (
            "month",
            "cdas",
            "demand_kind",
            "services_json",
            "channels_json",
            "forms_sent_json",
        )
    ]


def dysfunction_columns() -> list[Column[str]]:
    """The anonymous columns of a dysfunction report, on every base."""
    return [Column(name, Text, nullable=False) for name in ("month", "cdas", "kind")]


meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Text, nullable=False, unique=True),
    Column("status", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("cdas", Text, nullable=False),
    Column("level", Integer, nullable=False),
    Column("demand_kind", Text, nullable=False),
    Column("answers_json", Text, nullable=False),
    Column("result_json", Text, nullable=False),
    Column("rules_version", Text, nullable=False),
    Column("uid", Text, unique=True),  # stable id, for the transfer to a team base (v5)
    sqlite_autoincrement=True,
)

# The identity fields of the fiche de liaison retraite (convention, annexe 2).
PERSON_FIELDS: tuple[str, ...] = (
    "nom_naissance",
    "nom_marital",
    "prenom",
    "nir",
    "adresse",
    "email",
    "telephone",
)

persons = Table(
    "persons",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    *(Column(name, Text) for name in PERSON_FIELDS),
)

forms = Table(
    "forms",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("kind", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", Text, nullable=False),
)

sendings = Table(
    "sendings",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("what", Text, nullable=False),
    Column("recipient", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("sent_at", Text, nullable=False),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("kind", Text, nullable=False),
    Column("due_at", Text, nullable=False),
    Column("done_at", Text),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("text", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("slot", Text, primary_key=True),
    Column("updated_at", Text, nullable=False),
    Column("data_json", Text, nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True),
    *indicator_columns(),
)

purge_receipts = Table(
    "purge_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_number", Text, nullable=False, unique=True),
    Column("closed_at", Text, nullable=False),
    Column("destroyed_json", Text, nullable=False),
)

dysfunction_reports = Table(
    "dysfunction_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    *dysfunction_columns(),
    Column("uid", Text, unique=True),  # stable id (v5): transferred once
)

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

saved_copies = Table(
    "saved_copies",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("path", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
)

# What each transfer to the team base did (case numbers and counts only).
transfer_receipts = Table(
    "transfer_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("receipt_json", Text, nullable=False),
)
