"""Fiches being typed, kept in the encrypted store so that « Fermer », Échap or a
crash never loses them; offered again when the fiche is reopened.

They live in the ``drafts`` table (no schema change), one row per fiche:

- ``fiche:<form>`` while the request has no case yet (level 1, before saving);
- ``fiche:<form>:dossier:<case id>`` once it has one (``attach_to_case``).

A case's drafts are destroyed when the case is closed (``Cases.close`` calls
``delete_for_case`` in its transaction and counts them in the receipt); the
request's drafts go with the request (``discard_request``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, update

from asip_desktop.store import schema
from asip_desktop.store.database import run_maintenance

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

PREFIX = "fiche:"
CASE_PART = ":dossier:"


def slot(form_id: str, case_id: int | None = None) -> str:
    return f"{PREFIX}{form_id}" + ("" if case_id is None else f"{CASE_PART}{case_id}")


# autoescape: a form id's « _ » (``fiche_liaison``) is a letter here, not LIKE's wildcard
def case_slots(case_id: int, prefix: str = PREFIX) -> Any:
    """The ``drafts`` rows of a case under ``prefix``: its fiche drafts, or (with
    ``team/pending``'s prefix) the operations kept while the team base was away."""
    column = schema.drafts.c.slot
    return column.startswith(prefix, autoescape=True) & column.endswith(
        f"{CASE_PART}{case_id}", autoescape=True
    )


def _request_slots() -> Any:
    column = schema.drafts.c.slot
    return column.startswith(PREFIX, autoescape=True) & ~column.contains(CASE_PART, autoescape=True)


def count_for_case(conn: Connection, case_id: int, prefix: str = PREFIX) -> int:
    query = select(func.count()).select_from(schema.drafts).where(case_slots(case_id, prefix))
    return int(conn.scalar(query) or 0)


def delete_for_case(conn: Connection, case_id: int, prefix: str = PREFIX) -> int:
    """Delete the case's drafts inside the caller's transaction; how many."""
    where = case_slots(case_id, prefix)
    return int(conn.execute(delete(schema.drafts).where(where)).rowcount or 0)


class FicheDrafts:
    """The fiche drafts of one store. Values are the fiche editor's JSON contract."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # drafts stay on the desk: a desk on the team base keeps them in its local store
        self.engine = getattr(store, "local", store).engine

    def save(self, form_id: str, values: dict[str, Any], case_id: int | None = None) -> None:
        key = slot(form_id, case_id)
        text = json.dumps({"form": form_id, "values": values}, ensure_ascii=False)
        with self.engine.begin() as conn:
            conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == key))
            conn.execute(
                insert(schema.drafts).values(slot=key, updated_at=self.store.now(), data_json=text)
            )

    def load(self, form_id: str, case_id: int | None = None) -> tuple[dict[str, Any], str] | None:
        """The values kept and when they were saved (ISO, UTC), or None."""
        table = schema.drafts
        with self.engine.connect() as conn:
            row = conn.execute(
                select(table.c.data_json, table.c.updated_at).where(
                    table.c.slot == slot(form_id, case_id)
                )
            ).first()
        if row is None:
            return None
        return dict(json.loads(row.data_json)["values"]), str(row.updated_at)

    def forms_with_draft(self, case_id: int | None = None) -> list[str]:
        table = schema.drafts
        where = _request_slots() if case_id is None else case_slots(case_id)
        with self.engine.connect() as conn:
            slots = conn.scalars(select(table.c.slot).where(where)).all()
        return sorted(s[len(PREFIX) :].split(CASE_PART)[0] for s in slots)

    def discard(self, form_id: str, case_id: int | None = None) -> None:
        with self.engine.begin() as conn:
            key = slot(form_id, case_id)
            conn.execute(delete(schema.drafts).where(schema.drafts.c.slot == key))
        run_maintenance(self.engine)

    def discard_request(self) -> None:
        """The request is abandoned: its fiches being typed (no case) go with it."""
        with self.engine.begin() as conn:
            gone = conn.execute(delete(schema.drafts).where(_request_slots())).rowcount
        if gone:
            run_maintenance(self.engine)

    def attach_to_case(self, case_id: int) -> None:
        """The request's case is opened: its fiches being typed now belong to the case
        (and are purged with it)."""
        table = schema.drafts
        with self.engine.begin() as conn:
            for key in conn.scalars(select(table.c.slot).where(_request_slots())).all():
                form_id = key[len(PREFIX) :]
                conn.execute(delete(table).where(table.c.slot == slot(form_id, case_id)))
                conn.execute(
                    update(table).where(table.c.slot == key).values(slot=slot(form_id, case_id))
                )
