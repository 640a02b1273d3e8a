"""The signed fiche's scan or photo: kept encrypted with the case, apart from the
fiches, counted apart by the purge and destroyed with the case."""

from __future__ import annotations

from typing import Any

import pytest

from asip_desktop.errors import UserError
from asip_desktop.store import attachments
from asip_desktop.store.store import Store

PDF = b"%PDF-1.4\n% fiche signee de test\n"
JPEG = b"\xff\xd8\xff\xe0" + b"JFIF-photo-de-test" * 10


def test_signed_copies_are_kept_apart_from_fiches_and_purged_with_the_case(
    store: Store, new_case: Any
) -> None:
    case_id = new_case()
    store.cases.add_form(case_id, "fiche_liaison_retraite", b"%PDF-1.4 la fiche")
    first = attachments.add_signed(store, case_id, "fiche_liaison_retraite", PDF)
    second = attachments.add_signed(store, case_id, "fiche_liaison_retraite", JPEG)
    copies = attachments.signed_copies(store, case_id)
    assert [(c.id, c.form) for c in copies] == [
        (first, "fiche_liaison_retraite"),
        (second, "fiche_liaison_retraite"),
    ]
    assert store.cases.form_content(second) == JPEG
    assert attachments.media_of(store.cases.form_content(first)) == "pdf"
    on_disk = b"".join(p.read_bytes() for p in store.folder.glob("cases.db*"))
    assert b"fiche signee de test" not in on_disk  # encrypted like every row
    shown = store.cases.get(case_id).to_dict()  # what `cases show` prints
    assert [f["kind"] for f in shown["forms"]] == ["fiche_liaison_retraite"]
    assert [p["form"] for p in shown["pieces_signees"]] == ["fiche_liaison_retraite"] * 2
    counts = {d.kind: d.count for d in store.cases.purge_preview(case_id).destroyed}
    assert counts["fiches"] == 1 and counts["pieces_signees"] == 2
    receipt = store.cases.close(case_id)
    assert {d.kind: d.count for d in receipt.destroyed}["pieces_signees"] == 2
    assert "fiches signées jointes" in receipt.to_text()
    assert store.count("forms") == 0


def test_a_file_that_is_not_a_scan_or_a_photo_is_refused(store: Store, new_case: Any) -> None:
    case_id = new_case()
    with pytest.raises(UserError, match="ni un document PDF"):
        attachments.add_signed(store, case_id, "fiche_liaison_retraite", b"MZ\x90 exe")
    with pytest.raises(UserError, match="vide"):
        attachments.add_signed(store, case_id, "fiche_liaison_retraite", b"")
    big = b"%PDF-" + b"0" * attachments.MAX_BYTES
    with pytest.raises(UserError, match="dépasse 20 Mo"):
        attachments.add_signed(store, case_id, "fiche_liaison_retraite", big)
    assert attachments.signed_copies(store, case_id) == []


def test_kinds() -> None:
    kind = attachments.attachment_kind("fiche_detection_fragilite")
    assert attachments.is_attachment(kind)
    assert not attachments.is_attachment("fiche_detection_fragilite")
    assert attachments.signed_form(kind) == "fiche_detection_fragilite"
    assert attachments.media_label("jpeg") == "photo JPEG"
