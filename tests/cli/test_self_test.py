"""``--self-test`` as IT support runs it: with a real Secret Service, and without."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from asip_desktop.core.scenarios import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
WITH_SECRETS = ROOT / "scripts" / "with-secret-service.sh"
needs_secret_service = pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="dbus and gnome-keyring are installed by dev.sh (CI has them)",
)
CLI = f"{sys.executable} -m asip_desktop"


def run(command: str, data: Path, qt: str = "offscreen", secrets: bool = True):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": qt,
        "ASIP_DESKTOP_DATA_DIR": str(data),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    if not secrets:  # as on a desk where no Secret Service runs, whatever this machine has
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    argv = [str(WITH_SECRETS), "sh", "-c", command] if secrets else ["sh", "-c", command]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=180, env=env)


@pytest.mark.integration
@needs_secret_service
def test_self_test_passes_and_reports_each_point(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text('{"demande": "aide_departement"}', "utf-8")
    out = run(
        f"{CLI} cases new --answers {answers} --cdas 'CDAS test' >/dev/null && {CLI} --self-test",
        tmp_path / "d",
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    for subject in (
        "SQLCipher",
        "Coffre de secrets",
        "Base des dossiers",
        "Dossier des données",
        "Polices",
        "Règles d'orientation",
        "Qt",
    ):
        assert any(line.startswith("[OK] " + subject) for line in lines), subject
    assert "[OK] Coffre de secrets : SecretService" in out.stdout
    assert "[OK] Base des dossiers : ouverte, 1 dossier(s) ouvert(s)" in out.stdout
    assert f"{len(load_scenarios())} scénarios conformes" in out.stdout
    assert "greffon d'affichage « offscreen »" in out.stdout
    assert "[ATTENTION] Annuaires :" in out.stdout
    assert "aucun annuaire local des CDAS (annexe 4 à importer)" in out.stdout
    assert lines[-1] == "Auto-test réussi, 1 point(s) à surveiller."


def test_self_test_names_each_failure(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run(f"{CLI} --self-test", blocker, qt="nonexistent-plugin", secrets=False)
    assert out.returncode == 1
    assert "[ÉCHEC] Qt : aucun greffon d'affichage utilisable" in out.stdout
    assert "[ÉCHEC] Dossier des données" in out.stdout
    assert "[ÉCHEC] Coffre de secrets" in out.stdout and "keyring.backends.fail" in out.stdout
    assert "[OK] SQLCipher" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr
