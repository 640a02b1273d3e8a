"""Answers written for rules 2026.1 keep working under 2026.2 (core/legacy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from asip_desktop.core.answers import AnswersError
from asip_desktop.core.engine import Engine
from asip_desktop.core.scenarios import load_scenarios

FIXTURES = Path(__file__).parent / "fixtures"
OLD_RULES = FIXTURES / "orientation-2026.1.yaml"


@pytest.fixture(scope="module")
def old_engine():
    return Engine.load(OLD_RULES, use_memo=False)


def test_a_single_demand_string_reads_as_a_list(engine):
    old = engine.evaluate({"demande": "aide_departement"})
    new = engine.evaluate({"demande": ["aide_departement"]})
    assert old.to_dict() == new.to_dict()
    assert engine.upgrade({"demande": "aide_departement"}) == {"demande": ["aide_departement"]}


def test_upgrade_never_touches_the_callers_answers(engine):
    answers = {"demande": "accompagnement_social", "sante": {"statut": "retraite"}}
    engine.upgrade(answers)
    assert answers == {"demande": "accompagnement_social", "sante": {"statut": "retraite"}}


def test_an_unknown_single_string_is_still_refused_with_the_field_named(engine):
    with pytest.raises(AnswersError) as exc:
        engine.evaluate({"demande": "pension"})
    assert "« demande » : valeur « pension » non reconnue" in str(exc.value)


def test_other_list_questions_still_want_a_list(engine):
    with pytest.raises(AnswersError, match="urgences"):
        engine.evaluate({"urgences": "aide_alimentaire"})


def test_old_forte_rupture_of_a_working_person_moves_to_the_repercussions_question(engine):
    old = {
        "demande": "accompagnement_social",
        "accompagnement_en_cours": "aucun",
        "sante": {
            "lien_sante": True,
            "statut": "travailleur_independant",
            "risque_emploi": False,
            "rupture_sante": True,
        },
        "autonome": True,
    }
    assert engine.upgrade(old)["sante"] == {
        "lien_sante": True,
        "statut": "travailleur_independant",
        "risque_emploi": False,
        "repercussions": True,
    }
    assert engine.evaluate(old).services == ["service_social_assurance_maladie"]
    assert engine.missing(old) == []


def test_a_retirees_forte_rupture_stays_where_it_is(engine):
    answers = {"sante": {"statut": "retraite", "rupture_sante": False}}
    assert engine.upgrade(answers) == answers


def test_the_old_rules_file_reads_its_own_answers_unchanged(old_engine):
    # no mapping applies when the rules file lacks the question mapped to
    answers = {
        "demande": "droits_retraite",
        "sante": {"statut": "salarie_regime_general", "rupture_sante": True},
    }
    assert old_engine.upgrade(answers) == answers


def test_the_2026_1_scenarios_give_the_same_result_under_both_files(engine, old_engine):
    """Scenarios 01-40 were written for 2026.1: their answers are read by both
    files, and only the four changes listed in docs/rules.md differ."""
    old_scenarios = [s for s in load_scenarios() if int(s.name[:2]) <= 40]
    assert len(old_scenarios) == 40
    changed = set()
    for s in old_scenarios:
        before = old_engine.evaluate(s.answers, level=s.level)
        after = engine.evaluate(s.answers, level=s.level)
        if (before.services, before.forms, before.urgent, before.missing) != (
            after.services,
            after.forms,
            after.urgent,
            after.missing,
        ):
            changed.add(s.name)
    assert changed == {
        "30-accompagnee-autre",
        "32-urgence-sans-logement-referent",
        "36-coupure-energie-incomplet",
        "37-niveau-1-ssam",
    }


def test_demand_kind_for_the_indicators_keeps_2026_1_values():
    from asip_desktop.core.answers import demand_kind

    assert demand_kind({"demande": "aide_departement"}) == "aide_departement"
    assert demand_kind({"demande": ["aide_departement"]}) == "aide_departement"
    assert (
        demand_kind({"demande": ["droits_retraite", "accompagnement_social"]})
        == "droits_retraite+accompagnement_social"
    )
    assert demand_kind({}) == demand_kind({"demande": []}) == "inconnue"
