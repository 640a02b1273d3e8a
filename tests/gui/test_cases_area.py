"""The Dossiers area on a real SQLCipher store: lists, case page, closing with a purge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backends.fail
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from asip_desktop.documents.validation import format_nir
from asip_desktop.gui.cases.case_labels import OVERDUE_COLOR
from asip_desktop.gui.cases.case_page import PERSON_LABELS
from asip_desktop.gui.cases.cases_area import CasesArea
from asip_desktop.gui.indicators.indicators_view import IndicatorsView
from asip_desktop.store.schema import PERSON_FIELDS
from tests.gui.cases_seed import CDAS, PERSON, new_case, open_store, overdue_case, tiny_pdf
from tests.gui.driver import type_key
from tests.gui.test_accessibility import unnamed_widgets


def cases_area(window) -> CasesArea:  # type: ignore[no-untyped-def]
    """The Dossiers area shown, its list read (a team base reads it in a worker)."""
    window.show_area("dossiers")
    area = window.area("dossiers")
    assert isinstance(area, CasesArea)
    if area.list is not None:
        list_read(area.list)
    return area


def list_read(case_list, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Turn the event loop until the list's read in a worker (team base) came back."""
    _turn_until(lambda: not case_list.busy(), seconds, "the Dossiers list's read")


def opened(area: CasesArea, case_id: int, seconds: float = 20) -> None:
    """Open a case and turn the event loop until its page shows (a team base reads it
    in a worker)."""
    area.open_case(case_id)
    _turn_until(lambda: area.opening is None, seconds, "the case's read")


def _turn_until(done, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    from time import monotonic

    from PySide6.QtCore import QCoreApplication, QEventLoop, QThread

    deadline = monotonic() + seconds
    while not done():
        assert monotonic() < deadline, f"{what} did not come back"
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(5)


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_opening_message_then_list_with_overdue_deadline_in_red_and_words(qtbot, window, engine):
    area = cases_area(window)
    assert area.message == "Ouverture de la base des dossiers…"
    store = open_store(window)  # the area fills itself when the store is ready
    late = overdue_case(store, engine)
    fresh = new_case(store, engine, {"demande": "aide_departement"})
    store.cases.record_sending(fresh, "fiche_detection_fragilite", "Service social", "bluefiles")
    area.refresh()
    assert area.message == ""
    table = area.list.open_table
    rows = {row[0]: row for row in table.row_texts()}
    late_row = rows[store.cases.get(late).summary.number]
    fresh_row = rows[store.cases.get(fresh).summary.number]
    assert late_row[1] == "Fictif-Le Goff Annaïg"  # the name column
    assert fresh_row[1] == "(identité non saisie)"
    assert late_row[2] == "en attente de réponse"
    assert late_row[3] == "Ses droits ou prestations retraite (CARSAT)"
    assert "Canal de contact privilégié de la CARSAT" in late_row[4]
    assert "Réponse CARSAT (72 h)" in late_row[5] and "En retard" in late_row[5]
    assert "Accusé de réception (48 h)" in fresh_row[5] and "En retard" not in fresh_row[5]
    colors = {table.row_texts()[r][0]: table.color_of(r, 5) for r in range(table.rowCount())}
    assert colors[late_row[0]] == OVERDUE_COLOR
    assert colors[fresh_row[0]] != OVERDUE_COLOR
    # the NIR and phone are not in the list, and no name is in a window title
    listed = str(table.row_texts())
    assert PERSON["nir"] not in listed and PERSON["telephone"] not in listed
    assert "Annaïg" not in window.windowTitle()
    assert unnamed_widgets(window) == []


def test_cases_to_review_are_listed_apart(qtbot, window, engine):
    store = open_store(window)
    old = new_case(store, engine)
    store.set_setting("revue_apres_jours", "1")
    area = cases_area(window)
    assert area.list.review_table.rowCount() == 0
    store.clock = lambda: datetime.now(UTC) + timedelta(days=3)
    area.refresh()
    assert [r[0] for r in area.list.review_table.row_texts()] == [
        store.cases.get(old).summary.number
    ]
    assert "plus de 1 jours" in area.list.review_note.text()
    assert "(1)" in area.list.tabs.tabText(2)


def test_case_page_shows_answers_orientation_identity_forms_and_takes_notes(qtbot, window, engine):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.list.tabs.setCurrentIndex(1)
    area.list.open_table.selectRow(0)
    click(qtbot, area.list.open_button)
    page = area.page
    assert area.pages.currentWidget() is page and page.case_id == case_id
    answers = page.answers.text()
    assert "Sur quoi porte la demande de la personne ?" in answers
    assert "Ses droits ou prestations retraite (CARSAT)" in answers
    orientation = page.orientation.text()
    result = store.cases.get(case_id).result
    first = result["orientations"][0]
    assert first["label"] in orientation and "Référence" in orientation
    assert "2026" in orientation  # rules version
    assert "Annaïg" in page.identity.text() and "Prénom" in page.identity.text()
    assert format_nir(PERSON["nir"]) in page.identity.text()
    click(qtbot, page.copy_buttons["nir"])
    assert QGuiApplication.clipboard().text() == PERSON["nir"]
    assert "CARSAT Bretagne" in page.sendings.text()
    assert page.forms_list.count() == 1
    click(qtbot, page.show_form_button)
    assert page.preview.page_count == 1
    page.note_edit.setPlainText("Rappeler la CARSAT lundi")
    click(qtbot, page.add_note_button)
    assert [n.text for n in store.cases.get(case_id).notes] == ["Rappeler la CARSAT lundi"]
    assert "Rappeler la CARSAT lundi" in page.notes.text()
    click(qtbot, page.add_note_button)  # empty: refused with a message, nothing stored
    assert "Note vide" in page.note_message.text()
    assert len(store.cases.get(case_id).notes) == 1
    # the overdue deadline, marked done, is no longer late
    assert any("En retard" in label.text() for label in page.deadline_labels)
    (deadline_id, button) = next(iter(page.deadline_buttons.items()))
    click(qtbot, button)
    assert store.cases.overdue_deadlines() == []
    assert next(d for d in store.cases.get(case_id).deadlines if d.id == deadline_id).done_at
    assert not any("En retard" in label.text() for label in page.deadline_labels)
    assert not page.report_button.isEnabled()
    assert unnamed_widgets(window) == []
    click(qtbot, page.back_button)
    assert area.pages.currentWidget() is area.list


def test_refresh_shows_a_case_saved_elsewhere(qtbot, window, engine):
    store = open_store(window)
    area = cases_area(window)
    assert area.list.open_table.rowCount() == 0
    case_id = new_case(store, engine)
    area.refresh()
    assert area.list.open_table.rowCount() == 1
    area.open_case(case_id)
    store.cases.add_note(case_id, "ajoutée ailleurs")
    area.refresh()
    assert "ajoutée ailleurs" in area.page.notes.text()


def test_closing_from_the_gui_purges_the_case_and_deletes_chosen_copies(
    qtbot, window, engine, tmp_path: Path
):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    store.cases.add_note(case_id, "note")
    delete_me = tmp_path / "fiche-liaison-copie.pdf"
    keep_me = tmp_path / "autre-copie.pdf"
    for path in (delete_me, keep_me):
        path.write_bytes(tiny_pdf())
        store.cases.record_saved_copy(case_id, str(path))
    number = store.cases.get(case_id).summary.number
    area = cases_area(window)
    area.open_case(case_id)
    click(qtbot, area.page.close_button)
    dialog = area.close_dialog
    assert dialog is not None and dialog.isVisible()
    destroyed = dialog.destroyed_label.text()
    for line in (
        "identité de la personne (champs renseignés) : 4",
        "fiches remplies : 1",
        "envois : 1",
        "échéances : 1",
        "notes : 1",
        "chemins des copies enregistrées sur le disque : 2",
    ):
        assert line in destroyed
    surviving = dialog.surviving_label.text()
    assert CDAS in surviving and "Canal de contact privilégié" in surviving
    assert "Annaïg" not in surviving
    # deleting the copies is the default choice; keep one here
    boxes = dialog.copy_boxes
    assert set(boxes) == {str(delete_me), str(keep_me)}
    assert all(box.isChecked() for box in boxes.values())
    boxes[str(keep_me)].setChecked(False)
    assert not dialog.close_button.isEnabled()  # explicit confirmation first
    assert unnamed_widgets(dialog) == []
    dialog.confirm_box.setChecked(True)
    click(qtbot, dialog.close_button)
    # checked in the store: the case is gone, a receipt and the anonymous row remain
    assert store.cases.open_cases() == []
    receipt = store.cases.receipt_of(case_id)
    assert receipt is not None and receipt.case_number == number
    assert store.count("indicators") == 1
    for table in ("persons", "forms", "notes", "saved_copies", "deadlines"):
        assert store.count(table) == 0, table
    assert not delete_me.exists() and keep_me.exists()
    shown = area.receipt_dialog
    assert shown is not None and shown.isVisible()
    assert shown.text.toPlainText() == receipt.to_text()
    click(qtbot, shown.copy_button)
    assert QGuiApplication.clipboard().text() == receipt.to_text()
    assert area.pages.currentWidget() is area.list
    assert area.list.open_table.rowCount() == 0


def test_cancelling_the_close_keeps_everything(qtbot, window, engine):
    store = open_store(window)
    case_id = new_case(store, engine, person=PERSON)
    area = cases_area(window)
    area.open_case(case_id)
    click(qtbot, area.page.close_button)
    click(qtbot, area.close_dialog.cancel_button)
    assert [c.id for c in store.cases.open_cases()] == [case_id]
    assert store.count("purge_receipts") == 0 and area.receipt_dialog is None


def test_dysfunction_report_is_anonymous_and_counted_in_the_indicators(qtbot, window, engine):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    number = store.cases.get(case_id).summary.number
    area = cases_area(window)
    area.open_case(case_id)
    click(qtbot, area.page.report_button)
    dialog = area.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kind.currentData() == "absence_de_reponse"
    assert dialog.cdas.text() == CDAS
    assert unnamed_widgets(dialog) == []
    click(qtbot, dialog.record_button)
    assert store.count("dysfunction_reports") == 1
    message = dialog.message.toPlainText()
    assert "absence de réponse" in message and CDAS in message
    assert "coordinatrice de l'ASIP" in message and "chargée de projet Partenariat" in message
    assert "@" not in message  # the convention gives roles, not addresses
    assert number not in message and f"{case_id:06d}" not in message
    for value in PERSON.values():
        assert value not in message
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == message
    window.show_area("indicateurs")
    view = window.area("indicateurs")
    assert isinstance(view, IndicatorsView)
    rows = view.table_texts()
    assert [CDAS, "Dysfonctionnements signalés", "1"] in [r[1:] for r in rows]
    assert [CDAS, "Dysfonctionnement : absence de réponse", "1"] in [r[1:] for r in rows]


def test_unavailable_store_says_why_and_what_to_do(qtbot, window):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    area = cases_area(window)
    assert window.store_access.open_now() is None
    text = area.message
    assert "La base des dossiers n'est pas disponible" in text
    assert "coffre de secrets" in text
    assert "asip-desktop --self-test" in text and "guide" in text
    assert "Traceback" not in text
    window.show_area("indicateurs")
    assert "asip-desktop --self-test" in window.area("indicateurs").message
    assert unnamed_widgets(window) == []


def test_identity_labels_cover_the_store_fields():
    assert list(PERSON_LABELS) == list(PERSON_FIELDS)


def test_a_case_opens_from_the_keyboard(qtbot, window, engine):
    store = open_store(window)
    case_id = new_case(store, engine)
    area = cases_area(window)
    area.list.tabs.setCurrentIndex(1)
    table = area.list.open_table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    type_key(table, Qt.Key.Key_Return)
    assert area.pages.currentWidget() is area.page and area.page.case_id == case_id
    assert window.focusWidget() is area.page.back_button
    type_key(area.page.back_button, Qt.Key.Key_Space)
    assert area.pages.currentWidget() is area.list
