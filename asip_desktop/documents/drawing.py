"""Drawing helpers shared by the forms: text that wraps inside its box, check boxes.

A :class:`Sheet` wraps a reportlab canvas and records every line of text it
draws with the box that line must stay in (``Sheet.placed``), so tests can
measure that nothing leaves its box. A value too long for its box first
shrinks, then continues on an extra page at the end of the document
(``Sheet.overflow``) — it never spills over its neighbours.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from asip_desktop.documents.fonts import BOLD, REGULAR, ascent_descent, register_fonts, text_width

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
MARGIN = 36.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHECKED = "☒"
UNCHECKED = "☐"
CONTINUED = "→ suite en page annexe"
LEADING = 1.2
VALUE_COLOR = (0.05, 0.15, 0.45)
BLACK = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points; ``y`` is the bottom edge."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


PAGE_BOX = Box(MARGIN, MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - 2 * MARGIN)


@dataclass(frozen=True)
class PlacedLine:
    """One line of text as drawn: baseline at (x, y), meant to stay inside ``box``."""

    page: int
    text: str
    x: float
    y: float
    font: str
    size: float
    box: Box

    def inside_box(self, tolerance: float = 0.01) -> bool:
        ascent, descent = ascent_descent(self.font, self.size)
        return (
            self.x >= self.box.x - tolerance
            and self.x + text_width(self.text, self.font, self.size) <= self.box.right + tolerance
            and self.y - descent >= self.box.y - tolerance
            and self.y + ascent <= self.box.top + tolerance
        )


@dataclass(frozen=True)
class Fit:
    size: float
    lines: list[str]
    rest: str  # what did not fit even at the smallest size


def clean_text(text: str) -> str:
    """Printable text: line breaks kept, other control characters become spaces."""
    out: list[str] = []
    for ch in text.replace("\r\n", "\n"):
        if ch in "\n\u2028\u2029":
            out.append("\n")
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            out.append(" ")
        elif category == "Cs":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _cut(word: str, font: str, size: float, width: float) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; words too long are cut."""
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in clean_text(text).split("\n"):
        current, current_width = "", 0.0
        for word in paragraph.split(" "):
            word_width = text_width(word, font, size)
            if current and current_width + space + word_width <= width:
                current, current_width = f"{current} {word}", current_width + space + word_width
                continue
            if current:
                lines.append(current)
            while word_width > width and len(word) > 1:
                n = _cut(word, font, size, width)
                lines.append(word[:n])
                word = word[n:]
                word_width = text_width(word, font, size)
            current, current_width = word, word_width
        lines.append(current)
    return lines


@lru_cache(maxsize=512)
def wrap_fixed(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """:func:`wrap` for the forms' own texts (cached; never used for personal data)."""
    return tuple(wrap(text, font, size, width))


def lines_that_fit(height: float, size: float) -> int:
    ascent, descent = ascent_descent(REGULAR, size)
    if height < ascent + descent:
        return 0
    return int((height - ascent - descent) // (size * LEADING)) + 1


def fit_text(
    text: str,
    width: float,
    height: float,
    *,
    font: str = REGULAR,
    max_size: float = 10.0,
    min_size: float = 7.0,
) -> Fit:
    """The largest size (by half points) at which ``text`` fits; else the rest."""
    size = max_size
    while True:
        lines = wrap(text, font, size, width)
        capacity = lines_that_fit(height, size)
        if len(lines) <= capacity:
            return Fit(size, lines, "")
        if size - 0.5 < min_size:
            break
        size -= 0.5
    keep = max(capacity - 1, 0)
    return Fit(size, [*lines[:keep], CONTINUED] if capacity else [], " ".join(lines[keep:]))


@dataclass
class Sheet:
    """A PDF being drawn, with the record of every text line placed."""

    title: str
    placed: list[PlacedLine] = field(default_factory=list)
    overflow: list[tuple[str, str]] = field(default_factory=list)
    page: int = 1

    def __post_init__(self) -> None:
        register_fonts()
        self._buffer = io.BytesIO()
        # No zlib: a fiche renders in ~12 ms instead of ~16 ms, for ~90 KB instead of ~50 KB.
        self.canvas = Canvas(self._buffer, pagesize=A4, invariant=True, pageCompression=0)
        self.canvas.setTitle(self.title)
        self.canvas.setCreator("ASIP Desktop")
        self.canvas.setLineWidth(0.6)

    # --- single lines ---------------------------------------------------------

    def line(
        self,
        x: float,
        y: float,
        text: str,
        *,
        font: str = REGULAR,
        size: float = 9.0,
        box: Box = PAGE_BOX,
        color: tuple[float, float, float] = BLACK,
        align: str = "left",
    ) -> None:
        """Draw one line with its baseline at ``y``."""
        if align == "center":
            x -= text_width(text, font, size) / 2
        elif align == "right":
            x -= text_width(text, font, size)
        self.canvas.setFont(font, size)
        self.canvas.setFillColorRGB(*color)
        self.canvas.drawString(x, y, text)
        self.canvas.setFillColorRGB(*BLACK)
        self.placed.append(PlacedLine(self.page, text, x, y, font, size, box))

    def paragraph(
        self,
        x: float,
        top: float,
        width: float,
        text: str,
        *,
        font: str = REGULAR,
        size: float = 9.0,
        color: tuple[float, float, float] = BLACK,
    ) -> float:
        """Fixed text wrapped in ``width`` from ``top`` down; returns the y below it."""
        lines = wrap_fixed(text, font, size, width)
        ascent, descent = ascent_descent(font, size)
        height = ascent + descent + (len(lines) - 1) * size * LEADING
        box = Box(x, top - height, width, height)
        baseline = top - ascent
        for text_line in lines:
            self.line(x, baseline, text_line, font=font, size=size, box=box, color=color)
            baseline -= size * LEADING
        return top - height

    # --- boxes ----------------------------------------------------------------

    def frame(self, box: Box) -> None:
        self.canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)

    def value(
        self,
        box: Box,
        text: str,
        *,
        label: str,
        max_size: float = 10.0,
        min_size: float = 7.0,
        pad: float = 2.0,
        middle: bool = False,
        border: bool = True,
    ) -> Fit:
        """A filled value inside ``box``: shrinks to fit, continues on an extra page."""
        if border:
            self.frame(box)
        inner = Box(box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad)
        if not text:
            return Fit(max_size, [], "")
        fit = fit_text(text, inner.w, inner.h, max_size=max_size, min_size=min_size)
        ascent, descent = ascent_descent(REGULAR, fit.size)
        block = ascent + descent + (len(fit.lines) - 1) * fit.size * LEADING
        top = inner.top - ((inner.h - block) / 2 if middle else 0)
        baseline = top - ascent
        for text_line in fit.lines:
            self.line(inner.x, baseline, text_line, size=fit.size, box=inner, color=VALUE_COLOR)
            baseline -= fit.size * LEADING
        if fit.rest:
            self.overflow.append((label, fit.rest))
        return fit

    def labelled(
        self,
        x: float,
        top: float,
        label_width: float,
        value_width: float,
        height: float,
        label: str,
        text: str,
        *,
        overflow_label: str | None = None,
        size: float = 9.0,
    ) -> float:
        """« Label : [value] » on one row; returns the y below the row."""
        self.paragraph(x, top - 3, label_width - 4, label, size=size)
        self.value(
            Box(x + label_width, top - height, value_width, height),
            text,
            label=overflow_label or label.rstrip(" :"),
            middle=height <= 26,
        )
        return top - height

    # --- check boxes ------------------------------------------------------------

    def check(
        self,
        x: float,
        top: float,
        width: float,
        checked: bool,
        label: str,
        *,
        size: float = 9.0,
        font: str = REGULAR,
    ) -> float:
        """A ☒/☐ box followed by its label wrapped in ``width``; returns the y below."""
        box_size = size + 2
        ascent, _ = ascent_descent(REGULAR, box_size)
        glyph_box = Box(x, top - box_size * LEADING, box_size + 2, box_size * LEADING)
        self.line(
            x,
            top - ascent,
            CHECKED if checked else UNCHECKED,
            size=box_size,
            box=glyph_box,
            color=VALUE_COLOR if checked else BLACK,
        )
        indent = box_size + 5
        below = self.paragraph(x + indent, top - 1.5, width - indent, label, font=font, size=size)
        return min(below, glyph_box.y)

    def yes_no(self, x: float, top: float, value: bool | None, *, gap: float = 70) -> None:
        """« OUI ☐   NON ☐ » with the box matching ``value`` ticked (None: neither)."""
        for offset, word, expected in ((0.0, "OUI", True), (gap, "NON", False)):
            self.paragraph(x + offset, top - 1.5, 30, word, font=BOLD, size=9)
            self.check(x + offset + 26, top, 20, value is expected, "")

    def signature_boxes(self, top: float, height: float, signature: str, stamp: str) -> None:
        """A box for the date and signature, and one for a stamp, side by side."""
        left = Box(MARGIN, top - height, CONTENT_WIDTH * 0.6 - 8, height)
        right = Box(MARGIN + CONTENT_WIDTH * 0.6, top - height, CONTENT_WIDTH * 0.4, height)
        for box, label in ((left, signature), (right, stamp)):
            self.frame(box)
            self.paragraph(box.x + 6, box.top - 5, box.w - 12, label, font=BOLD, size=9)

    # --- pages --------------------------------------------------------------

    def footer(self, text: str) -> None:
        self.line(PAGE_WIDTH / 2, MARGIN / 2, text, size=9, align="center", box=_FOOTER_BOX)

    def next_page(self) -> None:
        self.canvas.showPage()
        self.canvas.setLineWidth(0.6)
        self.page += 1

    def continuation(self, heading: str) -> None:
        """Extra pages with the values that did not fit in their box."""
        if not self.overflow:
            return
        pending, self.overflow = self.overflow, []
        extra = 1
        self.next_page()
        top = self._continuation_header(heading)
        for label, text in pending:
            for chunk in [f"{label} (suite) :", text]:
                bold = chunk.endswith("(suite) :")
                for text_line in wrap(chunk, BOLD if bold else REGULAR, 9.5, CONTENT_WIDTH):
                    if top - 9.5 * LEADING < MARGIN + 10:
                        self.footer(f"Page annexe {extra}")
                        extra += 1
                        self.next_page()
                        top = self._continuation_header(heading)
                    ascent, descent = ascent_descent(REGULAR, 9.5)
                    box = Box(MARGIN, top - ascent - descent, CONTENT_WIDTH, ascent + descent)
                    self.line(
                        MARGIN,
                        top - ascent,
                        text_line,
                        font=BOLD if bold else REGULAR,
                        size=9.5,
                        box=box,
                        color=BLACK if bold else VALUE_COLOR,
                    )
                    top -= 9.5 * LEADING
            top -= 6
        self.footer(f"Page annexe {extra}")

    def _continuation_header(self, heading: str) -> float:
        top = PAGE_HEIGHT - MARGIN
        return self.paragraph(MARGIN, top, CONTENT_WIDTH, heading, font=BOLD, size=11) - 12

    def pdf(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()


_FOOTER_BOX = Box(MARGIN, 6, CONTENT_WIDTH, MARGIN - 6)


def two_page_form(
    title: str,
    first: Callable[[Sheet], None],
    second: Callable[[Sheet], None],
    continuation: str,
) -> Sheet:
    """A form on two pages numbered 1/2 and 2/2, then the annex pages if any value overflowed."""
    sheet = Sheet(title)
    first(sheet)
    sheet.footer("1/2")
    sheet.next_page()
    second(sheet)
    sheet.footer("2/2")
    sheet.continuation(continuation)
    return sheet
