#!/usr/bin/env python3
"""Render every form to PNG (poppler's pdftoppm) for a visual check.

    python scripts/render_forms.py [--out docs/screenshots/forms] [--dpi 80]

Renders the filled fiches from docs/examples/, the blank fiches, a fiche whose
values are far too long (shrinking and the annex page), and the orientation
sheet for a few scenarios. Look at the PNGs after any layout change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from asip_desktop.core.engine import Engine  # noqa: E402
from asip_desktop.core.scenarios import load_scenarios  # noqa: E402
from asip_desktop.documents.detection_pdf import render_detection  # noqa: E402
from asip_desktop.documents.liaison_data import parse_liaison  # noqa: E402
from asip_desktop.documents.liaison_pdf import render_liaison  # noqa: E402
from asip_desktop.documents.orientation_contacts import CdasContact  # noqa: E402
from asip_desktop.documents.orientation_sheet import render_orientation_sheet  # noqa: E402

ORIENTATION_SCENARIOS = {
    "orientation-urgence-sociale": "31-urgence-alimentaire",
    "orientation-pdp-non-autonome": "15-pdp-salarie-non-autonome",
    "orientation-co-intervention": "27-accompagnee-cdas-co-intervention",
    "orientation-retraite-urgente": "04-retraite-rupture-ressources",
    "orientation-retraite-information": "01-retraite-information",
    "orientation-pdp-autonome": "16-pdp-salarie-autonome",
}
# The sheet with the CDAS found for the commune (fictitious, like the tests' samples).
EXAMPLE_CDAS = CdasContact(
    name="CDAS de l'Exemple",
    address="1 place de l'Exemple, 35000 Exempleville",
    phone="02 00 00 00 00",
)
ISSUED = dt.date(2026, 12, 1)


def documents() -> dict[str, bytes]:
    liaison = json.loads((ROOT / "docs/examples/fiche-liaison.json").read_text("utf-8"))
    detection = json.loads((ROOT / "docs/examples/fiche-detection.json").read_text("utf-8"))
    long_values = replace(
        parse_liaison(liaison),
        cdas_emetteur="CDAS de la Baie du Mont-Saint-Michel et du Pays de Dol-de-Bretagne " * 2,
        personne=replace(
            parse_liaison(liaison).personne,
            nom_naissance="Wolfeschlegelsteinhausenbergerdorff-Nguyễn-Łukasiewicz " * 2,
            adresse="Résidence des Tilleuls, bâtiment C, escalier 4, appartement 112, " * 6,
        ),
        commentaire="La situation est décrite en détail, avec tous les échanges. " * 120,
    )
    engine = Engine.load()
    scenarios = {s.name: s for s in load_scenarios()}
    out = {
        "liaison-remplie": render_liaison(liaison),
        "liaison-vierge": render_liaison(),
        "liaison-valeurs-longues": render_liaison(long_values),
        "detection-remplie": render_detection(detection),
        "detection-vierge": render_detection(),
    }
    for name, scenario_name in ORIENTATION_SCENARIOS.items():
        s = scenarios[scenario_name]
        out[name] = render_orientation_sheet(
            engine.evaluate(s.answers, level=s.level), issued=ISSUED
        )
    s = scenarios["12-aide-departement"]
    out["orientation-cdas-connu"] = render_orientation_sheet(
        engine.evaluate(s.answers, level=s.level), EXAMPLE_CDAS, ISSUED
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs/screenshots/forms"))
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (apt install poppler-utils)", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for name, pdf in documents().items():
            path = Path(tmp) / f"{name}.pdf"
            path.write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-r", str(args.dpi), "-png", str(path), str(out / name)], check=True
            )
    for png in sorted(out.glob("*.png")):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
