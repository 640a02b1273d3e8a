"""The window of a permanence laptop (pytest-qt, offscreen, the suite's PostgreSQL):
the « Dossiers » area offers « Transférer vers la base du CDAS » when the local store
holds cases and the team base answers; the dialog runs the transfer with its progress,
shows the receipt and the conflicts with their choices."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from asip_desktop.gui.shell.store_access import StoreAccess
from tests.gui.conftest import screen, show_window  # noqa: F401  (the fixtures)
from tests.gui.driver import click
from tests.gui.test_cases_area import cases_area
from tests.team.conftest import Team
from tests.team.laptop import ANSWERS, Laptop, server_counts
from tests.team.test_team_gui import settings

# the PNGs in docs/screenshots come from ASIP_TRANSFER_SHOTS=docs/screenshots pytest …
SHOTS_VARIABLE = "ASIP_TRANSFER_SHOTS"


def test_the_dossiers_area_offers_the_transfer_and_the_dialog_runs_it(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    screen: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    engine: Any,
) -> None:
    screen(1024, 700)
    shots = Path(os.environ.get(SHOTS_VARIABLE) or tmp_path)
    desk = team.desk("bureau")
    result = engine.evaluate(ANSWERS).to_dict()
    desk.cases.create(ANSWERS, result, person={"nom_naissance": "Tanguy", "prenom": "Gwenaël"})
    laptop = Laptop(team, tmp_path / "portable")
    laptop.seed(engine, random.Random(3), n=3)
    same = laptop.new_case(engine, person={"nom_naissance": "TANGUY", "prenom": "Gwenael"})
    same_number = laptop.local.cases.get(same).summary.number

    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: laptop.local))
    window.resize(1024, 700)
    assert window.store_access.open_now() is laptop.local
    area = cases_area(window)
    offer = area.transfer_offer
    assert offer is not None
    qtbot.waitUntil(offer.isVisible, timeout=10000)  # the base answered
    assert "4 dossier(s)" in offer.text.text()
    assert offer.team is not None
    assert offer.team.engine.pool.checkedin() == 0  # the probe kept no connection open
    assert window.grab().save(str(shots / "transfert-bandeau.png"))

    click(qtbot, offer.button)
    dialog = area.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    assert same_number in dialog.cases_list.toPlainText()
    shown: list[tuple[int, int, bool]] = []  # the progress bar while the worker runs
    dialog.progress.valueChanged.connect(
        lambda v: shown.append((v, dialog.progress.maximum(), dialog.progress.isVisible()))
    )
    click(qtbot, dialog.start_button)
    assert not dialog.close_button.isEnabled()  # the window is not blocked: a worker runs
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=30000)
    assert offer.team.engine.pool.checkedin() == 0  # nor did the transfer
    assert shown[-1] == (5, 5, True) and len(shown) >= 5  # 4 cases, then the rows
    receipt = dialog.receipt
    assert receipt is not None and len(receipt.moved) == 3
    assert [c.local_number for c in receipt.conflicts] == [same_number]
    text = dialog.cases_list.toPlainText()
    assert "Dossiers transférés vers la base d'équipe : 3" in text and "Tanguy" not in text
    assert dialog.message.text() == "Transfert terminé."
    separate, leave = dialog.conflict_rows[same_number]
    # a widget added to a shown dialog's layout is shown by a queued call: the next events
    qtbot.waitUntil(lambda: separate.isVisible() and leave.isVisible(), timeout=5000)
    assert dialog.grab().save(str(shots / "transfert-recepisse.png"))
    dialog.copy()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == text

    # the list follows: only the case in conflict is left on the laptop
    assert [c.id for c in laptop.local.cases.open_cases()] == [same]
    click(qtbot, separate)  # the agent decides: a separate case
    qtbot.waitUntil(lambda: not laptop.local.cases.open_cases(), timeout=30000)
    qtbot.waitUntil(lambda: dialog.close_button.isEnabled(), timeout=10000)
    assert dialog.receipt is not None and [m[0] for m in dialog.receipt.moved] == [same_number]
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not offer.isVisible(), timeout=10000)  # nothing left to move
    assert len(desk.cases.open_cases()) == 5


def test_parametres_says_the_desk_is_a_permanence_laptop(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: laptop.local))
    window.store_access.open_now()
    window.show_area("parametres")
    view = window.area("parametres")
    view._on_store()
    text = view.store_info.text()
    assert "Base utilisée : base locale chiffrée de ce poste" in text
    assert "Portable de permanence du CDAS de Saint-Malo" in text
    assert "Transférer vers la base du CDAS" in text


def test_a_cut_mid_transfer_is_said_and_relancer_finishes_it(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    engine: Any,
) -> None:
    import psycopg
    from sqlalchemy import event

    laptop = Laptop(team, tmp_path / "portable")
    laptop.seed(engine, random.Random(8), n=3)
    uids = laptop.uids()
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: laptop.local))
    window.store_access.open_now()
    area = cases_area(window)
    assert area.transfer_offer is not None
    qtbot.waitUntil(area.transfer_offer.isVisible, timeout=10000)
    click(qtbot, area.transfer_offer.button)
    dialog = area.transfer_dialog
    assert dialog is not None and area.transfer_offer.team is not None
    sent = {"n": 0}

    def cut(*_args: Any) -> None:  # the network goes during the second case
        sent["n"] += 1
        if sent["n"] == 9:
            raise psycopg.OperationalError("réseau coupé (test)")

    team_engine = area.transfer_offer.team.engine
    event.listen(team_engine, "before_cursor_execute", cut)
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=30000)
    assert team_engine.pool.checkedin() == 0  # the cut transfer kept no connection open
    event.remove(team_engine, "before_cursor_execute", cut)
    assert dialog.receipt is not None and dialog.receipt.interrupted
    assert dialog.message.text().startswith("Transfert interrompu")
    assert "INTERROMPU" in dialog.cases_list.toPlainText()
    assert dialog.start_button.text() == "&Relancer le transfert"
    left = len(laptop.local.cases.open_cases())
    assert 0 < left < 3  # some moved, the rest still here
    click(qtbot, dialog.start_button)
    qtbot.waitUntil(lambda: dialog.message.text() == "Transfert terminé.", timeout=30000)
    assert laptop.local.cases.open_cases() == []
    assert server_counts(team.url, "cases", "uid", uids) == dict.fromkeys(uids, 1)
