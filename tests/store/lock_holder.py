"""Hold the database's write lock until stdin closes (for the lock test).

Usage: python -m tests.store.lock_holder DB_PATH KEY_HEX
"""

from __future__ import annotations

import sys
from pathlib import Path

from asip_desktop.store.database import raw_connect


def main() -> None:
    conn = raw_connect(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    conn.execute("BEGIN IMMEDIATE")
    print("verrou pris", flush=True)
    sys.stdin.read()
    conn.execute("ROLLBACK")
    conn.close()


if __name__ == "__main__":
    main()
