"""Only the OS secret stores keep the key, unless an administrator allows another one."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from asip_desktop import config
from asip_desktop.selftest import check_secret_store
from asip_desktop.settings import load_settings, save_settings
from asip_desktop.store import keys
from asip_desktop.store.store import Store


class ThirdPartyKeyring(keyring.backend.KeyringBackend):
    """Stands for an unknown plug-in found by keyring's discovery: it writes the
    secret in a plaintext file."""

    priority = 10  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def get_password(self, service: str, username: str) -> str | None:
        if not self.path.exists():
            return None
        return json.loads(self.path.read_text()).get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = json.loads(self.path.read_text()) if self.path.exists() else {}
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        pass


ThirdPartyKeyring.__module__ = "keyring_plaintext_plugin.backend"
NAME = "keyring_plaintext_plugin.backend.ThirdPartyKeyring"


def test_unknown_backend_is_refused_by_name_and_writes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    secrets_file = tmp_path / "coffre-en-clair.json"
    keyring.set_keyring(ThirdPartyKeyring(secrets_file))
    with pytest.raises(keys.KeyStoreError, match="Seuls les coffres du système") as err:
        Store.open(data_dir)
    assert f"coffre détecté : {NAME}" in str(err.value)
    assert "allowed_keyring_backend" in str(err.value)
    assert not secrets_file.exists()  # the key never reached the plaintext file
    assert not (data_dir / "cases.db").exists()
    check = check_secret_store()
    assert check.status == "ÉCHEC" and NAME in check.detail


def test_an_administrator_can_allow_one_with_a_self_test_warning(
    data_dir: Path, tmp_path: Path
) -> None:
    secrets_file = tmp_path / "coffre.json"
    keyring.set_keyring(ThirdPartyKeyring(secrets_file))
    settings = load_settings()
    settings.allowed_keyring_backend = NAME
    save_settings(settings)
    assert (
        json.loads((config.data_dir() / "settings.json").read_text())["allowed_keyring_backend"]
        == NAME
    )
    with Store.open(data_dir) as store:
        assert store.count("cases") == 0
    assert secrets_file.exists()
    check = check_secret_store()
    assert check.status == "ATTENTION", check
    assert "ce n'est pas un coffre du système" in check.detail and NAME in check.detail
    # a setting saved by the window keeps the administrator's choice
    again = load_settings()
    again.text_scale = 1.2
    save_settings(again)
    assert load_settings().allowed_keyring_backend == NAME


def test_known_os_backends_are_accepted() -> None:
    from keyring.backends import SecretService, Windows, macOS

    for cls in (SecretService.Keyring, Windows.WinVaultKeyring, macOS.Keyring):
        assert keys.acceptance(object.__new__(cls)) == "connu", cls


def test_plaintext_keyrings_alt_cannot_be_allowed(data_dir: Path, tmp_path: Path) -> None:
    class AltFile(ThirdPartyKeyring):
        pass

    AltFile.__module__ = "keyrings.alt.file"
    keyring.set_keyring(AltFile(tmp_path / "x.json"))
    settings = load_settings()
    settings.allowed_keyring_backend = "keyrings.alt.file.AltFile"
    save_settings(settings)
    with pytest.raises(keys.KeyStoreError):
        Store.open(data_dir)
