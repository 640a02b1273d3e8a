"""The one place that knows paths and where resources live.

Data locations come from platformdirs, overridable with ``--data-dir`` or the
``ASIP_DESKTOP_DATA_DIR`` environment variable (tests, portable installs).
Everything created here is owner-only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "asip-desktop"
APP_AUTHOR = "CD35"
ENV_DATA_DIR = "ASIP_DESKTOP_DATA_DIR"
ENV_LOG_DIR = "ASIP_DESKTOP_LOG_DIR"

_data_dir_override: Path | None = None


def resources_dir() -> Path:
    """The ``resources/`` folder, in a checkout or in a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def set_data_dir_override(path: str | os.PathLike[str] | None) -> None:
    """Set by ``--data-dir``; wins over the environment and platformdirs."""
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) owner-only and return it."""
    old = os.umask(0o077)
    try:
        path.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def data_dir(create: bool = True) -> Path:
    if _data_dir_override is not None:
        path = _data_dir_override
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))
    return ensure_private_dir(path) if create else path


def log_dir(create: bool = True) -> Path:
    if os.environ.get(ENV_LOG_DIR):
        path = Path(os.environ[ENV_LOG_DIR]).expanduser().resolve()
    elif _data_dir_override is not None or os.environ.get(ENV_DATA_DIR):
        path = data_dir(create) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir(APP_DIR_NAME, APP_AUTHOR))
    return ensure_private_dir(path) if create else path
