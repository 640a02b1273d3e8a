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

Replaying them against a rules file tells what a new rules file would change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from asip_desktop.config import resource_path
from asip_desktop.core.engine import Engine
from asip_desktop.core.yaml_load import load_yaml
from asip_desktop.errors import UserError

COMPARED = ("orientations", "forms", "urgent", "missing")


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
                    expected={k: expected[k] for k in COMPARED},
                )
            )
        except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            raise UserError(f"Scénario illisible : {path.name} ({exc!r}).") from None
    return scenarios


def actual_of(engine: Engine, scenario: Scenario) -> dict[str, Any]:
    result = engine.evaluate(scenario.answers, level=scenario.level)
    return {
        "orientations": result.services,
        "forms": list(result.forms),
        "urgent": result.urgent,
        "missing": list(result.missing),
    }


def replay(engine: Engine, scenarios: list[Scenario]) -> list[Outcome]:
    outcomes = []
    for s in scenarios:
        actual = actual_of(engine, s)
        changes = tuple(
            f"{key} : attendu {_fmt(s.expected[key])}, obtenu {_fmt(actual[key])}"
            for key in COMPARED
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
