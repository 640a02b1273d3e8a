"""Render the main screens offscreen to PNG, with fictional answers.

python scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWizard

from asip_desktop.gui.app import configure_application
from asip_desktop.gui.main_window import MainWindow

ANSWERS = {
    "demande": "accompagnement_social",
    "urgences": [],
    "accompagnement_en_cours": "aucun",
    "sante": {
        "lien_sante": True,
        "statut": "salarie_regime_general",
        "arret_travail": True,
        "risque_emploi": True,
    },
    "autonome": False,
}


def walk(window: MainWindow, answers: dict[str, object], level: int) -> None:
    window.wizard.resume(answers, level)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0]])
    configure_application(app)
    window = MainWindow()
    window.resize(1100, 720)
    window.show()
    wizard = window.wizard
    wizard.next()
    app.processEvents()
    window.grab().save(str(out / "wizard-question.png"))
    walk(window, ANSWERS, 2)
    app.processEvents()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    window.grab().save(str(out / "result.png"))
    print(f"screenshots written to {out}/: wizard-question.png, result.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
