"""Retention on the team base, against the suite's PostgreSQL: the CDAS's policy set by
the administrator and only read by desks, the review list following it, the automatic
purge at a desk's start (receipts, indicator rows; once under two desks at once)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text

from asip_desktop.errors import UserError
from asip_desktop.store.clock import utc_now
from asip_desktop.team import retention
from tests.team.conftest import Team

CDAS = "CDAS de Saint-Malo"
OTHER = "CDAS de Fougères"
ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def days_ago(n: int) -> Any:
    moment = utc_now() - timedelta(days=n)
    return lambda: moment


def new_case(store: Any, engine: Any) -> int:
    return int(store.cases.create(ANSWERS, engine.evaluate(ANSWERS).to_dict()))


def as_admin(team: Team, sql: str) -> list[Any]:
    raw = create_engine(team.url)
    try:
        with raw.connect() as conn:
            return list(conn.execute(text(sql)).all())
    finally:
        raw.dispose()


def test_the_policy_is_set_by_the_administrator_and_read_by_its_cdas_only(team: Team) -> None:
    desk = team.desk("a", cdas=CDAS)
    other = team.desk("b", cdas=OTHER)
    assert desk.retention_policy() is None  # none set yet: the desk's own settings apply
    desk.set_setting("revue_apres_jours", "90")
    assert desk.review_days() == 90

    done = retention.set_policy(team.url, CDAS, 30, True)
    assert (done.retention_days, done.auto_purge, done.set_by) == (30, True, "postgres")
    # read at the next start (a new session of the desk)
    again = team.desk("a2", cdas=CDAS)
    policy = again.retention_policy()
    assert policy is not None and (policy.retention_days, policy.auto_purge) == (30, True)
    assert again.review_days() == 30 and again.retention_days() == 30
    assert "Fixée par l'administrateur du Département" in policy.describe()
    assert team.desk("b2", cdas=OTHER).retention_policy() is None  # RLS: its own CDAS only

    # --auto-purge left out keeps the choice; --no-auto-purge turns it off
    assert retention.set_policy(team.url, CDAS, 45, None).auto_purge is True
    assert retention.set_policy(team.url, CDAS, 45, False).auto_purge is False
    assert team.desk("a3", cdas=CDAS).retention_days() is None  # no automatic purge
    assert as_admin(team, "SELECT count(*) FROM asip.retention_policies") == [(1,)]
    other.close()


def test_a_desk_cannot_change_its_policy(team: Team) -> None:
    desk = team.desk("a", cdas=CDAS)
    retention.set_policy(team.url, CDAS, 30, False)
    raw = create_engine(desk.member.connection_url())
    try:
        for sql in (
            "UPDATE retention_policies SET auto_purge = TRUE",
            "DELETE FROM retention_policies",
            "INSERT INTO retention_policies (cdas_id, retention_days, auto_purge, set_at) "
            f"VALUES ({desk.member.cdas_id}, 1, TRUE, 'x')",
        ):
            with raw.connect() as conn, pytest.raises(exc.ProgrammingError, match="permission"):
                conn.execute(text(sql))
    finally:
        raw.dispose()
    policy = team.desk("a2", cdas=CDAS).retention_policy()
    assert policy is not None and (policy.retention_days, policy.auto_purge) == (30, False)


def test_bad_policy_input_is_refused_in_french(team: Team) -> None:
    team.cdas(CDAS)
    for days in (0, 3651, -5):
        with pytest.raises(UserError, match="--retention-days : un nombre de jours entre 1"):
            retention.set_policy(team.url, CDAS, days, True)
    with pytest.raises(UserError, match=r"« CDAS de Nulle-Part » n'existe pas.*CDAS de Saint-Malo"):
        retention.set_policy(team.url, "CDAS de Nulle-Part", 30, True)
    assert as_admin(team, "SELECT count(*) FROM asip.retention_policies") == [(0,)]


def old_and_recent(team: Team, engine: Any) -> tuple[Any, int, int]:
    """A desk, a case untouched for 40 days and one opened today."""
    old = new_case(team.desk("hier", cdas=CDAS, clock=days_ago(40)), engine)
    desk = team.desk("a", cdas=CDAS)
    return desk, old, new_case(desk, engine)


def test_the_review_list_follows_the_cdas_policy_not_the_desk_setting(
    team: Team, engine: Any
) -> None:
    desk, old, recent = old_and_recent(team, engine)
    desk.set_setting("revue_apres_jours", "90")  # the desk's own: 40 days is not enough
    assert desk.cases.to_review() == []

    retention.set_policy(team.url, CDAS, 30, False)
    now = team.desk("a2", cdas=CDAS)
    now.set_setting("revue_apres_jours", "90")
    assert [c.id for c in now.cases.to_review()] == [old]
    assert recent not in [c.id for c in now.cases.to_review()]
    assert retention.purge_at_start(now) is None  # no automatic purge: nothing closed
    assert {c.id for c in now.cases.open_cases()} == {old, recent}


def test_without_a_policy_the_desks_own_automatic_purge_applies_at_start(
    team: Team, engine: Any
) -> None:
    desk, old, recent = old_and_recent(team, engine)
    assert retention.purge_at_start(desk) is None  # no policy, the desk's setting off
    assert {c.id for c in desk.cases.open_cases()} == {old, recent}
    number = desk.cases.get(old).summary.number
    desk.set_setting("purge_automatique_jours", "30")
    start = retention.purge_at_start(desk)
    assert start is not None and start.local
    assert [r.case_number for r in start.receipts] == [number]
    assert [c.id for c in desk.cases.open_cases()] == [recent]
    assert start.message().startswith("Purge automatique au démarrage : 1 dossier sans")


def test_automatic_purge_at_start_closes_each_case_past_the_delay_with_its_receipt(
    team: Team, engine: Any
) -> None:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    old = [new_case(past, engine) for _ in range(3)]
    past.cases.add_note(old[0], "Rappeler Mme Le Goff")
    numbers = {past.cases.get(c).summary.number for c in old}
    desk = team.desk("a", cdas=CDAS)
    recent = new_case(desk, engine)
    retention.set_policy(team.url, CDAS, 30, True)

    start = retention.purge_at_start(team.desk("a2", cdas=CDAS))
    assert start is not None
    assert {r.case_number for r in start.receipts} == numbers
    assert all(any(d.kind == "cle_dossier" for d in r.destroyed) for r in start.receipts)
    assert "3 dossiers sans activité depuis plus de 30 jours purgés" in start.message()
    assert [c.id for c in desk.cases.open_cases()] == [recent]
    # the same rows as a manual close: a receipt and an anonymous indicator row each
    receipts = as_admin(team, "SELECT case_number, destroyed_json FROM asip.purge_receipts")
    assert {r.case_number for r in receipts} == numbers
    assert all("cle_dossier" in r.destroyed_json for r in receipts)
    indicators = as_admin(team, "SELECT demand_kind, services_json FROM asip.indicators")
    assert len(indicators) == 3
    assert all(
        r.demand_kind == "droits_retraite" and json.loads(r.services_json) for r in indicators
    )
    assert as_admin(team, "SELECT count(*) FROM asip_keys.case_keys") == [(1,)]
    log = as_admin(team, "SELECT case_number FROM asip.access_log WHERE action = 'cloture'")
    assert {r.case_number for r in log} == numbers
    # the next start finds nothing more to purge
    again = retention.purge_at_start(team.desk("a3", cdas=CDAS))
    assert again is not None and again.receipts == []


def test_a_case_changed_since_it_was_listed_is_not_purged(team: Team, engine: Any) -> None:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    case_id = new_case(past, engine)
    retention.set_policy(team.url, CDAS, 30, True)
    desk = team.desk("a", cdas=CDAS)
    listed = desk.cases.to_review()
    assert [c.id for c in listed] == [case_id]
    desk.cases.add_note(case_id, "La personne a rappelé")  # activity meanwhile
    limit = (utc_now() - timedelta(days=30)).isoformat(timespec="seconds")
    from asip_desktop.team.cases import CaseTouched

    with pytest.raises(CaseTouched, match="n'a pas été purgé"):
        desk.cases.close(case_id, untouched_before=limit)
    assert [c.id for c in desk.cases.open_cases()] == [case_id]
    assert as_admin(team, "SELECT count(*) FROM asip.purge_receipts") == [(0,)]


def test_two_desks_starting_at_once_purge_each_case_once(team: Team, engine: Any) -> None:
    past = team.desk("hier", cdas=CDAS, clock=days_ago(400))
    old = [new_case(past, engine) for _ in range(24)]
    retention.set_policy(team.url, CDAS, 365, True)
    desks = [team.desk(name, cdas=CDAS) for name in ("accueil", "permanence")]
    for desk in desks:  # each has read its policy and its list before the race
        desk.retention_policy()
    barrier = threading.Barrier(len(desks))
    outcomes: list[Any] = [None] * len(desks)
    failures: list[BaseException] = []

    def start(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = retention.purge_at_start(desks[index])
        except BaseException as err:  # reported below
            failures.append(err)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(len(desks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    purged = [r.case_number for o in outcomes for r in o.receipts]
    assert len(purged) == len(set(purged)) == len(old)  # each case once, all of them
    assert as_admin(team, "SELECT count(*) FROM asip.purge_receipts") == [(len(old),)]
    assert as_admin(team, "SELECT count(*) FROM asip.indicators") == [(len(old),)]
    assert as_admin(team, "SELECT count(*) FROM asip.cases") == [(0,)]


def test_team_policy_and_cases_review_on_the_command_line(
    team: Team, engine: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from asip_desktop import config
    from asip_desktop.cli import main

    def run(folder: Any, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *args])
        out = capsys.readouterr()
        config.set_data_dir_override(None)
        return code, out.out, out.err

    past = team.desk("hier", cdas=CDAS, clock=days_ago(40))
    old = new_case(past, engine)
    desk = team.desk("accueil", cdas=CDAS)
    admin = team.root / "admin"
    policy = ("team", "policy", "--url", team.url, "--cdas", CDAS)

    code, out, err = run(admin, *policy, "--retention-days", "30", "--auto-purge")
    assert (code, err) == (0, ""), err
    assert "dossiers à revoir après 30 jours" in out and "purge automatique au démarrage" in out
    code, _out, err = run(admin, *policy, "--retention-days", "0")
    assert code == 2 and "--retention-days : un nombre de jours entre 1 et 3650" in err
    with pytest.raises(SystemExit):  # argparse: one or the other
        run(admin, *policy, "--retention-days", "30", "--auto-purge", "--no-auto-purge")
    capsys.readouterr()

    desk.set_setting("revue_apres_jours", "90")  # the desk's own, not used any more
    code, out, err = run(desk.folder, "cases", "review")
    assert (code, err) == (0, ""), err
    assert "Dossiers sans activité depuis plus de 30 jours : 1" in out
    assert past.cases.get(old).summary.number in out
    assert "Politique de conservation du CDAS" in out
    assert "Purge automatique : après 30 jours sans activité" in out
    code, out, err = run(desk.folder, "cases", "settings", "--revue-apres-jours", "120")
    assert (code, err) == (0, ""), err
    assert "revue_apres_jours : 120" in out  # kept for a return to the local store
    assert "Sur ce poste rattaché, elle remplace revue_apres_jours" in out
