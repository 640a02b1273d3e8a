"""From the result page to the filled fiche, its preview, printing and the sending panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit

from asip_desktop.core.scenarios import load_scenarios
from asip_desktop.gui.fiches.form_dialog import STALE, FormDialog
from asip_desktop.gui.request.orientation_sheet_dialog import OrientationSheetDialog
from asip_desktop.gui.widgets.pdf_preview import print_to
from tests.documents.samples import flat, pdf_pages
from tests.gui.driver import click, type_text, walk_by_mouse
from tests.gui.sending_helpers import prepare_and_tick

SCENARIOS = {s.name: s for s in load_scenarios()}


def reach_result(qtbot, window, name):
    scenario = SCENARIOS[name]
    walk_by_mouse(qtbot, window.wizard, scenario.answers, scenario.level)
    return window.wizard.result_page


def type_into(qtbot, dialog, path, text):
    widget = dialog.editor.fields[path].edit
    assert isinstance(widget, QLineEdit | QPlainTextEdit)
    if isinstance(widget, QLineEdit):
        widget.clear()
    widget.setFocus()
    type_text(widget, text)


def open_liaison(qtbot, window) -> FormDialog:
    page = reach_result(qtbot, window, "04-retraite-rupture-ressources")
    bar = page.forms_bar
    assert set(bar.buttons) == {"fiche_liaison_retraite", "feuille_orientation"}
    qtbot.mouseClick(bar.buttons["fiche_liaison_retraite"], Qt.MouseButton.LeftButton)
    dialog = bar.dialog
    assert isinstance(dialog, FormDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def fill_liaison(qtbot, dialog, *, phone: str = "06 00 00 00 02"):
    for path, text in {
        "cdas_emetteur": "CDAS Exemple-Centre",
        "collaborateur.nom": "Collabo",
        "collaborateur.prenom": "Camille",
        "personne.nom_naissance": "Nguyễn",
        "personne.prenom": "Élodie",
        "personne.nir": "2 95 10 99 126 111 93",
        "personne.telephone": phone,
        "commentaire": "Paiement suspendu depuis deux mois.",
    }.items():
        edit = dialog.editor.fields[path].edit
        if text and not (isinstance(edit, QLineEdit) and edit.isReadOnly()):
            type_into(qtbot, dialog, path, text)  # the CDAS émetteur comes from Paramètres
    click(qtbot, dialog.editor.fields["type_dossier"].buttons["pension_retraite"])
    click(qtbot, dialog.editor.fields["copie_reponse_partenaire"].buttons[False])


def test_result_page_to_filled_liaison_and_its_preview(qtbot, window, tmp_path):
    dialog = open_liaison(qtbot, window)
    fields = dialog.editor.fields
    # prefilled from the orientation: the motif, and today's date
    assert fields["motif"].buttons["rupture_ressources"].isChecked()
    assert fields["date_creation"].edit.text().count("/") == 2

    fill_liaison(qtbot, dialog, phone="")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    # refused: the phone is required; nothing typed is lost
    message = dialog.editor.error_text("personne.telephone")
    assert message.startswith("Téléphone de la personne : à renseigner")
    assert fields["personne.telephone"].error.isVisible()
    assert dialog.focusWidget() is fields["personne.telephone"].edit
    assert fields["personne.nom_naissance"].edit.text() == "Nguyễn"
    assert fields["commentaire"].edit.toPlainText() == "Paiement suspendu depuis deux mois."
    assert dialog.preview.page_count == 0
    assert not dialog.actions.print_button.isEnabled()

    type_into(qtbot, dialog, "personne.telephone", "06 00 00 00 02")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.editor.error_text("personne.telephone") == ""
    assert not fields["personne.telephone"].error.isVisible()
    assert dialog.preview.page_count == 2
    assert not dialog.preview.page_labels[0].pixmap().isNull()
    assert dialog.actions.print_button.isEnabled()
    assert dialog.data.personne.nir == "295109912611193"
    assert dialog.data.motif == "rupture_ressources"

    # the secure sending panel
    sending = dialog.sending
    assert sending.fields["recipient"].text() == "RennesBalcDcrPartenaires@carsat-bretagne.fr"
    assert sending.fields["subject"].text() == "Urgence CD35"
    assert "Nguyễn" not in sending.fields["attachment"].text()
    qtbot.mouseClick(sending.copy_buttons["subject"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Urgence CD35"
    assert not sending.mark_sent.isEnabled()
    prepare_and_tick(qtbot, sending, tmp_path / "pieces-jointes")
    with qtbot.waitSignal(sending.sent) as blocker:
        qtbot.mouseClick(sending.mark_sent, Qt.MouseButton.LeftButton)
    plan, sent_at = blocker.args
    assert plan.deadline(sent_at) - sent_at == plan.deadline_delay
    assert "72 heures" in sending.status.text()

    # editing after the preview makes it stale: no printing of old data
    type_into(qtbot, dialog, "personne.prenom", "Élodie-Marie")
    assert dialog.preview.page_count == 0
    assert dialog.status.text() == STALE
    assert not dialog.actions.print_button.isEnabled()


def test_printing_paints_every_page(qtbot, window, tmp_path):
    dialog = open_liaison(qtbot, window)
    fill_liaison(qtbot, dialog)
    assert dialog.check_and_preview()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert print_to(printer, dialog.actions.pdf) == 2
    assert len(pdf_pages((tmp_path / "printed.pdf").read_bytes())) == 2


def test_saving_a_copy_only_where_chosen(qtbot, window, tmp_path, monkeypatch):
    dialog = open_liaison(qtbot, window)
    fill_liaison(qtbot, dialog)
    assert dialog.check_and_preview()
    chosen = tmp_path / "choisi"
    monkeypatch.setattr(
        "asip_desktop.gui.widgets.pdf_preview.QFileDialog.getSaveFileName",
        lambda parent, title, suggested, filters: (str(chosen), filters),
    )
    with qtbot.waitSignal(dialog.actions.copy_saved):
        qtbot.mouseClick(dialog.actions.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "choisi.pdf"
    assert dialog.actions.saved_copies == [saved]
    assert (saved.stat().st_mode & 0o777) == 0o600
    assert "Nguyễn" in flat(" ".join(pdf_pages(saved.read_bytes())))


def test_detection_form_from_the_result_page(qtbot, window):
    page = reach_result(qtbot, window, "15-pdp-salarie-non-autonome")
    qtbot.mouseClick(page.forms_bar.buttons["fiche_detection_fragilite"], Qt.MouseButton.LeftButton)
    dialog = page.forms_bar.dialog
    qtbot.addWidget(dialog)
    assert dialog.editor.fields["motif"].buttons["pdp"].isChecked()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "qu'avec l'accord de la personne" in dialog.editor.error_text("accord_personne")
    assert dialog.sending.fields["recipient"].text() == ""


def test_orientation_sheet_preview(qtbot, window):
    page = reach_result(qtbot, window, "01-retraite-information")
    assert set(page.forms_bar.buttons) == {"feuille_orientation"}
    qtbot.mouseClick(page.forms_bar.buttons["feuille_orientation"], Qt.MouseButton.LeftButton)
    dialog = page.forms_bar.dialog
    assert isinstance(dialog, OrientationSheetDialog)
    qtbot.addWidget(dialog)
    assert dialog.preview.page_count == 1
    assert dialog.actions.print_button.isEnabled()
    assert "lassuranceretraite.fr" in flat(pdf_pages(dialog.actions.pdf)[0])


def test_every_field_widget_has_an_accessible_name(qtbot, window):
    dialog = open_liaison(qtbot, window)
    buddies = {lbl.buddy() for lbl in dialog.findChildren(QLabel) if lbl.buddy() is not None}
    edits = dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit)
    assert len(edits) >= 15
    for widget in edits:
        assert widget.accessibleName() or widget in buddies, widget.objectName()
    for widget in dialog.findChildren(QAbstractButton):
        if widget.isVisibleTo(dialog) and widget.parent().metaObject().className() != "QTabBar":
            assert widget.accessibleName(), widget.text()
