"""The delays the convention sets, in one place for the store and the documents."""

from __future__ import annotations

# Annexe 1: the CARSAT answers the person by phone within 72 hours.
CARSAT_ANSWER_HOURS = 72
# Volet II §1: the health-insurance social service acknowledges any report within 48 hours.
ACKNOWLEDGEMENT_HOURS = 48
