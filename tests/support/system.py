"""What the fault tests need from the machine (an immutable file, a small mount).

Where the machine cannot do it, a developer's run skips the test with the reason;
under CI (``CI`` set, as ``.ci/run`` runs) it fails instead: a skip there would hide
exactly the fault the test is about, and ``.ci/run`` installs what these need
(``e2fsprogs`` for chattr; CI runs as root, which may mount)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — CI must provide it (.ci/run / dev.sh)")
    pytest.skip(reason)


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """``path`` made immutable (chattr +i) for the block: root ignores permissions,
    but cannot write or delete an immutable file."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode:
        unavailable(f"chattr +i n'est pas possible ici ({done.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
