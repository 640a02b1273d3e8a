"""Dates and moments written as a French reader expects them (Qt-free, used by the
store's receipts and by the person's sheet):
``2026-12-01`` → « mardi 1er décembre 2026 »; ``2026-12-01T17:02:00+00:00`` →
« mardi 1er décembre 2026 à 18:02 » in the desk's local time (Paris)."""

from __future__ import annotations

import datetime as dt

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: dt.date) -> str:
    """« mardi 1er décembre 2026 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def french_moment(iso_text: str) -> str:
    """The stored UTC moment in local time, in words; the text itself if unreadable."""
    try:
        moment = dt.datetime.fromisoformat(iso_text).astimezone()
    except ValueError:
        return iso_text
    return f"{french_date(moment.date())} à {moment.hour:02d}:{moment.minute:02d}"
