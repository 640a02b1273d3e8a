"""The team base's server stopped mid-session, with the suite's real PostgreSQL: one
banner for the whole window, whichever area called; what was typed kept (the wizard and
its encrypted local draft, the note's editor, the sending's moment); nothing written on
the server; « Enregistrer maintenant » once it answers again (« Réessayer », or the
check every 15 s, run off the window's thread)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.shell.team_banner import CHECK_EVERY_MS
from asip_desktop.team.connection import UNREACHABLE, TeamUnavailable
from tests.gui.cases_seed import PERSON, overdue_case
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click, walk_by_mouse
from tests.gui.sending_helpers import prepare_and_tick
from tests.gui.test_case_workflow import fill_person
from tests.gui.test_cases_area import cases_area, opened
from tests.team.conftest import Team
from tests.team.pg_cluster import Cluster
from tests.team.test_team_gui import CDAS, RETIREMENT, dossiers_on, settings


def refused_while_away(call: Any) -> None:
    """``call`` fails because the server is away: nothing saved, said in French."""
    with pytest.raises(TeamUnavailable) as away:
        call()
    assert away.value.message == UNREACHABLE


def back_again(qtbot: Any, window: Any, pg: Cluster) -> None:
    """The server restarted; « Réessayer » checks in a worker thread."""
    pg.start()
    banner = window.team_banner
    click(qtbot, banner.retry_button)
    qtbot.waitUntil(lambda: not banner.down, timeout=10000)


def test_the_request_refused_while_the_base_is_away_is_kept_then_saved_once(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    banner = window.team_banner
    assert window.store_access.open_now() is desk and not banner.isVisible()
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, RETIREMENT, 2)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    fill_person(qtbot, wizard.person_page, {"nom_naissance": "Le Gall", "prenom": "Jos"})
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    window.request_area.drafts.save_now()
    pg.stop()
    try:
        click(qtbot, wizard.result_page.case_button)
        status = wizard.result_page.case_status.text()
        assert status.startswith("Dossier non ouvert : La base d'équipe du CDAS est injoignable")
        # the whole window says it, with what waits
        assert banner.isVisible() and banner.down
        assert banner.message.text().startswith(UNREACHABLE)
        assert "la demande en cours (« Nouvelle demande »)" in banner.message.text()
        assert banner.retry_button.isVisible() and not banner.save_button.isVisible()
        assert banner.timer.isActive() and banner.timer.interval() == CHECK_EVERY_MS == 15_000
        # what was typed is in the wizard and in the desk's encrypted local draft
        assert wizard.person_page.person()["prenom"] == "Jos"
        draft = desk.load_draft()
        assert draft is not None and draft["person"]["nom_naissance"] == "Le Gall"
        # another area's call says it too, on the same banner
        assert cases_area(window).list.unreachable.isVisible()
        assert banner.isVisible()
        click(qtbot, banner.retry_button)  # still away: the banner stays
        qtbot.waitUntil(lambda: banner._check is not None and banner._check.isFinished())
        assert banner.down
    finally:
        back_again(qtbot, window, pg)
    assert desk.cases.open_cases() == []  # nothing was written while it was away
    assert banner.isVisible() and banner.save_button.isVisible()
    assert banner.message.text().startswith("La base d'équipe du CDAS répond de nouveau.")
    assert not banner.timer.isActive()
    click(qtbot, banner.save_button)
    [case] = desk.cases.open_cases()
    detail = desk.cases.get(case.id)
    assert detail.person["prenom"] == "Jos" and detail.person["nom_naissance"] == "Le Gall"
    assert wizard.result_page.case_status.text().startswith(f"Dossier {case.number} ouvert")
    assert not banner.isVisible() and len(window.store_access.pending) == 0
    assert desk.load_draft() is None  # the case holds the request now


def test_a_note_and_a_sending_refused_while_the_base_is_away(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
    engine: Any,
    tmp_path: Any,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    window, area = dossiers_on(show_window, desk)
    opened(area, case_id)
    page = area.page
    page.note_edit.setPlainText("Rappeler la personne jeudi.")
    click(qtbot, page.send_button)
    dialog = page.sending_dialog
    qtbot.addWidget(dialog)
    prepare_and_tick(qtbot, dialog.panel, tmp_path / "pj")
    before = desk.cases.get(case_id)
    banner = window.team_banner
    pg.stop()
    try:
        qtbot.mouseClick(dialog.panel.mark_sent, Qt.MouseButton.LeftButton)
        assert dialog.panel.status.text().startswith("Envoi NON enregistré dans le dossier")
        click(qtbot, page.add_note_button)
        assert page.note_message.text().startswith("La base d'équipe du CDAS est injoignable")
        assert page.note_edit.toPlainText() == "Rappeler la personne jeudi."  # kept
        assert banner.isVisible() and banner.down
        text = banner.listed()
        assert f"l'envoi du dossier {before.summary.number}" in text
        assert f"la note du dossier {before.summary.number}" in text
        assert PERSON["prenom"] not in text  # no personal data in the banner
    finally:
        back_again(qtbot, window, pg)
    assert desk.cases.get(case_id).notes == before.notes  # nothing half-written
    assert len(desk.cases.get(case_id).sendings) == len(before.sendings)
    click(qtbot, dialog.close_button)
    area.show_list()  # the note being typed goes with the agent to the list and back
    click(qtbot, banner.save_button)
    after = desk.cases.get(case_id)
    assert [n.text for n in after.notes] == ["Rappeler la personne jeudi."]
    assert len(after.sendings) == len(before.sendings) + 1
    assert len(after.deadlines) == len(before.deadlines) + 1  # the new sending's deadline
    assert not banner.isVisible()
    opened(area, case_id)
    assert page.note_edit.toPlainText() == ""  # added: nothing left to keep


def test_a_fiche_and_its_sending_from_the_wizard_refused_then_saved_once(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    pg: Cluster,
) -> None:
    import datetime as dt

    from asip_desktop.documents.sending import SendingPlan
    from tests.gui.cases_seed import tiny_pdf

    desk = team.desk("accueil", cdas=CDAS)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    wizard = window.wizard
    walk_by_mouse(qtbot, wizard, RETIREMENT, 2)
    session = window.request_area.session
    pdf = tiny_pdf()
    plan = SendingPlan(
        "fiche_liaison_retraite", "CARSAT Bretagne", "Urgence CD35", "fiche.pdf", (), (),
        "réponse", dt.timedelta(hours=72),
    )  # fmt: skip
    sent_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    banner = window.team_banner
    pg.stop()
    try:
        for attempt in (lambda: session.save_form(plan.form, pdf),
                        lambda: session.record_sending(plan, sent_at)):  # fmt: skip
            refused_while_away(attempt)
        assert "la fiche enregistrée (demande en cours)" in banner.listed()
        assert "l'envoi marqué fait (demande en cours)" in banner.listed()
    finally:
        back_again(qtbot, window, pg)
    assert desk.cases.open_cases() == []
    click(qtbot, banner.save_button)
    [case] = desk.cases.open_cases()
    detail = desk.cases.get(case.id)
    assert [f.kind for f in detail.forms] == ["fiche_liaison_retraite"]
    assert [(s.what, s.sent_at) for s in detail.sendings] == [
        ("fiche_liaison_retraite", "2026-03-02T09:30:00+00:00")
    ]  # at its real moment: its deadline counts from it
    session.save_form(plan.form, pdf)  # the same fiche saved again from its dialog: once
    assert len(desk.cases.get(case.id).forms) == 1
    assert not banner.isVisible()
