"""The permanence laptop: ``team join --permanence`` keeps the local store; ``team
transfer`` moves its cases to the team base (suite's PostgreSQL), idempotent, purging
the local copy only after the server's commit; conflicts are listed, never merged."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from asip_desktop import config
from asip_desktop.cli import main
from asip_desktop.store.database import wipe_is_pending
from asip_desktop.store.store import Store
from asip_desktop.team import transfer
from asip_desktop.team.store import open_desk_store
from tests.store.seed import needles
from tests.team.conftest import PASSPHRASE, Team
from tests.team.laptop import ANSWERS, Laptop, server_counts


class Cut(Exception):
    pass


def cut_at(name: str) -> Any:
    def step(current: str) -> None:
        if current == name:
            raise Cut(name)

    return step


def test_join_permanence_keeps_the_local_store_and_status_says_it(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "phrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    folder = tmp_path / "portable"
    enrolment = team.cdas("CDAS de Saint-Malo")
    args = ["--data-dir", str(folder), "team", "join", "--url", team.url]
    code = main([*args, "--enrolment", str(enrolment), "--passphrase-file", str(secret),
                 "--permanence"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "Portable de permanence" in out
    assert main(["--data-dir", str(folder), "team", "status"]) == 0
    status = capsys.readouterr().out
    assert "Portable de permanence du CDAS de Saint-Malo" in status and "team transfer" in status
    store = open_desk_store(folder)
    try:
        assert isinstance(store, Store)  # the local store, not the team base
    finally:
        store.close()
    config.set_data_dir_override(None)


def test_a_desk_not_in_permanence_mode_cannot_transfer(team: Team, tmp_path: Path) -> None:
    from asip_desktop.errors import UserError

    with pytest.raises(UserError, match="pas un portable de permanence"):
        transfer.open_for_transfer(tmp_path / "rien")


def test_cases_move_with_their_parts_and_the_local_copy_is_purged(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    people = laptop.seed(engine, random.Random(5), n=3)
    first = laptop.local.cases.open_cases()[-1]  # the oldest: has a form, a sending, a copy
    before = laptop.local.cases.get(first.id)
    uids = laptop.uids()
    indicator_ids, report_uids = laptop.anonymous_ids()

    steps: list[tuple[int, int]] = []
    receipt = transfer.transfer(
        laptop.local, laptop.team, progress=lambda d, t: steps.append((d, t))
    )

    assert receipt.interrupted is None and receipt.conflicts == []
    assert len(receipt.moved) == 3 and receipt.already == []
    assert steps == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]  # 3 cases, then the rows
    assert not wipe_is_pending(laptop.local.engine)  # the purged pages overwritten once
    assert (receipt.indicators_moved, receipt.reports_moved) == (1, 1)
    assert laptop.local.cases.open_cases() == []  # purged here ...
    assert laptop.local.count("indicators") == laptop.local.count("dysfunction_reports") == 0
    assert server_counts(team.url, "cases", "uid", uids) == dict.fromkeys(uids, 1)  # ... there
    assert server_counts(team.url, "indicators", "id", indicator_ids) == {indicator_ids.pop(): 1}
    assert server_counts(team.url, "dysfunction_reports", "uid", report_uids) == {
        report_uids.pop(): 1
    }
    # the case as another desk of the CDAS reads it
    desk = team.desk("bureau")
    number = dict(receipt.moved)[before.summary.number]
    moved = next(c for c in desk.cases.open_cases() if c.number == number)
    after = desk.cases.get(moved.id)
    assert after.person == before.person and after.answers == before.answers
    assert after.summary.status == before.summary.status == "en_attente"
    assert after.summary.created_at == before.summary.created_at
    assert [n.text for n in after.notes] == [n.text for n in before.notes]
    assert [(s.what, s.recipient, s.channel, s.sent_at) for s in after.sendings] == [
        (s.what, s.recipient, s.channel, s.sent_at) for s in before.sendings
    ]
    assert [(d.kind, d.due_at) for d in after.deadlines] == [
        (d.kind, d.due_at) for d in before.deadlines
    ]
    assert desk.cases.form_content(after.forms[0].id) == f"PDF {before.person['nir']}".encode()
    assert [c.path for c in desk.cases.saved_copies(moved.id)] == [
        str(laptop.folder / "copie-0.pdf")
    ]
    # the local receipt of the purge says where it went; the transfer receipt is kept
    local_receipt = laptop.local.cases.receipt(before.summary.number)
    assert local_receipt is not None
    assert local_receipt.destroyed[0].label == f"transféré vers la base d'équipe (dossier {number})"
    kept = transfer.receipts(laptop.local)
    assert [r.moved for r in kept] == [receipt.moved]
    text_ = receipt.text()
    assert before.summary.number in text_ and number in text_
    assert not [n for p in people for n in needles(p) if n in text_]  # no personal data
    admin = create_engine(team.url)
    try:
        with admin.connect() as conn:
            rows = conn.execute(text("SELECT action, count(*) FROM asip.access_log GROUP BY 1"))
            actions = {r[0]: r[1] for r in rows}
    finally:
        admin.dispose()
    assert actions["transfert"] == 3

    again = transfer.transfer(laptop.local, laptop.team)  # nothing left: nothing twice
    assert (again.moved, again.already, again.indicators_moved) == ([], [], 0)
    assert server_counts(team.url, "cases", "uid", uids) == dict.fromkeys(uids, 1)


def test_a_cut_after_the_commit_is_purged_only_on_the_rerun(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    laptop.seed(engine, random.Random(6), n=2)
    uids = laptop.uids()
    with pytest.raises(Cut):
        transfer.transfer(laptop.local, laptop.team, step=cut_at("valide"))
    assert len(laptop.uids()) == 2  # committed on the server but not purged here yet
    assert sum(server_counts(team.url, "cases", "uid", uids).values()) == 1
    again = transfer.transfer(laptop.local, laptop.team)
    assert len(again.already) == 1 and len(again.moved) == 1 and again.conflicts == []
    assert laptop.uids() == set()
    assert server_counts(team.url, "cases", "uid", uids) == dict.fromkeys(uids, 1)


def test_the_same_persons_open_case_on_the_base_is_a_conflict_never_merged(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    desk = team.desk("bureau")
    result = engine.evaluate(ANSWERS).to_dict()
    on_base = desk.cases.create(
        ANSWERS, result, person={"nom_naissance": "Le Hénaff", "prenom": "Anne-Laure",
                                 "telephone": "02 99 00 00 00"}
    )  # fmt: skip
    by_nir = desk.cases.create(ANSWERS, result, person={"nir": "2 85 07 35 000 000 93"})
    laptop = Laptop(team, tmp_path / "portable")
    same_name = laptop.new_case(
        engine, person={"nom_naissance": "le  HENAFF", "prenom": "anne-laure"}
    )
    laptop.local.cases.add_note(same_name, "vue en permanence")
    same_nir = laptop.new_case(engine, person={"nir": "285073500000093", "prenom": "Zoé"})
    other = laptop.new_case(engine, person={"nom_naissance": "Le Hénaff", "prenom": "Paul"})
    numbers = {c.id: c.number for c in laptop.local.cases.open_cases()}

    receipt = transfer.transfer(laptop.local, laptop.team)

    assert receipt.moved == [(numbers[other], receipt.moved[0][1])]
    conflicts = {c.local_number: c for c in receipt.conflicts}
    assert set(conflicts) == {numbers[same_name], numbers[same_nir]}
    by_name = conflicts[numbers[same_name]]
    assert by_name.server_number == desk.cases.get(on_base).summary.number
    assert by_name.reason == "même personne : même nom de naissance et prénom"
    assert "identité : téléphone" in by_name.differs  # the field's name, never its value
    assert conflicts[numbers[same_nir]].server_number == desk.cases.get(by_nir).summary.number
    assert conflicts[numbers[same_nir]].reason == "même personne : même NIR"
    assert {c.id for c in laptop.local.cases.open_cases()} == {same_name, same_nir}  # kept
    assert "02 99" not in receipt.text() and "nna" not in receipt.text().replace("Anne", "")
    assert len(desk.cases.open_cases()) == 3

    # the agent decides: the first one is a separate case; the other stays
    separate = transfer.transfer(laptop.local, laptop.team, separate=[numbers[same_name]])
    assert [m[0] for m in separate.moved] == [numbers[same_name]]
    assert [c.local_number for c in separate.conflicts] == [numbers[same_nir]]
    assert {c.id for c in laptop.local.cases.open_cases()} == {same_nir}
    assert len(desk.cases.open_cases()) == 4


def test_a_uid_already_sent_with_other_content_is_a_conflict_then_a_separate_case(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    case_id = laptop.new_case(engine, person={"nom_naissance": "Morvan", "prenom": "Yann"})
    number = laptop.local.cases.get(case_id).summary.number
    with pytest.raises(Cut):  # sent, then cut before the local purge
        transfer.transfer(laptop.local, laptop.team, step=cut_at("valide"))
    laptop.local.cases.add_note(case_id, "ajoutée après la coupure")  # the laptop moved on
    receipt = transfer.transfer(laptop.local, laptop.team)
    assert receipt.moved == [] and [c.local_number for c in receipt.conflicts] == [number]
    assert receipt.conflicts[0].reason == "identifiant de dossier déjà envoyé, contenu différent"
    assert laptop.local.cases.get(case_id).notes  # still here, with the note
    separate = transfer.transfer(laptop.local, laptop.team, separate=[number])
    assert [m[0] for m in separate.moved] == [number]
    desk = team.desk("bureau")
    notes = sorted(len(desk.cases.get(c.id).notes) for c in desk.cases.open_cases())
    assert notes == [0, 1]  # two cases, neither merged into the other


def test_separer_names_an_unknown_case_in_french(team: Team, tmp_path: Path) -> None:
    from asip_desktop.errors import UserError

    laptop = Laptop(team, tmp_path / "portable")
    with pytest.raises(UserError, match="--separer : aucun dossier 2026-999999"):
        transfer.transfer(laptop.local, laptop.team, separate=["2026-999999"])
    assert transfer.receipts(laptop.local) == []  # nothing was done, no receipt kept


def test_a_case_with_a_fiche_being_typed_stays_on_the_laptop(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    from asip_desktop.store import fiche_drafts

    laptop = Laptop(team, tmp_path / "portable")
    case_id = laptop.new_case(engine, person={"prenom": "Soizic"})
    laptop.local.save_draft({"champ": "x"}, fiche_drafts.slot("fiche_liaison_retraite", case_id))
    receipt = transfer.transfer(laptop.local, laptop.team)
    assert receipt.moved == [] and len(receipt.skipped) == 1
    assert "fiche(s) en cours de saisie" in receipt.skipped[0][1]
    assert [c.id for c in laptop.local.cases.open_cases()] == [case_id]


def test_the_command_prints_the_receipt(
    team: Team, tmp_path: Path, engine: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    laptop.new_case(engine, person={"prenom": "Erwan"})
    laptop.team.close()
    team.opened.remove(laptop.team)
    code = main(["--data-dir", str(laptop.folder), "team", "transfer"])
    out = capsys.readouterr().out
    config.set_data_dir_override(None)
    assert code == 0, out
    assert "Dossiers transférés vers la base d'équipe : 1" in out and "Erwan" not in out


def test_a_uid_taken_in_another_cdas_is_refused_in_french_and_the_case_kept(
    team: Team, tmp_path: Path, engine: Any
) -> None:
    other = Laptop(team, tmp_path / "fougeres", cdas="CDAS de Fougères")
    moved = other.new_case(engine, person={"prenom": "Noëlle"})
    [uid] = other.uids()
    transfer.transfer(other.local, other.team)  # on the base of Fougères now
    laptop = Laptop(team, tmp_path / "portable")
    case_id = laptop.new_case(engine, person={"prenom": "Yann"})
    with laptop.local.engine.begin() as conn:  # the same uid (RLS hides the other CDAS)
        conn.exec_driver_sql("UPDATE cases SET uid = ? WHERE id = ?", (uid, case_id))
    receipt = transfer.transfer(laptop.local, laptop.team)
    assert receipt.moved == [] and len(receipt.skipped) == 1
    assert "identifiant du dossier déjà utilisé" in receipt.skipped[0][1]
    assert [c.id for c in laptop.local.cases.open_cases()] == [case_id]
    assert moved not in [c.id for c in other.local.cases.open_cases()]


def test_a_case_without_a_uid_gets_one_and_moves(team: Team, tmp_path: Path, engine: Any) -> None:
    laptop = Laptop(team, tmp_path / "portable")
    laptop.new_case(engine, person={"prenom": "Erwan"})
    with laptop.local.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE cases SET uid = NULL")
    receipt = transfer.transfer(laptop.local, laptop.team)
    assert len(receipt.moved) == 1 and laptop.uids() == set()
