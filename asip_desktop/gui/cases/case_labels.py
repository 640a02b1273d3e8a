"""French labels for what the store hands out: services, demands, answers, dates,
deadlines and indicators. Labels come from the rules file (services, question
choices) and from ``store/values.py``; nothing here touches a widget."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from asip_desktop.core.answers import DEMAND_SEPARATOR, get_answer
from asip_desktop.core.conditions import MISSING
from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.widgets.colors import ERROR_COLOR
from asip_desktop.store.values import DYSFUNCTION_KINDS, STATUS_LABELS, Deadline

OVERDUE_WORDS = "En retard"
OVERDUE_COLOR = ERROR_COLOR  # never the only signal: « en retard » is written too

SHORT_DEADLINE_LABELS = {
    "reponse_carsat_72h": "Réponse CARSAT (72 h)",
    "accuse_reception_48h": "Accusé de réception (48 h)",
}


def service_label(rules: RuleSet, service: str) -> str:
    return rules.services.get(service, service)


def form_label(rules: RuleSet, form: str) -> str:
    return rules.forms.get(form, form)


def demand_label(rules: RuleSet, kind: str) -> str:
    """One demand's label, or several joined by « + » (rules 2026.2)."""
    if not rules.has_question("demande"):
        return kind
    choices = rules.question("demande").choices
    return " + ".join(choices.get(k, k) for k in kind.split(DEMAND_SEPARATOR))


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@lru_cache(maxsize=4096)
def when(iso_text: str | None) -> str:
    """``2026-03-10T09:30:00+00:00`` → ``10/03/2026 09:30`` (local time)."""
    if not iso_text:
        return ""
    m = datetime.fromisoformat(iso_text).astimezone()
    return f"{m.day:02d}/{m.month:02d}/{m.year} {m.hour:02d}:{m.minute:02d}"


def month_label(month: str) -> str:
    """``2026-03`` → ``03/2026``."""
    year, _, number = month.partition("-")
    return f"{number}/{year}" if number else month


@dataclass(frozen=True)
class DeadlineState:
    deadline: Deadline
    overdue: bool

    @property
    def text(self) -> str:
        name = SHORT_DEADLINE_LABELS.get(self.deadline.kind, self.deadline.label)
        if self.deadline.done_at:
            return f"{name} : faite le {when(self.deadline.done_at)}"
        if self.overdue:  # the words first: a narrow column cuts the end of the text
            return f"{OVERDUE_WORDS} : {name}, prévue avant le {when(self.deadline.due_at)}"
        return f"{name} : avant le {when(self.deadline.due_at)}"


def deadline_state(deadline: Deadline, now_iso: str) -> DeadlineState:
    overdue = deadline.done_at is None and deadline.due_at < now_iso
    return DeadlineState(deadline, overdue)


def answer_value(rules: RuleSet, qid: str, value: Any) -> str:
    question = rules.question(qid)
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return ", ".join(question.choices.get(v, v) for v in value) or "aucune"
    return question.choices.get(str(value), str(value))


def answer_lines(rules: RuleSet, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(question text, answer label) for every question answered, in the rules' order."""
    lines = []
    for question in rules.questions:
        value = get_answer(answers, question.id)
        if value is not MISSING:
            lines.append((question.text, answer_value(rules, question.id, value)))
    return lines


def indicator_label(rules: RuleSet, name: str) -> str:
    fixed = {
        "dossiers_clos": "Dossiers clos",
        "signalements_canal_prioritaire": "Signalements par le canal de contact privilégié",
        "fiches_detection_envoyees": "Fiches de détection envoyées",
        "dysfonctionnements": "Dysfonctionnements signalés",
    }
    if name in fixed:
        return fixed[name]
    for prefix, label in (
        ("orientations_", lambda s: f"Orientation : {service_label(rules, s)}"),
        ("demandes_", lambda s: f"Demande : {demand_label(rules, s)}"),
        ("dysfonctionnements_", lambda s: f"Dysfonctionnement : {DYSFUNCTION_KINDS.get(s, s)}"),
    ):
        if name.startswith(prefix):
            return label(name[len(prefix) :])
    return name
