"""The orientation as the agent reads it, in the order they act on it.

1. an urgent banner that cannot be missed, then the action plan: numbered, the
   first step in large type (``OrientationResult.actions``; before the rules give
   actions, the orientations and fiches are turned into steps);
2. a slot for the fiches and their state (the wizard's result page puts them there);
3. the places, each with its reason and its contacts inline;
4. what is left to ask, then « À savoir ».

References are in small type; rule ids and hashes are only in « Pourquoi ? ».
Shared by the wizard's result page and the expert mode: the same words in both.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from asip_desktop.core.result import Action, OrientationResult
from asip_desktop.core.ruleset import RuleSet
from asip_desktop.gui.request.orientation_contacts import OrientationContacts, plain
from asip_desktop.gui.widgets.colors import ERROR_COLOR

WHO = {"accueil": "Accueil", "travailleur_social": "Travailleur social", "personne": "La personne"}
URGENT_TEXT = "⚠ Situation urgente : à traiter maintenant, avant toute autre demande."
URGENT_STYLE = (
    f"background: {ERROR_COLOR}; color: white; font-weight: bold; padding: 8px; border-radius: 4px;"
)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
FIRST_STEP_SCALE = 1.35


def plan_of(result: OrientationResult, rules: RuleSet) -> list[Action]:
    """The action plan: the rules' own, or (until they give one) the orientations in
    order, the fiches to fill and the orientation sheet, as steps."""
    if result.actions:
        return sorted(result.actions, key=lambda a: a.step)
    steps: list[tuple[str, str, str]] = []
    for orientation in result.orientations:
        # the reference is with the place, below: not twice
        steps.append(("accueil", f"Orienter vers : {orientation.label}", ""))
    for form in result.forms:
        name = rules.forms.get(form, form).split(" (")[0]
        steps.append(("accueil", f"Remplir la {name[0].lower()}{name[1:]} avec la personne", ""))
    if result.orientations:
        steps.append(("accueil", "Remettre la feuille d'orientation à la personne", ""))
    return [Action(n, who, text, ref) for n, (who, text, ref) in enumerate(steps, start=1)]


def _small(text: str) -> str:
    return f"<br><small>{escape(text)}</small>" if text else ""


def _label(name: str, html: str = "") -> QLabel:
    label = QLabel(html)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(SELECTABLE)
    return label


class ResultView(QWidget):
    def __init__(self, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        self.result: OrientationResult | None = None
        self.setAccessibleName("Orientation proposée")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # which rules gave this orientation, first (the yearly file may have changed)
        self.rules_line = _label("regles-orientation")
        self.rules_line.setAccessibleName("Règles d'orientation utilisées")
        layout.addWidget(self.rules_line)
        self.banner = _label("bandeau-urgence", escape(URGENT_TEXT))
        self.banner.setStyleSheet(URGENT_STYLE)
        self.banner.setAccessibleName("Situation urgente")
        self.plan_title = _label("titre-plan", "<h3>À faire maintenant</h3>")
        self.first_step = _label("premiere-etape")
        self.first_step.setAccessibleName("Première étape")
        font = QFont(self.first_step.font())
        font.setPointSizeF(font.pointSizeF() * FIRST_STEP_SCALE)
        font.setBold(True)
        self.first_step.setFont(font)
        self.next_steps = _label("etapes-suivantes")
        self.next_steps.setAccessibleName("Étapes suivantes")
        for widget in (self.banner, self.plan_title, self.first_step, self.next_steps):
            layout.addWidget(widget)
        self.after_plan = QVBoxLayout()  # the fiches and their state, on the result page
        layout.addLayout(self.after_plan)
        self.places_title = _label("titre-lieux", "<h3>Où orienter, dans cet ordre</h3>")
        layout.addWidget(self.places_title)
        self.contacts = OrientationContacts()
        layout.addWidget(self.contacts)
        self.missing = _label("reste-a-preciser")
        self.to_know = _label("a-savoir")
        self.to_know.setAccessibleName("À savoir")
        self.footer = _label("version-regles")
        for widget in (self.missing, self.to_know, self.footer):
            layout.addWidget(widget)
        self.show_result(None)

    def show_result(self, result: OrientationResult | None) -> None:
        self.result = result
        self.rules_line.setVisible(result is not None)
        self.rules_line.setText(
            f"<small>Orientation selon les règles version <b>{escape(result.rules_version)}</b>"
            "</small>"
            if result is not None
            else ""
        )
        self.banner.setVisible(bool(result and result.urgent))
        plan = plan_of(result, self.rules) if result is not None else []
        self.plan_title.setVisible(bool(plan))
        first, *rest = plan or [None]
        self.first_step.setVisible(first is not None)
        if first is not None:
            self.first_step.setText(
                f"1. {escape(first.text)}<br><span style='font-weight: normal; font-size: small'>"
                f"{escape(WHO.get(first.who, first.who))}"
                + (f" — {escape(first.reference)}" if first.reference else "")
                + "</span>"
            )
        self.next_steps.setVisible(bool(rest))
        self.next_steps.setText(
            f"<ol start='{rest[0].step if rest else 2}'>"
            + "".join(
                f"<li>{escape(a.text)}<br><small>{escape(WHO.get(a.who, a.who))}"
                + (f" — {escape(a.reference)}" if a.reference else "")
                + "</small></li>"
                for a in rest
            )
            + "</ol>"
        )
        orientations = result.orientations if result is not None else ()
        self.places_title.setVisible(bool(orientations))
        self.contacts.show_result(result)
        if result is not None and not orientations:
            self.places_title.setVisible(True)
            self.places_title.setText(
                "<h3>Où orienter</h3><p>Aucune orientation ne peut encore être proposée.</p>"
            )
        else:
            self.places_title.setText("<h3>Où orienter, dans cet ordre</h3>")
        asked = [self.rules.question(q).text for q in (result.missing if result else ())]
        self.missing.setVisible(bool(asked))
        self.missing.setText(
            "<b>Reste à préciser :</b> " + ", ".join(escape(q) for q in asked) if asked else ""
        )
        warnings = result.warnings if result is not None else ()
        self.to_know.setVisible(bool(warnings))
        self.to_know.setText(
            "<h3>À savoir</h3><ul>"
            + "".join(f"<li>{escape(w.text)}{_small(w.reference)}</li>" for w in warnings)
            + "</ul>"
        )
        self.footer.setVisible(result is not None)
        self.footer.setText(
            f"<small>Règles d'orientation version {escape(result.rules_version)}.</small>"
            if result is not None
            else ""
        )

    def plain_text(self) -> str:
        """Everything shown, as text (for tests and the screen reader's summary)."""
        parts = [
            w.text()
            for w in (
                self.rules_line,
                self.banner,
                self.first_step,
                self.next_steps,
                self.places_title,
            )
            if not w.isHidden()
        ]
        parts.append(self.contacts.plain_text())
        parts += [w.text() for w in (self.missing, self.to_know, self.footer) if not w.isHidden()]
        return "\n".join(plain(p) for p in parts)
