"""The orientation result: a plain value, JSON-ready, that the GUI, the store
and the documents read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Orientation:
    service: str
    label: str
    reason: str
    reference: str
    priority: int
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Warning_:
    text: str
    reference: str
    rule: str


@dataclass(frozen=True)
class Action:
    """One step of the action plan: what to do now, in the order given.

    ``who`` is one of ``"accueil"`` (the reception agent), ``"travailleur_social"``
    or ``"personne"`` (what the person does: the orientation sheet is written from
    these). ``text`` is written for a level-1 agent; ``reference`` is the
    convention's section, as in the rules file's ``references``.
    """

    step: int
    who: str
    text: str
    reference: str


ACTION_WHO = ("accueil", "travailleur_social", "personne")


@dataclass(frozen=True)
class Consent:
    """An agreement the person gives for this orientation (a fiche, a co-intervention)."""

    id: str
    text: str
    reference: str


@dataclass(frozen=True)
class TraceEntry:
    rule: str
    reference: str


@dataclass(frozen=True)
class OrientationResult:
    orientations: tuple[Orientation, ...]
    forms: tuple[str, ...]
    urgent: bool
    warnings: tuple[Warning_, ...]
    missing: tuple[str, ...]
    rules_version: str
    rules_sha256: str
    trace: tuple[TraceEntry, ...]
    prefill: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: tuple[Action, ...] = ()
    consents: tuple[Consent, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def services(self) -> list[str]:
        return [o.service for o in self.orientations]

    def actions_for(self, who: str) -> list[Action]:
        return [a for a in self.actions if a.who == who]

    def to_dict(self) -> dict[str, Any]:
        return {
            "orientations": [{**asdict(o), "rules": list(o.rules)} for o in self.orientations],
            "forms": list(self.forms),
            "urgent": self.urgent,
            "warnings": [asdict(w) for w in self.warnings],
            "missing": list(self.missing),
            "actions": [asdict(a) for a in self.actions],
            "consents": [asdict(c) for c in self.consents],
            "prefill": self.prefill,
            "rules": {"version": self.rules_version, "sha256": self.rules_sha256},
            "trace": [asdict(t) for t in self.trace],
        }
