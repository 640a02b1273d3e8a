"""``team init``: the schema (Alembic), the roles, a CDAS, its key and its enrolment file.

Run by the administrator with a PostgreSQL role that may create roles (the server's
superuser, or a role with CREATEROLE that is a member of ``asip_owner``). Objects are
owned by ``asip_owner`` (NOLOGIN); desks log in as one role per CDAS, members of
``asip_desk``, which may read and write rows but never change the schema.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, exc, insert, select, text
from sqlalchemy.engine import URL

from asip_desktop.errors import UserError
from asip_desktop.store.clock import iso, utc_now
from asip_desktop.team import crypto, tables
from asip_desktop.team.connection import ADMIN_REFUSED, make_engine, parse_url, talking

MIGRATIONS = Path(__file__).parent / "migrations"
# the backup roles (migration t0005): the data without the keys, and the keys apart
BACKUP_ROLE = "asip_sauvegarde"
KEYS_BACKUP_ROLE = "asip_sauvegarde_cles"


@dataclass(frozen=True)
class Enrolment:
    cdas_id: int
    cdas: str
    desk_role: str
    file: Path


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config(None)).get_current_head()  # type: ignore[arg-type]
    assert head is not None
    return head


def schema_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(
        conn, opts={"version_table_schema": tables.SCHEMA}
    ).get_current_revision()


def _ensure_role(conn: Connection, role: str, options: str) -> None:
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if not exists:
        conn.execute(text(f'CREATE ROLE "{role}" {options}'))


def upgrade_schema(conn: Connection) -> None:
    """Roles, the ``asip`` schema owned by ``asip_owner``, then Alembic up to head, run as
    ``asip_owner`` (so that the owner is the role RLS is FORCEd on)."""
    _ensure_role(conn, tables.OWNER_ROLE, "NOLOGIN")
    _ensure_role(conn, tables.DESK_GROUP, "NOLOGIN")
    _ensure_role(conn, BACKUP_ROLE, "NOLOGIN")  # a login only by ``backup_login``
    _ensure_role(conn, KEYS_BACKUP_ROLE, "NOLOGIN")
    is_super = conn.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    if not is_super:
        conn.execute(text(f"GRANT {tables.OWNER_ROLE} TO current_user"))
    database = conn.scalar(text("SELECT current_database()"))
    conn.execute(text(f'GRANT CREATE ON DATABASE "{database}" TO {tables.OWNER_ROLE}'))
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {tables.SCHEMA} AUTHORIZATION asip_owner"))
    conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
    conn.execute(text(f"SET LOCAL search_path = {tables.SCHEMA}"))
    command.upgrade(alembic_config(conn), "head")
    conn.execute(text("RESET ROLE"))


def _desk_role_name() -> str:
    return f"asip_poste_{secrets.token_hex(6)}"


def init(
    url: str, cdas_name: str, passphrase: str, enrolment_path: Path, **engine: Any
) -> Enrolment:
    """Create (or upgrade) the schema, add the CDAS, write its enrolment file.

    The CDAS key is made here, written only into the enrolment file (encrypted by the
    passphrase) and never sent to the server (only a check value it alone opens).
    """
    name = (cdas_name or "").strip()
    if not name or len(name) > 120:
        raise UserError("--cdas : le nom du CDAS est attendu (120 caractères au plus).")
    crypto.check_passphrase(passphrase)
    if enrolment_path.exists():
        raise UserError(
            f"--enrolment : le fichier {enrolment_path} existe déjà ; il n'a pas été remplacé "
            "(choisissez un autre nom)."
        )
    parsed: URL = parse_url(url)
    key = crypto.new_key()
    password = secrets.token_hex(32)
    role = _desk_role_name()
    admin_engine = make_engine(parsed)
    try:
        with talking(ADMIN_REFUSED), admin_engine.begin() as conn:
            upgrade_schema(conn)
            conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
            taken = conn.scalar(select(tables.cdas.c.id).where(tables.cdas.c.name == name))
            if taken is not None:
                raise UserError(
                    f"--cdas : « {name} » existe déjà sur cette base d'équipe ; pour un nouveau "
                    "poste, utilisez son fichier d'enrôlement (team join)."
                )
            cdas_id = int(
                conn.execute(
                    insert(tables.cdas)
                    .values(name=name, desk_role=role, key_check=b"", created_at=iso(utc_now()))
                    .returning(tables.cdas.c.id)
                ).scalar_one()
            )
            conn.execute(
                tables.cdas.update()
                .where(tables.cdas.c.id == cdas_id)
                .values(key_check=crypto.key_check(key, cdas_id))
            )
            conn.execute(text("RESET ROLE"))
            # the password is ours (hex digits): no quoting problem; roles take no parameters
            conn.execute(
                text(
                    f'CREATE ROLE "{role}" LOGIN IN ROLE {tables.DESK_GROUP} '
                    f"PASSWORD '{password}'"
                )
            )
            conn.execute(text(f'ALTER ROLE "{role}" SET search_path = {tables.SCHEMA}'))
            content = {
                "cdas_id": cdas_id,
                "cdas": name,
                "role": role,
                "password": password,
                "key": key.hex(),
                "database": parsed.database,
            }
            sealed = crypto.seal_enrolment(content, passphrase)
            from asip_desktop.files import write_private_atomic

            write_private_atomic(enrolment_path, sealed)
    finally:
        admin_engine.dispose()
    return Enrolment(cdas_id, name, role, enrolment_path)


@dataclass(frozen=True)
class BackupLogin:
    role: str
    dump_command: str  # the pg_dump line for this role (no password in it)


def backup_login(url: str, *, keys: bool = False, password: str | None = None) -> BackupLogin:
    """Give the data backup role (or, ``keys``, the keys' backup role) a login, with
    ``password`` if given (else the server's other methods: peer, certificate). The
    schema is brought up to date first (the roles' rights are migration t0005)."""
    if password is not None and len(password) < 16:
        raise UserError(
            "--password-file : le mot de passe du rôle de sauvegarde doit compter 16 "
            f"caractères au moins ({len(password)} lus)."
        )
    if password is not None and ("'" in password or "\\" in password or "\n" in password):
        raise UserError(
            "--password-file : le mot de passe ne doit contenir ni apostrophe, ni barre "
            "oblique inverse, ni retour à la ligne."
        )
    role = KEYS_BACKUP_ROLE if keys else BACKUP_ROLE
    parsed = parse_url(url)
    engine = make_engine(parsed)
    try:
        with talking(ADMIN_REFUSED), engine.begin() as conn:
            upgrade_schema(conn)
            secret = f" PASSWORD '{password}'" if password is not None else ""
            conn.execute(text(f"ALTER ROLE {role} LOGIN{secret}"))  # checked above: no quote
    finally:
        engine.dispose()
    schema = f"--schema={tables.KEYS_SCHEMA}" if keys else f"--schema={tables.SCHEMA}"
    return BackupLogin(
        role,
        f"pg_dump --username={role} --enable-row-security {schema} --format=custom "
        f"--file=FICHIER {parsed.database}",
    )


@dataclass(frozen=True)
class Rekeyed:
    cdas: str
    cases: int  # case keys re-wrapped
    file: Path  # the new enrolment file
    disconnected: int | None  # sessions of the desk role ended (None: not allowed to)


def rekey(
    url: str,
    enrolment: Path,
    passphrase: str,
    new_enrolment: Path,
    new_passphrase: str,
) -> Rekeyed:
    """A new CDAS key (the old one leaked: enrolment file and passphrase): every case key
    of the CDAS is re-wrapped under it, the key check and the desk role's password are
    replaced, all in one transaction, then a new enrolment file is written. The desks of
    the CDAS join again with it; the old file no longer opens anything on the base.

    Run with the administrator's role (as ``team init``): it acts as the CDAS's desk
    role for the case keys (row-level security: that CDAS's rows only) and as
    ``asip_owner`` for the ``cdas`` row. The case keys themselves do not change, so the
    ciphertext of the cases is not rewritten; a keys backup taken before the re-keying
    still opens with the old CDAS key, until its rotation destroys it (docs/team.md)."""
    crypto.check_passphrase(new_passphrase)
    if new_enrolment.exists():
        raise UserError(
            f"--new-enrolment : le fichier {new_enrolment} existe déjà ; il n'a pas été "
            "remplacé (choisissez un autre nom)."
        )
    try:
        data = enrolment.read_bytes()
    except OSError as err:
        from asip_desktop.files import os_error_text

        raise UserError(f"--enrolment : {enrolment} illisible ({os_error_text(err)}).") from None
    old = crypto.open_enrolment(data, passphrase)
    cdas_id, role, old_key = int(old["cdas_id"]), str(old["role"]), bytes.fromhex(old["key"])
    key = crypto.new_key()
    password = secrets.token_hex(32)
    unwrapper = crypto.KeyUnwrapper(old_key)
    parsed = parse_url(url)
    engine = make_engine(parsed)
    written = False
    try:
        with talking(ADMIN_REFUSED), engine.begin() as conn:
            upgrade_schema(conn)
            conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
            check = conn.scalar(select(tables.cdas.c.key_check).where(tables.cdas.c.id == cdas_id))
            if check is None:
                raise UserError(f"Le {old['cdas']} n'existe pas (ou plus) sur cette base d'équipe.")
            try:
                crypto.unseal(old_key, bytes(check), f"controle-cle:{cdas_id}".encode())
            except crypto.DecryptionError:
                raise UserError(
                    f"--enrolment : ce fichier ne porte pas la clé actuelle du {old['cdas']} "
                    "(la clé a peut-être déjà été changée) : rien n'a été modifié."
                ) from None
            try:  # its CDAS's rows only (RLS)
                conn.execute(text(f'SET LOCAL ROLE "{role}"'))
            except exc.ProgrammingError:
                raise UserError(
                    "--url : le rôle administrateur doit pouvoir agir comme le rôle des postes "
                    f'du CDAS (super-utilisateur, ou GRANT "{role}" TO administrateur) : rien '
                    "n'a été modifié."
                ) from None
            k, c = tables.case_keys.c, tables.cases.c
            conn.execute(text(f"LOCK TABLE {tables.KEYS_SCHEMA}.case_keys IN EXCLUSIVE MODE"))
            rows = conn.execute(
                select(k.case_id, c.uid, k.wrapped_key).join(tables.cases, c.id == k.case_id)
            ).all()
            for case_id, uid, wrapped in rows:  # the desk role may delete and insert, not update
                case_key = unwrapper.unwrap(bytes(wrapped), uid)
                conn.execute(tables.case_keys.delete().where(k.case_id == case_id))
                conn.execute(
                    tables.case_keys.insert().values(
                        case_id=case_id, wrapped_key=crypto.wrap_case_key(key, case_key, uid)
                    )
                )
            conn.execute(text(f"SET LOCAL ROLE {tables.OWNER_ROLE}"))
            conn.execute(
                tables.cdas.update()
                .where(tables.cdas.c.id == cdas_id)
                .values(key_check=crypto.key_check(key, cdas_id))
            )
            conn.execute(text("RESET ROLE"))
            conn.execute(text(f"ALTER ROLE \"{role}\" PASSWORD '{password}'"))  # hex digits
            sealed = crypto.seal_enrolment(
                {**old, "key": key.hex(), "password": password}, new_passphrase
            )
            from asip_desktop.files import write_private_atomic

            # written before the commit: never a base re-keyed without its enrolment file;
            # removed if the commit fails (a file for a key the base never took)
            write_private_atomic(new_enrolment, sealed)
            written = True
        ended = _end_sessions(engine, role)
    except BaseException:
        if written:
            new_enrolment.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    return Rekeyed(str(old["cdas"]), len(rows), new_enrolment, ended)


def _end_sessions(engine: Any, role: str) -> int | None:
    """End the sessions still open as the desk role (they logged in with the old
    password); None when the administrator's role may not (then: stop the desks)."""
    try:
        with engine.begin() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE usename = :r AND pid <> pg_backend_pid()"
                    ),
                    {"r": role},
                ).scalar_one()
            )
    except exc.DBAPIError:
        return None
