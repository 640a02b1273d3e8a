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
    # a recorded copy is deleted by the closing, with the real key store
    out = cli(data_dir, "cases", "new", "--answers", answers)
    second = out.stdout.strip()
    copy = Path(data_dir).parent / "copie-fiche.pdf"
    copy.write_bytes(b"%PDF-1.7")
    record = (
        "import sys; from pathlib import Path; from asip_desktop.store.store import Store; "
        "s = Store.open(Path(sys.argv[1])); s.cases.record_saved_copy(int(sys.argv[2]), "
        "sys.argv[3]); s.close()"
    )
    subprocess.run([sys.executable, "-c", record, data_dir, second, str(copy)], check=True)
    out = cli(data_dir, "cases", "close", second, "--yes")
    report["close_copy"] = {"code": out.returncode, "out": out.stdout, "err": out.stderr}
    report["copy_exists"] = copy.exists()
    store_id = Path(data_dir, "store-id").read_text("ascii").strip()
    secret = keyring.get_password("asip-desktop", f"cle-base-dossiers-{store_id}")
    report["key_hex_length"] = len(secret or "")
    # the database vanishes while its id and its key remain: refused, not recreated
    for name in ("cases.db", "cases.db-wal", "cases.db-shm"):
        Path(data_dir, name).unlink(missing_ok=True)
    out = cli(data_dir, "cases", "list")
    report["vanished"] = {"code": out.returncode, "out": out.stdout, "err": out.stderr}
    report["recreated"] = Path(data_dir, "cases.db").exists()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
