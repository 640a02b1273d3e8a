"""Seeded, distinctive identities (so that a chance match in random bytes is impossible)."""

from __future__ import annotations

import random
import string
from pathlib import Path

NAMES = ("Le Gall", "Kervella", "Quéméner", "Lozac'h", "Guégan", "Tanguy", "Le Bihan", "Morvan")
FIRST = ("Maëlys", "Anaïs", "Yann", "Gwenaël", "Noëlle", "Loïc", "Soizic", "Erwan")


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def person(rng: random.Random, i: int) -> dict[str, str]:
    tag = _letters(rng, 6)
    return {
        "nom_naissance": f"{rng.choice(NAMES)}-{tag.capitalize()}",
        "nom_marital": f"Épouse-{_letters(rng, 7).capitalize()}",
        "prenom": f"{rng.choice(FIRST)}-{_letters(rng, 5).capitalize()}",
        "nir": "".join(rng.choice("12")) + "".join(rng.choice(string.digits) for _ in range(14)),
        "adresse": f"{rng.randint(1, 99)} rue {_letters(rng, 8).capitalize()}, 35000 Rennes",
        "email": f"{tag}.{i}@exemple-test.fr",
        "telephone": "06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4)),
    }


def needles(p: dict[str, str]) -> list[str]:
    """The strings that must never appear: names, NIR, phone, e-mail, address."""
    return [
        p[k]
        for k in ("nom_naissance", "nom_marital", "prenom", "nir", "email", "telephone", "adresse")
    ]


def encodings(text: str) -> list[tuple[str, bytes]]:
    return [(enc, text.encode(enc)) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def find_in_bytes(blob: bytes, texts: list[str]) -> list[tuple[str, str]]:
    return [(t, enc) for t in texts for enc, b in encodings(t) if b in blob]


def find_in_folder(folder: Path, texts: list[str]) -> list[tuple[str, str, str]]:
    """(file, text, encoding) for every needle found in any file under ``folder``."""
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        hits += [(path.name, t, enc) for t, enc in find_in_bytes(blob, texts)]
    return hits
