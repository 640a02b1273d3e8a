"""Answers written for an older rules version, read in the current vocabulary.

The one place where answers stored under rules 2026.1 (cases, drafts, scenario
files, scripts) are mapped, applied before validation and before choosing the
questions to ask. Each mapping applies only when the rules file has the
question it maps to, so an older rules file reads its own answers unchanged
(``rules check`` against the 2026.1 file).

2026.1 → 2026.2:

- ``demande`` was one choice, it is a list: ``"droits_retraite"`` reads as
  ``["droits_retraite"]`` (only a known choice: anything else is left for
  validation to refuse with its usual message);
- ``sante.rupture_sante`` asked everyone "forte rupture"; it is now the
  retirees' question only. For a person whose ``sante.statut`` is given and is
  not ``retraite``, the answer moves to ``sante.repercussions`` (the SPS
  question worded for working people).

Every other 2026.1 answer (statuses, urgences, ``autonome``…) is still valid.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from asip_desktop.core.answers import get_answer, set_answer
from asip_desktop.core.ruleset import MULTI, RuleSet

# Questions that took one choice in 2026.1 and take a list since 2026.2.
WERE_SINGLE_CHOICE = ("demande",)


def upgrade_answers(rules: RuleSet, raw: Any) -> Any:
    """A copy of ``raw`` in the rules' vocabulary; anything else is returned as is."""
    if not isinstance(raw, Mapping):
        return raw
    answers: dict[str, Any] = copy.deepcopy(dict(raw))
    for qid in WERE_SINGLE_CHOICE:
        value = get_answer(answers, qid)
        if not (isinstance(value, str) and rules.has_question(qid)):
            continue
        question = rules.question(qid)
        if question.type == MULTI and value in question.choices:
            set_answer(answers, qid, [value])
    sante = answers.get("sante")
    if (
        rules.has_question("sante.repercussions")
        and isinstance(sante, dict)
        and "rupture_sante" in sante
        and "repercussions" not in sante
        and sante.get("statut") not in (None, "retraite")
    ):
        sante["repercussions"] = sante.pop("rupture_sante")
    return answers
