"""The identity editor of the case page, on both bases: an edit based on the case as
read when the editor opened; a change made elsewhere meanwhile is said in French (what
changed), what was typed stays in the editor, « Enregistrer par-dessus » saves it on the
current version. Two TeamStores on one CDAS (the suite's real PostgreSQL), and the local
SQLCipher store."""

from __future__ import annotations

from typing import Any

from asip_desktop.team.connection import UNREACHABLE
from tests.gui.cases_seed import PERSON, new_case, open_store
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click
from tests.gui.test_accessibility import unnamed_widgets
from tests.gui.test_case_page_actions import mnemonic_letters
from tests.gui.test_cases_area import cases_area, opened
from tests.team.conftest import Team
from tests.team.pg_cluster import Cluster
from tests.team.test_team_gui import CDAS, dossiers_on
from tests.team.test_team_unreachable import back_again


def type_in(qtbot: Any, editor: Any, values: dict[str, str]) -> None:
    for key, value in values.items():
        field = editor.fields[key]
        field.clear()
        qtbot.keyClicks(field, value)


def open_editor(qtbot: Any, area: Any, case_id: int) -> Any:
    opened(area, case_id)
    click(qtbot, area.page.edit_identity_button)
    editor = area.page.identity_editor
    assert editor is not None and editor.isVisible()
    return editor


def editing_on_two_desks(
    qtbot: Any, show: Any, team: Team, engine: Any, typed: dict[str, str]
) -> tuple[Any, Any, int, Any]:
    """A case opened at the reception, its identity being edited there with ``typed``:
    (the cases area, the office's store, the case id, the editor)."""
    reception = team.desk("accueil", cdas=CDAS)
    office = team.desk("bureau", cdas=CDAS)
    case_id = new_case(reception, engine, person=PERSON)
    _window, area = dossiers_on(show, reception)
    editor = open_editor(qtbot, area, case_id)
    assert editor.fields["prenom"].text() == PERSON["prenom"]  # filled from the case
    type_in(qtbot, editor, typed)
    return area, office, case_id, editor


def test_an_identity_changed_on_another_desk_is_said_the_typing_kept_then_saved_over(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
) -> None:
    typed = {"nom_marital": "Kerjean", "email": "annaig@example.org"}
    area, office, case_id, editor = editing_on_two_desks(qtbot, show_window, team, engine, typed)

    seen = office.cases.get(case_id)  # the social worker corrects the phone meanwhile
    office.cases.update_person(
        case_id, {**seen.person, "telephone": "02 99 00 00 00"}, based_on=seen
    )
    click(qtbot, editor.save_button)
    message = editor.message.text()
    assert "a été modifié sur un autre poste" in message and "identité : téléphone" in message
    assert "Identité à jour :" in message and "02 99 00 00 00" in message  # to compare
    assert editor.fields["nom_marital"].text() == "Kerjean"  # what was typed is kept
    assert office.cases.get(case_id).person["nom_marital"] is None  # nothing overwritten
    assert editor.overwrite_button.isVisible()

    click(qtbot, editor.overwrite_button)  # on top of the current version
    final = office.cases.get(case_id).person
    assert final["nom_marital"] == "Kerjean" and final["email"] == "annaig@example.org"
    assert final["telephone"] == PERSON["telephone"]  # the typed form went over
    assert area.page.identity_editor is None  # closed, the page shows the new identity
    assert "Kerjean" in area.page.identity.text()
    assert area.page.edit_identity_button.isVisible()


def test_a_note_added_elsewhere_meanwhile_does_not_stop_the_identity_edit(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
) -> None:
    typed = {"nom_marital": "Kerjean"}
    area, office, case_id, editor = editing_on_two_desks(qtbot, show_window, team, engine, typed)
    office.cases.add_note(case_id, "Dossier vu au bureau.")
    area.page.note_edit.setPlainText("Appel de la personne.")
    click(qtbot, area.page.add_note_button)  # the page is rebuilt: the editor stays
    editor = area.page.identity_editor
    assert editor is not None and editor.fields["nom_marital"].text() == "Kerjean"
    click(qtbot, editor.save_button)
    case = office.cases.get(case_id)
    assert case.person["nom_marital"] == "Kerjean"
    assert [n.text for n in case.notes] == ["Dossier vu au bureau.", "Appel de la personne."]


def test_the_identity_editor_on_the_local_store(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    engine: Any,
) -> None:
    window = show_window()
    store = open_store(window)
    case_id = new_case(store, engine, person=PERSON)
    area = cases_area(window)
    editor = open_editor(qtbot, area, case_id)
    # a malformed NIR: said under the field, nothing saved, the typing kept
    type_in(qtbot, editor, {"nir": "123", "telephone": ""})
    click(qtbot, editor.save_button)
    assert editor.errors["nir"].isVisibleTo(editor)
    assert "NIR" in editor.errors["nir"].text()
    assert editor.message.text().startswith("Identité non enregistrée")
    assert store.cases.get(case_id).person["nir"] == PERSON["nir"]
    assert editor.fields["nir"].text() == "123"
    # the identity changed in another screen of this desk (the wizard) meanwhile
    seen = store.cases.get(case_id)
    store.cases.update_person(case_id, {**seen.person, "prenom": "Anna"})
    type_in(qtbot, editor, {"nir": PERSON["nir"]})
    click(qtbot, editor.save_button)
    message = editor.message.text()
    assert "modifié dans un autre écran de ce poste" in message and "prénom" in message
    assert store.cases.get(case_id).person["telephone"] == PERSON["telephone"]
    letters = mnemonic_letters(area.page)  # the editor's Alt+letters are the page's own
    assert len(letters) == len(set(letters)) and {"s", "d", "c"} <= set(letters), letters
    assert unnamed_widgets(editor) == []
    click(qtbot, editor.overwrite_button)
    final = store.cases.get(case_id).person
    assert final["telephone"] is None  # emptied in the editor: erased from the case
    assert final["prenom"] == PERSON["prenom"]  # the typed form went over
    # the editor cancelled: the case untouched
    editor = open_editor(qtbot, area, case_id)
    type_in(qtbot, editor, {"prenom": "Autre"})
    click(qtbot, editor.cancel_button)
    assert store.cases.get(case_id).person["prenom"] == PERSON["prenom"]
    assert area.page.identity_editor is None


def test_an_identity_refused_while_the_base_is_away_is_saved_once_it_is_back(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
    pg: Cluster,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = new_case(desk, engine, person=PERSON)
    window, area = dossiers_on(show_window, desk)
    editor = open_editor(qtbot, area, case_id)
    type_in(qtbot, editor, {"nom_marital": "Kerjean"})
    pg.stop()
    try:
        click(qtbot, editor.save_button)
        assert editor.message.text().startswith(f"Identité non enregistrée : {UNREACHABLE}")
        assert editor.fields["nom_marital"].text() == "Kerjean"
        assert "l'identité du dossier" in window.team_banner.listed()
    finally:
        back_again(qtbot, window, pg)
    area.show_list()  # the agent went elsewhere: the typing waits in the page's draft
    click(qtbot, window.team_banner.save_button)
    assert desk.cases.get(case_id).person["nom_marital"] == "Kerjean"
    assert not window.team_banner.isVisible()
    opened(area, case_id)
    assert area.page.identity_editor is None  # saved: nothing left to edit
