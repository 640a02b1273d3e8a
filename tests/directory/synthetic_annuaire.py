"""A large national Annuaire file made from the real sample record.

Every record is the real ``annuaire-sample.json`` service with its id, type,
commune and name changed; some carry an ``affectation_personne`` with a
fictional person, which the import must drop. Used by the tests and by
``benchmarks/directory.py``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).parent / "data" / "annuaire-sample.json"
# Relevant and irrelevant types, as in the real file (mairies dominate).
TYPES = ["mairie"] * 12 + [
    "cpam",
    "caf",
    "msap",
    "pmi",
    "france_services",
    "pole_emploi",
    "ccas",
    "urssaf",
]
FICTIONAL_PERSON = {
    "personne": {
        "nom": "Fictif",
        "prenom": "Personne",
        "civilite": "M.",
        "grade": "",
        "texte_reference": [],
        "adresse_courriel": "personne.fictif@example.invalid",
    },
    "fonction": "Responsable fictif",
    "telephone": "",
}


def template(lean: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))["service"][0]
    if lean:  # keep the fields the import reads, and a few it must skip
        keep = {
            "id",
            "nom",
            "pivot",
            "code_insee_commune",
            "adresse",
            "telephone",
            "adresse_courriel",
            "site_internet",
            "plage_ouverture",
            "date_modification",
            "categorie",
            "copyright",
        }
        record = {k: v for k, v in record.items() if k in keep}
    return record


def _record_template(base: dict[str, Any], person: bool, string_encoded: bool) -> str:
    """The record as JSON text with @@…@@ placeholders (fast to fill)."""
    r = copy.deepcopy(base)
    r["id"] = "@@ID@@"
    r["nom"] = "@@NOM@@"
    r["code_insee_commune"] = "@@INSEE@@"
    r["pivot"] = [{"type_service_local": "@@TYPE@@", "code_insee_commune": ["@@INSEE@@"]}]
    r["adresse"][0]["code_postal"] = "@@CP@@"
    r["adresse"][0]["nom_commune"] = "Commune fictive @@VILLE@@"
    if person:
        r["affectation_personne"] = [FICTIONAL_PERSON]
    if string_encoded:
        for key in ("pivot", "adresse", "telephone", "site_internet", "plage_ouverture"):
            r[key] = json.dumps(r[key], ensure_ascii=False)
        r["adresse_courriel"] = r["adresse_courriel"][0] if r["adresse_courriel"] else ""
    return json.dumps(r, ensure_ascii=False)


def is_kept(i: int) -> bool:
    from asip_desktop.directory.annuaire import TYPE_TO_KIND

    return 1 + i % 95 == 35 and TYPES[i % len(TYPES)] in TYPE_TO_KIND


def write(path: Path, count: int, lean: bool = False, string_encoded: bool = False) -> int:
    """Write ``count`` records; return how many are offices of 35 of a kept type."""
    base = template(lean)
    plain = _record_template(base, False, string_encoded)
    with_person = _record_template(base, True, string_encoded)
    kept = 0
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n" if string_encoded else '{"service": [\n')
        for i in range(count):
            dept = 1 + i % 95
            kind = TYPES[i % len(TYPES)]
            text = (
                (with_person if i % 7 == 0 else plain)
                .replace("@@ID@@", f"{i:08x}-0000-4000-8000-{i:012x}")
                .replace("@@NOM@@", f"{kind.upper()} - Office fictif {i}")
                .replace("@@INSEE@@", f"{dept:02d}{i % 997:03d}")
                .replace("@@TYPE@@", kind)
                .replace("@@CP@@", f"{dept:02d}000")
                .replace("@@VILLE@@", str(i % 997))
            )
            kept += is_kept(i)
            f.write((",\n" if i else "") + text)
        f.write("\n]" if string_encoded else "\n]}")
    return kept
