"""The anonymous row a closed case leaves for the convention's indicators, built the same
way on the desk's local store and on the team base: the month the case was opened, the
CDAS, the kind of request, the services it was oriented to, the channels and the forms
of its sendings. Nothing else: no number, no date, no person."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any


def services(result: Mapping[str, Any]) -> tuple[str, ...]:
    """The services an orientation result sends the person to, in its order."""
    return tuple(str(o["service"]) for o in result.get("orientations", []))


def anonymous_row(
    created_at: str,
    cdas: str,
    demand_kind: str,
    result: Mapping[str, Any],
    sendings: Iterable[tuple[str, str]],
) -> dict[str, Any]:
    """The row, from the case's ``result`` and its sendings as (what, channel) pairs."""
    sent = list(sendings)
    return {
        "month": created_at[:7],
        "cdas": cdas,
        "demand_kind": demand_kind,
        "services": sorted(set(services(result))),
        "channels": sorted({channel for _what, channel in sent}),
        "forms_sent": sorted({what for what, _channel in sent if what != "orientation"}),
    }


def insert_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """The ``indicators`` table's columns for ``row`` (either store's table)."""
    return {
        # a random id: the rows do not follow the order of the receipts
        "id": secrets.randbelow(2**62) + 1,
        "month": row["month"],
        "cdas": row["cdas"],
        "demand_kind": row["demand_kind"],
        "services_json": json.dumps(row["services"]),
        "channels_json": json.dumps(row["channels"]),
        "forms_sent_json": json.dumps(row["forms_sent"]),
    }
