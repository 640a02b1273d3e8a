"""Whole flows with seeded personal data: no network is ever opened, and no
log, crash report or temporary file holds any of the data."""

from __future__ import annotations

import logging
import os
import socket
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from asip_desktop import config
from asip_desktop.logs import setup_logging
from asip_desktop.settings import AgentProfile, Settings
from tests.gui.driver import click, type_text, walk_by_mouse
from tests.gui.sending_helpers import send

SEED = {
    "nom_naissance": "Quéméneur-Zyx",
    "prenom": "Gwenaëlle",
    "nir": "285052A00512373",
    "telephone": "06 98 76 54 32",
    "email": "gwenaelle.qzx@exemple-prive.fr",
}
NEEDLES = [
    SEED["nom_naissance"],
    SEED["prenom"],
    "285052A005123",
    "2 85 05 2A",
    "06 98 76 54 32",
    "0698765432",
    SEED["email"],
]
ANSWERS = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_ressources"}


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def files_under(folder: Path) -> set[Path]:
    """Every file under ``folder``; folders that vanish or cannot be read meanwhile (the
    temp dir is shared with other processes) are passed over, not an error."""
    return {
        Path(root, name)
        for root, _dirs, names in os.walk(folder, onerror=lambda _error: None)
        for name in names
    }


def leaks(paths: set[Path]) -> list[str]:
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for needle in NEEDLES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if needle.encode(encoding) in data:
                    found.append(f"{path.name}: {needle!r} ({encoding})")
    return found


def test_counter_flows_offline_and_without_personal_data_in_logs(
    qtbot, show_window, no_network, tmp_path
):
    log_path = setup_logging(logging.DEBUG)
    temp_before = files_under(Path(tempfile.gettempdir()))
    window = show_window(
        settings=Settings(
            niveau=2,
            agent=AgentProfile(
                nom="Agent", prenom="Test", telephone="02 99 00 00 00", cdas="CDAS Exemple"
            ),
        )
    )
    store = window.store_access.require()
    wizard = window.wizard

    # the wizard at level 2, with the person's identity
    walk_by_mouse(qtbot, wizard, ANSWERS, 2)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    for key, value in SEED.items():
        type_text(wizard.person_page.fields[key], value)
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == wizard.result_page_id
    qtbot.wait(400)  # the draft is saved

    # the case, the fiche, its sending
    page = wizard.result_page
    click(qtbot, page.case_button)
    qtbot.mouseClick(page.forms_bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    dialog = page.forms_bar.dialog
    qtbot.addWidget(dialog)
    click(qtbot, dialog.editor.fields["copie_reponse_partenaire"].buttons[False])
    assert dialog.check_and_preview(), dialog.status.text()
    send(qtbot, dialog.sending, tmp_path / "pieces-jointes")
    dialog.close()

    # the orientation sheet, then closing the case (purge)
    qtbot.mouseClick(page.forms_bar.buttons["feuille_orientation"], Qt.MouseButton.LeftButton)
    page.forms_bar.dialog.close()
    [case] = store.cases.open_cases()
    # closing deletes the attachment prepared for BlueFiles (the store does it, by default)
    prepared = [Path(c.path) for c in store.cases.saved_copies(case.id)]
    assert prepared and all(path.exists() for path in prepared)
    receipt = store.cases.close(case.id)
    assert receipt.case_number == case.number
    assert not any(path.exists() for path in prepared)

    # a crash on the way is reported without the data
    from asip_desktop.gui.shell.crash_dialog import handle_uncaught

    try:
        raise ValueError(f"NIR refusé {SEED['nir']} pour {SEED['nom_naissance']}")
    except ValueError as exc:
        handle_uncaught(type(exc), exc, exc.__traceback__)
    qtbot.addWidget(handle_uncaught.last_dialog)

    for handler in logging.getLogger("asip_desktop").handlers:
        handler.flush()
    assert log_path.exists() and log_path.stat().st_size > 0
    new_temp = files_under(Path(tempfile.gettempdir())) - temp_before
    searched = files_under(config.log_dir()) | new_temp
    assert leaks(searched) == []
    assert "case" in log_path.read_text("utf-8")


def test_the_leak_search_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "x.log"
    sample.write_bytes(("…" + SEED["email"]).encode("utf-16-le"))
    assert leaks({sample}) == [f"x.log: {SEED['email']!r} (utf-16-le)"]
