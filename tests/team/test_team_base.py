"""The team base against the suite's real PostgreSQL: roles and row-level security,
optimistic locking, the server stopping mid-session, what the server and its backups
hold (ciphertext only), crypto-shredding, enrolment."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text

from asip_desktop.errors import UserError
from asip_desktop.team import crypto, membership
from asip_desktop.team.cases import CaseChanged
from asip_desktop.team.connection import TeamUnavailable
from tests.store.seed import needles, person
from tests.team.conftest import PASSPHRASE, Team
from tests.team.pg_cluster import Cluster

ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}


def new_case(store: Any, engine: Any, **kwargs: Any) -> int:
    return int(store.cases.create(ANSWERS, engine.evaluate(ANSWERS).to_dict(), **kwargs))


def desk_engine(store: Any) -> Any:
    """A raw SQLAlchemy engine logged in as the desk's role (what a tampered desk could do)."""
    return create_engine(store.member.connection_url())


# --- roles and row-level security --------------------------------------------------


def test_a_desk_of_cdas_a_sees_nothing_of_cdas_b(team: Team, engine: Any) -> None:
    a = team.desk("a", cdas="CDAS de Saint-Malo")
    b = team.desk("b", cdas="CDAS de Fougères")
    case_a = new_case(a, engine, person={"nom_naissance": "Kervella"})
    a.cases.record_sending(case_a, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles")

    assert [c.id for c in a.cases.open_cases()] == [case_a]
    assert b.cases.open_cases() == []
    assert b.cases.pending_deadlines() == []
    with pytest.raises(UserError, match="introuvable"):
        b.cases.get(case_a)
    raw = desk_engine(b)
    try:
        with raw.connect() as conn:
            for table in ("cases", "asip_keys.case_keys", "deadlines", "access_log", "cdas"):
                rows = conn.execute(text(f"SELECT * FROM {table}")).all()
                if table == "cdas":  # its own CDAS only
                    assert [r.name for r in rows] == ["CDAS de Fougères"]
                else:
                    assert rows == [], table
            # writing a row for the other CDAS is refused by the policy's WITH CHECK
            other = a.member.cdas_id
            with pytest.raises(exc.ProgrammingError, match="row-level security"):
                conn.execute(
                    text(
                        "INSERT INTO dysfunction_reports (cdas_id, month, cdas, kind) "
                        "VALUES (:c, '2026-01', 'x', 'autre')"
                    ),
                    {"c": other},
                )
    finally:
        raw.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE asip.extra (x int)",
        "CREATE TABLE public.extra (x int)",
        "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE cases NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY own_cdas ON cases",
        "DROP TABLE deadlines",
        "SET ROLE asip_owner",
        "DELETE FROM access_log",
        "UPDATE access_log SET desk = 'x'",
        "UPDATE cdas SET name = 'x'",
    ],
)
def test_a_desk_role_cannot_change_the_schema_nor_the_log(team: Team, statement: str) -> None:
    desk = team.desk("a")
    raw = desk_engine(desk)
    try:
        with raw.connect() as conn, pytest.raises(exc.ProgrammingError):
            conn.execute(text(statement))
    finally:
        raw.dispose()


def test_the_owner_role_is_held_to_row_level_security_too(
    team: Team, engine: Any, pg: Cluster
) -> None:
    desk = team.desk("a")
    new_case(desk, engine)
    admin = create_engine(team.url)
    try:
        with admin.connect() as conn:
            conn.execute(text("SET ROLE asip_owner"))
            assert conn.scalar(text("SELECT count(*) FROM asip.cases")) == 0  # FORCE
            forced = conn.execute(
                text(
                    "SELECT relname FROM pg_class WHERE relnamespace = 'asip'::regnamespace "
                    "AND relkind = 'r' AND NOT relforcerowsecurity AND relname <> 'alembic_version'"
                )
            ).all()
            assert forced == []
    finally:
        admin.dispose()


def test_the_access_log_says_who_did_what_without_personal_data(team: Team, engine: Any) -> None:
    desk = team.desk("a")
    case_id = new_case(desk, engine, person={"nom_naissance": "Quéméner", "prenom": "Soizic"})
    number = desk.cases.get(case_id).summary.number
    desk.cases.add_note(case_id, "Rappeler Soizic Quéméner")
    desk.cases.close(case_id)
    raw = desk_engine(desk)
    try:
        with raw.connect() as conn:
            rows = conn.execute(
                text("SELECT desk, role, action, case_number, at FROM access_log ORDER BY id")
            ).all()
    finally:
        raw.dispose()
    assert [r.action for r in rows] == ["creation", "consultation", "modification", "cloture"]
    assert {r.case_number for r in rows} == {number}
    assert {r.desk for r in rows} == {desk.desk}
    assert {r.role for r in rows} == {desk.member.role}
    assert "Quéméner" not in repr(rows) and "Soizic" not in repr(rows)


# --- the same case on two desks ----------------------------------------------------


def test_the_second_writer_is_told_what_changed_and_keeps_what_they_typed(
    team: Team, engine: Any
) -> None:
    reception = team.desk("accueil")
    office = team.desk("bureau")
    case_id = new_case(reception, engine, person={"nom_naissance": "Morvan", "telephone": "0601"})
    seen_by_reception = reception.cases.get(case_id)
    seen_by_office = office.cases.get(case_id)

    office.cases.update_person(
        case_id, {**seen_by_office.person, "telephone": "02 99 00 00 00"}, based_on=seen_by_office
    )
    typed = {**seen_by_reception.person, "nom_naissance": "Morvan-Le Bihan"}
    with pytest.raises(CaseChanged) as caught:
        reception.cases.update_person(case_id, typed, based_on=seen_by_reception)
    err = caught.value
    assert "modifié sur un autre poste" in str(err)
    assert err.changed == ["identité : téléphone"]
    assert "conservée" in str(err)
    assert typed["nom_naissance"] == "Morvan-Le Bihan"  # what was typed is untouched
    assert err.current.person["telephone"] == "02 99 00 00 00"
    # nothing of the refused edit reached the base
    assert office.cases.get(case_id).person["nom_naissance"] == "Morvan"

    # based on the current version, the same edit goes through and keeps both changes
    reception.cases.update_person(
        case_id,
        {**err.current.person, "nom_naissance": typed["nom_naissance"]},
        based_on=err.current,
    )
    final = office.cases.get(case_id)
    assert final.person["nom_naissance"] == "Morvan-Le Bihan"
    assert final.person["telephone"] == "02 99 00 00 00"
    assert final.version == seen_by_office.version + 2


def test_notes_added_on_two_desks_at_once_are_all_kept(team: Team, engine: Any) -> None:
    one = team.desk("un")
    two = team.desk("deux")
    case_id = new_case(one, engine)
    for i in range(10):
        one.cases.add_note(case_id, f"note du poste un {i}")
        two.cases.add_note(case_id, f"note du poste deux {i}")
    notes = [n.text for n in one.cases.get(case_id).notes]
    assert len(notes) == 20 and len(set(notes)) == 20


def test_level_1_waits_for_level_2_and_deadlines_are_seen_by_every_desk(
    team: Team, engine: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    reception = team.desk("accueil")
    office = team.desk("bureau")
    case_id = new_case(reception, engine, level=1, person={"prenom": "Gwenaël"})
    sent = datetime.now(UTC) - timedelta(hours=80)
    reception.cases.record_sending(
        case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles", sent_at=sent
    )
    seen = office.cases.get(case_id)
    assert seen.level == 1 and seen.person["prenom"] == "Gwenaël"
    assert [d.kind for d in office.cases.overdue_deadlines()] == ["reponse_carsat_72h"]
    office.cases.take_up_at_level_2(case_id)
    assert reception.cases.get(case_id).level == 2


# --- the server goes away mid-session ------------------------------------------------


def test_server_stopped_and_restarted_mid_session(team: Team, engine: Any, pg: Cluster) -> None:
    desk = team.desk("a")
    case_id = new_case(desk, engine, person={"nom_naissance": "Tanguy"})
    desk.cases.add_note(case_id, "avant la coupure")
    pg.stop()
    try:
        with pytest.raises(TeamUnavailable) as caught:
            desk.cases.add_note(case_id, "pendant la coupure")
        assert "injoignable" in str(caught.value)
        assert "Tanguy" not in str(caught.value)
        with pytest.raises(TeamUnavailable):
            desk.cases.open_cases()
        # what is being typed stays on the desk, in its encrypted local store
        desk.save_draft({"note": "pendant la coupure"})
    finally:
        pg.start()
    assert desk.load_draft() == {"note": "pendant la coupure"}
    desk.cases.add_note(case_id, "pendant la coupure")  # resumed once the base is back
    detail = desk.cases.get(case_id)
    assert [n.text for n in detail.notes] == ["avant la coupure", "pendant la coupure"]
    assert detail.person["nom_naissance"] == "Tanguy"


_HOLDER = """
import sys, time
from sqlalchemy import create_engine, text
engine = create_engine(sys.argv[1])
with engine.connect() as conn:
    conn.execute(text("BEGIN"))
    conn.execute(text("UPDATE cases SET payload = '\\\\x00'::bytea, version = version + 1"))
    conn.execute(text("DELETE FROM deadlines"))
    print("ready", flush=True)
    time.sleep(600)
"""


def test_a_desk_killed_mid_transaction_leaves_nothing_half_written(team: Team, engine: Any) -> None:
    desk = team.desk("a")
    case_id = new_case(desk, engine, person={"prenom": "Loïc"})
    desk.cases.record_sending(case_id, "fiche_liaison_retraite", "CARSAT Bretagne", "bluefiles")
    url = desk.member.connection_url().render_as_string(hide_password=False)
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, url], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(timeout=30)
    other = team.desk("b")
    detail = other.cases.get(case_id)  # the server rolled the dead transaction back
    assert detail.person["prenom"] == "Loïc"
    assert len(detail.deadlines) == 1
    other.cases.add_note(case_id, "après")  # and released its row locks
    assert [n.text for n in desk.cases.get(case_id).notes] == ["après"]


# --- what the server and its backups hold ---------------------------------------------


def _encodings(needle: str) -> list[bytes]:
    raw = needle.encode()
    return [raw, raw.hex().encode(), needle.encode("utf-16-le")]


def test_a_dump_of_the_base_holds_none_of_100_seeded_persons(
    team: Team, engine: Any, pg: Cluster
) -> None:
    desk = team.desk("a")
    rng = random.Random(13)
    seeded = []
    result = engine.evaluate(ANSWERS).to_dict()
    for i in range(100):
        p = person(rng, i)
        case_id = desk.cases.create(ANSWERS, result, person=p)
        desk.cases.add_note(case_id, f"Appel de {p['prenom']} {p['nom_naissance']}")
        desk.cases.add_form(case_id, "fiche_liaison_retraite", f"PDF {p['nir']}".encode())
        seeded += needles(p)
    dump = pg.dump(team.database)
    assert b"COPY asip.cases" in dump and dump.count(b"\n") > 300  # the dump holds the cases
    hits = [n for n in seeded for blob in _encodings(n) if blob in dump]
    assert hits == []
    # nor the server's own files: the database's folder, the WAL, the server log
    admin = create_engine(team.url)
    try:
        with admin.connect() as conn:
            oid = conn.scalar(
                text("SELECT oid FROM pg_database WHERE datname = current_database()")
            )
    finally:
        admin.dispose()
    files = [*(pg.data / "base" / str(oid)).iterdir(), *(pg.data / "pg_wal").glob("0*")]
    files.append(pg.root / "server.log")
    blob = b"".join(f.read_bytes() for f in files if f.is_file())
    # in clear in the files, were they stored unencrypted: the names and NIR of each person
    clear = [n.encode() for n in seeded if n[0].isalpha() or n.isdigit()]
    assert [n for n in clear if n in blob] == []
    assert len(files) > 10


def _copy_rows(dump: bytes, table: str) -> list[list[str]]:
    """The rows of a table in a plain-format pg_dump (COPY … FROM stdin)."""
    match = re.search(
        rb"COPY " + re.escape(table.encode()) + rb" \(([^)]*)\) FROM stdin;\n(.*?)\n\\\.\n",
        dump,
        re.S,
    )
    assert match, table
    columns = [c.strip().decode() for c in match.group(1).split(b",")]
    return [
        dict(zip(columns, line.decode().split("\t"), strict=True))
        for line in match.group(2).split(b"\n")
    ]  # type: ignore[misc]


def _bytea(value: str) -> bytes:
    """A bytea in COPY text format: ``\\x`` then hex digits."""
    assert value.startswith("\\\\x"), value[:4]
    return bytes.fromhex(value[3:])


def _decrypt_from_dump(row: dict[str, str], wrapped: bytes, cdas_key: bytes) -> Any:
    uid = row["uid"]
    case_key = crypto.unwrap_case_key(cdas_key, wrapped, uid)
    return crypto.unseal_json(case_key, _bytea(row["payload"]), f"dossier:{uid}".encode())


def test_a_case_closed_after_a_backup_cannot_be_read_from_that_backup(
    team: Team, engine: Any, pg: Cluster
) -> None:
    desk = team.desk("a")
    closed = new_case(desk, engine, person={"nom_naissance": "Le Gall-Zyxw"})
    kept = new_case(desk, engine, person={"nom_naissance": "Guégan-Qrst"})
    database = team.database
    backup = pg.dump(database)  # the full dump, keys included, taken before the closing
    desk.cases.close(closed)

    rows = {int(r["id"]): r for r in _copy_rows(backup, "asip.cases")}
    assert set(rows) == {closed, kept}
    # the keys that remain: the CDAS key on the desk, the case keys still on the server
    cdas_key = membership.load(desk.folder).cdas_key()  # type: ignore[union-attr]
    raw = desk_engine(desk)
    try:
        with raw.connect() as conn:
            remaining = {
                int(r.case_id): bytes(r.wrapped_key)
                for r in conn.execute(text("SELECT case_id, wrapped_key FROM asip_keys.case_keys"))
            }
    finally:
        raw.dispose()
    assert set(remaining) == {kept}
    # the method works: the case still open is read back from the backup with them
    assert (
        _decrypt_from_dump(rows[kept], remaining[kept], cdas_key)["person"]["nom_naissance"]
        == "Guégan-Qrst"
    )
    # the closed case: no remaining key opens it (the CDAS key cannot open its payload
    # directly, and no remaining wrapped key belongs to it)
    for wrapped in remaining.values():
        with pytest.raises(crypto.DecryptionError):
            _decrypt_from_dump(rows[closed], wrapped, cdas_key)
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(
            cdas_key, _bytea(rows[closed]["payload"]), f"dossier:{rows[closed]['uid']}".encode()
        )
    # the data backup made as docs/team.md says (keys schema left out) never held it
    data_only = pg.dump(database, "--exclude-schema=asip_keys")
    assert b"asip_keys.case_keys" not in data_only and b"COPY asip.cases" in data_only


# --- enrolment ----------------------------------------------------------------------------


def test_enrolment_with_a_wrong_passphrase_is_refused_cleanly(
    team: Team, tmp_path: Path, memory_keyring: Any
) -> None:
    enrolment = team.cdas("CDAS de Vitré")
    folder = tmp_path / "poste"
    with pytest.raises(UserError) as caught:
        membership.join(team.url, enrolment, "une autre phrase de passe", folder)
    assert str(caught.value).startswith("Phrase de passe du fichier d'enrôlement incorrecte")
    assert "rien n'a été modifié" in str(caught.value)
    assert membership.load(folder) is None  # the desk stays on its local store
    assert memory_keyring.secrets == {}  # nothing written in the secret store
    # the right one joins
    joined = membership.join(team.url, enrolment, PASSPHRASE, folder)
    assert joined.cdas == "CDAS de Vitré" and membership.load(folder) == joined


def test_an_enrolment_file_holds_no_key_in_clear(team: Team) -> None:
    path = team.cdas("CDAS de Redon")
    data = json.loads(path.read_bytes())
    assert set(data) == {"format", "kdf", "chiffre"}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    content = crypto.open_enrolment(path.read_bytes(), PASSPHRASE)
    assert content["key"] not in path.read_text() and content["password"] not in path.read_text()


def test_team_init_refuses_a_short_passphrase_and_a_second_cdas_of_the_same_name(
    team: Team, tmp_path: Path
) -> None:
    from asip_desktop.team import admin

    with pytest.raises(UserError, match="12 caractères au moins"):
        admin.init(team.url, "CDAS de Redon", "court", tmp_path / "x.asip")
    team.cdas("CDAS de Redon")
    with pytest.raises(UserError, match="existe déjà sur cette base"):
        admin.init(team.url, "CDAS de Redon", PASSPHRASE, tmp_path / "y.asip")
    assert not (tmp_path / "y.asip").exists()


def test_tls_is_required_off_the_desk(tmp_path: Path) -> None:
    from asip_desktop.team.connection import parse_url

    assert parse_url("postgresql://serveur.cd35.fr/asip").query["sslmode"] == "require"
    with pytest.raises(UserError, match="TLS est obligatoire"):
        parse_url("postgresql://serveur.cd35.fr/asip?sslmode=disable")
    assert "sslmode" not in parse_url("postgresql://127.0.0.1/asip").query
    assert "sslmode" not in parse_url("postgresql:///asip?host=/run/postgresql").query


def test_the_desk_keeps_the_base_address_without_user_or_password(team: Team) -> None:
    desk = team.desk("a")
    saved = (desk.folder / "equipe.json").read_text("utf-8")
    assert "postgres@" not in saved and desk.member.role not in desk.member.url
    password = desk.member.connection_url().password
    assert password and len(password) == 64 and password not in saved
    assert desk.description().startswith("base d'équipe du CDAS de Saint-Malo (base « asip_")
    assert desk.description().endswith("sur ce poste (connexion locale))")
