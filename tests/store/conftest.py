"""Store tests: a real SQLCipher file in a temp dir, keys in an in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest

from asip_desktop.store.store import Store
from tests.support.memory_keyring import MemoryKeyring


class Clock:
    """A settable clock for deadlines and review lists."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "donnees"


@pytest.fixture
def store(data_dir: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(data_dir, clock=clock)
    s.set_setting("cdas_emetteur", "CDAS Test")
    yield s
    s.close()


@pytest.fixture
def new_case(store: Store, engine: Any) -> Any:
    """Open a case from answers (through the real engine); returns its id."""

    def make(answers: dict[str, Any] | None = None, **kwargs: Any) -> int:
        answers = answers or {"demande": "droits_retraite", "retraite": "rupture_ressources"}
        return store.cases.create(answers, engine.evaluate(answers).to_dict(), **kwargs)

    return make
