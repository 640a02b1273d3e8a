"""Connecting to the team base: the URL rules (TLS unless a local socket or the
loopback), the engine, and the server's failures put in French."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine, create_engine, exc, make_url
from sqlalchemy.engine import URL

from asip_desktop.errors import UserError
from asip_desktop.team.tables import SCHEMA

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
SAFE_SSLMODES = {"require", "verify-ca", "verify-full"}


class TeamUnavailable(UserError):
    """The server cannot be reached: nothing was written on it."""


UNREACHABLE = (
    "La base d'équipe du CDAS est injoignable (serveur arrêté, réseau coupé ou base "
    "en maintenance) : l'opération n'a pas été faite sur le serveur, rien n'y est à moitié "
    "écrit. Ce qui est en cours de saisie reste sur ce poste ; recommencez quand la base "
    "est de retour."
)

ACCESS_REFUSED = (
    "La base d'équipe du CDAS répond mais refuse l'identifiant de connexion (accès du poste "
    "retiré, rôle supprimé ou mot de passe changé) : l'opération n'a pas été faite sur le "
    "serveur, rien n'y est à moitié écrit. Ce qui est en cours de saisie reste sur ce poste. "
    "Prévenez l'administrateur : il rétablit l'accès ou rattache ce poste de nouveau "
    "(asip-desktop team join)."
)

ADMIN_REFUSED = (
    "Le serveur PostgreSQL a refusé l'identifiant ou le mot de passe de l'administrateur : "
    "rien n'a été fait. Vérifiez l'adresse (nom de l'utilisateur) et le mot de passe."
)


def login_refused(said: str) -> bool:
    """The server's answer (``str(err.orig)``) refuses the login itself: a wrong password,
    no password, a role dropped or not allowed to log in — not a server out of reach.

    libpq gives no SQLSTATE for a failed connection, only the server's words, in English
    or, on a server set up in French (``lc_messages``), in the translations of Debian's
    ``postgres-15.mo``."""
    said_lower = said.lower()
    return (
        "authentication failed" in said
        or "no password supplied" in said
        or "is not permitted to log in" in said
        or ('role "' in said and "does not exist" in said)
        or ("authentification" in said_lower and ("échoué" in said_lower or "échec" in said_lower))
        or "n'est pas autorisé à se connecter" in said
        or ("le rôle «" in said and "n'existe pas" in said)
    )


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for psycopg 3; TLS required except on a socket or loopback."""
    if not isinstance(url, str) or not url.startswith(("postgresql://", "postgresql+psycopg://")):
        raise UserError(
            "--url : une adresse PostgreSQL est attendue, par exemple "
            "postgresql://serveur/asip (ou postgresql:///asip?host=/run/postgresql)."
        )
    try:
        parsed = make_url(url).set(drivername="postgresql+psycopg")
    except exc.ArgumentError:
        raise UserError("--url : adresse PostgreSQL illisible.") from None
    if not parsed.database:
        raise UserError("--url : le nom de la base manque (…/NOM_DE_LA_BASE).")
    query_host = parsed.query.get("host")
    host = parsed.host or (query_host if isinstance(query_host, str) else None) or ""
    local = host == "" or host.startswith("/") or host in LOCAL_HOSTS
    sslmode = parsed.query.get("sslmode")
    if not local and sslmode not in SAFE_SSLMODES:
        if sslmode is None:
            parsed = parsed.update_query_dict({"sslmode": "require"})
        else:
            raise UserError(
                f"--url : sslmode={sslmode} refusé pour le serveur « {host} » : le chiffrement "
                "TLS est obligatoire hors du poste lui-même (require, verify-ca ou verify-full)."
            )
    return parsed


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or parse_qs(parts.query).get("host", [""])[0]
    return host == "" or host.startswith("/") or host in LOCAL_HOSTS


def make_engine(url: URL, **kwargs: Any) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,  # a connection lost when the server restarted is replaced
        pool_size=2,
        max_overflow=2,
        connect_args={
            "connect_timeout": 5,
            "options": f"-c search_path={SCHEMA} -c statement_timeout=30000",
            "application_name": "asip-desktop",
            # A server host that vanishes while a connection is open (cable pulled, host
            # down) would otherwise leave a call waiting until the system gives the TCP
            # connection up, minutes later: unacknowledged data for 15 s, or 3 keepalive
            # probes 5 s apart after 10 s of silence, end the connection (TCP only; a Unix
            # socket ignores them) and the window's banner says the base is unreachable.
            "tcp_user_timeout": 15000,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
        },
        **kwargs,
    )


def without_credentials(url: URL) -> str:
    """The URL to keep in ``equipe.json``: no user name, no password (the desk's role and
    its password come from the enrolment file and the secret store)."""
    return url._replace(username=None, password=None).render_as_string(hide_password=False)


def where(url: str) -> str:
    """The base in words, for Paramètres and ``team status``: « base asip sur serveur »."""
    parsed = make_url(url)
    query_host = parsed.query.get("host")
    host = parsed.host or (query_host if isinstance(query_host, str) else "") or ""
    place = "ce poste (connexion locale)" if host == "" or host.startswith("/") else host
    return f"base « {parsed.database} » sur {place}"


_listeners: list[Callable[[bool, str], None]] = []


def watch(listener: Callable[[bool, str], None]) -> Callable[[], None]:
    """``listener(False, why)`` each time a call fails to reach the server, ``why`` the
    French message of the failure (``UNREACHABLE`` or ``ACCESS_REFUSED``), and
    ``listener(True, "")`` each time a call went through (from whichever thread made the
    call): the window's banner follows it. Returns the function that stops the watching."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _tell(reachable: bool, why: str = "") -> None:
    for listener in list(_listeners):
        listener(reachable, why)


def _unavailable(err: exc.DBAPIError) -> TeamUnavailable:
    """Told to the watchers, then raised: nothing was written on the server."""
    why = ACCESS_REFUSED if login_refused(str(err.orig)) else UNREACHABLE
    _tell(False, why)
    return TeamUnavailable(why, [type(err.orig).__name__])


@contextlib.contextmanager
def talking(refused: str | None = None) -> Iterator[None]:
    """Server failures as French ``UserError``s (no personal data: no SQL, no values).

    ``refused``: what to say when the server refuses the login of an address the person
    typed (an administrator's command): their address or password to check, not this
    desk's access — a plain ``UserError``, the window's banner not told."""
    try:
        yield
    except exc.OperationalError as err:
        if refused is not None and login_refused(str(err.orig)):
            raise UserError(refused) from None
        if "could not serialize" in str(err.orig) or "deadlock" in str(err.orig):
            raise UserError(
                "La base d'équipe a refusé l'opération à cause d'une modification simultanée "
                "sur un autre poste : rien n'a été enregistré, recommencez."
            ) from None
        raise _unavailable(err) from None
    except exc.InterfaceError as err:
        raise _unavailable(err) from None
    except exc.ProgrammingError as err:
        if "permission denied" in str(err.orig) or "row-level security" in str(err.orig):
            raise UserError(
                "La base d'équipe a refusé l'opération : le rôle de ce poste n'en a pas le "
                "droit. Rien n'a été modifié ; prévenez l'administrateur."
            ) from None
        raise
    else:
        if _listeners:
            _tell(True)
