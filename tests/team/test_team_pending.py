"""What the team base refused while it was away survives closing the window, with the
suite's real PostgreSQL: written at once to the desk's local encrypted store, offered
again by a new window on the same desk folder, replayed once; dropped with a plain
message when the case was closed on another desk meanwhile; destroyed (and counted)
when the case is closed on this desk; its text in the decrypted local pages only while
it waits."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.store.store import resolve_key
from asip_desktop.team import pending
from asip_desktop.team.pending import PendingBook
from tests.gui.cases_seed import PERSON, overdue_case, tiny_pdf
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click
from tests.gui.sending_helpers import prepare_and_tick
from tests.gui.test_cases_area import cases_area, opened
from tests.store.test_purge_promise import pages
from tests.team.conftest import Team
from tests.team.pg_cluster import Cluster
from tests.team.test_team_gui import CDAS, dossiers_on, settings
from tests.team.test_team_identity import type_in
from tests.team.test_team_unreachable import back_again, refused_while_away

NOTE = "Rappeler jeudi pour le justificatif XQ7-PENDING"


def reopen(team: Team, desk: Any) -> Any:
    """The same desk folder opened again (the window was closed, the desk restarted)."""
    from asip_desktop.team import membership
    from asip_desktop.team.store import TeamStore

    member = membership.load(desk.folder)
    assert member is not None
    store = TeamStore.open(member, desk.folder)
    team.opened.append(store)
    return store


def local_pages(desk: Any) -> bytes:
    key, _ = resolve_key(desk.folder)
    return pages(key, Path(desk.folder))


def a_case_shown(show: Any, team: Team, engine: Any) -> tuple[Any, int, str, Any, Any]:
    """A desk of the CDAS with a case, its window on « Dossiers »: (desk, case id, case
    number, window, cases area)."""
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    window, area = dossiers_on(show, desk)
    return desk, case_id, desk.cases.get(case_id).summary.number, window, area


def restarted(show: Any, team: Team, desk: Any) -> tuple[Any, Any]:
    """A new window on the same desk folder, its store open: (store, window)."""
    again = reopen(team, desk)
    window = show(settings=settings(2), store_access=StoreAccess(lambda: again))
    assert window.store_access.open_now() is again
    return again, window


def a_request_with_its_case(qtbot: Any, show: Any, team: Team) -> tuple[Any, Any, Any]:
    """A request walked through the wizard, its case opened while the base answers:
    (desk, window, the case's summary)."""
    from tests.gui.driver import walk_by_mouse
    from tests.team.test_team_gui import RETIREMENT

    desk = team.desk("accueil", cdas=CDAS)
    window = show(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    walk_by_mouse(qtbot, window.wizard, RETIREMENT, 2)
    click(qtbot, window.wizard.result_page.case_button)
    [case] = desk.cases.open_cases()
    return desk, window, case


def refuse_a_note(qtbot: Any, window: Any, area: Any, case_id: int, pg: Cluster) -> None:
    """Opened, typed, refused: the server is stopped; it is left stopped."""
    opened(area, case_id)
    page = area.page
    page.note_edit.setPlainText(NOTE)
    pg.stop()
    click(qtbot, page.add_note_button)
    assert page.note_message.text().startswith("La base d'équipe du CDAS est injoignable")


def test_a_note_a_sending_and_an_identity_edit_survive_closing_the_window(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
    tmp_path: Path,
    caplog: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    before = desk.cases.get(case_id)
    number = before.summary.number
    window, area = dossiers_on(show_window, desk)
    opened(area, case_id)
    page = area.page
    click(qtbot, page.send_button)
    dialog = page.sending_dialog
    qtbot.addWidget(dialog)
    prepare_and_tick(qtbot, dialog.panel, tmp_path / "pj")
    click(qtbot, page.edit_identity_button)
    editor = page.identity_editor
    type_in(qtbot, editor, {"prenom": "Josselin"})
    page.note_edit.setPlainText(NOTE)
    pg.stop()
    try:
        qtbot.mouseClick(dialog.panel.mark_sent, Qt.MouseButton.LeftButton)
        click(qtbot, editor.save_button)
        assert editor.message.text().startswith("Identité non enregistrée : La base d'équipe")
        click(qtbot, page.add_note_button)
        click(qtbot, dialog.close_button)
        # written at once to the desk's local encrypted store, one row each
        kept = {op.key: op for op in PendingBook(desk).all()}
        assert sorted(kept) == sorted(
            [f"note-{case_id}", f"identite-{case_id}", f"envoi-{case_id}-fiche_liaison_retraite"]
        )
        assert kept[f"note-{case_id}"].data["text"] == NOTE
        assert kept[f"identite-{case_id}"].data["typed"]["prenom"] == "Josselin"
        assert NOTE.encode() in local_pages(desk)  # encrypted on disk, there while it waits
        window.close()  # before the base is back: nothing is lost
    finally:
        pg.start()
    # the base answered nothing meanwhile
    assert desk.cases.get(case_id).notes == before.notes

    again, window2 = restarted(show_window, team, desk)
    banner = window2.team_banner
    assert banner.isVisible() and banner.save_button.isVisible()
    text = banner.listed()
    for what in ("la note", "l'envoi", "l'identité"):
        assert f"{what} du dossier {number}" in text
    assert NOTE not in text and PERSON["prenom"] not in text and "Josselin" not in text
    assert len(banner.give_up_buttons) == 3
    # the case page shows the typing again where it was typed
    window2.show_area("dossiers")
    area2 = cases_area(window2)
    opened(area2, case_id)
    page2 = area2.page
    assert page2.note_edit.toPlainText() == NOTE
    assert page2.identity_editor is not None
    assert page2.identity_editor.fields["prenom"].text() == "Josselin"

    click(qtbot, banner.save_button)
    after = again.cases.get(case_id)
    assert [n.text for n in after.notes] == [NOTE]  # once
    assert len(after.sendings) == len(before.sendings) + 1
    assert after.person["prenom"] == "Josselin"
    assert after.person["nom_naissance"] == PERSON["nom_naissance"]
    assert not banner.isVisible() and len(window2.store_access.pending) == 0
    assert PendingBook(again).all() == []
    assert NOTE.encode() not in local_pages(again)  # gone from the desk once saved
    assert page2.note_edit.toPlainText() == "" and page2.identity_editor is None
    click(qtbot, banner.retry_button)  # nothing replayed twice by a later click
    assert len(again.cases.get(case_id).notes) == 1
    # no personal data in the logs
    for secret in (NOTE, "Josselin", PERSON["prenom"], PERSON["nom_naissance"]):
        assert secret not in caplog.text


def test_a_note_and_a_sending_that_reached_the_base_before_the_cut_are_not_doubled(
    team: Team, engine: Any
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    number = desk.cases.get(case_id).summary.number
    note = pending.note(case_id, number, NOTE, pending.new_client_id())
    # the commit went through, its answer was lost: the window kept it as refused
    desk.cases.add_note(case_id, NOTE, client_id=note.client_id)
    version = desk.cases.get(case_id).version
    pending.replay(desk, note)
    assert [n.text for n in desk.cases.get(case_id).notes] == [NOTE]
    assert desk.cases.get(case_id).version == version  # nothing written at all
    sent_at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    sending = pending.sending(
        case_id, number, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles", sent_at,
        pending.new_client_id(),
    )  # fmt: skip
    count = len(desk.cases.get(case_id).sendings)
    pending.replay(desk, sending)
    pending.replay(desk, sending)
    assert len(desk.cases.get(case_id).sendings) == count + 1
    deadlines = desk.cases.get(case_id).deadlines
    assert len(deadlines) == 2  # the seeded one and this sending's, not a third
    # the same text with another id is another note
    pending.replay(desk, pending.note(case_id, number, NOTE, pending.new_client_id()))
    assert [n.text for n in desk.cases.get(case_id).notes] == [NOTE, NOTE]


def test_a_case_closed_on_another_desk_meanwhile_drops_what_waited_with_a_plain_message(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
) -> None:
    desk, case_id, number, window, area = a_case_shown(show_window, team, engine)
    office = team.desk("bureau", cdas=CDAS)
    try:
        refuse_a_note(qtbot, window, area, case_id, pg)
        window.close()
    finally:
        pg.start()
    office.cases.close(case_id)  # purged for the whole CDAS by the office

    again, window2 = restarted(show_window, team, desk)
    banner = window2.team_banner
    assert f"la note du dossier {number}" in banner.listed()
    click(qtbot, banner.save_button)
    box = banner.refusal_box
    assert box is not None
    assert f"le dossier {number} n'existe plus sur la base d'équipe" in box.text()
    assert "effacée de ce poste" in box.text()
    assert NOTE not in box.text()
    assert not banner.isVisible()
    assert PendingBook(again).all() == []
    assert NOTE.encode() not in local_pages(again)  # the purge promise, on this desk too


def test_closing_the_case_here_destroys_what_waited_and_the_receipt_counts_it(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
) -> None:
    desk, case_id, _number, window, area = a_case_shown(show_window, team, engine)
    try:
        refuse_a_note(qtbot, window, area, case_id, pg)
    finally:
        pg.start()
    preview = desk.cases.purge_preview(case_id)
    assert ("saisies_en_attente", 1) in [(d.kind, d.count) for d in preview.destroyed]
    dialog = area.ask_close(case_id)
    assert dialog is not None
    from html import escape

    said = escape("saisies en attente de la base d'équipe (sur ce poste) : 1")
    assert said in dialog.destroyed_label.text()  # said before confirming
    dialog.confirm_box.setChecked(True)
    dialog.accept()
    receipt = area.receipt_dialog.text.toPlainText()
    assert "saisies en attente de la base d'équipe (sur ce poste)" in receipt
    assert NOTE not in receipt
    assert PendingBook(desk).all() == []
    assert not window.team_banner.isVisible() and len(window.store_access.pending) == 0
    assert NOTE.encode() not in local_pages(desk)


def test_giving_up_a_saisie_is_confirmed_and_deletes_it_from_the_desk(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
) -> None:
    desk, case_id, number, window, area = a_case_shown(show_window, team, engine)
    banner = window.team_banner
    try:
        refuse_a_note(qtbot, window, area, case_id, pg)
        button = banner.give_up_buttons[f"note-{case_id}"]
        qtbot.waitUntil(button.isVisible)
        click(qtbot, button)
        box = banner.give_up_box
        assert box is not None and box.isVisible()
        assert f"la note du dossier {number}" in box.text() and "perdu" in box.text()
        keep = next(b for b in box.buttons() if b.text() == "Garder")
        click(qtbot, keep)  # kept: nothing changes
        assert len(PendingBook(desk).all()) == 1 and len(window.store_access.pending) == 1
        button = banner.give_up_buttons[f"note-{case_id}"]
        qtbot.waitUntil(button.isVisible)
        click(qtbot, button)
        box = banner.give_up_box
        assert box is not None
        confirm = next(b for b in box.buttons() if b.text() == "Abandonner la saisie")
        assert box.buttonRole(confirm) == QMessageBox.ButtonRole.DestructiveRole
        click(qtbot, confirm)
        assert PendingBook(desk).all() == [] and len(window.store_access.pending) == 0
        assert area.page.note_edit.toPlainText() == ""  # given up here too
        assert NOTE.encode() not in local_pages(desk)
    finally:
        pg.start()


def test_an_identity_changed_elsewhere_before_the_replay_is_said_and_the_typing_kept(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
) -> None:
    desk, case_id, _number, window, area = a_case_shown(show_window, team, engine)
    office = team.desk("bureau", cdas=CDAS)
    opened(area, case_id)
    click(qtbot, area.page.edit_identity_button)
    editor = area.page.identity_editor
    type_in(qtbot, editor, {"prenom": "Josselin"})
    pg.stop()
    try:
        click(qtbot, editor.save_button)
        window.close()
    finally:
        pg.start()
    seen = office.cases.get(case_id)  # the office corrects the phone meanwhile
    office.cases.update_person(
        case_id, {**seen.person, "telephone": "02 99 00 00 00"}, based_on=seen
    )

    again, window2 = restarted(show_window, team, desk)
    banner = window2.team_banner
    click(qtbot, banner.save_button)
    box = banner.refusal_box
    assert box is not None and "modifié sur un autre poste" in box.text()
    assert "Enregistrer par-dessus" in box.text()
    assert office.cases.get(case_id).person["prenom"] == PERSON["prenom"]  # not overwritten
    assert len(window2.store_access.pending) == 1 and len(PendingBook(again).all()) == 1
    # on the case page: the typing, and the conflict said again when saved
    window2.show_area("dossiers")
    area2 = cases_area(window2)
    opened(area2, case_id)
    editor2 = area2.page.identity_editor
    assert editor2 is not None and editor2.fields["prenom"].text() == "Josselin"
    click(qtbot, editor2.save_button)
    assert "modifié sur un autre poste" in editor2.message.text()
    typed = editor2.person()
    click(qtbot, editor2.overwrite_button)  # the agent's identity, on the version now current
    assert office.cases.get(case_id).person == typed and typed["prenom"] == "Josselin"
    assert PendingBook(again).all() == [] and len(window2.store_access.pending) == 0


def test_a_fiche_and_its_sending_refused_after_the_case_was_opened_survive_too(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
) -> None:
    import datetime as dt

    from asip_desktop.documents.sending import SendingPlan

    desk, window, case = a_request_with_its_case(qtbot, show_window, team)
    session = window.request_area.session
    pdf = tiny_pdf()
    plan = SendingPlan(
        "fiche_liaison_retraite", "CARSAT Bretagne", "Urgence CD35", "fiche.pdf", (), (),
        "réponse", dt.timedelta(hours=72),
    )  # fmt: skip
    sent_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    pg.stop()
    try:
        for attempt in (lambda: session.save_form(plan.form, pdf),
                        lambda: session.record_sending(plan, sent_at)):  # fmt: skip
            refused_while_away(attempt)
        kinds = sorted(op.kind for op in PendingBook(desk).all())
        assert kinds == ["envoi", "fiche"]
        window.close()
    finally:
        pg.start()
    again, window2 = restarted(show_window, team, desk)
    banner = window2.team_banner
    assert f"la fiche du dossier {case.number}" in banner.listed()
    assert f"l'envoi du dossier {case.number}" in banner.listed()
    [fiche] = [op for op in PendingBook(again).all() if op.kind == "fiche"]
    click(qtbot, banner.save_button)
    detail = again.cases.get(case.id)
    assert [f.kind for f in detail.forms] == ["fiche_liaison_retraite"]
    assert again.cases.form_content(detail.forms[0].id) == pdf
    assert [(s.what, s.sent_at) for s in detail.sendings] == [
        ("fiche_liaison_retraite", "2026-03-02T09:30:00+00:00")
    ]  # at its real moment
    pending.replay(again, fiche)  # had it reached the base before the cut: once
    assert len(again.cases.get(case.id).forms) == 1
    assert PendingBook(again).all() == [] and not banner.isVisible()


def test_a_case_closed_elsewhere_while_the_window_stayed_open_is_said_the_same_way(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
) -> None:
    desk, case_id, number, window, area = a_case_shown(show_window, team, engine)
    office = team.desk("bureau", cdas=CDAS)
    try:
        refuse_a_note(qtbot, window, area, case_id, pg)
        area.show_list()  # the note goes with the agent to the list
    finally:
        back_again(qtbot, window, pg)
    office.cases.close(case_id)
    banner = window.team_banner
    click(qtbot, banner.save_button)
    box = banner.refusal_box
    assert box is not None and f"le dossier {number} n'existe plus" in box.text()
    assert PendingBook(desk).all() == [] and len(window.store_access.pending) == 0
    assert NOTE.encode() not in local_pages(desk)


def test_an_identity_edit_that_reached_the_base_before_the_cut_is_not_a_conflict(
    team: Team, engine: Any
) -> None:
    from asip_desktop.team.cases import update_identity

    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    seen = desk.cases.get(case_id)
    typed = {**seen.person, "prenom": "Josselin"}
    op = pending.identity(typed, seen)
    update_identity(desk.cases, case_id, typed, seen)  # went through, its answer lost
    version = desk.cases.get(case_id).version
    pending.replay(desk, op)  # done already: no conflict with its own change, no write
    assert desk.cases.get(case_id).version == version
    assert desk.cases.get(case_id).person["prenom"] == "Josselin"


def test_a_fiche_refused_for_an_opened_case_goes_to_that_case_after_a_new_request(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
) -> None:
    desk, window, case = a_request_with_its_case(qtbot, show_window, team)
    session = window.request_area.session
    pdf = tiny_pdf()
    pg.stop()
    try:
        refused_while_away(lambda: session.save_form("fiche_liaison_retraite", pdf))
    finally:
        back_again(qtbot, window, pg)
    session.reset()  # « Nouvelle demande »: the next fiche would go to a new case
    click(qtbot, window.team_banner.save_button)
    assert [c.id for c in desk.cases.open_cases()] == [case.id]  # no second case
    assert [f.kind for f in desk.cases.get(case.id).forms] == ["fiche_liaison_retraite"]
    assert PendingBook(desk).all() == []
