"""Run inside a D-Bus session with gnome-keyring (see ``test_secret_service.py``).

Drives the real command line as separate processes against the real Secret
Service, then prints a JSON report for the test to check.
Usage: python -m tests.store.secret_service_check DATA_DIR ANSWERS_FILE
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def cli(data_dir: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asip_desktop", "--data-dir", data_dir, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def main() -> None:
    import keyring

    data_dir, answers = sys.argv[1], sys.argv[2]
    report: dict[str, object] = {"backend": type(keyring.get_keyring()).__module__}
    steps = [
        ("settings", ["cases", "settings", "--cdas", "CDAS de Vitré"]),
        ("new", ["cases", "new", "--answers", answers]),
        ("list", ["cases", "list", "--json"]),
    ]
    for name, args in steps:
        out = cli(data_dir, *args)
        report[name] = {"code": out.returncode, "out": out.stdout, "err": out.stderr}
    case_id = report["new"]["out"].strip()  # type: ignore[index]
    for name, args in [
        ("close", ["cases", "close", case_id, "--yes"]),
        ("indicators", ["indicators"]),
    ]:
        out = cli(data_dir, *args)
        report[name] = {"code": out.returncode, "out": out.stdout, "err": out.stderr}
    store_id = Path(data_dir, "store-id").read_text("ascii").strip()
    secret = keyring.get_password("asip-desktop", f"cle-base-dossiers-{store_id}")
    report["key_hex_length"] = len(secret or "")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
