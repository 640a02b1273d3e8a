"""The purge receipt's moment in local French words."""

from __future__ import annotations

import time

import pytest

from asip_desktop.french_dates import french_date, french_moment
from asip_desktop.store.values import Destroyed, PurgeReceipt


@pytest.fixture
def paris(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="tzset is POSIX only")
def test_local_french_date_and_time(paris):  # type: ignore[no-untyped-def]
    assert french_moment("2026-12-01T17:02:00+00:00") == "mardi 1er décembre 2026 à 18:02"
    assert french_moment("2026-08-15T22:30:00+00:00") == "dimanche 16 août 2026 à 00:30"  # CEST
    assert french_moment("pas une date") == "pas une date"
    receipt = PurgeReceipt("2026-000012", "2026-03-10T09:30:00+00:00", (Destroyed("notes", 2),))
    text = receipt.to_text()
    assert "Clos et purgé le : mardi 10 mars 2026 à 10:30 (heure locale)" in text
    assert "2026-03-10T09:30" not in text


def test_a_day_in_french_words():  # type: ignore[no-untyped-def]
    import datetime as dt

    assert french_date(dt.date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert french_date(dt.date(2026, 12, 4)) == "vendredi 4 décembre 2026"
    assert french_date(dt.date(2027, 2, 1)) == "lundi 1er février 2027"
