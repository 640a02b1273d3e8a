"""The request at the desk and its case: opening it in the store, saving the
fiches filled for it, recording their sending (which starts the deadlines)
and the copies saved on disk for BlueFiles."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from asip_desktop.errors import UserError
from asip_desktop.gui.request.wizard import OrientationWizard
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.settings import AgentProfile

if TYPE_CHECKING:
    from asip_desktop.documents.sending import SendingPlan

log = logging.getLogger("asip_desktop.gui.case")


class CaseSession(QObject):
    case_opened = Signal(int, str)  # case id, case number
    case_changed = Signal(int)  # case id (a fiche, a sending, a copy was recorded)

    def __init__(
        self,
        store_access: StoreAccess,
        wizard: OrientationWizard,
        agent: Callable[[], AgentProfile],
    ) -> None:
        super().__init__(wizard)
        self.store_access = store_access
        self.wizard = wizard
        self.agent = agent
        self.case_id: int | None = None
        self.case_number: str | None = None
        self._seen: Any = None
        self._saved_person: dict[str, Any] | None = None
        self._referent = ""  # the referent's note, still to add to the case just opened
        # form id → (the PDF, its case, its row): the same fiche is not saved twice
        self._saved_forms: dict[str, tuple[bytes, int, int]] = {}
        # fiche → the client-side id of its sending, until it is recorded (team base)
        self._sending_ids: dict[str, str] = {}

    def reset(self) -> None:
        """A new request: the next fiche goes to a new case."""
        self.case_id = None
        self.case_number = None
        self._referent = ""
        self._saved_forms = {}
        self._sending_ids = {}

    # --- the case ------------------------------------------------------------

    def open_case(self) -> tuple[int, str]:
        """Open the case of the current request (once); raises UserError if impossible.

        Each step is one transaction; when the team base goes away between them the case
        is kept as opened and the next call finishes the steps left (never a second
        case for the same request)."""
        if self.case_id is not None and self.case_number is not None:
            return self.case_id, self.case_number
        store = self.store_access.require()
        if self.case_id is None:
            result = self.wizard.result
            if result is None:
                raise ValueError("no orientation yet")
            agent = self.agent()
            self.case_id = store.cases.create(
                self.wizard.answers(),
                result.to_dict(),
                person=self.wizard.person() or None,
                cdas=agent.cdas or None,
                level=self.wizard.level(),
                discard_draft=True,
            )
            self._saved_person = self.wizard.person()  # what this desk last saved of it
            self._referent = self.wizard.person_page.referent() if self.wizard.level() == 2 else ""
        case_id = self.case_id
        if self._referent:
            store.cases.add_note(case_id, f"Travailleur social référent : {self._referent}")
            self._referent = ""
        self._seen = store.cases.get(case_id)  # the version the identity edits start from
        self.case_number = self._seen.summary.number
        log.info("case %s opened", case_id)
        self.case_opened.emit(case_id, self.case_number)
        return case_id, self.case_number

    def sync_person(self) -> None:
        """The identity typed since the case was opened goes into the case.

        Only the fields typed here since the last save go over the case as it is, and
        only if nobody changed the identity meanwhile (another desk of the CDAS, or the
        case page's identity editor): otherwise ``CaseChanged`` says what changed, what
        was typed stays in the wizard, and the next attempt starts from the case as it
        is now. Both bases (``team.cases.update_identity``)."""
        if self.case_id is None or self.wizard.level() != 2:
            return  # at level 1 the identity comes from the fiches: keep it
        from asip_desktop.team.cases import CaseChanged, update_identity

        person = self.wizard.person()
        base = self._saved_person or {}
        typed: dict[str, Any] = {k: v for k, v in person.items() if v != base.get(k)}
        typed.update({k: None for k in base if k not in person})  # a field emptied
        if not typed:
            return
        store = self.store_access.require()
        try:
            update_identity(store.cases, self.case_id, {**self._seen.person, **typed}, self._seen)
        except CaseChanged as err:
            self._seen = err.current
            raise
        self._seen = store.cases.get(self.case_id)
        self._saved_person = dict(person)
        self.case_changed.emit(self.case_id)

    def save_form(self, form_id: str, pdf: bytes) -> int:
        known = self._saved_forms.get(form_id)
        if known is not None and known[0] == pdf and known[1] == self.case_id:
            return known[2]  # already saved (« Enregistrer maintenant », then the button)
        try:
            case_id, _ = self.open_case()
            form_row = self.store_access.require().cases.add_form(case_id, form_id, pdf)
            self._saved_forms[form_id] = (pdf, case_id, form_row)
        except UserError as err:
            key = self._key("fiche", form_id)
            self._offer_again(err, key, "la fiche enregistrée", form_id, pdf)
            raise
        self._done("fiche", form_id)
        self.case_changed.emit(case_id)
        return form_row

    def record_sending(self, plan: SendingPlan, sent_at: dt.datetime) -> None:
        try:
            case_id, _ = self.open_case()
            store = self.store_access.require()
            store.cases.record_sending(  # never recorded twice on a team base (team.pending)
                case_id, plan.form, plan.recipient, "bluefiles", sent_at,
                client_id=self._sending_id(plan.form),
            )  # fmt: skip
        except UserError as err:
            # one per fiche: marked sent again and recorded, the older one is not offered
            key = self._key("envoi", plan.form)
            self._offer_again(err, key, "l'envoi marqué fait", plan, sent_at)
            raise
        self._done("envoi", plan.form)
        self._sending_ids.pop(plan.form, None)
        self.case_changed.emit(case_id)

    def _sending_id(self, form: str) -> str:
        """The client-side id of this fiche's sending, the same until it is recorded."""
        from asip_desktop.team.pending import new_client_id

        return self._sending_ids.setdefault(form, new_client_id())

    def _key(self, kind: str, form: str) -> str:
        """The banner's key: with the case id once the case exists (kept on disk, it
        must not be mistaken for another request's at the next start)."""
        return f"{kind}-{form}" if self.case_id is None else f"{kind}-{self.case_id}-{form}"

    def _done(self, kind: str, form: str) -> None:
        """Saved: whether it was refused before or after the case existed."""
        self.store_access.pending.done(f"{kind}-{form}")
        if self.case_id is not None:
            self.store_access.pending.done(f"{kind}-{self.case_id}-{form}")

    def _offer_again(self, err: UserError, key: str, what: str, *args: Any) -> None:
        """The team base was away: offered again (the window's banner) with the same
        fiche or the same moment of sending, once the base answers."""
        from asip_desktop.gui.shell.pending_saves import is_unreachable

        if not is_unreachable(err):
            return
        again = self.save_form if key.startswith("fiche-") else self.record_sending
        label = f"{what} ({self.case_number or 'demande en cours'})"
        kept = self._kept(key, *args)

        def retry() -> None:
            if kept is None:
                again(*args)  # type: ignore[operator]
            else:  # the case's own: still its case after « Nouvelle demande »
                self._again_kept(kept)

        self.store_access.pending.offer(key, label, retry, kept)

    def _again_kept(self, kept: Any) -> None:
        """A fiche or a sending of a case already opened, done again into that case
        (whichever request is in the wizard now); this session then knows it is saved."""
        from asip_desktop.team import pending

        store = self.store_access.require()
        pending.replay(store, kept)  # UserError: kept, or said, by the banner
        if self.case_id == kept.case_id:
            form = kept.data.get("form") or kept.data.get("what")
            if kept.kind == pending.FICHE:
                pdf = pending.fiche_pdf(kept)
                rows = [
                    f.id
                    for f in store.cases.get(kept.case_id).forms
                    if f.kind == form and store.cases.form_content(f.id) == pdf
                ]
                if rows:  # the dialog's own button then does not save it twice
                    self._saved_forms[form] = (pdf, kept.case_id, rows[-1])
            else:
                self._sending_ids.pop(form, None)
        self.case_changed.emit(kept.case_id)

    def _kept(self, key: str, *args: Any) -> Any:
        """Once the case exists, what the retry needs is also kept in the desk's local
        encrypted store (survives closing the window); before, the request is in the
        wizard's draft and the fiche in its own draft."""
        if self.case_id is None or self.case_number is None:
            return None
        from asip_desktop.team import pending

        if key.startswith("fiche-"):
            form_id, pdf = args
            return pending.fiche(self.case_id, self.case_number, form_id, pdf, key)
        plan, sent_at = args
        return pending.sending(
            self.case_id, self.case_number, plan.form, plan.recipient, "bluefiles", sent_at,
            self._sending_id(plan.form), key=key,
        )  # fmt: skip

    def record_copy(self, path: Path) -> None:
        """A copy saved for BlueFiles: closing the case will offer to delete it."""
        case_id, _ = self.open_case()
        cases = self.store_access.require().cases
        if str(path) not in {c.path for c in cases.saved_copies(case_id)}:  # listed once
            cases.record_saved_copy(case_id, str(path))
        self.case_changed.emit(case_id)

    # --- the fiches ----------------------------------------------------------

    def prefill(self, form_id: str) -> dict[str, Any]:
        from asip_desktop.documents.prefill import prefill_form

        result = self.wizard.result
        agent = self.agent()
        return prefill_form(
            form_id,
            answers=self.wizard.answers(),
            orientation_prefill=result.prefill if result else {},
            person=self.wizard.person(),
            agent={
                "nom": agent.nom,
                "prenom": agent.prenom,
                "telephone": agent.telephone,
                "cdas": agent.cdas,
            },
            urgent=bool(result and result.urgent),
        )
