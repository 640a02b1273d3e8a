"""Indicators from anonymous rows only, and their CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from asip_desktop.core.engine import Engine
from asip_desktop.store import indicators
from asip_desktop.store.store import Store
from tests.store.conftest import Clock

RETRAITE = {"demande": "droits_retraite", "retraite": "rupture_ressources"}
AIDE = {"demande": "aide_departement", "accompagnement_en_cours": "aucun"}


def close_one(
    store: Store, engine: Engine, answers: dict[str, Any], cdas: str, sent: str | None = None
) -> None:
    case_id = store.cases.create(answers, engine.evaluate(answers).to_dict(), cdas=cdas)
    if sent:
        store.cases.record_sending(case_id, sent, "destinataire", "bluefiles")
    store.cases.close(case_id)


def table(rows: list[indicators.IndicatorRow]) -> dict[tuple[str, str, str], int]:
    return {(r.month, r.cdas, r.indicator): r.value for r in rows}


def test_vocabularies_match_the_rules(engine: Engine) -> None:
    assert tuple(engine.rules.services) == indicators.SERVICES
    demande = engine.rules.question("demande")
    assert tuple(demande.choices) == indicators.DEMAND_KINDS


def test_counts_per_month_and_cdas(store: Store, engine: Engine, clock: Clock) -> None:
    close_one(store, engine, RETRAITE, "CDAS Nord", sent="fiche_liaison_retraite")
    close_one(store, engine, RETRAITE, "CDAS Nord", sent="fiche_liaison_retraite")
    close_one(store, engine, AIDE, "CDAS Sud")
    store.report_dysfunction("reponse_hors_delai", cdas="CDAS Nord")
    open_case = store.cases.create(RETRAITE, engine.evaluate(RETRAITE).to_dict())  # not counted
    clock.advance(days=31)
    close_one(store, engine, RETRAITE, "CDAS Nord")  # opened in April, no form sent
    assert store.cases.get(open_case)

    rows = indicators.compute(store.engine)
    t = table(rows)
    assert t[("2026-03", "CDAS Nord", "dossiers_clos")] == 2
    assert t[("2026-03", "CDAS Nord", "signalements_canal_prioritaire")] == 2
    assert t[("2026-03", "CDAS Nord", "orientations_canal_prioritaire_carsat")] == 2
    assert t[("2026-03", "CDAS Nord", "demandes_droits_retraite")] == 2
    assert t[("2026-03", "CDAS Nord", "dysfonctionnements")] == 1
    assert t[("2026-03", "CDAS Nord", "dysfonctionnements_reponse_hors_delai")] == 1
    assert t[("2026-03", "CDAS Sud", "orientations_cdas_domicile")] == 1
    assert t[("2026-03", "CDAS Sud", "signalements_canal_prioritaire")] == 0
    assert t[("2026-04", "CDAS Nord", "dossiers_clos")] == 1
    assert t[("2026-04", "CDAS Nord", "signalements_canal_prioritaire")] == 0
    # one row per month × CDAS × indicator, always the whole fixed list
    assert len(rows) == 3 * len(indicators.INDICATORS)

    only_april = indicators.compute(store.engine, "2026-04", "2026-04")
    assert {(r.month, r.cdas) for r in only_april} == {("2026-04", "CDAS Nord")}
    assert indicators.compute(store.engine, "2026-05") == []


def test_csv_has_fixed_columns(store: Store, engine: Engine, tmp_path: Path) -> None:
    close_one(store, engine, AIDE, "CDAS « Sud; Est »")
    rows = indicators.compute(store.engine)
    path = tmp_path / "indicateurs.csv"
    indicators.write_csv(rows, path)
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == ["mois", "cdas", "indicateur", "valeur"]
    assert [r[2] for r in parsed[1:]] == list(indicators.INDICATORS)
    assert parsed[1] == ["2026-03", "CDAS « Sud; Est »", "dossiers_clos", "1"]
