"""The house rules that a tool checks: lint, format, types, Qt-free layers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_FREE = ["core", "commands", "directory", "store", "documents"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_lint_and_format():
    lint = run("ruff", "check", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = run("ruff", "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict_on_qt_free_layers():
    out = run("mypy")
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("layer", QT_FREE)
def test_layer_never_imports_qt(layer):
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)", re.MULTILINE)
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "asip_desktop" / layer).rglob("*.py")
        if pattern.search(p.read_text("utf-8"))
    ]
    assert offenders == []
