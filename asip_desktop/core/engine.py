"""The orientation engine: answers in, ordered orientations out.

All branching comes from the rules file. The engine also says which questions
are still to be asked (``questions_to_ask``) so that the wizard never holds
branching logic of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from asip_desktop.core.answers import Answers, get_answer, validate_answers
from asip_desktop.core.conditions import MISSING, evaluate
from asip_desktop.core.legacy import upgrade_answers
from asip_desktop.core.result import (
    Action,
    Consent,
    Orientation,
    OrientationResult,
    TraceEntry,
    Warning_,
)
from asip_desktop.core.ruleset import Question, Rule, RuleSet, load_rules

LEVELS = (1, 2)


class Engine:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    @classmethod
    def load(cls, path: str | Path | None = None, use_memo: bool = True) -> Engine:
        return cls(load_rules(path, use_memo=use_memo))

    # --- the questions -----------------------------------------------------

    def _lookup(self, answers: Mapping[str, Any]) -> Any:
        def lookup(qid: str) -> Any:
            value = get_answer(answers, qid)
            if value is MISSING and self.rules.has_question(qid):
                q = self.rules.question(qid)
                if q.has_default:
                    return q.default
            return value

        return lookup

    def questions_to_ask(self, answers: Mapping[str, Any], level: int = 2) -> list[Question]:
        """The questions that apply to these answers at this level, in order.

        A question applies when its ``ask_when`` is certainly true; answered
        questions stay in the list (the wizard shows them when going back).
        """
        lookup = self._lookup(self.upgrade(answers))
        return [
            q
            for q in self.rules.questions
            if level in q.levels
            and (q.ask_when is None or evaluate(q.ask_when, lookup, self.rules.definitions) is True)
        ]

    def missing(self, answers: Mapping[str, Any], level: int = 2) -> list[str]:
        """Questions that apply, have no answer and no default.

        A list question with no default (``demande``) answered with an empty
        list is still to be answered.
        """
        answers = self.upgrade(answers)
        return [
            q.id
            for q in self.questions_to_ask(answers, level)
            if not q.has_default and get_answer(answers, q.id) in (MISSING, [])
        ]

    def upgrade(self, answers: Mapping[str, Any]) -> Any:
        """Answers written for an older rules version, in this file's vocabulary."""
        return upgrade_answers(self.rules, answers)

    # --- the orientation ---------------------------------------------------

    def validate(self, raw: Any) -> Answers:
        return validate_answers(self.rules, self.upgrade(raw))

    def evaluate(self, raw: Any, level: int = 2) -> OrientationResult:
        """Validate ``raw`` answers and return the orientation.

        Raises AnswersError on answers outside the vocabulary.
        """
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}")
        answers = self.validate(raw)
        lookup = self._lookup(answers)
        fired = [
            r for r in self.rules.rules if evaluate(r.when, lookup, self.rules.definitions) is True
        ]

        merged: dict[str, dict[str, Any]] = {}
        for rule in fired:
            for spec in rule.orientations:
                ref = self.rules.reference_text(rule.references)
                entry = merged.get(spec.service)
                if entry is None:
                    merged[spec.service] = {
                        "priority": spec.priority,
                        "reasons": [spec.reason],
                        "references": [ref],
                        "rules": [rule.id],
                    }
                    continue
                entry["priority"] = min(entry["priority"], spec.priority)
                entry["rules"].append(rule.id)
                if spec.reason not in entry["reasons"]:
                    entry["reasons"].append(spec.reason)
                if ref not in entry["references"]:
                    entry["references"].append(ref)
        order = {s: i for i, s in enumerate(self.rules.services)}
        orientations = tuple(
            Orientation(
                service=service,
                label=self.rules.services[service],
                reason=" ".join(e["reasons"]),
                reference=" ; ".join(e["references"]),
                priority=e["priority"],
                rules=tuple(e["rules"]),
            )
            for service, e in sorted(
                merged.items(), key=lambda kv: (kv[1]["priority"], order[kv[0]])
            )
        )

        forms: list[str] = []
        prefill: dict[str, dict[str, Any]] = {}
        warnings: list[Warning_] = []
        for rule in fired:
            forms += [f for f in rule.forms if f not in forms]
            for form, values in rule.prefill.items():
                prefill.setdefault(form, {}).update(values)
            ref = self.rules.reference_text(rule.references)
            warnings += [Warning_(text=w, reference=ref, rule=rule.id) for w in rule.warnings]

        return OrientationResult(
            actions=self._actions(fired),
            consents=self._consents(fired),
            orientations=orientations,
            forms=tuple(forms),
            urgent=any(r.urgent for r in fired),
            warnings=tuple(warnings),
            missing=tuple(self.missing(answers, level)),
            rules_version=self.rules.version,
            rules_sha256=self.rules.sha256,
            trace=tuple(
                TraceEntry(rule=r.id, reference=self.rules.reference_text(r.references))
                for r in fired
            ),
            prefill=prefill,
        )

    def _actions(self, fired: list[Rule]) -> tuple[Action, ...]:
        """The action plan: every fired rule's actions, by ``order`` then file order.

        The same (who, text) twice is said once, at its first place.
        """
        specs = sorted(
            (
                (spec.order, index, spec, rule)
                for index, (rule, spec) in enumerate(
                    (rule, spec) for rule in fired for spec in rule.actions
                )
            ),
            key=lambda item: (item[0], item[1]),
        )
        seen: set[tuple[str, str]] = set()
        actions: list[Action] = []
        for _, _, spec, rule in specs:
            if (spec.who, spec.text) in seen:
                continue
            seen.add((spec.who, spec.text))
            refs = spec.references or rule.references
            actions.append(
                Action(
                    step=len(actions) + 1,
                    who=spec.who,
                    text=spec.text,
                    reference=self.rules.reference_text(refs),
                )
            )
        return tuple(actions)

    def _consents(self, fired: list[Rule]) -> tuple[Consent, ...]:
        consents: dict[str, Consent] = {}
        for rule in fired:
            for cid in rule.consents:
                consents.setdefault(
                    cid,
                    Consent(
                        id=cid,
                        text=self.rules.consents[cid],
                        reference=self.rules.reference_text(rule.references),
                    ),
                )
        return tuple(consents.values())
