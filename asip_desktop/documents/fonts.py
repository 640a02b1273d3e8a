"""The bundled DejaVu Sans faces, registered once with reportlab.

reportlab's built-in Type 1 fonts only cover Latin-1: names such as « Łukasz »,
« Nguyễn » or « Øyvind » would print as holes. Every document uses these faces.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from asip_desktop.config import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces (idempotent); return their names."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    return REGULAR, BOLD


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def ascent_descent(font: str, size: float) -> tuple[float, float]:
    """Height above and depth below the baseline (descent is positive)."""
    ascent, descent = pdfmetrics.getAscentDescent(font, size)
    return float(ascent), float(-descent)
