"""Close cases and die (SIGKILL) right after the purge commits, before the wipe.

Usage: python -m tests.store.purge_then_die FOLDER KEY_HEX ID [ID...]
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from asip_desktop.store import cases
from asip_desktop.store.store import Store


def die(*_args: Any, **_kwargs: Any) -> bool:
    print("committed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    return False  # pragma: no cover


def main() -> None:
    folder, key_hex, *ids = sys.argv[1:]
    store = Store.open(Path(folder), key=bytes.fromhex(key_hex))
    cases.finish_wipe = die  # type: ignore[assignment]
    for case_id in ids:
        store.cases.close(int(case_id))


if __name__ == "__main__":
    main()
