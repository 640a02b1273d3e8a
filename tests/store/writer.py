"""A writer process for the crash test: writes cases in a burst, printing each committed one.

Usage: python -m tests.store.writer FOLDER KEY_HEX START
"""

from __future__ import annotations

import sys
from pathlib import Path

from asip_desktop.store.store import Store

RESULT = {"orientations": [{"service": "canal_prioritaire_carsat"}], "rules": {"version": "t"}}


def identity(i: int) -> dict[str, str]:
    return {"nom_naissance": f"Crash-{i}", "prenom": f"Écrit {i} fois", "nir": f"{i:015d}"}


def form(i: int) -> bytes:
    return bytes(range(256)) * (1 + i % 7) + str(i).encode()


def main() -> None:
    folder, key_hex, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store.open(Path(folder), key=bytes.fromhex(key_hex))
    i = start
    while True:
        case_id = store.cases.create(
            {"demande": "droits_retraite"}, RESULT, person=identity(i), cdas="CDAS Test"
        )
        store.cases.add_form(case_id, "fiche_liaison_retraite", form(i))
        store.cases.add_note(case_id, f"note {i}")
        print(case_id, i, flush=True)
        i += 1


if __name__ == "__main__":
    main()
