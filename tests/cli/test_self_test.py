"""``--self-test`` as IT support runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def self_test(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asip_desktop", "--self-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, **env},
    )


def test_self_test_passes_and_reports_each_point(tmp_path):
    out = self_test(QT_QPA_PLATFORM="offscreen", ASIP_DESKTOP_DATA_DIR=str(tmp_path / "d"))
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    for subject in ("SQLCipher", "Dossier des données", "Polices", "Règles d'orientation", "Qt"):
        assert any(line.startswith("[OK] " + subject) for line in lines), subject
    assert "40 scénarios conformes" in out.stdout
    assert "greffon d'affichage « offscreen »" in out.stdout
    assert lines[-1] == "Auto-test réussi."


def test_self_test_fails_on_unusable_qt_and_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = self_test(QT_QPA_PLATFORM="nonexistent-plugin", ASIP_DESKTOP_DATA_DIR=str(blocker))
    assert out.returncode == 1
    assert "[ÉCHEC] Qt : aucun greffon d'affichage utilisable" in out.stdout
    assert "[ÉCHEC] Dossier des données" in out.stdout
    assert "[OK] SQLCipher" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr
