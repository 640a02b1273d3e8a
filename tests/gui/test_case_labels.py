"""Case labels read the demand kinds stored since rules 2026.2 (several demands)."""

from __future__ import annotations

from asip_desktop.gui.cases.case_labels import demand_label


def test_one_demand_and_several(engine):
    assert demand_label(engine.rules, "aide_departement") == (
        "Une aide ou un domaine d'intervention du Département"
    )
    assert demand_label(engine.rules, "droits_retraite+accompagnement_social") == (
        "Ses droits ou prestations retraite (CARSAT) + Un besoin d'accompagnement social"
    )
    assert demand_label(engine.rules, "inconnue") == "inconnue"
