"""« Pourquoi cette orientation ? »: reasons, convention references, rules version."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from asip_desktop.core.result import OrientationResult
from asip_desktop.core.ruleset import RuleSet


def why_html(result: OrientationResult, rules: RuleSet) -> str:
    parts = ["<h3>Pourquoi cette orientation ?</h3>"]
    if not result.trace:
        parts.append("<p>Aucune règle ne s'applique encore : des questions restent à poser.</p>")
    else:
        parts.append("<p>Les règles de la convention appliquées à ces réponses :</p><ol>")
        for entry in result.trace:
            rule = next(r for r in rules.rules if r.id == entry.rule)
            said = [o.reason for o in rule.orientations] + list(rule.warnings)
            text = " ".join(said) or "Précise la fiche à préremplir."
            parts.append(
                f"<li>{escape(text)}<br><small>Convention : {escape(entry.reference)} — "
                f"règle « {escape(entry.rule)} »</small></li>"
            )
        parts.append("</ol>")
    parts.append(
        f"<p><small>Fichier de règles version {escape(result.rules_version)}, "
        f"empreinte sha256 {escape(result.rules_sha256)}.<br>"
        f"{escape(rules.convention)}.</small></p>"
    )
    return "".join(parts)


class WhyDialog(QDialog):
    def __init__(self, result: OrientationResult, rules: RuleSet, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Pourquoi cette orientation ?")
        self.resize(640, 520)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Explication de l'orientation")
        self.browser.setHtml(why_html(result, rules))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
