"""Backups without the wrapped keys, by construction (migration t0005): ``pg_dump`` run
as the data backup role holds every case's ciphertext and no wrapped key, and a dump
that includes ``asip_keys`` fails for that role; the keys' own backup role dumps the
keys and nothing else. The suite's real PostgreSQL."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from asip_desktop.errors import UserError
from asip_desktop.team import admin
from tests.store.seed import person
from tests.team.conftest import Team
from tests.team.pg_cluster import Cluster
from tests.team.test_team_base import new_case
from tests.team.test_team_cli import Run, run  # noqa: F401  (the fixture)

RNG = random.Random(5)


def dump_as(pg: Cluster, role: str, database: str, *options: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(
        [
            *pg.as_user,
            str(pg.bin / "pg_dump"),
            "-h",
            str(pg.socket),
            "-U",
            role,
            *options,
            database,
        ],
        capture_output=True,
        cwd=pg.root,
        check=False,
    )


def wrapped_keys(team: Team) -> list[bytes]:
    raw = create_engine(team.url)  # the server's superuser
    try:
        with raw.connect() as conn:
            return [
                bytes(r[0])
                for r in conn.execute(text("SELECT wrapped_key FROM asip_keys.case_keys"))
            ]
    finally:
        raw.dispose()


def test_a_dump_as_the_backup_role_holds_the_cases_and_no_wrapped_key(
    team: Team, engine: Any, pg: Cluster
) -> None:
    desk = team.desk("accueil")
    ids = [new_case(desk, engine, person=person(RNG, i)) for i in range(3)]
    keys = wrapped_keys(team)
    assert len(keys) == 3
    login = admin.backup_login(team.url)
    assert login.role == "asip_sauvegarde"
    assert "--enable-row-security --schema=asip " in login.dump_command
    assert "asip_keys" not in login.dump_command

    done = dump_as(pg, login.role, team.database, "--enable-row-security", "--schema=asip")
    assert done.returncode == 0, done.stderr.decode()
    dump = done.stdout
    assert b"COPY asip.cases" in dump and b"COPY asip.access_log" in dump
    rows = dump.split(b"COPY asip.cases ")[1].split(b"\n\\.\n")[0].splitlines()[1:]
    assert len(rows) == len(ids)  # every case of the CDAS, as ciphertext
    assert b"case_keys" not in dump
    for key in keys:
        assert key.hex().encode() not in dump and key not in dump

    # a dump that includes the keys' schema fails for that role: nothing is written
    for options in ((), ("--schema=asip_keys",)):
        refused = dump_as(pg, login.role, team.database, "--enable-row-security", *options)
        assert refused.returncode != 0 and refused.stdout.find(b"wrapped_key") == -1
        assert b"permission denied for schema asip_keys" in refused.stderr, refused.stderr
    # and it can only read
    backup = create_engine(pg.url(team.database, user=login.role))
    try:
        with backup.connect() as conn, pytest.raises(Exception, match="permission denied"):
            conn.execute(text("DELETE FROM asip.cases"))
    finally:
        backup.dispose()


def test_the_keys_have_their_own_backup_role_that_reads_nothing_else(
    team: Team, engine: Any, pg: Cluster
) -> None:
    desk = team.desk("accueil")
    new_case(desk, engine, person=person(RNG, 1))
    [key] = wrapped_keys(team)
    login = admin.backup_login(team.url, keys=True, password="un mot de passe assez long")
    assert login.role == "asip_sauvegarde_cles"
    assert "--schema=asip_keys" in login.dump_command
    done = dump_as(pg, login.role, team.database, "--enable-row-security", "--schema=asip_keys")
    assert done.returncode == 0, done.stderr.decode()
    assert key.hex().encode() in done.stdout  # the wrapped key, and only the keys' table
    assert b"COPY asip_keys.case_keys" in done.stdout and b"COPY asip.cases" not in done.stdout
    refused = dump_as(pg, login.role, team.database, "--enable-row-security", "--schema=asip")
    assert refused.returncode != 0 and b"permission denied" in refused.stderr


def test_a_short_backup_password_is_refused_in_french(team: Team) -> None:
    team.cdas("CDAS de Saint-Malo")
    with pytest.raises(UserError, match="16 caractères au moins"):
        admin.backup_login(team.url, password="court")


def test_team_backup_role_from_the_command_line(
    run: Run,  # noqa: F811
    team: Team,
    engine: Any,
    pg: Cluster,
    tmp_path: Path,
) -> None:
    new_case(team.desk("accueil"), engine)
    code, out, err = run(tmp_path / "admin", "team", "backup-role", "--url", team.url)
    assert (code, err) == (0, ""), err
    assert "Le rôle asip_sauvegarde peut se connecter" in out
    assert "aucune clé de dossier" in out
    assert "pg_dump --username=asip_sauvegarde --enable-row-security --schema=asip " in out
    done = dump_as(pg, "asip_sauvegarde", team.database, "--enable-row-security", "--schema=asip")
    assert done.returncode == 0 and b"COPY asip.cases" in done.stdout

    short = tmp_path / "mdp.txt"
    short.write_text("court\n", "utf-8")
    code, out, err = run(
        tmp_path / "admin", "team", "backup-role", "--url", team.url, "--cles",
        "--password-file", str(short),
    )  # fmt: skip
    assert code == 2 and "16 caractères au moins" in err, (code, err)


def test_every_table_under_row_level_security_is_readable_by_its_backup_role(
    team: Team,
) -> None:
    """A table with RLS and no policy for the backup role would be dumped EMPTY, silently
    (``--enable-row-security``): a table a later migration adds needs its policy too."""
    team.cdas("CDAS de Saint-Malo")
    raw = create_engine(team.url)
    try:
        with raw.connect() as conn:
            secured = conn.execute(
                text(
                    "SELECT n.nspname || '.' || c.relname FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND c.relrowsecurity "
                    "AND n.nspname IN ('asip', 'asip_keys') ORDER BY 1"
                )
            ).scalars()
            readable = conn.execute(
                text(
                    "SELECT schemaname || '.' || tablename, roles FROM pg_policies "
                    "WHERE cmd IN ('SELECT', 'ALL') AND qual = 'true'"
                )
            ).all()
            secured = list(secured)
    finally:
        raw.dispose()
    by_role: dict[str, set[str]] = {}
    for table, roles in readable:
        for role in roles:
            by_role.setdefault(role, set()).add(table)
    assert "asip.cases" in secured and "asip_keys.case_keys" in secured
    data = {t for t in secured if t.startswith("asip.")}
    assert data <= by_role.get("asip_sauvegarde", set()), data - by_role["asip_sauvegarde"]
    assert by_role.get("asip_sauvegarde_cles", set()) == {"asip_keys.case_keys"}
    assert not any(t.startswith("asip_keys.") for t in by_role.get("asip_sauvegarde", set()))
