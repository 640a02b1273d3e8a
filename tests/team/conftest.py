"""Team-base tests: one real PostgreSQL server per session, one fresh database per test."""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.store.conftest import memory_keyring  # noqa: F401  (autouse: keys in memory)
from tests.team.pg_cluster import Cluster, bindir


def required_binaries() -> Path:
    """PostgreSQL's binaries; under CI or as root their absence fails (a skip would hide
    what the test checks), only a non-root developer's run skips, saying why."""
    binaries = bindir()
    if binaries is None:
        if os.geteuid() == 0 or os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: ./dev.sh test installs it (apt).")
        pytest.skip("PostgreSQL is not installed and this user cannot install it (not root)")
    return binaries


@pytest.fixture(scope="session")
def pg() -> Iterator[Cluster]:
    binaries = required_binaries()
    cluster = Cluster(binaries)
    cluster.init()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def team_db(pg: Cluster) -> str:
    """A new empty database; its admin URL (the server's superuser: the schema owner)."""
    name = f"asip_{secrets.token_hex(4)}"
    pg.createdb(name)
    return pg.url(name)


PASSPHRASE = "une phrase de passe assez longue"


class Team:
    """A team base with CDAS created on demand and desks joined to them."""

    def __init__(self, url: str, root: Path) -> None:
        self.url = url
        self.root = root
        self.enrolments: dict[str, Path] = {}
        self.opened: list[Any] = []

    @property
    def database(self) -> str:
        from sqlalchemy import make_url

        return str(make_url(self.url).database)

    def cdas(self, name: str) -> Path:
        from asip_desktop.team import admin

        if name not in self.enrolments:
            path = self.root / f"enrolement-{len(self.enrolments)}.asip"
            admin.init(self.url, name, PASSPHRASE, path)
            self.enrolments[name] = path
        return self.enrolments[name]

    def desk(self, name: str, cdas: str = "CDAS de Saint-Malo", clock: Any = None) -> Any:
        from asip_desktop.store.clock import utc_now
        from asip_desktop.team import membership
        from asip_desktop.team.store import TeamStore

        folder = self.root / f"poste-{name}"
        member = membership.join(self.url, self.cdas(cdas), PASSPHRASE, folder)
        store = TeamStore.open(member, folder, clock=clock or utc_now)
        self.opened.append(store)
        return store


@pytest.fixture
def team(team_db: str, tmp_path: Path) -> Iterator[Team]:
    t = Team(team_db, tmp_path)
    yield t
    from asip_desktop.gui.widgets.server_call import ServerCall

    ServerCall.wait_all()  # a read still running in a worker (Dossiers) ends on its store
    for store in t.opened:
        store.close()
    # a connection dropped open (its pool garbage-collected) warns here, in the test that
    # left it, rather than at a random later collection in another test
    gc.collect()
