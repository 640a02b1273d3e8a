"""The window on a team base (pytest-qt, offscreen): a level-1 qualification on the
reception desk, continued at level 2 on the social worker's desk; Paramètres says
which base the desk uses."""

from __future__ import annotations

from typing import Any

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.settings import AgentProfile, Settings
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click, walk_by_mouse
from tests.gui.test_cases_area import cases_area, opened
from tests.team.conftest import Team

CDAS = "CDAS de Saint-Malo"
URGENT = {
    "demande": "aide_departement",
    "urgences": ["aide_alimentaire"],
    "accompagnement_en_cours": "aucun",
}


def settings(level: int) -> Settings:
    return Settings(
        agent=AgentProfile(nom="Morvan", prenom="Anne", telephone="02 99 00 00 00", cdas=CDAS),
        niveau=level,
    )


def test_level_1_on_desk_a_is_continued_at_level_2_on_desk_b(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
) -> None:
    reception = team.desk("accueil", cdas=CDAS)
    office = team.desk("bureau", cdas=CDAS)

    desk_a = show_window(settings=settings(1), store_access=StoreAccess(lambda: reception))
    wizard = desk_a.wizard
    walk_by_mouse(qtbot, wizard, URGENT, 1)
    page = wizard.result_page
    click(qtbot, page.case_button)
    assert page.case_status.text().startswith("Dossier"), page.case_status.text()
    [summary] = reception.cases.open_cases()
    assert reception.cases.get(summary.id).level == 1

    desk_b = show_window(settings=settings(2), store_access=StoreAccess(lambda: office))
    assert desk_b.store_access.open_now() is office
    area = cases_area(desk_b)
    rows = area.list.today_table.row_texts()
    assert rows and rows[0][0] == "Accueil de deuxième niveau à faire", rows
    opened(area, summary.id)
    button = area.page.level_2_button
    assert button is not None
    click(qtbot, button)
    assert reception.cases.get(summary.id).level == 2  # seen from desk A's base too
    assert area.page.level_2_button is None


def test_parametres_says_the_desk_is_on_the_team_base(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    window = show_window(settings=settings(1), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    window.show_area("parametres")
    view = window.area("parametres")
    view._on_store()
    text = view.store_info.text()
    assert f"Base utilisée : base d'équipe du {CDAS}" in text
    assert "chiffrées par ce poste avant l'envoi" in text


RETIREMENT = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"}


def dossiers_on(show: Any, desk: Any, level: int = 2) -> tuple[Any, Any]:
    """A window on ``desk`` showing « Dossiers »: (window, the cases area)."""
    window = show(settings=settings(level), store_access=StoreAccess(lambda: desk))
    assert window.store_access.open_now() is desk
    window.show_area("dossiers")
    return window, cases_area(window)


def test_identity_changed_on_another_desk_meanwhile_is_said_and_the_typing_kept(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
) -> None:
    from PySide6.QtCore import Qt

    from tests.gui.test_case_workflow import fill_person

    reception = team.desk("accueil", cdas=CDAS)
    office = team.desk("bureau", cdas=CDAS)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: reception))
    wizard = window.wizard
    back = wizard.button(wizard.WizardButton.BackButton)
    forward = wizard.button(wizard.WizardButton.NextButton)
    walk_by_mouse(qtbot, wizard, RETIREMENT, 2)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    fill_person(qtbot, wizard.person_page, {"nom_naissance": "Le Gall", "prenom": "Jos"})
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    click(qtbot, wizard.result_page.case_button)
    [summary] = reception.cases.open_cases()

    seen = office.cases.get(summary.id)  # the social worker corrects the phone meanwhile
    office.cases.update_person(
        summary.id, {**seen.person, "telephone": "02 99 00 00 00"}, based_on=seen
    )

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    field = wizard.person_page.fields["prenom"]
    field.clear()
    fill_person(qtbot, wizard.person_page, {"prenom": "Josselin"})
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    status = wizard.result_page.case_status.text()
    assert status.startswith("Dossier non mis à jour : Le dossier"), status
    assert "modifié sur un autre poste" in status and "téléphone" in status
    assert wizard.person_page.person()["prenom"] == "Josselin"  # what was typed is kept
    assert office.cases.get(summary.id).person["prenom"] == "Jos"  # nothing overwritten

    # the next attempt starts from the case as it is now: both changes are kept
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "identité mise à jour" in wizard.result_page.case_status.text()
    final = office.cases.get(summary.id).person
    assert final["prenom"] == "Josselin"
    assert final["telephone"] == "02 99 00 00 00"  # the other desk's change is not undone


def test_the_dossiers_list_says_the_server_is_unreachable_and_keeps_the_last_list(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Any,
    engine: Any,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = desk.cases.create(URGENT, engine.evaluate(URGENT).to_dict(), level=1)
    window = show_window(settings=settings(1), store_access=StoreAccess(lambda: desk))
    assert window.store_access.open_now() is desk
    area = cases_area(window)
    assert area.list.rows and area.list.rows[0].id == case_id
    assert not area.list.unreachable.isVisible()
    pg.stop()
    try:
        click(qtbot, area.list.refresh_button)
        qtbot.waitUntil(lambda: not area.list.busy(), timeout=20000)
        banner = area.list.unreachable
        assert banner.isVisible()
        assert banner.text().startswith("La base d'équipe est injoignable (voir le bandeau")
        assert window.team_banner.isVisible()  # the window's own banner says the rest
        assert [r.id for r in area.list.rows] == [case_id]  # the last list stays
    finally:
        pg.start()
    click(qtbot, area.list.refresh_button)
    qtbot.waitUntil(lambda: not area.list.busy(), timeout=20000)
    assert not area.list.unreachable.isVisible()
