"""Crash reports: where it broke and on which versions, never with what data.

A report keeps the exception type and the stack (file, line, function), but
not the exception message nor any variable: both can quote what a person
said at the desk.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from asip_desktop import __version__, config
from asip_desktop.files import write_private_atomic

CRASH_DIR = "crash-reports"


def format_traceback_without_values(exc: BaseException) -> str:
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{type(exc).__module__}.{type(exc).__qualname__} (message non conservé)")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        lines.insert(0, format_traceback_without_values(cause) + "\nPuis :")
    return "\n".join(lines)


def _short(filename: str) -> str:
    """Paths inside the package, not the user's home folder."""
    parts = Path(filename).parts
    for anchor in ("asip_desktop", "site-packages"):
        if anchor in parts:
            return str(Path(*parts[parts.index(anchor) :]))
    return Path(filename).name


def versions() -> dict[str, str]:
    found = {"asip-desktop": __version__, "python": platform.python_version()}
    found["système"] = f"{platform.system()} {platform.release()}"
    for module in ("PySide6", "sqlalchemy", "sqlcipher3", "reportlab", "keyring"):
        mod = sys.modules.get(module)
        if mod is not None:
            found[module] = str(getattr(mod, "__version__", "?"))
    return found


def write_crash_report(exc: BaseException, now: datetime | None = None) -> Path:
    now = now or datetime.now(UTC)
    lines = [f"Rapport d'incident ASIP Desktop — {now.isoformat(timespec='seconds')}", ""]
    lines += [f"{name} : {value}" for name, value in versions().items()]
    lines += ["", "Pile d'appels (sans valeurs ni message) :", format_traceback_without_values(exc)]
    directory = config.ensure_private_dir(config.log_dir() / CRASH_DIR)
    path = directory / f"incident-{now.strftime('%Y%m%d-%H%M%S-%f')}.txt"
    write_private_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
