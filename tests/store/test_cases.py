"""The case lifecycle: open, complete, follow, review, close with purge."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asip_desktop import text_policy
from asip_desktop.errors import UserError
from asip_desktop.store.database import run_maintenance
from asip_desktop.store.schema import PERSON_FIELDS
from asip_desktop.store.store import Store
from tests.store.conftest import Clock

PERSON = {
    "nom_naissance": "Le Du",
    "nom_marital": "Morvan",
    "prenom": "Katell",
    "nir": "2850735123456",
    "adresse": "1 rue de Brest, 35000 Rennes",
    "email": "k.ledu@exemple-test.fr",
    "telephone": "06 00 00 00 01",
}


def test_open_case_holds_answers_result_and_person(store: Store, new_case: Any) -> None:
    case_id = new_case(person=PERSON)
    case = store.cases.get(case_id)
    assert case.summary.status == "ouverte"
    assert case.summary.number == f"2026-{case_id:06d}"
    assert case.summary.cdas == "CDAS Test"
    assert case.summary.services == ("canal_prioritaire_carsat",)
    assert case.person == PERSON
    assert case.answers == {"demande": "droits_retraite", "retraite": "rupture_ressources"}
    assert case.rules_version == case.result["rules"]["version"] == "2026.2"
    assert case.result["trace"]  # the trace is kept with the result
    assert [c.id for c in store.cases.open_cases()] == [case_id]


def test_a_case_with_several_demands_keeps_each_for_the_indicators(
    store: Store, new_case: Any
) -> None:
    answers = {
        "demande": ["droits_retraite", "aide_departement"],
        "retraite": "information",
        "accompagnement_en_cours": "aucun",
    }
    case_id = new_case(answers)
    case = store.cases.get(case_id)
    assert case.summary.demand_kind == "droits_retraite+aide_departement"
    assert case.summary.services == ("offre_retraite_carsat", "cdas_domicile")


def test_sendings_start_deadlines_and_wait_for_an_answer(
    store: Store, new_case: Any, clock: Clock
) -> None:
    case_id = new_case()
    store.cases.record_sending(case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles")
    store.cases.record_sending(
        case_id, "fiche_detection_fragilite", "Service social CARSAT", "bluefiles"
    )
    case = store.cases.get(case_id)
    assert case.summary.status == "en_attente"
    due = {d.kind: d.due_at for d in case.deadlines}
    assert due == {
        "reponse_carsat_72h": "2026-03-13T09:30:00+00:00",
        "accuse_reception_48h": "2026-03-12T09:30:00+00:00",
    }
    assert store.cases.overdue_deadlines() == []
    assert [d.kind for d in store.cases.pending_deadlines()] == [
        "accuse_reception_48h",
        "reponse_carsat_72h",
    ]
    clock.advance(hours=49)
    (late,) = store.cases.overdue_deadlines()
    assert late.kind == "accuse_reception_48h" and late.case_id == case_id
    store.cases.mark_deadline_done(late.id)
    assert store.cases.overdue_deadlines() == []
    assert [d.kind for d in store.cases.pending_deadlines()] == ["reponse_carsat_72h"]
    clock.advance(hours=24)
    assert [d.kind for d in store.cases.overdue_deadlines()] == ["reponse_carsat_72h"]
    store.cases.set_status(case_id, "ouverte")
    assert store.cases.get(case_id).summary.status == "ouverte"


def test_forms_notes_and_person_update(store: Store, new_case: Any) -> None:
    case_id = new_case()
    pdf = b"%PDF-1.7\x00\xff binary"
    form_id = store.cases.add_form(case_id, "fiche_liaison_retraite", pdf)
    store.cases.add_note(case_id, "Rappeler lundi")
    store.cases.update_person(case_id, {"prenom": "Nolwenn"})
    case = store.cases.get(case_id)
    assert store.cases.form_content(form_id) == pdf
    assert case.forms[0].size == len(pdf)
    assert [n.text for n in case.notes] == ["Rappeler lundi"]
    assert case.person["prenom"] == "Nolwenn" and case.person["nir"] is None


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda s, c: s.cases.update_person(c, {"nom": "x"}), "champ « nom » inconnu"),
        (lambda s, c: s.cases.update_person(c, {"nir": 12}), "« nir » doit être un texte"),
        (
            lambda s, c: s.cases.record_sending(c, "fiche_liaison_retraite", "CARSAT", "fax"),
            "Canal « fax » inconnu",
        ),
        (
            lambda s, c: s.cases.record_sending(c, "Fiche!", "CARSAT", "bluefiles"),
            "n'est pas un identifiant",
        ),
        (lambda s, c: s.cases.add_note(c, "  "), "Note vide"),
        (lambda s, c: s.cases.set_status(c, "close"), "utilisez la clôture"),
        (lambda s, c: s.cases.set_status(c, "perdue"), "Statut « perdue » inconnu"),
        (lambda s, c: s.cases.get(c + 99), "introuvable"),
        (lambda s, c: s.report_dysfunction("panne"), "Type de dysfonctionnement « panne »"),
        (lambda s, c: s.set_setting("purge_automatique_jours", "dix"), "nombre de jours"),
    ],
)
def test_bad_input_gets_a_french_message(
    store: Store, new_case: Any, call: Any, fragment: str
) -> None:
    case_id = new_case()
    with pytest.raises(UserError, match=fragment):
        call(store, case_id)


def test_no_cdas_no_case(data_dir: Any, engine: Any) -> None:
    with Store.open(data_dir) as store:
        answers = {"demande": "aide_departement"}
        with pytest.raises(UserError, match="CDAS émetteur inconnu"):
            store.cases.create(answers, engine.evaluate(answers).to_dict())
        case_id = store.cases.create(answers, engine.evaluate(answers).to_dict(), cdas="CDAS Nord")
        assert store.cases.get(case_id).summary.cdas == "CDAS Nord"


def test_draft_is_saved_reloaded_and_discarded(store: Store, new_case: Any) -> None:
    assert store.load_draft() is None
    store.save_draft({"answers": {"demande": "droits_retraite"}, "person": {"prenom": "Aë"}})
    store.save_draft({"answers": {"demande": "aide_departement"}, "page": 3})
    store.close()
    reopened = Store.open(store.folder)  # a crash or a power cut: the draft is still there
    assert reopened.load_draft() == {"answers": {"demande": "aide_departement"}, "page": 3}
    reopened.set_setting("cdas_emetteur", "CDAS Test")
    reopened.cases.create(
        {"demande": "aide_departement"}, {"rules": {"version": "t"}}, discard_draft=True
    )
    assert reopened.load_draft() is None
    reopened.save_draft({"page": 1})
    reopened.discard_draft()
    assert reopened.load_draft() is None
    reopened.close()


def test_preview_lists_what_close_destroys(store: Store, new_case: Any) -> None:
    case_id = new_case(person=PERSON)
    store.cases.add_form(case_id, "fiche_liaison_retraite", b"%PDF")
    store.cases.record_sending(case_id, "fiche_liaison_retraite", "CARSAT", "bluefiles")
    store.cases.add_note(case_id, "a")
    store.cases.add_note(case_id, "b")
    preview = store.cases.purge_preview(case_id)
    assert {d.kind: d.count for d in preview.destroyed} == {
        "identite": 7,
        "reponses": 1,
        "orientation": 1,
        "fiches": 1,
        "envois": 1,
        "echeances": 1,
        "notes": 2,
    }
    assert preview.indicator == {
        "month": "2026-03",
        "cdas": "CDAS Test",
        "demand_kind": "droits_retraite",
        "services": ["canal_prioritaire_carsat"],
        "channels": ["bluefiles"],
        "forms_sent": ["fiche_liaison_retraite"],
    }
    receipt = store.cases.close(case_id)
    assert receipt.destroyed == preview.destroyed
    assert receipt.case_number == preview.case_number
    assert receipt.closed_at == "2026-03-10T09:30:00+00:00"
    # nothing personal in the receipt
    text = receipt.to_text() + str(receipt.to_dict())
    assert not [v for v in PERSON.values() if v in text]
    # only the anonymous row and the receipt remain
    for table in ("cases", "persons", "forms", "sendings", "deadlines", "notes"):
        assert store.count(table) == 0, table
    assert store.count("indicators") == 1 and store.count("purge_receipts") == 1
    assert store.cases.receipt(receipt.case_number) == receipt
    assert store.cases.receipt_of(case_id) == receipt
    assert store.cases.receipts() == [receipt]
    assert store.cases.receipt_of(case_id + 1) is None
    with pytest.raises(UserError, match="introuvable"):
        store.cases.get(case_id)


def test_close_gives_free_pages_back(store: Store, new_case: Any) -> None:
    ids = [new_case(person=PERSON) for _ in range(30)]
    for case_id in ids:
        store.cases.add_form(case_id, "fiche_liaison_retraite", b"\x01" * 20_000)
    run_maintenance(store.engine)  # all pages into the file before measuring it
    size = store.path.stat().st_size
    assert size > 30 * 20_000
    for case_id in ids:
        store.cases.close(case_id)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0
    assert store.path.stat().st_size < size / 4
    assert store.path.with_name("cases.db-wal").stat().st_size == 0


def test_review_lists_untouched_cases_and_deletes_nothing(
    store: Store, new_case: Any, clock: Clock
) -> None:
    old = new_case()
    clock.advance(days=60)
    recent = new_case()
    clock.advance(days=31)
    assert [c.id for c in store.cases.to_review()] == [old]
    assert [c.id for c in store.cases.to_review(days=30)] == [old, recent]
    store.set_setting("revue_apres_jours", "30")
    assert [c.id for c in store.cases.to_review()] == [old, recent]
    store.set_setting("revue_apres_jours", None)
    assert store.cases.apply_retention() == []  # off by default
    assert store.count("cases") == 2
    store.cases.add_note(old, "revu")  # touching it takes it off the list
    assert store.cases.to_review() == []


def test_retention_setting_purges_when_on(store: Store, new_case: Any, clock: Clock) -> None:
    old = new_case()
    clock.advance(days=40)
    new_case()
    clock.advance(days=10)
    store.set_setting("purge_automatique_jours", "45")
    (receipt,) = store.cases.apply_retention()
    assert receipt.case_number == f"2026-{old:06d}"
    assert store.count("cases") == 1
    store.set_setting("purge_automatique_jours", None)
    assert store.retention_days() is None


identity_text = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.text(alphabet=st.sampled_from("ab \x00\x1f\x7f\u202e\u2066\u200e\n\ud800é")),
)


def _policy_ok(value: str | None, field: str) -> bool:
    limit = text_policy.LINE_MAX if field == "adresse" else text_policy.NAME_MAX
    if value is None:
        return True
    return text_policy.problem(text_policy.neutralise(value), max_length=limit) is None


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(person=st.fixed_dictionaries({f: identity_text for f in PERSON_FIELDS}))
def test_printable_identity_round_trips_anything_else_is_refused(
    store: Store, person: dict[str, str | None]
) -> None:
    before = store.count("cases")
    if all(_policy_ok(v, f) for f, v in person.items()):
        case_id = store.cases.create(
            {"demande": "droits_retraite"}, {"rules": {"version": "t"}}, person=person
        )
        expected = {f: None if v is None else text_policy.neutralise(v) for f, v in person.items()}
        assert store.cases.get(case_id).person == expected
        return
    with pytest.raises(text_policy.TextPolicyError, match=r"^Identité, champ « \w+ » : "):
        store.cases.create(
            {"demande": "droits_retraite"}, {"rules": {"version": "t"}}, person=person
        )
    assert store.count("cases") == before  # nothing invalid stored


@pytest.mark.parametrize(
    "bad",
    ["a\x00b", "nom\x1b[31m", "\u202eenilorac", "x" * 3_000_000, "\ud800", "a\nb"],
    ids=["nul", "escape", "bidi-override", "3-mb", "surrogate", "line-end"],
)
def test_identity_notes_and_sendings_refuse_what_the_policy_refuses(
    store: Store, new_case: Any, bad: str
) -> None:
    case_id = new_case(person={"nom_naissance": "Garde"})
    with pytest.raises(UserError, match="Identité, champ « prenom »"):
        store.cases.update_person(case_id, {"nom_naissance": "Garde", "prenom": bad})
    assert store.cases.get(case_id).person["nom_naissance"] == "Garde"
    with pytest.raises(UserError, match="Envoi, destinataire"):
        store.cases.record_sending(case_id, "orientation", bad, "courriel")
    with pytest.raises(UserError, match="CDAS émetteur"):
        new_case(cdas=bad)
    if bad != "a\nb":  # a note may hold line ends
        with pytest.raises(UserError, match="Note"):
            store.cases.add_note(case_id, bad)
    case = store.cases.get(case_id)
    assert case.notes == () and case.sendings == ()
    assert store.count("cases") == 1


def test_direction_marks_are_neutralised_not_refused(store: Store, new_case: Any) -> None:
    case_id = new_case(person={"nom_naissance": "\u200eLe Gall\u200f"})
    assert store.cases.get(case_id).person["nom_naissance"] == "Le Gall"


def test_saved_copies_are_kept_per_case_and_purged_with_it(store: Store, new_case: Any) -> None:
    first, second = new_case(), new_case()
    store.cases.record_saved_copy(first, "/tmp/a/fiche-liaison.pdf")
    store.cases.record_saved_copy(first, "/tmp/a/fiche-detection.pdf")
    store.cases.record_saved_copy(second, "/tmp/b/fiche.pdf")
    assert [c.path for c in store.cases.saved_copies(first)] == [
        "/tmp/a/fiche-liaison.pdf",
        "/tmp/a/fiche-detection.pdf",
    ]
    with pytest.raises(UserError, match="chemin du fichier est vide"):
        store.cases.record_saved_copy(first, "  ")
    receipt = store.cases.close(first)
    assert {d.kind: d.count for d in receipt.destroyed}["copies"] == 2
    assert store.count("saved_copies") == 1
    assert [c.path for c in store.cases.saved_copies(second)] == ["/tmp/b/fiche.pdf"]
    with pytest.raises(UserError, match="introuvable"):
        store.cases.saved_copies(first)


def test_review_and_purge_delays_are_bounded(store):
    import pytest as _pytest

    from asip_desktop.errors import UserError

    for name in ("revue_apres_jours", "purge_automatique_jours"):
        with _pytest.raises(UserError, match="entre 1 et 3650"):
            store.set_setting(name, "10000000")
        store.set_setting(name, "3650")
    assert store.review_days() == 3650
    assert store.cases.to_review() == []  # no date overflow at the limit
