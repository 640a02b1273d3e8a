"""Closing from the window when a copy on disk cannot be deleted: a message, nothing lost."""

from __future__ import annotations

from pathlib import Path

from tests.gui.cases_seed import open_store, overdue_case, tiny_pdf
from tests.gui.test_cases_area import cases_area, click
from tests.support.system import immutable


def test_a_copy_that_cannot_be_deleted_is_said_and_the_case_stays(
    qtbot, window, engine, tmp_path: Path
):  # type: ignore[no-untyped-def]
    store = open_store(window)
    case_id = overdue_case(store, engine)
    stuck = tmp_path / "fiche-liaison-copie.pdf"
    stuck.write_bytes(tiny_pdf())
    store.cases.record_saved_copy(case_id, str(stuck))
    with immutable(stuck):
        area = cases_area(window)
        area.open_case(case_id)
        click(qtbot, area.page.close_button)
        dialog = area.close_dialog
        dialog.confirm_box.setChecked(True)
        click(qtbot, dialog.close_button)
        box = area.refusal_box
        assert box is not None and box.isVisible()
        assert "le dossier n'a pas été clos" in box.text()
        assert f"{stuck} : suppression interdite (fichier protégé)" in box.text()
        assert area.receipt_dialog is None
        assert [c.id for c in store.cases.open_cases()] == [case_id]
        assert [c.path for c in store.cases.saved_copies(case_id)] == [str(stuck)]
        box.close()


def test_a_vanished_database_is_explained_not_recreated(qtbot, show_window):  # type: ignore[no-untyped-def]
    from asip_desktop import config
    from asip_desktop.store.store import Store

    Store.open().close()  # a store was here: its id and its key exist
    db = config.data_dir() / "cases.db"
    db.unlink()
    window = show_window()
    area = cases_area(window)
    assert window.store_access.open_now() is None
    assert "Une base des dossiers existait ici" in area.message
    assert "cases new-store --yes" in area.message
    assert not db.exists()  # no empty base silently created in its place


def test_a_draft_that_cannot_be_saved_keeps_what_is_typed(qtbot, show_window, monkeypatch):  # type: ignore[no-untyped-def]
    from asip_desktop.gui.request.draft_keeper import SAVE_DELAY_MS
    from asip_desktop.settings import Settings
    from asip_desktop.store.failures import StoreFailure
    from tests.gui.driver import walk_by_mouse

    window = show_window(settings=Settings(niveau=2))
    store = window.store_access.require()
    calls = []

    def full_disk(data):  # type: ignore[no-untyped-def]
        calls.append(data)
        raise StoreFailure("Le disque est plein : rien n'a été enregistré.", kind="disque_plein")

    monkeypatch.setattr(store, "save_draft", full_disk)
    partial = {
        "demande": ["accompagnement_social"],
        "urgences": ["sans_logement"],
        "enfants_concernes": False,
    }
    walk_by_mouse(qtbot, window.wizard, partial, 2, stop_at_unanswered=True)
    qtbot.wait(SAVE_DELAY_MS + 150)
    assert calls  # the save was tried, failed, and nothing crashed
    assert window.wizard.answers() == partial  # what was typed is still on screen


def test_marking_a_deadline_done_on_a_full_disk_says_so_and_keeps_it(
    qtbot, window, engine, monkeypatch
):
    from PySide6.QtWidgets import QPushButton

    from asip_desktop.store.failures import StoreFailure

    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.open_case(case_id)
    page = area.page

    def full_disk(_deadline_id):  # type: ignore[no-untyped-def]
        raise StoreFailure("Le disque est plein : rien n'a été enregistré.", kind="disque_plein")

    monkeypatch.setattr(store.cases, "mark_deadline_done", full_disk)
    [button] = [
        b
        for b in page.findChildren(QPushButton)
        if b.text().replace("&", "") == "Marquer comme faite"
    ]
    click(qtbot, button)  # no crash dialog: a French message, the deadline still due
    assert page.mark_done_box.isVisible()
    assert "Le disque est plein" in page.mark_done_box.text()
    page.mark_done_box.close()
    assert all(d.done_at is None for d in store.cases.get(case_id).deadlines)
