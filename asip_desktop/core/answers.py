"""The answers vocabulary: validation, and dotted access to nested answers.

Answers are a JSON object; nested questions use dotted ids (``sante.statut``
is ``{"sante": {"statut": ...}}``). Validation names the key and the allowed
values in French, and reports every problem at once.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from asip_desktop.core.conditions import MISSING
from asip_desktop.core.ruleset import RuleSet
from asip_desktop.errors import UserError

Answers = dict[str, Any]


class AnswersError(UserError):
    """Answers that do not fit the vocabulary; ``details`` lists each problem."""


def get_answer(answers: Mapping[str, Any], qid: str) -> Any:
    """The value at a dotted id, or MISSING."""
    node: Any = answers
    for part in qid.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return MISSING
        node = node[part]
    return node


def set_answer(answers: Answers, qid: str, value: Any) -> None:
    parts = qid.split(".")
    node = answers
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def remove_answer(answers: Answers, qid: str) -> None:
    parts = qid.split(".")
    node: Any = answers
    for part in parts[:-1]:
        node = node.get(part)
        if not isinstance(node, dict):
            return
    node.pop(parts[-1], None)
    if len(parts) > 1 and not node:
        remove_answer(answers, ".".join(parts[:-1]))


def validate_answers(rules: RuleSet, raw: Any) -> Answers:
    """Return a deep copy of ``raw`` if it fits the vocabulary, else raise."""
    if not isinstance(raw, Mapping):
        raise AnswersError(
            'Les réponses doivent être un objet JSON, par exemple {"demande": "aide_departement"}.'
        )
    problems: list[str] = []
    _check_level(rules, raw, "", problems)
    if problems:
        raise AnswersError("Réponses invalides :", problems)
    return copy.deepcopy(dict(raw))


def _check_level(rules: RuleSet, node: Mapping[str, Any], prefix: str, problems: list[str]) -> None:
    groups = {q.id.split(".")[0] for q in rules.questions if "." in q.id}
    here = sorted(
        {q.id[len(prefix) :].split(".")[0] for q in rules.questions if q.id.startswith(prefix)}
    )
    for key, value in node.items():
        full = f"{prefix}{key}"
        if not isinstance(key, str) or key not in here:
            problems.append(f"clé inconnue « {full} » (clés acceptées : {', '.join(here)})")
            continue
        if not prefix and key in groups:
            if not isinstance(value, Mapping):
                subkeys = [q.id for q in rules.questions if q.id.startswith(key + ".")]
                problems.append(
                    f"« {full} » doit être un objet avec les clés : "
                    + ", ".join(s.split(".", 1)[1] for s in subkeys)
                )
            else:
                _check_level(rules, value, full + ".", problems)
            continue
        q = rules.question(full)
        if not q.allows(value):
            from asip_desktop.core.legacy import WERE_SINGLE_CHOICE  # legacy imports this module

            expected = q.expected(single_too=full in WERE_SINGLE_CHOICE)
            problems.append(f"« {full} » : valeur {_show(value)} non reconnue, attendu {expected}")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"« {value} »"
    if value is None:
        return "vide (null)"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return f"« {value} »"


DEMAND_SEPARATOR = "+"


def demand_kind(answers: Mapping[str, Any]) -> str:
    """The demand(s) as one indicator value: ``aide_departement``, or several joined by
    ``+`` (``droits_retraite+accompagnement_social``); a 2026.1 single string as is."""
    value = answers.get("demande")
    if isinstance(value, str) and value:
        return value
    if isinstance(value, list) and value:
        return DEMAND_SEPARATOR.join(str(v) for v in value)
    return "inconnue"
