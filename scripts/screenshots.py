"""Render every area, page and dialog offscreen to PNG, with fictional data only.

python scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)

Writes OUT_DIR/1024x700-clair/, 1024x700-sombre/, 1366x768-clair/ and
1366x768-sombre/ (one PNG per screen of the tour in tests/gui/tour.py), and
the guide's pictures at the top of OUT_DIR (1366×768, light). Each set runs in
its own process, on an offscreen screen of that size (dialogs are fitted to
it as on a desk), in a temporary data directory with the store's key kept in
memory: the desk's real data, settings and secret store are never read nor
written. People are obviously fictional (« Exemple »).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [(1024, 700), (1366, 768)]
PALETTES = ["clair", "sombre"]
# the guide's pictures: tour screen → file name at the top of OUT_DIR
GUIDE = {
    "question": "wizard-question.png",
    "resultat": "result.png",
    "pourquoi": "pourquoi.png",
    "expert": "expert.png",
    "identite": "identite.png",
    "fiche-liaison": "fiche-liaison.png",
    "envoi-securise": "envoi-securise.png",
    "dossiers-1": "dossiers.png",
    "dossier": "dossier.png",
    "clore-dossier": "clore-dossier.png",
    "annuaires-1": "annuaires.png",
    "annuaires-2": "cdas-domicile.png",
    "indicateurs": "indicateurs.png",
    "parametres": "parametres.png",
    "verrou": "verrou.png",
}


def one_set(width: int, height: int, palette: str, out: Path) -> int:
    """In this process: the tour on a ``width``×``height`` screen, ``palette`` colours."""
    data = tempfile.TemporaryDirectory(prefix="asip-screenshots-")
    os.environ["ASIP_DESKTOP_DATA_DIR"] = data.name
    sys.path.insert(0, str(ROOT))

    import keyring
    from PySide6.QtWidgets import QApplication, QWidget

    from asip_desktop.gui.shell.app import configure_application
    from asip_desktop.gui.shell.main_window import MainWindow
    from asip_desktop.gui.widgets.screen_fit import fit_to_screen
    from asip_desktop.pin import hash_pin
    from asip_desktop.settings import Settings
    from tests.gui.tour import AGENT, settle, tour
    from tests.support.memory_keyring import MemoryKeyring

    class ScreenshotKeyring(MemoryKeyring):
        name = "coffre en mémoire des captures d'écran"  # shown in Paramètres

    keyring.set_keyring(ScreenshotKeyring())
    app = QApplication([sys.argv[0]])
    configure_application(app)
    settings = Settings(agent=AGENT, niveau=1, pin_hash=hash_pin("4821"), palette=palette)
    window = MainWindow(settings=settings)
    window.show()
    window.resize(window.screen().availableGeometry().size())
    fit_to_screen(window)
    settle()
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(name: str, top: QWidget) -> None:
        top.grab().save(str(out / f"{name}.png"))
        written.append(name)

    tour(window, save, every_question=False)
    window.privacy.stop()
    window.store_access.shutdown()
    print(f"{len(written)} screenshots in {out}", flush=True)
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        width, height, palette, out = sys.argv[2:6]
        return one_set(int(width), int(height), palette, Path(out))
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in SIZES:
            config = Path(tmp) / f"screen-{width}x{height}.json"
            screen = {"name": "desk", "x": 0, "y": 0, "width": width, "height": height}
            config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
            for palette in PALETTES:
                folder = out / f"{width}x{height}-{palette}"
                if folder.exists():
                    shutil.rmtree(folder)
                cmd = [sys.executable, __file__, "--one", str(width), str(height), palette]
                subprocess.run([*cmd, str(folder)], env=env, check=True)
    guide_set = out / "1366x768-clair"
    for screen_name, file_name in GUIDE.items():
        shutil.copyfile(guide_set / f"{screen_name}.png", out / file_name)
    print(f"guide pictures: {', '.join(GUIDE.values())} in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
