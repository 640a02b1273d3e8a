"""Screenshots of issue 12's screens, offscreen, with FICTIONAL data only.

python scripts/screenshots_directory.py [OUT_DIR]   (default: docs/screenshots)

Partners on the result page (food emergency), in expert mode (pension-file help),
on the person's sheet, and the CDAS territory editor. The partners come from the
fictional annuaire social fixture (tests/directory/data/annuaire-social/); the CDAS
are « CDAS FICTIF … » with phones in the ARCEP fiction range. A temporary data
directory is used: the desk's real data is never read nor written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
DATA_DIR = tempfile.TemporaryDirectory(prefix="asip-screenshots-")
os.environ["ASIP_DESKTOP_DATA_DIR"] = DATA_DIR.name
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import keyring  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import SIZE, ScreenshotKeyring, Shooter  # noqa: E402  (a temp data dir too)

from asip_desktop.documents.orientation_sheet import render_orientation_sheet  # noqa: E402
from asip_desktop.gui.directory.directory_state import directory_state  # noqa: E402
from asip_desktop.gui.shell.app import configure_application  # noqa: E402
from asip_desktop.gui.shell.main_window import MainWindow  # noqa: E402

FIXTURE = ROOT / "tests/directory/data/annuaire-social/annuaire-social-fictif.csv"
FOOD = {"demande": "aide_departement", "urgences": ["aide_alimentaire"]}
FOOD_DONE = {**FOOD, "accompagnement_en_cours": "aucun"}
PENSION = {"demande": "droits_retraite", "urgences": [], "retraite": "aide_constitution_dossier"}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs/screenshots"
    out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(ScreenshotKeyring())
    app = QApplication([sys.argv[0]])
    configure_application(app)
    shots = Shooter(app, out)
    directory = directory_state().directory
    directory.apply(directory.plan_import(FIXTURE))
    directory_state().notify()
    window = MainWindow()
    window.resize(SIZE[0], 1000)
    window.show()
    shots.settle()

    wizard = window.request_area.wizard
    wizard.resume(FOOD_DONE, 1)
    page = wizard.result_page
    lookup = page.contacts.cdas_lookup
    assert lookup is not None
    lookup.commune_edit.setText("Fougères")
    lookup.cdas_name_edit.setText("CDAS FICTIF du Pays de Fougères")
    page.partners.choices["annuaire-social:FICT-001"].setChecked(True)
    page.partners.choices["annuaire-social:FICT-003"].setChecked(True)
    shots.save(window, "partenaires-resultat.png")
    extras = page.sheet_extras()
    assert wizard.result is not None
    pdf = render_orientation_sheet(wizard.result, **extras)
    image = pdfium.PdfDocument(pdf)[0].render(scale=1.4).to_pil()
    image.save(out / "partenaires-feuille.png")
    shots.written.append("partenaires-feuille.png")

    area = window.request_area
    area.set_expert(True)
    area.expert.load_answers(PENSION, 1)
    area.expert.partners.commune_edit.setText("Lécousse")
    shots.save(window, "partenaires-expert.png")
    area.set_expert(False)

    # the territory editor, with a few fictional CDAS and EPCI assigned
    window.show_area("annuaires")
    view = window.areas["annuaires"]
    view.tabs.setCurrentWidget(view.territories)
    editor = view.territories
    for n, epci in enumerate(list(editor.epci_items)[:5], start=1):
        editor.new_name.setText(f"CDAS FICTIF {n:02d}")
        editor.add_cdas()
        for key, value in (
            ("address", f"{n} rue de l'Exemple, 35000 Ville-Exemple (fictif)"),
            ("phones", f"01 99 00 {n:02d} 00 (accueil, numéro fictif)"),
            ("source", "EXEMPLE FICTIF – ne pas utiliser pour orienter"),
            ("date", "2026-11-01"),
        ):
            editor.edits[key].setText(value)
            editor._field_done(key)
        editor.tree.setCurrentItem(editor.epci_items[epci])
        editor.assign_epci()
    top = editor.epci_items[list(editor.epci_items)[1]]
    top.setExpanded(True)
    editor.tree.setCurrentItem(top.child(0))
    shots.save(window, "territoires-cdas.png")
    print(f"{len(shots.written)} screenshots written to {out}/: {', '.join(shots.written)}")
    window.privacy.stop()
    window.store_access.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
