"""The secure sending of a fiche saved in a case, prepared (again) from the case page:
the same panel as in the fiche's dialog, for the saved PDF; marking it sent records
the sending (a new deadline) and the attachment prepared (listed at closing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from asip_desktop.core.ruleset import RuleSet
from asip_desktop.documents.sending import SendingPlan, plan_for_saved, sender_address
from asip_desktop.errors import UserError
from asip_desktop.gui.cases.case_labels import form_label, when
from asip_desktop.gui.fiches.sending_panel import SendingPanel
from asip_desktop.gui.shell.pending_saves import PendingSaves, is_unreachable
from asip_desktop.gui.widgets.paragraph import paragraph
from asip_desktop.settings import AgentProfile
from asip_desktop.store.store import Store
from asip_desktop.store.values import CaseDetail, FormInfo


class CaseSendingDialog(QDialog):
    recorded = Signal()  # a sending or an attachment was recorded in the case

    def __init__(
        self,
        store: Store,
        rules: RuleSet,
        case: CaseDetail,
        form: FormInfo,
        agent: AgentProfile,
        parent: QWidget | None = None,
        pending: PendingSaves | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.pending = pending if pending is not None else PendingSaves()
        self.case_id = case.summary.id
        self.case_number = case.summary.number
        created = dt.datetime.fromisoformat(form.created_at).astimezone().date()
        personal = [v for v in case.person.values() if v]
        sender = sender_address(agent.prenom, agent.nom)
        plan = plan_for_saved(form.kind, created, personal, sender)  # UserError: shown by the page
        self.setWindowTitle(f"Envoi sécurisé — dossier {case.summary.number}")
        layout = QVBoxLayout(self)
        before = [s for s in case.sendings if s.what == form.kind]
        intro = f"{form_label(rules, form.kind)} enregistrée le {when(form.created_at)}."
        if before:
            intro += (
                f" Déjà marquée envoyée le {when(before[-1].sent_at)} : un nouvel envoi "
                "démarre un nouveau délai."
            )
        self.intro = paragraph(intro)
        layout.addWidget(self.intro)
        self.panel = SendingPanel()
        # prepared again, the case's own earlier file is rewritten, not doubled (-2)
        self.panel.own_files = {Path(c.path) for c in store.cases.saved_copies(self.case_id)}
        self.panel.set_plan(plan, store.cases.form_content(form.id))
        self.panel.sent.connect(self._sent)
        self.panel.attachment_prepared.connect(self._prepared)
        layout.addWidget(self.panel, 1)  # it scrolls by itself
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("&Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 640)

    def _sent(self, plan: SendingPlan, sent_at: dt.datetime) -> None:
        from asip_desktop.team import pending

        store, case_id = self.store, self.case_id
        client_id = pending.new_client_id()  # this sending, never recorded twice

        def record() -> None:  # the same moment of sending when done again
            store.cases.record_sending(
                case_id, plan.form, plan.recipient, "bluefiles", sent_at, client_id=client_id
            )

        key = f"envoi-{case_id}-{plan.form}"  # marked sent again and recorded: not offered
        try:
            record()
        except UserError as err:
            self.panel.status.setText(f"Envoi NON enregistré dans le dossier : {err}")
            if is_unreachable(err):
                kept = pending.sending(
                    case_id, self.case_number, plan.form, plan.recipient, "bluefiles", sent_at,
                    client_id,
                )  # fmt: skip
                again = lambda: pending.replay(store, kept)  # noqa: E731  (a closed case: said)
                self.pending.offer(key, f"l'envoi du dossier {self.case_number}", again, kept)
            return
        self.pending.done(key)
        self.panel.status.setText(self.panel.status.text() + " Envoi enregistré dans le dossier.")
        self.recorded.emit()

    def _prepared(self, path: Path) -> None:
        known = {c.path for c in self.store.cases.saved_copies(self.case_id)}
        if str(path) not in known:  # prepared again: the same file, listed once
            self.store.cases.record_saved_copy(self.case_id, str(path))
        self.panel.own_files.add(path)
        self.recorded.emit()
