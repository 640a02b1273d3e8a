"""Situations written from the convention, with their expected orientation.

Each file of ``resources/rules/scenarios/`` holds one situation::

    title: "..."            # in French, for the administrator
    reference: "..."        # where the convention says so
    level: 2                # optional, 1 or 2 (default 2)
    answers: {...}
    expected:
      orientations: [service ids, in order]
      forms: [form ids]
      urgent: false
      missing: []           # optional, default []
      consents: [ids]       # optional: compared only when given
      actions:              # optional: the first steps of the plan, compared
        - "accueil: text"   #   only when given ("who: text", exact, in order)

A scenario written for an older rules file replays against a newer one (its
answers are mapped, see core/legacy.py); answers a rules file refuses are
reported as a change, not an error, so ``rules check`` against an older file
lists every scenario it cannot read.

Replaying them against a rules file tells what a new rules file would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from asip_desktop.config import resource_path
from asip_desktop.core.answers import AnswersError
from asip_desktop.core.engine import Engine
from asip_desktop.core.yaml_load import load_yaml
from asip_desktop.errors import UserError

COMPARED = ("orientations", "forms", "urgent", "missing")
OPTIONAL = ("consents", "actions")


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    reference: str
    level: int
    answers: dict[str, Any]
    expected: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    changes: tuple[str, ...]
    actual: dict[str, Any]

    @property
    def passed(self) -> bool:
        return not self.changes


def default_scenarios_dir() -> Path:
    return resource_path("rules", "scenarios")


def load_scenarios(directory: str | Path | None = None) -> list[Scenario]:
    directory = Path(directory) if directory else default_scenarios_dir()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise UserError(f"Aucun scénario (*.yaml) dans {directory}.")
    scenarios = []
    for path in files:
        try:
            data = load_yaml(path.read_text("utf-8"))
            expected = dict(data["expected"])
            expected.setdefault("missing", [])
            scenarios.append(
                Scenario(
                    name=path.stem,
                    title=str(data["title"]),
                    reference=str(data["reference"]),
                    level=int(data.get("level", 2)),
                    answers=dict(data["answers"]),
                    expected={k: expected[k] for k in (*COMPARED, *OPTIONAL) if k in expected},
                )
            )
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise UserError(f"Scénario illisible : {path.name} ({exc!r}).") from None
    return scenarios


def actual_of(engine: Engine, scenario: Scenario) -> dict[str, Any]:
    """What the engine gives, for the keys the scenario expects."""
    result = engine.evaluate(scenario.answers, level=scenario.level)
    actual: dict[str, Any] = {
        "orientations": result.services,
        "forms": list(result.forms),
        "urgent": result.urgent,
        "missing": list(result.missing),
    }
    if "consents" in scenario.expected:
        actual["consents"] = [c.id for c in result.consents]
    if "actions" in scenario.expected:
        plan = [f"{a.who}: {a.text}" for a in result.actions]
        actual["actions"] = plan[: len(scenario.expected["actions"])]
    return actual


def replay(engine: Engine, scenarios: list[Scenario]) -> list[Outcome]:
    outcomes = []
    for s in scenarios:
        try:
            actual = actual_of(engine, s)
        except AnswersError as exc:
            refused = "; ".join(exc.details) if exc.details else str(exc)
            outcomes.append(
                Outcome(
                    scenario=s,
                    changes=(f"réponses refusées par ces règles : {refused}",),
                    actual={},
                )
            )
            continue
        changes = tuple(
            f"{key} : attendu {_fmt(s.expected[key])}, obtenu {_fmt(actual[key])}"
            for key in s.expected
            if s.expected[key] != actual[key]
        )
        outcomes.append(Outcome(scenario=s, changes=changes, actual=actual))
    return outcomes


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]" if value else "[]"
    return str(value)
