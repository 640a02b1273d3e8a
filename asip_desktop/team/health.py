"""The self-test's line for the team base: joined or not, reachable, schema up to date,
the CDAS key on this desk the right one, TLS in use off the desk. Writes nothing.
``answers``: the light check the window repeats while the base is unreachable."""

from __future__ import annotations

from sqlalchemy import Engine, select, text

from asip_desktop.errors import UserError
from asip_desktop.selftest import FAIL, OK, WARN, Check
from asip_desktop.team import admin, crypto, membership, tables
from asip_desktop.team.connection import TeamUnavailable, is_local, make_engine, talking

SUBJECT = "Base d'équipe"


def answers(engine: Engine) -> bool:
    """True when the server answers a ``SELECT 1`` (at most the engine's connect timeout,
    5 s; the window calls it from a worker thread). Reads nothing of the cases."""
    try:
        with talking(), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except TeamUnavailable:
        return False
    return True


def check_team_base() -> Check:
    try:
        member = membership.load()
        if member is None:
            return Check(OK, SUBJECT, "aucune : ce poste utilise sa base locale chiffrée")
        key = member.cdas_key()
        engine = make_engine(member.connection_url())
        try:
            with talking(), engine.connect() as conn:
                check = conn.scalar(
                    select(tables.cdas.c.key_check).where(tables.cdas.c.id == member.cdas_id)
                )
                revision = admin.schema_revision(conn)
                count = conn.scalar(text("SELECT count(*) FROM cases"))
                tls = conn.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
        finally:
            engine.dispose()
    except UserError as err:
        return Check(FAIL, SUBJECT, err.message)
    if check is None:
        return Check(
            FAIL,
            SUBJECT,
            f"le {member.cdas} n'existe pas (ou plus) sur la base {member.url} : rattachez le "
            "poste de nouveau (team join) avec le fichier d'enrôlement.",
        )
    try:
        crypto.unseal(key, bytes(check), f"controle-cle:{member.cdas_id}".encode())
    except crypto.DecryptionError:
        return Check(
            FAIL,
            SUBJECT,
            "la clé du CDAS de ce poste n'est pas celle de la base : rattachez le poste de "
            "nouveau (team join) avec le bon fichier d'enrôlement.",
        )
    detail = f"{member.cdas}, {member.url} : {count} dossier(s) ouvert(s), clé du CDAS vérifiée"
    if revision != admin.head_revision():
        return Check(
            WARN,
            SUBJECT,
            f"{detail} ; schéma {revision} au lieu de {admin.head_revision()} : "
            "l'administrateur doit relancer « asip-desktop team init » (mise à jour).",
        )
    if not tls and not is_local(member.url):
        return Check(FAIL, SUBJECT, f"{detail} ; la connexion n'est PAS chiffrée (TLS).")
    return Check(OK, SUBJECT, detail)
