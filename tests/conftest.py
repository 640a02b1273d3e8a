"""Root test configuration: offscreen Qt, an isolated data dir, one QApplication."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
if "ASIP_DESKTOP_DATA_DIR" not in os.environ:
    # one throw-away data dir per test session, removed when the session ends (a
    # subprocess started by a test inherits it and must not remove it)
    _DATA_DIR = tempfile.mkdtemp(prefix="asip-test-data-")
    os.environ["ASIP_DESKTOP_DATA_DIR"] = _DATA_DIR
    atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)

import pytest


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["asip-desktop-tests"]


@pytest.fixture(scope="session")
def configured_qapp(qapp):  # type: ignore[no-untyped-def]
    from asip_desktop.gui.shell.app import configure_application

    configure_application(qapp)
    return qapp


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    from asip_desktop.core.engine import Engine

    return Engine.load()


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Each test gets its own empty data directory (settings, store, imports)."""
    from asip_desktop import config

    data = tmp_path / "data"
    monkeypatch.setenv(config.ENV_DATA_DIR, str(data))
    config.set_data_dir_override(None)
    yield data
    config.set_data_dir_override(None)
