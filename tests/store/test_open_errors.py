"""The key and the file: every failure is a French message and nothing is deleted."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import pytest

from asip_desktop.errors import UserError
from asip_desktop.store import keys
from asip_desktop.store.database import StoreOpenError
from asip_desktop.store.store import Store
from tests.support.memory_keyring import MemoryKeyring


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


class ForgetfulKeyring(MemoryKeyring):
    """Accepts a secret and does not keep it."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backends (which keep secrets in a plain file)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_key_is_created_once_then_reused(data_dir: Path, memory_keyring: MemoryKeyring) -> None:
    Store.open(data_dir).close()
    assert len(memory_keyring.secrets) == 1
    ((service, user), value) = next(iter(memory_keyring.secrets.items()))
    store_id = (data_dir / "store-id").read_text().strip()
    assert service == "asip-desktop" and user.endswith(store_id)
    assert len(bytes.fromhex(value)) == 32
    with Store.open(data_dir) as store:
        assert store.count("cases") == 0
    assert len(memory_keyring.secrets) == 1


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        PlaintextKeyring(),
    ],
    ids=["fail", "null", "plaintext"],
)
def test_unsafe_backends_are_refused(data_dir: Path, backend: Any) -> None:
    keyring.set_keyring(backend)
    with pytest.raises(keys.KeyStoreError, match="Aucun coffre de secrets sûr") as err:
        Store.open(data_dir)
    assert "gnome-keyring" in str(err.value)
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_chainer_with_a_plaintext_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    chainer = keyring.backends.chainer.ChainerBackend()
    monkeypatch.setattr(
        keyring.backends.chainer.ChainerBackend, "backends", [MemoryKeyring(), PlaintextKeyring()]
    )
    with pytest.raises(keys.KeyStoreError):
        keys.check_backend(chainer)
    monkeypatch.setattr(keyring.backends.chainer.ChainerBackend, "backends", [MemoryKeyring()])
    keys.check_backend(chainer)


def test_key_not_read_back_is_an_error(data_dir: Path) -> None:
    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(keys.KeyStoreError, match="ne s'y relit pas"):
        Store.open(data_dir)
    assert not (data_dir / "cases.db").exists()


def test_missing_key_with_existing_database(data_dir: Path, new_case: Any, store: Store) -> None:
    new_case(person={"nom_naissance": "Garde"})
    store.close()
    before = snapshot(data_dir)
    keyring.set_keyring(MemoryKeyring())  # another session: the key is not there
    with pytest.raises(keys.KeyStoreError, match="introuvable") as err:
        Store.open(data_dir)
    assert "Rien n'a été supprimé" in str(err.value)
    assert snapshot(data_dir) == before


def test_wrong_key_is_a_clear_error(
    data_dir: Path, new_case: Any, store: Store, memory_keyring: MemoryKeyring
) -> None:
    new_case()
    store.close()
    before = snapshot(data_dir)
    (entry,) = memory_keyring.secrets
    memory_keyring.secrets[entry] = "00" * 32
    with pytest.raises(StoreOpenError, match="la clé du coffre de secrets ne correspond pas"):
        Store.open(data_dir)
    assert snapshot(data_dir) == before


def test_malformed_key_in_keyring(
    data_dir: Path, store: Store, memory_keyring: MemoryKeyring
) -> None:
    store.close()
    (entry,) = memory_keyring.secrets
    memory_keyring.secrets[entry] = "pas une clé"
    with pytest.raises(keys.KeyStoreError, match="illisible"):
        Store.open(data_dir)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_corrupt_file(data_dir: Path, store: Store, damage: str) -> None:
    store.close()
    path = data_dir / "cases.db"
    data = path.read_bytes()
    path.write_bytes(data[:1000] if damage == "truncate" else b"\x42" * len(data))
    before = snapshot(data_dir)
    with pytest.raises(StoreOpenError, match="ne peut pas être ouverte") as err:
        Store.open(data_dir)
    if damage == "truncate":
        assert "endommagé (sa taille (1000 octets)" in str(err.value)
    assert snapshot(data_dir) == before


def test_plain_sqlite_file_is_refused(data_dir: Path, store: Store) -> None:
    store.close()
    path = data_dir / "cases.db"
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreOpenError, match="non chiffrée"):
        Store.open(data_dir)


def test_errors_are_user_errors_without_traceback_material() -> None:
    assert issubclass(StoreOpenError, UserError) and issubclass(keys.KeyStoreError, UserError)
