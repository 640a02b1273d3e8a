"""Where imported directories live: JSON files under ``config.data_dir()``.

The directories hold offices, not people: plain JSON is enough. Files are
written owner-only, to a temporary file first, then moved in place.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from asip_desktop import config

LOCAL_FILE = "local.json"
ANNUAIRE_FILE = "annuaire-administration.json"
SETTINGS_FILE = "settings.json"


def directory_dir(create: bool = True) -> Path:
    path = config.data_dir(create) / "directory"
    return config.ensure_private_dir(path) if create else path


def read(name: str) -> Any | None:
    path = directory_dir(create=False) / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write(name: str, data: Any) -> Path:
    return write_json(directory_dir() / name, data)


def write_json(path: Path, data: Any) -> Path:
    """Atomic, owner-only write of ``data`` as JSON."""
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_text(path: Path, text: str) -> Path:
    """Atomic, owner-only write of ``text`` (UTF-8)."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix or ".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def remove(name: str) -> None:
    path = directory_dir(create=False) / name
    if path.exists():
        path.unlink()
