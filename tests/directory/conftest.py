from __future__ import annotations

from pathlib import Path

import pytest

from asip_desktop import config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir(tmp_path):
    """A fresh, empty data folder for one test."""
    path = tmp_path / "data"
    config.set_data_dir_override(path)
    yield path
    config.set_data_dir_override(None)


@pytest.fixture
def example_csv_text() -> str:
    return (EXAMPLES / "annuaire-local-exemple.csv").read_text(encoding="utf-8")
