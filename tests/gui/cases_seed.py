"""Seed the real store of a GUI test window with cases (fictional people)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from reportlab.pdfgen import canvas

from asip_desktop.store.store import Store

CDAS = "CDAS de Test-Ville"
PERSON = {
    "nom_naissance": "Fictif-Le Goff",
    "prenom": "Annaïg",
    "nir": "285073599999999",
    "telephone": "06 00 00 00 99",
}
RETIREMENT = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def open_store(window: Any) -> Store:
    store = window.store_access.open_now()
    assert store is not None, window.store_access.error
    store.set_setting("cdas_emetteur", CDAS)
    return store


def tiny_pdf(text: str = "Fiche de test") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def new_case(store: Store, engine: Any, answers: dict[str, Any] | None = None, **kw: Any) -> int:
    answers = answers or RETIREMENT
    return store.cases.create(answers, engine.evaluate(answers).to_dict(), **kw)


def overdue_case(store: Store, engine: Any) -> int:
    """A case whose fiche de liaison was sent four days ago: the 72 h answer is late."""
    case_id = new_case(store, engine, person=PERSON)
    store.cases.add_form(case_id, "fiche_liaison_retraite", tiny_pdf())
    sent = datetime.now(UTC) - timedelta(days=4)
    store.cases.record_sending(
        case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles", sent_at=sent
    )
    return case_id
