"""The identity fields of the fiche de liaison (annex 2), with their French labels."""

from __future__ import annotations

IDENTITY_LABELS: dict[str, str] = {
    "nom_naissance": "Nom de naissance",
    "nom_marital": "Nom marital",
    "prenom": "Prénom",
    "nir": "NIR (numéro de sécurité sociale)",
    "adresse": "Adresse postale",
    "email": "Adresse mail",
    "telephone": "Téléphone",
}
