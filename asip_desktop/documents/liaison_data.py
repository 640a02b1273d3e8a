"""The fiche de liaison retraite's data contract (annexe 2) and its validation.

The contract is a JSON object (see docs/forms.md); :func:`parse_liaison` turns
it into a :class:`Liaison` or raises :class:`FormDataError` with one French
message per field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from asip_desktop.documents.validation import Checker, FieldError, FormDataError

FORM_ID = "fiche_liaison_retraite"
FORM_LABEL = "Fiche de liaison retraite"

# The annex's own wording for every choice, in the annex's order.
SITUATIONS: dict[str, str] = {
    "aah": "AAH",
    "rsa": "RSA",
    "france_travail": "France Travail",
    "en_activite": "En activité",
    "invalidite": "Invalidité",
    "autre": "Autre",
}
MOTIFS: dict[str, str] = {
    "rupture_ressources": (
        "Situations avec rupture de ressources, non recours à un droit ou suspension de paiement"
    ),
    "recours_epuises": (
        "Dossier en cours, tous les recours ont été épuisés (messagerie via l’espace personnel, "
        "plateforme téléphonique) mais n’ont pas permis l’obtention d’une réponse"
    ),
    "incomprehension_procedure": (
        "Incompréhension dans la procédure d’instruction du dossier et nécessité pour le "
        "professionnel de CDAS d’obtenir des clarifications et/ou informations complémentaires "
        "pour aider l’usager"
    ),
}
TYPES_DOSSIER: dict[str, str] = {
    "pension_retraite": "Pension de retraite",
    "pension_reversion": "Pension de réversion",
    "asi_aspa": (
        "ASI-ASPA (Allocation Supplémentaire d’Invalidité et Allocation de Solidarité aux "
        "Personnes Agées)"
    ),
    "autre": "Autre",
}

# French names of the fields, used in error messages and by the GUI.
LABELS: dict[str, str] = {
    "date_creation": "Date de création de la fiche",
    "cdas_emetteur": "CDAS émetteur",
    "collaborateur": "Collaborateur CDAS",
    "collaborateur.nom": "Nom du collaborateur CDAS",
    "collaborateur.prenom": "Prénom du collaborateur CDAS",
    "collaborateur.telephone": "Téléphone du collaborateur CDAS",
    "personne": "Identité de la personne",
    "personne.nom_naissance": "Nom de naissance de la personne",
    "personne.nom_marital": "Nom marital de la personne",
    "personne.prenom": "Prénom de la personne",
    "personne.nir": "NIR de la personne",
    "personne.adresse": "Adresse postale de la personne",
    "personne.email": "Adresse mail de la personne",
    "personne.telephone": "Téléphone de la personne",
    "situation_administrative": "Situation administrative",
    "situation_administrative_autre": "Situation administrative « Autre » (précisez)",
    "motif": "Motif de la demande",
    "type_dossier": "Type de dossier concerné",
    "type_dossier_autre": "Type de dossier « Autre » (précisez)",
    "commentaire": "Commentaire / précisions sur la situation",
    "copie_reponse_partenaire": "Copie de la réponse au partenaire (OUI / NON)",
    "accord_information_departement": "Accord pour informer le professionnel du Département",
    "non_opposition_traitement": "Non-opposition au traitement des données",
}

TOP_KEYS = (
    "date_creation",
    "cdas_emetteur",
    "collaborateur",
    "personne",
    "situation_administrative",
    "situation_administrative_autre",
    "motif",
    "type_dossier",
    "type_dossier_autre",
    "commentaire",
    "copie_reponse_partenaire",
    "accord_information_departement",
    "non_opposition_traitement",
)
COLLABORATEUR_KEYS = ("nom", "prenom", "telephone")
PERSONNE_KEYS = ("nom_naissance", "nom_marital", "prenom", "nir", "adresse", "email", "telephone")


@dataclass(frozen=True)
class Collaborateur:
    nom: str = ""
    prenom: str = ""
    telephone: str = ""


@dataclass(frozen=True)
class PersonneLiaison:
    nom_naissance: str = ""
    nom_marital: str = ""
    prenom: str = ""
    nir: str = ""
    adresse: str = ""
    email: str = ""
    telephone: str = ""


@dataclass(frozen=True)
class Liaison:
    """A fiche de liaison; the default value is the blank form."""

    date_creation: dt.date | None = None
    cdas_emetteur: str = ""
    collaborateur: Collaborateur = field(default_factory=Collaborateur)
    personne: PersonneLiaison = field(default_factory=PersonneLiaison)
    situation_administrative: tuple[str, ...] = ()
    situation_administrative_autre: str = ""
    motif: str | None = None
    type_dossier: tuple[str, ...] = ()
    type_dossier_autre: str = ""
    commentaire: str = ""
    copie_reponse_partenaire: bool | None = None  # None: neither OUI nor NON (blank form)
    accord_information_departement: bool = False
    non_opposition_traitement: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract form of this fiche."""
        return {
            "date_creation": self.date_creation.isoformat() if self.date_creation else "",
            "cdas_emetteur": self.cdas_emetteur,
            "collaborateur": vars(self.collaborateur).copy(),
            "personne": vars(self.personne).copy(),
            "situation_administrative": list(self.situation_administrative),
            "situation_administrative_autre": self.situation_administrative_autre,
            "motif": self.motif,
            "type_dossier": list(self.type_dossier),
            "type_dossier_autre": self.type_dossier_autre,
            "commentaire": self.commentaire,
            "copie_reponse_partenaire": self.copie_reponse_partenaire,
            "accord_information_departement": self.accord_information_departement,
            "non_opposition_traitement": self.non_opposition_traitement,
        }

    def personal_values(self) -> list[str]:
        """Values that must never appear in a mail subject or a file name."""
        p = self.personne
        return [
            v for v in (p.nom_naissance, p.nom_marital, p.prenom, p.nir, p.email, p.telephone) if v
        ]


def check_liaison(raw: Any) -> tuple[Liaison, list[FieldError]]:
    """Read the contract; returns what could be read and every problem found."""
    c = Checker(raw, LABELS)
    c.known_keys("", TOP_KEYS)
    c.known_keys("collaborateur", COLLABORATEUR_KEYS)
    c.known_keys("personne", PERSONNE_KEYS)
    situations = c.choices("situation_administrative", SITUATIONS)
    types = c.choices("type_dossier", TYPES_DOSSIER)
    copie = c.boolean("copie_reponse_partenaire")
    liaison = Liaison(
        date_creation=c.date("date_creation", required=True),
        cdas_emetteur=c.text("cdas_emetteur", required=True, max_length=100),
        collaborateur=Collaborateur(
            nom=c.text("collaborateur.nom", required=True, max_length=100),
            prenom=c.text("collaborateur.prenom", required=True, max_length=100),
            telephone=c.phone("collaborateur.telephone"),
        ),
        personne=PersonneLiaison(
            nom_naissance=c.text("personne.nom_naissance", required=True, max_length=100),
            nom_marital=c.text("personne.nom_marital", max_length=100),
            prenom=c.text("personne.prenom", required=True, max_length=100),
            nir=c.nir("personne.nir", required=True),
            adresse=c.text("personne.adresse", max_length=300),
            email=c.email("personne.email"),
            telephone=c.phone(
                "personne.telephone",
                required=True,
                why="la CARSAT répond à la personne par téléphone sous 72 heures",
            ),
        ),
        situation_administrative=situations,
        situation_administrative_autre=c.other_text(situations, "situation_administrative_autre"),
        motif=c.choice("motif", MOTIFS, required=True),
        type_dossier=types,
        type_dossier_autre=c.other_text(types, "type_dossier_autre"),
        commentaire=c.text("commentaire", max_length=4000),
        copie_reponse_partenaire=copie,
        accord_information_departement=bool(c.boolean("accord_information_departement")),
        non_opposition_traitement=bool(c.boolean("non_opposition_traitement")),
    )
    if copie is None and c.get("copie_reponse_partenaire") is None:
        c.error("copie_reponse_partenaire", "à choisir : Oui ou Non")
    return liaison, c.errors


def parse_liaison(raw: Any) -> Liaison:
    """The validated fiche, or FormDataError listing every problem."""
    liaison, errors = check_liaison(raw)
    if errors:
        raise FormDataError(FORM_LABEL, errors)
    return liaison
