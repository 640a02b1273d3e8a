"""Sample form data (fictitious people) shared by the document tests."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import pypdf

# Valid NIRs (key computed with stdnum): mainland, Corsica 2A and 2B.
NIR = "295109912611193"
NIR_2A = "295102A12611122"
NIR_2B = "185122B04503325"

LIAISON: dict[str, Any] = {
    "date_creation": "2026-11-27",
    "cdas_emetteur": "CDAS Exemple-Centre",
    "collaborateur": {"nom": "Collabo", "prenom": "Camille", "telephone": "02 00 00 00 01"},
    "personne": {
        "nom_naissance": "Nguyễn-Łukasz",
        "nom_marital": "Øyvindsen",
        "prenom": "Élodie",
        "nir": "2 95 10 99 126 111 93",
        "adresse": "12 rue de l'Exemple, 35000 Rennes",
        "email": "elodie.exemple@example.org",
        "telephone": "06 00 00 00 02",
    },
    "situation_administrative": ["rsa", "autre"],
    "situation_administrative_autre": "Pension d'un régime étranger",
    "motif": "recours_epuises",
    "type_dossier": ["pension_reversion", "autre"],
    "type_dossier_autre": "Retraite complémentaire",
    "commentaire": "Paiement suspendu depuis deux mois.\nPlusieurs appels restés sans réponse.",
    "copie_reponse_partenaire": True,
    "accord_information_departement": True,
    "non_opposition_traitement": False,
}

DETECTION: dict[str, Any] = {
    "date_creation": "2026-11-27",
    "emetteur": {
        "structure": "CDAS Exemple-Centre",
        "nom": "Collabo",
        "prenom": "Camille",
        "fonction": "Assistante sociale",
        "telephone": "02 00 00 00 01",
        "email": "camille.collabo@ille-et-vilaine.fr",
    },
    "personne": {
        "nom_naissance": "Ôtesse",
        "nom_usage": "Rivière",
        "prenom": "Jérôme",
        "date_naissance": "1970-05-02",
        "nir": NIR_2B,
        "adresse": "3 place de l'Exemple, 35000 Rennes",
        "telephone": "+33 6 00 00 00 03",
        "email": "jerome@example.org",
    },
    "statut": "salarie_regime_general",
    "arret_travail": True,
    "arret_travail_depuis": "2026-09-01",
    "motif": "pdp",
    "repercussions": ["familiale", "economique"],
    "repercussions_precisions": "Baisse des revenus, enfants à charge.",
    "accord_personne": True,
    "urgence": False,
    "urgence_precisions": "",
    "commentaire": "Souhaite un rendez-vous rapide.",
}


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with ``path`` (dotted) set, or removed if value is ...."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    if value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return data


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Extracted text with all whitespace (including line breaks) collapsed."""
    return re.sub(r"\s+", " ", text).strip()
