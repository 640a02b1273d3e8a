"""Moments written as a French reader expects them, in the desk's local time:
``2026-12-01T17:02:00+00:00`` → « mardi 1er décembre 2026 à 18:02 » (Paris)."""

from __future__ import annotations

from datetime import datetime

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


def french_moment(iso_text: str) -> str:
    """The stored UTC moment in local time, in words; the text itself if unreadable."""
    try:
        moment = datetime.fromisoformat(iso_text).astimezone()
    except ValueError:
        return iso_text
    day = "1er" if moment.day == 1 else str(moment.day)
    return (
        f"{DAYS[moment.weekday()]} {day} {MONTHS[moment.month - 1]} {moment.year} "
        f"à {moment.hour:02d}:{moment.minute:02d}"
    )
