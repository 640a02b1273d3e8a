"""The schema versions, as an ordered list of SQL steps.

``PRAGMA user_version`` holds the version of a database. Version N is reached
by running ``MIGRATIONS[0..N-1]`` in order; a step is never edited once
released (a stored database of version 1 is migrated in the tests). Add a new
version by appending a step and updating ``asip_desktop/store/schema.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

# Version 1: the case and its parts, the draft, the anonymous indicators and
# the purge receipts. ``auto_vacuum`` must be set before the first table so that
# a purge can give free pages back with ``incremental_vacuum``.
V1: Sequence[str] = (
    "PRAGMA auto_vacuum = INCREMENTAL",
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        number TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        cdas TEXT NOT NULL,
        level INTEGER NOT NULL,
        demand_kind TEXT NOT NULL,
        answers_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        rules_version TEXT NOT NULL
    )""",
    "CREATE INDEX cases_updated_at ON cases (updated_at)",
    """CREATE TABLE persons (
        case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        nom_naissance TEXT,
        nom_marital TEXT,
        prenom TEXT,
        nir TEXT,
        adresse TEXT,
        email TEXT,
        telephone TEXT
    )""",
    """CREATE TABLE forms (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        content BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX forms_case ON forms (case_id)",
    """CREATE TABLE sendings (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        what TEXT NOT NULL,
        recipient TEXT NOT NULL,
        channel TEXT NOT NULL,
        sent_at TEXT NOT NULL
    )""",
    "CREATE INDEX sendings_case ON sendings (case_id)",
    """CREATE TABLE deadlines (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        due_at TEXT NOT NULL,
        done_at TEXT
    )""",
    "CREATE INDEX deadlines_case ON deadlines (case_id)",
    """CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX notes_case ON notes (case_id)",
    """CREATE TABLE drafts (
        slot TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        data_json TEXT NOT NULL
    )""",
    """CREATE TABLE indicators (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL,
        cdas TEXT NOT NULL,
        demand_kind TEXT NOT NULL,
        services_json TEXT NOT NULL,
        channels_json TEXT NOT NULL,
        forms_sent_json TEXT NOT NULL
    )""",
    "CREATE INDEX indicators_month ON indicators (month)",
    """CREATE TABLE purge_receipts (
        id INTEGER PRIMARY KEY,
        case_number TEXT NOT NULL UNIQUE,
        closed_at TEXT NOT NULL,
        destroyed_json TEXT NOT NULL
    )""",
)

# Version 2: anonymous reports of a malfunction of the privileged channel (the
# convention's qualitative indicator, "alerter ... en cas de dysfonctionnement
# constaté"), and the settings (emitting CDAS, retention) kept with the data.
V2: Sequence[str] = (
    """CREATE TABLE dysfunction_reports (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL,
        cdas TEXT NOT NULL,
        kind TEXT NOT NULL
    )""",
    "CREATE INDEX dysfunction_reports_month ON dysfunction_reports (month)",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
)

# Version 3: the paths of the copies of a case's forms saved on disk (e.g. for a
# BlueFiles sending), so that closing the case can offer to delete the files.
# The paths may name the person: they go with the case (ON DELETE CASCADE).
V3: Sequence[str] = (
    """CREATE TABLE saved_copies (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
    "CREATE INDEX saved_copies_case ON saved_copies (case_id)",
)

# Version 4: the anonymous indicator rows were numbered in closing order, like
# the purge receipts, so row N of one was the case of row N of the other. The
# rows are copied in a random order into a new table (the old one is dropped,
# its pages zeroed by secure_delete); from now on each row gets a random id
# (``Cases.close``). The month is all that the two tables share.
V4: Sequence[str] = (
    """CREATE TABLE indicators_v4 (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL,
        cdas TEXT NOT NULL,
        demand_kind TEXT NOT NULL,
        services_json TEXT NOT NULL,
        channels_json TEXT NOT NULL,
        forms_sent_json TEXT NOT NULL
    )""",
    """INSERT INTO indicators_v4
        (id, month, cdas, demand_kind, services_json, channels_json, forms_sent_json)
        SELECT NULL, month, cdas, demand_kind, services_json, channels_json, forms_sent_json
        FROM indicators ORDER BY random()""",
    # then random ids, so that even the copied rows keep no order of their own
    "UPDATE indicators_v4 SET id = -id",
    """UPDATE indicators_v4 SET id = (abs(random()) % 4611686018427387903) + 1
        WHERE id < 0""",
    "DROP TABLE indicators",
    "ALTER TABLE indicators_v4 RENAME TO indicators",
    "CREATE INDEX indicators_month ON indicators (month)",
)

# A random UUID (version 4 layout), per row: the stable id of a case or a report.
_UUID_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||"
    " substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) ||"
    " substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)

# Version 5: a stable id for every case and every malfunction report (``uid``), so
# that a permanence laptop's transfer to the team base (``team/transfer.py``) can be
# run again after a cut without creating anything twice; existing rows get a random
# one. The indicator rows already have random ids (version 4). The transfer
# receipts (case numbers and counts, no personal data) are kept here too.
V5: Sequence[str] = (
    "ALTER TABLE cases ADD COLUMN uid TEXT",
    f"UPDATE cases SET uid = {_UUID_SQL}",
    "CREATE UNIQUE INDEX cases_uid ON cases (uid)",
    "ALTER TABLE dysfunction_reports ADD COLUMN uid TEXT",
    f"UPDATE dysfunction_reports SET uid = {_UUID_SQL}",
    "CREATE UNIQUE INDEX dysfunction_reports_uid ON dysfunction_reports (uid)",
    """CREATE TABLE transfer_receipts (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        receipt_json TEXT NOT NULL
    )""",
)

MIGRATIONS: tuple[Sequence[str], ...] = (V1, V2, V3, V4, V5)
LATEST = len(MIGRATIONS)
