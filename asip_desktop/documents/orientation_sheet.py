"""The orientation sheet handed to the person: one A4 page in large print.

Where to go or whom to call, how, what to say, and the delays, for each
orientation in order. It carries no personal data: it is drawn from the
:class:`OrientationResult` only, never from a fiche.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from asip_desktop.core.result import OrientationResult
from asip_desktop.documents.drawing import (
    CONTENT_WIDTH,
    LEADING,
    MARGIN,
    PAGE_HEIGHT,
    Sheet,
    wrap_fixed,
)
from asip_desktop.documents.fonts import BOLD, REGULAR, ascent_descent, text_width
from asip_desktop.documents.orientation_contacts import sheet_for
from asip_desktop.documents.partners_block import HEADING as PARTNERS_HEADING
from asip_desktop.documents.partners_block import PartnerBlock

TITLE = "Vos démarches"
INTRO = "Voici à qui vous adresser, dans cet ordre :"
NOTHING = "Aucune orientation n’a encore été définie : l’accueil vous précisera la suite."
FOOTER = (
    "Document remis par l’accueil du CDAS. Il ne contient aucune information personnelle. "
    "Coordonnées et délais tirés de la convention CARSAT Bretagne / Département "
    "d’Ille-et-Vilaine"
)
LARGEST = 16.0
SMALLEST = 11.0
FOOTER_SIZE = 8.5


@dataclass(frozen=True)
class Block:
    kind: str  # title, intro, heading, text, bullet, label, write
    text: str
    indent: float = 0.0


def blocks_for(
    result: OrientationResult,
    partners: Sequence[PartnerBlock] = (),
    written: Mapping[str, str] | None = None,
) -> list[Block]:
    """The sheet's content, in order (tests read it to check what is said).

    ``partners``: the public contacts chosen by the agent; ``written``: service ->
    what the agent typed for its blank line (e.g. the CDAS's name)."""
    blocks = [Block("title", TITLE)]
    if not result.orientations:
        return [*blocks, Block("intro", NOTHING)]
    blocks.append(Block("intro", INTRO))
    for number, orientation in enumerate(result.orientations, start=1):
        service = sheet_for(orientation.service, result.forms)
        blocks.append(Block("heading", f"{number}. {service.title}"))
        blocks += [Block("bullet", line, 12) for line in service.how]
        typed = (written or {}).get(orientation.service, "")
        if service.write_in and typed:
            blocks.append(Block("text", f"{service.write_in} {typed}", 12))
        elif service.write_in:
            blocks.append(Block("write", service.write_in, 12))
        blocks += [Block("text", line, 12) for line in service.say]
        if service.delays:
            blocks.append(Block("label", "Délais :", 12))
            blocks += [Block("bullet", line, 24) for line in service.delays]
    if partners:
        blocks.append(Block("heading", PARTNERS_HEADING))
        for partner in partners:
            blocks.append(Block("label", partner.name, 12))
            blocks += [Block("text", line, 24) for line in partner.lines]
    return blocks


def _style(kind: str, size: float) -> tuple[str, float, float]:
    """Font, size and space after, for a block kind at a body size."""
    return {
        "title": (BOLD, size + 9, size * 0.6),
        "intro": (REGULAR, size, size * 0.5),
        "heading": (BOLD, size + 1.5, size * 0.25),
        "text": (REGULAR, size, size * 0.2),
        "bullet": (REGULAR, size, size * 0.2),
        "label": (BOLD, size, size * 0.2),
        "write": (REGULAR, size, size * 0.4),
    }[kind]


def _height(block: Block, size: float) -> float:
    font, font_size, after = _style(block.kind, size)
    if block.kind == "write":
        return 2 * font_size * LEADING * 1.4 + after
    lines = wrap_fixed(block.text, font, font_size, _text_width(block, font_size))
    ascent, descent = ascent_descent(font, font_size)
    heading_space = size * 0.6 if block.kind == "heading" else 0.0
    return heading_space + ascent + descent + (len(lines) - 1) * font_size * LEADING + after


def _bullet_indent(block: Block, font_size: float) -> float:
    return font_size * 0.9 if block.kind == "bullet" else 0.0


def _text_width(block: Block, font_size: float) -> float:
    return CONTENT_WIDTH - block.indent - _bullet_indent(block, font_size)


def body_size(blocks: list[Block], available: float) -> float:
    """The largest body size (by half points) at which the sheet fits on one page."""
    size = LARGEST
    while size > SMALLEST and sum(_height(b, size) for b in blocks) > available:
        size -= 0.5
    return size


def render_orientation_sheet(
    result: OrientationResult,
    partners: Sequence[PartnerBlock] = (),
    written: Mapping[str, str] | None = None,
) -> bytes:
    return draw_orientation_sheet(result, partners, written).pdf()


def draw_orientation_sheet(
    result: OrientationResult,
    partners: Sequence[PartnerBlock] = (),
    written: Mapping[str, str] | None = None,
) -> Sheet:
    sheet = Sheet(TITLE)
    footer = f"{FOOTER} (règles version {result.rules_version})."
    if partners:
        footer += " Partenaires : annuaires importés à l’accueil (annuaire social du Département…)."
    footer_top = MARGIN + 3 * FOOTER_SIZE * LEADING
    blocks = blocks_for(result, partners, written)
    size = body_size(blocks, PAGE_HEIGHT - MARGIN - footer_top - 6)
    top = PAGE_HEIGHT - MARGIN
    for block in blocks:
        font, font_size, after = _style(block.kind, size)
        x = MARGIN + block.indent
        width = CONTENT_WIDTH - block.indent
        if block.kind == "heading":
            top -= size * 0.6
        if block.kind == "write":
            ascent, _ = ascent_descent(font, font_size)
            sheet.paragraph(x, top, width, block.text, font=BOLD, size=font_size)
            start = x + text_width(block.text, BOLD, font_size) + 8
            for row in (1, 2):
                y = top - ascent - (row - 1) * font_size * LEADING * 1.4 - 2
                sheet.canvas.line(start if row == 1 else x, y, x + width, y)
            top -= 2 * font_size * LEADING * 1.4 + after
            continue
        if block.kind == "bullet":
            sheet.paragraph(x, top, font_size, "•", font=font, size=font_size)
            x += _bullet_indent(block, font_size)
            width = _text_width(block, font_size)
        top = sheet.paragraph(x, top, width, block.text, font=font, size=font_size) - after
    sheet.paragraph(MARGIN, footer_top, CONTENT_WIDTH, footer, size=FOOTER_SIZE)
    return sheet
