"""The orientation sheet handed to the person: one A4 page in large print.

It is written from the action plan's ``personne`` steps (what happens next,
in the order it happens), then one block per place to reach, with public
numbers and hours only, then what to keep at hand. A person received now is
told so; where the CDAS or a worker acts for the person, the sheet says who
will contact them and by when, and does not ask them to call as well. It
carries no personal data: it is drawn from the :class:`OrientationResult`,
the CDAS found for the commune and the date of issue, never from a fiche.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from asip_desktop.core.delays import CARSAT_ANSWER_HOURS
from asip_desktop.core.result import OrientationResult
from asip_desktop.documents.detection_data import FORM_ID as DETECTION_FORM
from asip_desktop.documents.drawing import (
    CONTENT_WIDTH,
    LEADING,
    MARGIN,
    PAGE_HEIGHT,
    Sheet,
    wrap_fixed,
)
from asip_desktop.documents.fonts import BOLD, REGULAR, ascent_descent, text_width
from asip_desktop.documents.orientation_contacts import PLACE_OF_SERVICE, CdasContact, place
from asip_desktop.documents.partners_block import HEADING as PARTNERS_HEADING
from asip_desktop.documents.partners_block import PartnerBlock
from asip_desktop.french_dates import french_date

TITLE = "Vos démarches"
STEPS = "Ce qui va se passer :"
PLACES = "Adresses et numéros utiles :"
KEEP = "À garder avec vous :"
NOTHING = "Aucune orientation n’a encore été définie : l’accueil vous précisera la suite."
FOOTER = (
    "Document remis par l’accueil du CDAS. Il ne contient aucune information personnelle. "
    "Coordonnées et délais tirés de la convention CARSAT Bretagne / Département "
    "d’Ille-et-Vilaine"
)
# Volet II §3: a first appointment with the health-insurance social service
# comes within 15 days to 3 weeks on average.
SSAM_FIRST_APPOINTMENT_DAYS = 21
EPOCH = dt.date(2000, 1, 1)  # any date: only whether there is a follow-up matters
LARGEST = 16.0
SMALLEST = 11.0
FOOTER_SIZE = 8.5


@dataclass(frozen=True)
class Block:
    kind: str  # title, intro, heading, text, step, bullet, label, write
    text: str
    indent: float = 0.0
    marker: str = ""  # a step's number


def _cdas_acts_for_ssam(result: OrientationResult) -> bool:
    """The CDAS or the person's worker contacts the health-insurance service for them."""
    return DETECTION_FORM in result.forms or "referent_existant" in result.services


def _follow_up(result: OrientationResult, issued: dt.date) -> list[str]:
    """By when to expect a call, and what to do if nobody calls."""
    lines = []
    if "canal_prioritaire_carsat" in result.services:
        by = issued + dt.timedelta(hours=CARSAT_ANSWER_HOURS)
        lines.append(f"La CARSAT doit vous appeler au plus tard le {french_date(by)}.")
        lines.append("Si personne ne vous a appelé(e) ce jour-là, revenez au CDAS ou appelez-le.")
    if "service_social_assurance_maladie" in result.services and DETECTION_FORM in result.forms:
        by = issued + dt.timedelta(days=SSAM_FIRST_APPOINTMENT_DAYS)
        lines.append(
            "Le service social de l’Assurance Maladie propose un premier rendez-vous "
            "en 15 jours à 3 semaines en moyenne."
        )
        if "referent_existant" in result.services:
            lines.append(
                f"Sans nouvelles le {french_date(by)}, parlez-en à votre travailleur social."
            )
        else:
            lines.append(f"Sans nouvelles le {french_date(by)}, revenez au CDAS ou appelez-le.")
    return lines


def _places(result: OrientationResult) -> list[str]:
    keys: list[str] = []
    for service in result.services:
        key = PLACE_OF_SERVICE[service]
        if key == "service_social_am" and _cdas_acts_for_ssam(result):
            continue  # someone contacts the service for the person: no call to make
        if key not in keys:
            keys.append(key)
    if (
        any(line.endswith("appelez-le.") for line in _follow_up(result, EPOCH))
        and "cdas" not in keys
    ):
        keys.append("cdas")  # "come back or call the CDAS"
    return keys


def _keep(result: OrientationResult) -> list[str]:
    lines = ["Cette feuille."]
    if "canal_prioritaire_carsat" in result.services or (
        "service_social_assurance_maladie" in result.services and _cdas_acts_for_ssam(result)
    ):
        lines.append("Votre téléphone allumé : on va vous appeler.")
    lines.append("Les courriers reçus à ce sujet, pour les montrer si on vous les demande.")
    return lines


def blocks_for(
    result: OrientationResult,
    cdas: CdasContact | None = None,
    issued: dt.date | None = None,
    partners: Sequence[PartnerBlock] = (),
) -> list[Block]:
    """The sheet's content, in order (tests read it to check what is said).

    ``partners``: the public contacts of local partners chosen by the agent."""
    issued = issued or dt.date.today()
    blocks = [Block("title", TITLE), Block("intro", f"Remis le {french_date(issued)}.")]
    steps = result.actions_for("personne")
    if not steps and not result.orientations:
        return [*blocks, Block("intro", NOTHING)]
    if steps:
        blocks.append(Block("heading", STEPS))
        blocks += [Block("step", a.text, 12, marker=f"{n}.") for n, a in enumerate(steps, start=1)]
    follow_up = _follow_up(result, issued)
    blocks += [Block("bullet", line, 12) for line in follow_up]
    keys = _places(result)
    if keys:
        blocks.append(Block("heading", PLACES))
    for key in keys:
        where = place(key, cdas)
        blocks.append(Block("label", where.title, 12))
        blocks += [Block("bullet", line, 24) for line in where.how]
        blocks += [Block("write", label, 24) for label in where.write_in]
    if partners:
        blocks.append(Block("heading", PARTNERS_HEADING))
        for partner in partners:
            blocks.append(Block("label", partner.name, 12))
            blocks += [Block("text", line, 24) for line in partner.lines]
    blocks.append(Block("heading", KEEP))
    blocks += [Block("bullet", line, 12) for line in _keep(result)]
    return blocks


def _style(kind: str, size: float) -> tuple[str, float, float]:
    """Font, size and space after, for a block kind at a body size."""
    return {
        "title": (BOLD, size + 9, size * 0.6),
        "intro": (REGULAR, size, size * 0.5),
        "heading": (BOLD, size + 1.5, size * 0.25),
        "text": (REGULAR, size, size * 0.2),
        "bullet": (REGULAR, size, size * 0.2),
        "step": (REGULAR, size, size * 0.3),
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
    return {"bullet": font_size * 0.9, "step": font_size * 1.4}.get(block.kind, 0.0)


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
    cdas: CdasContact | None = None,
    issued: dt.date | None = None,
    partners: Sequence[PartnerBlock] = (),
) -> bytes:
    """The PDF. ``cdas``: the CDAS found for the person's commune, if any;
    ``issued``: the date of issue (today by default); ``partners``: local partners
    the agent chose to print."""
    return draw_orientation_sheet(result, cdas, issued, partners).pdf()


def draw_orientation_sheet(
    result: OrientationResult,
    cdas: CdasContact | None = None,
    issued: dt.date | None = None,
    partners: Sequence[PartnerBlock] = (),
) -> Sheet:
    sheet = Sheet(TITLE)
    footer = f"{FOOTER} (règles version {result.rules_version})."
    if partners:
        footer += " Partenaires : annuaires importés à l’accueil (annuaire social du Département…)."
    footer_top = MARGIN + 3 * FOOTER_SIZE * LEADING
    blocks = blocks_for(result, cdas, issued, partners)
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
        if block.kind in ("bullet", "step"):
            marker = block.marker or "•"
            sheet.paragraph(x, top, font_size * 1.4, marker, font=BOLD, size=font_size)
            x += _bullet_indent(block, font_size)
            width = _text_width(block, font_size)
        top = sheet.paragraph(x, top, width, block.text, font=font, size=font_size) - after
    sheet.paragraph(MARGIN, footer_top, CONTENT_WIDTH, footer, size=FOOTER_SIZE)
    return sheet
