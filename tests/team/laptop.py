"""A permanence laptop for the transfer tests: enrolled in its CDAS's team base
(``--permanence``), its cases on its local store."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from asip_desktop.store.store import Store
from asip_desktop.team import membership
from asip_desktop.team.store import TeamStore
from tests.store.seed import person
from tests.team.conftest import PASSPHRASE, Team

ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}
CDAS = "CDAS de Saint-Malo"


class Laptop:
    def __init__(self, team: Team, folder: Path, cdas: str = CDAS) -> None:
        self.folder = folder
        self.member = membership.join(
            team.url, team.cdas(cdas), PASSPHRASE, folder, permanence=True
        )
        self.local = Store.open(folder)
        self.local.set_setting("cdas_emetteur", cdas)
        self.team = TeamStore(self.member, self.local)
        team.opened.append(self.team)

    def new_case(self, engine: Any, **kwargs: Any) -> int:
        result = engine.evaluate(ANSWERS).to_dict()
        return int(self.local.cases.create(ANSWERS, result, **kwargs))

    def seed(self, engine: Any, rng: random.Random, n: int = 3) -> list[dict[str, str]]:
        """``n`` open cases (forms, sendings, notes, a copy), one closed case, one report."""
        people = []
        for i in range(n):
            p = person(rng, i)
            people.append(p)
            case_id = self.new_case(engine, person=p)
            self.local.cases.add_note(case_id, f"Appel de {p['prenom']}")
            if i % 2 == 0:
                self.local.cases.add_form(
                    case_id, "fiche_liaison_retraite", f"PDF {p['nir']}".encode()
                )
                self.local.cases.record_sending(
                    case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles"
                )
                self.local.cases.record_saved_copy(case_id, str(self.folder / f"copie-{i}.pdf"))
        closed = self.new_case(engine, person=person(rng, 99))
        self.local.cases.close(closed)
        self.local.report_dysfunction("reponse_hors_delai")
        return people

    def uids(self) -> set[str]:
        with self.local.engine.connect() as conn:
            return set(conn.exec_driver_sql("SELECT uid FROM cases").scalars())

    def anonymous_ids(self) -> tuple[set[int], set[str]]:
        with self.local.engine.connect() as conn:
            return (
                set(conn.exec_driver_sql("SELECT id FROM indicators").scalars()),
                set(conn.exec_driver_sql("SELECT uid FROM dysfunction_reports").scalars()),
            )


def server_counts(url: str, table: str, column: str, values: set[Any]) -> dict[Any, int]:
    """How many rows of the team base hold each value (the superuser sees every CDAS)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT {column}, count(*) FROM asip.{table} GROUP BY 1"))
            found = {r[0]: r[1] for r in rows}
    finally:
        engine.dispose()
    return {v: int(found.get(v, 0)) for v in values}
