"""The secure sending panel: information as text, only the real checks, and
« Préparer la pièce jointe » in the folder chosen once (owner-only, path copied)."""

from __future__ import annotations

import datetime as dt
import errno
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog

from asip_desktop.documents.sending import plan_for_saved
from asip_desktop.gui.fiches import attachment_folder
from asip_desktop.gui.fiches.sending_panel import SendingPanel
from tests.gui.cases_seed import tiny_pdf
from tests.gui.driver import click, type_key

PLAN = plan_for_saved("fiche_liaison_retraite", dt.date(2026, 12, 1), ["Annaïg"], "a.b@x.fr")


def panel(qtbot) -> SendingPanel:  # type: ignore[no-untyped-def]
    widget = SendingPanel()
    qtbot.addWidget(widget)
    widget.resize(640, 700)
    widget.show()
    widget.set_plan(PLAN, tiny_pdf("fiche de test"))
    return widget


def test_information_is_text_and_only_real_checks_are_boxes(qtbot):
    sending = panel(qtbot)
    boxes = sending.findChildren(QCheckBox)
    assert [b.objectName() for b in boxes] == [
        "verifier:signature",
        "verifier:objet",
        "verifier:expediteur",
    ]
    texts = " ".join(b.accessibleName() for b in boxes)
    assert "Signature de l'assuré" in texts and "« Urgence CD35 », sans nom ni NIR" in texts
    assert "a.b@x.fr" in texts
    for line in ("uniquement par BlueFiles", "Un seul mail par personne", "sous 72 heures"):
        assert line in sending.information.text() and line not in texts
    assert sending.attachment_state.text().startswith("✘")
    # nothing can be marked sent before the attachment is prepared and the boxes ticked
    for box in boxes:
        click(qtbot, box)
    assert not sending.mark_sent.isEnabled()
    assert "préparer la pièce jointe" in sending.mark_sent.toolTip()


def test_prepare_asks_the_folder_once_writes_owner_only_and_copies_the_path(
    qtbot, tmp_path: Path, monkeypatch
):
    folder = tmp_path / "BlueFiles"
    folder.mkdir()
    asked: list[str] = []

    def pick(parent, caption, start):  # type: ignore[no-untyped-def]
        asked.append(caption)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(pick))
    sending = panel(qtbot)
    prepared: list[Path] = []
    sending.attachment_prepared.connect(prepared.append)
    assert "à choisir" in sending.folder_label.text()
    qtbot.mouseClick(sending.prepare_button, Qt.MouseButton.LeftButton)
    path = folder / "fiche-liaison-retraite-2026-12-01.pdf"
    assert asked == ["Dossier des pièces jointes pour BlueFiles"] and prepared == [path]
    assert path.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert QApplication.clipboard().text() == str(path)
    assert sending.fields["attachment"].text() == str(path)
    assert sending.attachment_state.text() == f"✔ Pièce jointe préparée : {path}"
    assert str(folder) in sending.folder_label.text()
    assert "Annaïg" not in path.name
    for box in sending.checks:  # the keyboard ticks them too
        box.setFocus()
        type_key(box, Qt.Key.Key_Space)
    assert sending.mark_sent.isEnabled()
    # redone: the same file again, the folder is not asked again
    qtbot.mouseClick(sending.prepare_button, Qt.MouseButton.LeftButton)
    assert asked == ["Dossier des pièces jointes pour BlueFiles"] and prepared == [path, path]
    # another person's fiche the same day does not overwrite this one
    other = panel(qtbot)
    second = other.prepare_attachment()
    assert second == folder / "fiche-liaison-retraite-2026-12-01-2.pdf" and path.exists()
    assert attachment_folder.saved_folder() == folder


def test_no_folder_chosen_means_nothing_written(qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a: ""))
    sending = panel(qtbot)
    assert sending.prepare_attachment() is None
    assert sending.status.text() == "Pièce jointe non préparée : aucun dossier choisi."
    assert sending.prepared is None and not sending.mark_sent.isEnabled()


def test_a_full_or_refusing_folder_says_so(qtbot, tmp_path: Path, monkeypatch):
    attachment_folder.remember(tmp_path)

    def full(*args):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "Plus de place sur le disque")

    monkeypatch.setattr(attachment_folder, "write_private_atomic", full)
    sending = panel(qtbot)
    assert sending.prepare_attachment() is None
    assert "n'accepte pas le fichier (Plus de place sur le disque)" in sending.status.text()
    assert sending.prepared is None and not list(tmp_path.glob("*.pdf"))


def test_a_changed_fiche_must_be_prepared_again(qtbot, tmp_path: Path):
    attachment_folder.remember(tmp_path)
    sending = panel(qtbot)
    assert sending.prepare_attachment() is not None
    sending.set_plan(None)  # the fiche was edited after its preview
    sending.set_plan(PLAN, tiny_pdf("fiche corrigée"))
    assert sending.prepared is None and sending.attachment_state.text().startswith("✘")
