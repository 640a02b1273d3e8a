"""Integration: the command line against a real Secret Service (gnome-keyring under D-Bus).

CI installs ``dbus`` and ``gnome-keyring`` (dev.sh APT_RUN); plain ``pytest`` runs this.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_cases_commands_with_gnome_keyring(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    data_dir = tmp_path / "donnees"
    answers = tmp_path / "reponses.json"
    answers.write_text('{"demande": "droits_retraite", "retraite": "rupture_ressources"}', "utf-8")
    helper = " ".join(
        shlex.quote(a)
        for a in (
            sys.executable,
            "-m",
            "tests.store.secret_service_check",
            str(data_dir),
            str(answers),
        )
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.pop("ASIP_DESKTOP_DATA_DIR", None)
    script = (
        "printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; " + helper
    )
    out = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["backend"] == "keyring.backends.SecretService"
    for step in ("settings", "new", "list", "close", "indicators"):
        assert report[step]["code"] == 0, (step, report[step]["err"])
    assert report["new"]["out"].strip().isdigit()
    assert json.loads(report["list"]["out"])[0]["cdas"] == "CDAS de Vitré"
    assert report["close"]["out"].startswith("Récépissé de purge — dossier ")
    assert ";CDAS de Vitré;signalements_canal_prioritaire;0" in report["indicators"]["out"]
    assert report["key_hex_length"] == 64
    assert report["close_copy"]["code"] == 0, report["close_copy"]["err"]
    assert "Copie supprimée du disque" in report["close_copy"]["out"]
    assert report["copy_exists"] is False
    assert report["vanished"]["code"] == 2
    assert "Une base des dossiers existait ici" in report["vanished"]["err"]
    assert "Traceback" not in report["vanished"]["err"]
    assert report["recreated"] is False
