"""The signed fiche's scan or photo, kept encrypted with its case.

An attachment is a row of the case's ``forms`` table whose kind is
``signee_<form kind>``: it lives in the encrypted store like the fiche itself and
goes with the case's purge (ON DELETE CASCADE). The case page lists them apart
from the fiches, and the purge counts them apart (« pieces_signees »).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from asip_desktop.errors import UserError

if TYPE_CHECKING:
    from asip_desktop.store.store import Store

KIND_PREFIX = "signee_"
MAX_BYTES = 20 * 1024 * 1024  # a phone photo or a scanned page; not a whole folder
# What a scan or photo can be, from its first bytes (the file name is not trusted).
MEDIA = (
    (b"%PDF-", "pdf", "document PDF"),
    (b"\x89PNG\r\n\x1a\n", "png", "image PNG"),
    (b"\xff\xd8\xff", "jpeg", "photo JPEG"),
)


def attachment_kind(form: str) -> str:
    return f"{KIND_PREFIX}{form}"


def is_attachment(kind: str) -> bool:
    return kind.startswith(KIND_PREFIX)


def signed_form(kind: str) -> str:
    """The fiche an attachment's kind is the signed copy of."""
    return kind[len(KIND_PREFIX) :] if is_attachment(kind) else kind


def media_of(content: bytes) -> str:
    """``pdf``, ``png`` or ``jpeg``; UserError (French) for anything else."""
    for magic, media, _label in MEDIA:
        if content.startswith(magic):
            return media
    raise UserError(
        "Fiche signée : le fichier n'est ni un document PDF, ni une image PNG, ni une photo "
        "JPEG. Numérisez la fiche en PDF ou photographiez-la (JPEG)."
    )


def media_label(media: str) -> str:
    return next((label for _m, name, label in MEDIA if name == media), media)


@dataclass(frozen=True)
class Attachment:
    id: int
    form: str
    size: int
    created_at: str


def add_signed(store: Store, case_id: int, form: str, content: bytes) -> int:
    """Keep the signed fiche's scan or photo with the case; its row id."""
    if not content:
        raise UserError("Fiche signée : le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise UserError(
            f"Fiche signée : le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo. "
            "Numérisez la fiche en résolution plus basse ou en PDF."
        )
    media_of(content)
    return store.cases.add_form(case_id, attachment_kind(form), content)


def signed_copies(store: Store, case_id: int) -> list[Attachment]:
    """The signed fiches kept with the case, in the order they were attached."""
    return [
        Attachment(f.id, signed_form(f.kind), f.size, f.created_at)
        for f in store.cases.get(case_id).forms
        if is_attachment(f.kind)
    ]
