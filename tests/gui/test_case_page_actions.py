"""From the case page: reprint a saved fiche, prepare or redo its secure sending,
join the signed fiche (kept encrypted, purged with the case), the second-level
reception; the purge receipt in local French time, printed (to PDF)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from asip_desktop.settings import AgentProfile
from asip_desktop.store.attachments import signed_copies
from tests.documents.samples import flat, pdf_pages
from tests.gui.cases_seed import PERSON, new_case, open_store, overdue_case
from tests.gui.sending_helpers import send
from tests.gui.test_accessibility import unnamed_widgets
from tests.gui.test_cases_area import cases_area, click

URGENT = {"demande": "aide_departement", "urgences": ["aide_alimentaire"]}


def print_to_pdf(monkeypatch, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Qt's print dialog answers « Imprimer » with a PDF file as the printer."""
    titles: list[str] = []

    def accept(dialog: QPrintDialog) -> int:
        titles.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return titles


def photo(path: Path) -> Path:
    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(path), "JPEG")
    return path


def test_reprint_a_saved_fiche(qtbot, window, engine, monkeypatch, tmp_path):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.open_case(case_id)
    out = tmp_path / "impression.pdf"
    titles = print_to_pdf(monkeypatch, out)
    click(qtbot, area.page.print_button)
    assert titles == ["Imprimer"]
    printed = out.read_bytes()
    assert len(pdf_pages(printed)) == 1  # the saved fiche's one page, as an image
    assert b"/Image" in printed


def test_join_the_signed_fiche_kept_apart_and_purged(qtbot, window, engine, monkeypatch, tmp_path):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.open_case(case_id)
    page = area.page
    scan = photo(tmp_path / "scan.jpg")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(scan), ""))
    )
    click(qtbot, page.attach_button)
    [signed] = signed_copies(store, case_id)
    assert signed.form == "fiche_liaison_retraite"
    assert store.cases.form_content(signed.id) == scan.read_bytes()
    assert "Fiche signée jointe au dossier" in page.forms_message.text()
    # the page lists it as a signed fiche, not as one more fiche
    assert page.forms_list.count() == 1 and page.signed_list.count() == 1
    assert "signée — jointe le" in page.signed_list.item(0).text()
    click(qtbot, page.show_signed_button)
    assert page.image.isVisibleTo(page) and not page.image.pixmap().isNull()
    # a file that is neither a scan nor a photo is refused, nothing is added
    bad = tmp_path / "notes.txt"
    bad.write_text("pas une image")
    assert not page.attach_signed(bad)
    assert "ni un document PDF" in page.forms_message.text()
    assert len(signed_copies(store, case_id)) == 1
    assert unnamed_widgets(page) == []
    # closing counts it apart and destroys it
    click(qtbot, page.close_button)
    destroyed = area.close_dialog.destroyed_label.text()
    assert "fiches remplies : 1" in destroyed
    assert "fiches signées jointes (numérisation ou photo) : 1" in destroyed
    area.close_dialog.confirm_box.setChecked(True)
    click(qtbot, area.close_dialog.close_button)
    assert store.count("forms") == 0


def test_redo_the_secure_sending_from_the_case(qtbot, window, engine, tmp_path):
    window.settings.agent = AgentProfile(nom="Le Goff", prenom="Anne", cdas="CDAS Exemple")
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.open_case(case_id)
    click(qtbot, area.page.send_button)
    dialog = area.page.sending_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and "Déjà marquée envoyée le" in dialog.intro.text()
    assert "Annaïg" not in dialog.windowTitle()
    panel = dialog.panel
    assert panel.fields["subject"].text() == "Urgence CD35"
    assert panel.fields["recipient"].text() == "RennesBalcDcrPartenaires@carsat-bretagne.fr"
    sender = panel.checks[-1].accessibleName()
    assert sender.endswith("anne.le-goff@ille-et-vilaine.fr")  # the agent's own address
    path = send(qtbot, panel, tmp_path / "pj")
    assert path.read_bytes() == store.cases.form_content(store.cases.get(case_id).forms[0].id)
    detail = store.cases.get(case_id)
    assert len(detail.sendings) == 2 and len(detail.deadlines) == 2  # a new deadline
    assert [c.path for c in store.cases.saved_copies(case_id)] == [str(path)]
    assert "Envoi enregistré dans le dossier" in panel.status.text()
    assert unnamed_widgets(dialog) == []
    click(qtbot, dialog.close_button)
    # redone once more: the case's own file is written again, not doubled as « -2 »
    again = area.page.prepare_sending()
    qtbot.addWidget(again)
    assert again.panel.prepare_attachment() == path
    assert [c.path for c in store.cases.saved_copies(case_id)] == [str(path)]
    again.reject()
    # closing offers to delete the prepared attachment
    click(qtbot, area.page.close_button)
    assert str(path) in area.close_dialog.copy_boxes


def test_a_level_1_case_is_taken_up_at_level_2(qtbot, window, engine):
    store = open_store(window)
    case_id = new_case(store, engine, URGENT, level=1, person=PERSON)
    area = cases_area(window)
    assert area.list.today_table.row_texts()[0][0] == "Accueil de deuxième niveau à faire"
    area.open_case(case_id)
    button = area.page.level_2_button
    assert button is not None
    click(qtbot, button)
    assert store.cases.get(case_id).level == 2
    assert area.page.level_2_button is None
    assert area.list.today_table.rowCount() == 0


def test_the_receipt_is_in_local_french_time_and_prints(
    qtbot, window, engine, monkeypatch, tmp_path
):
    store = open_store(window)
    case_id = new_case(store, engine, person=PERSON)
    number = store.cases.get(case_id).summary.number
    area = cases_area(window)
    area.open_case(case_id)
    click(qtbot, area.page.close_button)
    area.close_dialog.confirm_box.setChecked(True)
    click(qtbot, area.close_dialog.close_button)
    shown = area.receipt_dialog
    text = shown.text.toPlainText()
    days = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    assert re.search(rf"Clos et purgé le : ({days}) \d+(er)? \w+ 20\d\d à \d\d:\d\d", text)
    assert "(heure locale)" in text
    out = tmp_path / "recepisse.pdf"
    print_to_pdf(monkeypatch, out)
    click(qtbot, shown.print_button)
    printed = flat(" ".join(pdf_pages(out.read_bytes())))
    assert f"Récépissé de purge — dossier {number}" in printed
    assert "heure locale" in printed
    assert "Annaïg" not in printed and "Annaïg" not in shown.windowTitle()
    assert shown.print_message.text() == "Récépissé envoyé à l'impression."


def mnemonic_letters(root) -> list[str]:  # type: ignore[no-untyped-def]
    """The Alt+letter of every visible button, label and tab of ``root``."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget

    texts = [w.text() for w in root.findChildren(QAbstractButton) if w.isVisibleTo(root)]
    texts += [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root) and w.buddy()]
    for tabs in root.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    found = re.findall(r"&(\w)", " ".join(texts).replace("&&", ""))
    return [letter.lower() for letter in found]


def test_mnemonics_are_unique_on_the_lists_the_case_page_and_its_sending(
    qtbot, window, engine, tmp_path
):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    letters = mnemonic_letters(area.list)
    assert len(letters) == len(set(letters)) >= 6, letters
    area.open_case(case_id)
    letters = mnemonic_letters(area.page)
    assert len(letters) == len(set(letters)) >= 10, letters
    dialog = area.page.prepare_sending()
    qtbot.addWidget(dialog)
    letters = mnemonic_letters(dialog)
    assert len(letters) == len(set(letters)) >= 3, letters


def test_a_note_being_typed_survives_an_action_and_a_visit_to_the_list(qtbot, window, engine):
    store = open_store(window)
    case_id = overdue_case(store, engine)
    area = cases_area(window)
    area.open_case(case_id)
    area.page.note_edit.setPlainText("Rappeler la CARSAT")
    click(qtbot, next(iter(area.page.deadline_buttons.values())))  # the page is rebuilt
    assert area.page.note_edit.toPlainText() == "Rappeler la CARSAT"
    click(qtbot, area.page.back_button)
    area.open_case(case_id)
    assert area.page.note_edit.toPlainText() == "Rappeler la CARSAT"
    click(qtbot, area.page.add_note_button)
    assert [n.text for n in store.cases.get(case_id).notes] == ["Rappeler la CARSAT"]
    assert area.page.note_edit.toPlainText() == ""
    # a draft left on a case that is then closed goes with the purge
    area.page.note_edit.setPlainText("brouillon")
    click(qtbot, area.page.close_button)
    area.close_dialog.confirm_box.setChecked(True)
    click(qtbot, area.close_dialog.close_button)
    assert area.page.note_drafts == {}
