"""The window of a joined desk (pytest-qt, offscreen) after the administrator published
a new rules file: the orientation's first block names the version, Paramètres says
which rules are in use and where they came from, the case page the case's version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from asip_desktop import config
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.team import membership
from asip_desktop.team.rules_publication import publish
from asip_desktop.team.store import TeamStore
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import walk_by_mouse
from tests.gui.test_cases_area import cases_area
from tests.team.conftest import PASSPHRASE, Team
from tests.team.test_rules_publication import offline, rules_file
from tests.team.test_team_gui import settings

CDAS = "CDAS de Saint-Malo"
RETIREMENT = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"}
SHOTS = os.environ.get("ASIP_SCREENSHOTS")  # a folder to keep the screenshots in


def joined_here(team: Team) -> TeamStore:
    """This test's data directory joined to the team base (the window's own desk)."""
    folder = config.data_dir()
    member = membership.join(team.url, team.cdas(CDAS), PASSPHRASE, folder)
    store = TeamStore.open(member, folder)
    team.opened.append(store)
    return store


def shot(widget: Any, name: str, tmp_path: Path) -> Path:
    path = Path(SHOTS or tmp_path) / name
    assert widget.grab().save(str(path))
    return path


def test_the_published_version_is_shown_on_the_result_and_its_source_in_parametres(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    from asip_desktop.core.engine import Engine

    new = rules_file(tmp_path, "2027.1")
    publish(team.url, new.read_bytes(), Engine.load(new).rules)
    desk = joined_here(team)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    # taken at this start, by the worker that runs once the window is ready for input
    qtbot.waitUntil(lambda: window.engine.rules.version == "2027.1", timeout=10000)

    walk_by_mouse(qtbot, window.wizard, RETIREMENT, 2)
    page = window.wizard.result_page
    first = page.view.rules_line
    assert first.isVisible()
    assert "Orientation selon les règles version" in first.text() and "2027.1" in first.text()
    layout = page.view.layout()
    assert layout is not None and layout.indexOf(first) == 0  # the first block, not the footer
    shot(window, "resultat-regles-publiees.png", tmp_path)

    window.show_area("parametres")
    view = window.area("parametres")
    text = view.rules_info.text()
    assert "Règles d'orientation utilisées : version 2027.1, publiées le " in text
    assert "par l'administrateur (postgres)" in text
    assert view.rules_info.isVisible()
    shot(window, "parametres-regles-publiees.png", tmp_path)

    # the case keeps the version it was oriented with; its page says it
    case_id = desk.cases.create(RETIREMENT, window.engine.evaluate(RETIREMENT).to_dict())
    assert desk.cases.get(case_id).rules_version == "2027.1"
    area = cases_area(window)
    area.open_case(case_id)
    labels = [w.text() for w in area.page.findChildren(QLabel)]
    assert any("Règles d'orientation, version 2027.1." in t for t in labels)


def test_parametres_says_the_rules_are_the_bundled_ones_on_a_local_desk(
    qtbot: Any,
    show_window: Any,  # noqa: F811
) -> None:
    window = show_window(settings=settings(2))
    window.show_area("parametres")
    text = window.area("parametres").rules_info.text()
    assert text == "Règles d'orientation utilisées : version 2026.2, fournies avec l'application."


def test_parametres_says_a_tampered_copy_was_refused(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    from asip_desktop.core.engine import Engine
    from asip_desktop.team.rules_cache import CACHE_DIR, start_engine

    new = rules_file(tmp_path, "2027.1")
    publish(team.url, new.read_bytes(), Engine.load(new).rules)
    desk = joined_here(team)
    start_engine(desk.folder)
    (copy,) = (desk.folder / CACHE_DIR).glob("*.yaml")
    copy.write_bytes(copy.read_bytes() + b"\n# retouche\n")
    # the base is out of reach at this start: only the damaged copy is left to judge
    offline(desk.folder)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    assert window.engine.rules.version == "2026.2"
    window.show_area("parametres")
    text = window.area("parametres").rules_info.text()
    assert "version 2026.2, fournies avec l'application" in text
    assert "a été modifiée ou est endommagée : elle n'est pas utilisée" in text
