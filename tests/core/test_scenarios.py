"""Every scenario written from the convention passes through the engine API."""

from __future__ import annotations

import pytest

from asip_desktop.core.scenarios import actual_of, load_scenarios, replay

SCENARIOS = load_scenarios()


def test_at_least_sixty_five_scenarios():
    assert len(SCENARIOS) >= 65


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(engine, scenario):
    assert actual_of(engine, scenario) == scenario.expected


def test_scenarios_cover_every_rule_service_and_question(engine):
    fired, services, questions = set(), set(), set()
    for s in SCENARIOS:
        result = engine.evaluate(s.answers, level=s.level)
        fired |= {t.rule for t in result.trace}
        services |= set(result.services)
        questions |= {q.id for q in engine.questions_to_ask(s.answers, s.level)}
    assert fired == {r.id for r in engine.rules.rules}
    assert services == set(engine.rules.services)
    assert questions == {q.id for q in engine.rules.questions}


def test_replay_reports_changes(engine):
    s = SCENARIOS[0]
    tampered = type(s)(**{**s.__dict__, "expected": {**s.expected, "urgent": True}})
    [outcome] = replay(engine, [tampered])
    assert not outcome.passed
    assert outcome.changes == ("urgent : attendu oui, obtenu non",)
