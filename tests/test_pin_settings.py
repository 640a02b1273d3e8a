"""PIN hashing and the settings file (no display needed)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from asip_desktop.errors import UserError
from asip_desktop.pin import hash_pin, verify_pin
from asip_desktop.settings import Settings, load_settings, save_settings, settings_path


def test_pin_hash_is_salted_scrypt_and_verifies():
    a, b = hash_pin("1234"), hash_pin("1234")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert verify_pin("1234", a) and verify_pin("1234", b)
    assert not verify_pin("1235", a)
    assert not verify_pin("1234", "garbage")
    assert not verify_pin("1234", "")


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", ""])
def test_pin_format(bad):
    with pytest.raises(UserError, match="de 4 à 8 chiffres"):
        hash_pin(bad)


def test_settings_round_trip_owner_only(isolated_data_dir):
    s = Settings()
    s.agent.nom = "Le Goff"
    s.lock_delay_minutes = 7
    save_settings(s)
    path = settings_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    loaded = load_settings()
    assert loaded.agent.nom == "Le Goff" and loaded.lock_delay_minutes == 7
    assert not list(path.parent.glob(".asip-*"))


def test_invalid_settings_are_refused_with_field_names():
    with pytest.raises(UserError) as exc:
        save_settings(Settings(lock_delay_minutes=0, niveau=3))
    assert "« Verrouillage après » : entre 1 et 60 minutes." in exc.value.details
    assert "« Niveau d'accueil » : 1 ou 2." in exc.value.details


def test_damaged_settings_file_is_set_aside_not_lost(isolated_data_dir):
    path = settings_path()
    path.write_text("{not json", "utf-8")
    assert load_settings() == Settings()
    assert path.with_suffix(".damaged.json").read_text("utf-8") == "{not json"
    path.write_text(json.dumps({"lock_delay_minutes": 999}), "utf-8")
    assert load_settings().lock_delay_minutes == 5
