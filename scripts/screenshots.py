"""Render every area, page and dialog offscreen to PNG, with fictional data only.

python scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)

Writes OUT_DIR/1024x700-clair/, 1024x700-sombre/, 1366x768-clair/ and
1366x768-sombre/ (one PNG per screen of the tour in tests/gui/tour.py), the
guide's pictures at the top of OUT_DIR (1366×768, light), and OUT_DIR/equipe-1024x700/:
a desk joined to a team base (a throw-away PostgreSQL cluster on a Unix socket, as
the tests start it; skipped, saying so, where PostgreSQL is not installed).
``python scripts/screenshots.py --team [OUT_DIR]`` writes that last set only. Each set runs in
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


def team_set(out: Path) -> int:
    """In this process: a desk joined to a team base, at 1024×700 (light): Paramètres,
    the Dossiers list, the « base d'équipe injoignable » banner, the identity conflict."""
    data = tempfile.TemporaryDirectory(prefix="asip-screenshots-equipe-")
    desk_a, desk_b = Path(data.name) / "accueil", Path(data.name) / "bureau"
    os.environ["ASIP_DESKTOP_DATA_DIR"] = str(desk_a)  # Paramètres reads equipe.json there
    sys.path.insert(0, str(ROOT))

    import keyring
    from PySide6.QtWidgets import QApplication, QWidget

    from asip_desktop.core.engine import Engine
    from asip_desktop.gui.shell.app import configure_application
    from asip_desktop.gui.shell.main_window import MainWindow
    from asip_desktop.gui.shell.store_access import StoreAccess
    from asip_desktop.gui.widgets.screen_fit import fit_to_screen
    from asip_desktop.settings import Settings
    from asip_desktop.team import admin, membership
    from asip_desktop.team.store import TeamStore
    from tests.gui.test_cases_area import list_read, opened
    from tests.gui.tour import AGENT, CDAS, HEALTH, OTHER_PERSON, PERSON, RETIREMENT, settle
    from tests.support.memory_keyring import MemoryKeyring
    from tests.team.pg_cluster import Cluster, bindir

    binaries = bindir()
    if binaries is None:
        print("PostgreSQL is not installed: no team screenshots (apt install postgresql).")
        return 0

    class ScreenshotKeyring(MemoryKeyring):
        name = "coffre en mémoire des captures d'écran"  # shown in Paramètres

    keyring.set_keyring(ScreenshotKeyring())
    pg = Cluster(binaries)
    pg.init()
    pg.start()
    try:
        pg.createdb("asip")
        url = pg.url("asip")
        phrase = "une phrase de passe de démonstration"
        enrolment = Path(data.name) / "enrolement.asip"
        admin.init(url, CDAS, phrase, enrolment)
        stores = [
            TeamStore.open(membership.join(url, enrolment, phrase, folder), folder)
            for folder in (desk_a, desk_b)
        ]
        reception, office = stores
        engine = Engine.load()
        for answers, person, level in ((RETIREMENT, PERSON, 2), (HEALTH, OTHER_PERSON, 1)):
            office.cases.create(
                answers, engine.evaluate(answers).to_dict(), person=person, level=level
            )
        app = QApplication([sys.argv[0]])
        configure_application(app)
        settings = Settings(agent=AGENT, niveau=2, last_area="dossiers")
        window = MainWindow(settings=settings, store_access=StoreAccess(lambda: reception))
        window.show()
        window.resize(window.screen().availableGeometry().size())
        fit_to_screen(window)
        window.store_access.open_now()
        settle()
        out.mkdir(parents=True, exist_ok=True)

        def save(name: str, top: QWidget) -> None:
            settle()
            top.grab().save(str(out / f"{name}.png"))

        window.show_area("parametres")
        save("parametres-poste-rattache", window)
        window.show_area("dossiers")
        area = window.area("dossiers")
        area.list.refresh(full=True)  # type: ignore[attr-defined]
        list_read(area.list)  # type: ignore[attr-defined]  # read in a worker on a team base
        area.list.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]  # every open case
        save("dossiers-base-equipe", window)
        [first, *_] = reception.cases.open_cases()
        opened(area, first.id)  # type: ignore[arg-type]
        page = area.page  # type: ignore[attr-defined]
        page.note_edit.setPlainText("Rappeler la personne jeudi matin.")
        pg.stop()
        try:
            page.add_note()  # refused: the whole window says so, the note is kept
            save("base-equipe-injoignable", window)
        finally:
            pg.start()
        window.team_banner.check_now()
        if window.team_banner._check is not None:
            window.team_banner._check.wait(10000)
        settle()
        save("base-equipe-de-retour", window)
        window.team_banner.save_now()
        opened(area, first.id)  # type: ignore[arg-type]
        editor = page.edit_identity()
        editor.fields["nom_marital"].setText("Exemple-Kervella")
        seen = office.cases.get(first.id)
        office.cases.update_person(
            first.id, {**seen.person, "telephone": "06 00 00 00 09"}, based_on=seen
        )
        editor.save()
        settle()
        page.scroll.ensureWidgetVisible(editor.overwrite_button)
        save("identite-modifiee-ailleurs", window)
        window.privacy.stop()
        window.team_banner.stop()
        for store in stores:
            store.close()
    finally:
        pg.destroy()
    print(f"team screenshots in {out}", flush=True)
    return 0


def _screen_env(tmp: str, width: int, height: int) -> dict[str, str]:
    """An offscreen screen of that size, as on a desk."""
    config = Path(tmp) / f"screen-{width}x{height}.json"
    screen = {"name": "desk", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
    return {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}


def run_team_set(out: Path) -> None:
    folder = out / "equipe-1024x700"
    if folder.exists():
        shutil.rmtree(folder)
    with tempfile.TemporaryDirectory() as tmp:
        env = _screen_env(tmp, 1024, 700)
        subprocess.run([sys.executable, __file__, "--team-one", str(folder)], env=env, check=True)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        width, height, palette, out = sys.argv[2:6]
        return one_set(int(width), int(height), palette, Path(out))
    if len(sys.argv) > 1 and sys.argv[1] == "--team-one":
        return team_set(Path(sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] == "--team":
        run_team_set(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "screenshots")
        return 0
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in SIZES:
            env = _screen_env(tmp, width, height)
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
    run_team_set(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
