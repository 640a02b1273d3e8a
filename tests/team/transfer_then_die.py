"""Run the real ``asip-desktop team transfer`` and die (SIGKILL) at a step of it.

Usage: python -m tests.team.transfer_then_die FOLDER SECRETS_JSON STEP OCCURRENCE

SECRETS_JSON holds the test's in-memory secret store (the laptop's keys), written by
the test into its temporary folder; this process installs it the same way.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import keyring

from asip_desktop.cli import main
from asip_desktop.team import transfer
from tests.support.memory_keyring import MemoryKeyring


def run() -> int:
    folder, secrets_path, step, occurrence = sys.argv[1:]
    backend = MemoryKeyring()
    for service, user, password in json.loads(Path(secrets_path).read_text("utf-8")):
        backend.secrets[(service, user)] = password
    keyring.set_keyring(backend)
    seen = {"n": 0}

    def die(name: str) -> None:
        if name == step:
            seen["n"] += 1
            if seen["n"] == int(occurrence):
                print(f"killed at {name}", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)

    real_init = transfer.Transfer.__init__

    def init(self: transfer.Transfer, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self.step = die

    transfer.Transfer.__init__ = init  # type: ignore[method-assign]
    return main(["--data-dir", folder, "team", "transfer"])


if __name__ == "__main__":
    sys.exit(run())
