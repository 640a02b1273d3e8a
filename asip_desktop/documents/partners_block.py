"""The public contact lines of the partners chosen for the person's sheet.

Only what an office publishes for the public: name, address, phones, e-mails,
website, opening hours. Never a note, a source remark or anything about the
person. The orientation sheet prints them under « Près de chez vous ».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from asip_desktop.directory.model import Entry

HEADING = "Près de chez vous"


@dataclass(frozen=True)
class PartnerBlock:
    name: str
    lines: tuple[str, ...]


def partner_block(entry: Entry) -> PartnerBlock:
    lines = []
    if entry.address:
        lines.append(entry.address)
    lines += [f"Tél. {p.value}" for p in entry.phones]
    lines += [f"Courriel : {e.value}" for e in entry.emails]
    if entry.website:
        lines.append(entry.website)
    lines += [f"Horaires : {h}" for h in entry.hours]
    return PartnerBlock(entry.name, tuple(lines))


def partner_blocks(entries: Iterable[Entry]) -> tuple[PartnerBlock, ...]:
    """One block per entry, each entry once, in the order chosen."""
    seen: set[str] = set()
    blocks = []
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            blocks.append(partner_block(entry))
    return tuple(blocks)
