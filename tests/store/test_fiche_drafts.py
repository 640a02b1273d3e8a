"""Fiches being typed are kept in the store, follow the request into its case, and are
destroyed with the case (counted in the receipt, gone from the file's pages)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from asip_desktop.store.fiche_drafts import FicheDrafts
from asip_desktop.store.store import Store
from tests.store.pages import decrypt_db, decrypt_wal
from tests.store.seed import find_in_bytes

LIAISON = "fiche_liaison_retraite"
VALUES = {"personne": {"nom_naissance": "Quéméner-Zyxwv", "nir": "185057800608436"}}


def test_a_draft_is_kept_and_given_back(store: Store) -> None:
    drafts = FicheDrafts(store)
    assert drafts.load(LIAISON) is None
    drafts.save(LIAISON, VALUES)
    values, saved_at = drafts.load(LIAISON)  # type: ignore[misc]
    assert values == VALUES and saved_at.startswith("2026-03-10")
    drafts.save(LIAISON, {"personne": {"prenom": "Anne"}})  # replaced, not added
    assert drafts.load(LIAISON)[0] == {"personne": {"prenom": "Anne"}}  # type: ignore[index]
    assert drafts.forms_with_draft() == [LIAISON]
    drafts.discard(LIAISON)
    assert drafts.load(LIAISON) is None


def test_the_request_draft_follows_the_case_and_abandoning_drops_it(
    store: Store, new_case: Any
) -> None:
    drafts = FicheDrafts(store)
    drafts.save(LIAISON, VALUES)
    store.save_draft({"version": 1, "answers": {}})
    case_id = new_case(discard_draft=True)
    assert store.load_draft() is None  # the wizard's draft goes with the case opening
    assert drafts.load(LIAISON) is not None  # the fiche being typed does not
    drafts.attach_to_case(case_id)
    assert drafts.load(LIAISON) is None
    assert drafts.load(LIAISON, case_id)[0] == VALUES  # type: ignore[index]
    assert drafts.forms_with_draft(case_id) == [LIAISON] and drafts.forms_with_draft() == []

    drafts.save("fiche_detection_fragilite", {"statut": "retraite"})
    other = new_case(discard_draft=True)  # opening another case keeps every fiche draft
    assert drafts.load(LIAISON, case_id) is not None
    drafts.discard_request()
    assert drafts.load("fiche_detection_fragilite") is None
    assert drafts.load(LIAISON, case_id) is not None
    assert drafts.forms_with_draft(other) == []


def test_closing_the_case_destroys_its_drafts_and_says_so(
    tmp_path: Path, new_case: Any, engine: Any
) -> None:
    key = os.urandom(32)
    folder = tmp_path / "coffre"
    store = Store.open(folder, key=key)
    store.set_setting("cdas_emetteur", "CDAS Test")
    answers = {"demande": "droits_retraite", "retraite": "rupture_ressources"}
    case_id = store.cases.create(answers, engine.evaluate(answers).to_dict())
    kept = store.cases.create(answers, engine.evaluate(answers).to_dict())
    drafts = FicheDrafts(store)
    drafts.save(LIAISON, VALUES, case_id)
    drafts.save(LIAISON, {"personne": {"nom_naissance": "Gardé-Qwzt"}}, kept)
    preview = store.cases.purge_preview(case_id)
    assert ("brouillons", 1) in [(d.kind, d.count) for d in preview.destroyed]
    pages = decrypt_db(key, folder / "cases.db") + decrypt_wal(key, folder / "cases.db-wal")
    assert find_in_bytes(pages, ["Quéméner-Zyxwv"])  # really there before: the check can fail

    receipt = store.cases.close(case_id)
    assert ("brouillons", 1) in [(d.kind, d.count) for d in receipt.destroyed]
    assert drafts.load(LIAISON, case_id) is None
    assert drafts.load(LIAISON, kept) is not None  # another case's draft stays
    pages = decrypt_db(key, folder / "cases.db") + decrypt_wal(key, folder / "cases.db-wal")
    assert find_in_bytes(pages, ["Quéméner-Zyxwv"]) == []
    assert find_in_bytes(pages, ["Gardé-Qwzt"])
    store.close()
