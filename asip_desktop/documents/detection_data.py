"""The fiche de détection de fragilité sociale's data contract and its validation.

Annex 6 is not reproduced in the convention; the fields follow what volet II
says the health-insurance social service needs (see docs/forms.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from asip_desktop.documents.validation import Checker, FieldError, FormDataError

FORM_ID = "fiche_detection_fragilite"
FORM_LABEL = "Fiche de détection de fragilité sociale"

STATUTS: dict[str, str] = {
    "salarie_regime_general": "Salarié(e) du régime général",
    "travailleur_independant": "Travailleur(se) indépendant(e)",
    "retraite": "Retraité(e)",
}
MOTIFS: dict[str, str] = {
    "pdp": (
        "PDP – Prévention de la désinsertion professionnelle : problématique de santé qui risque "
        "de rendre difficile le maintien en emploi (salarié(e) du régime général en arrêt de "
        "travail ou travailleur(se) indépendant(e))"
    ),
    "sps": (
        "SPS – Sécurisation des parcours en santé : état de santé ayant des répercussions sur la "
        "vie sociale, familiale, professionnelle et/ou économique (passage en invalidité, annonce "
        "d’une pathologie lourde et invalidante, décès…), ou retraité(e) fragilisé(e) par une "
        "situation de forte rupture en lien avec l’état de santé"
    ),
}
REPERCUSSIONS: dict[str, str] = {
    "familiale": "Vie familiale",
    "professionnelle": "Vie professionnelle",
    "sociale": "Vie sociale",
    "economique": "Vie économique",
}

LABELS: dict[str, str] = {
    "date_creation": "Date de la fiche",
    "emetteur": "Partenaire émetteur",
    "emetteur.structure": "Structure émettrice (ex. : CDAS)",
    "emetteur.nom": "Nom du professionnel émetteur",
    "emetteur.prenom": "Prénom du professionnel émetteur",
    "emetteur.fonction": "Fonction du professionnel émetteur",
    "emetteur.telephone": "Téléphone du professionnel émetteur",
    "emetteur.email": "Adresse mail du professionnel émetteur",
    "personne": "Identité de la personne",
    "personne.nom_naissance": "Nom de naissance de la personne",
    "personne.nom_usage": "Nom d'usage de la personne",
    "personne.prenom": "Prénom de la personne",
    "personne.date_naissance": "Date de naissance de la personne",
    "personne.nir": "NIR de la personne",
    "personne.adresse": "Adresse postale de la personne",
    "personne.telephone": "Téléphone de la personne",
    "personne.email": "Adresse mail de la personne",
    "statut": "Statut de la personne",
    "arret_travail": "Arrêt de travail (OUI / NON)",
    "arret_travail_depuis": "Date de début de l'arrêt de travail",
    "motif": "Motif d'orientation",
    "repercussions": "Répercussions de la situation de santé",
    "repercussions_precisions": "Précisions sur les répercussions",
    "accord_personne": "Accord de la personne",
    "urgence": "Urgence relevée par le CDAS (OUI / NON)",
    "urgence_precisions": "Précisions sur l'urgence",
    "commentaire": "Commentaire",
}

TOP_KEYS = (
    "date_creation",
    "emetteur",
    "personne",
    "statut",
    "arret_travail",
    "arret_travail_depuis",
    "motif",
    "repercussions",
    "repercussions_precisions",
    "accord_personne",
    "urgence",
    "urgence_precisions",
    "commentaire",
)
EMETTEUR_KEYS = ("structure", "nom", "prenom", "fonction", "telephone", "email")
PERSONNE_KEYS = (
    "nom_naissance",
    "nom_usage",
    "prenom",
    "date_naissance",
    "nir",
    "adresse",
    "telephone",
    "email",
)


@dataclass(frozen=True)
class Emetteur:
    structure: str = ""
    nom: str = ""
    prenom: str = ""
    fonction: str = ""
    telephone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PersonneDetection:
    nom_naissance: str = ""
    nom_usage: str = ""
    prenom: str = ""
    date_naissance: dt.date | None = None
    nir: str = ""
    adresse: str = ""
    telephone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Detection:
    """A fiche de détection; the default value is the blank form."""

    date_creation: dt.date | None = None
    emetteur: Emetteur = field(default_factory=Emetteur)
    personne: PersonneDetection = field(default_factory=PersonneDetection)
    statut: str | None = None
    arret_travail: bool | None = None
    arret_travail_depuis: dt.date | None = None
    motif: str | None = None
    repercussions: tuple[str, ...] = ()
    repercussions_precisions: str = ""
    accord_personne: bool = False
    urgence: bool | None = None
    urgence_precisions: str = ""
    commentaire: str = ""

    def to_dict(self) -> dict[str, Any]:
        def iso(d: dt.date | None) -> str:
            return d.isoformat() if d else ""

        personne = vars(self.personne).copy()
        personne["date_naissance"] = iso(self.personne.date_naissance)
        return {
            "date_creation": iso(self.date_creation),
            "emetteur": vars(self.emetteur).copy(),
            "personne": personne,
            "statut": self.statut,
            "arret_travail": self.arret_travail,
            "arret_travail_depuis": iso(self.arret_travail_depuis),
            "motif": self.motif,
            "repercussions": list(self.repercussions),
            "repercussions_precisions": self.repercussions_precisions,
            "accord_personne": self.accord_personne,
            "urgence": self.urgence,
            "urgence_precisions": self.urgence_precisions,
            "commentaire": self.commentaire,
        }

    def personal_values(self) -> list[str]:
        p = self.personne
        return [
            v for v in (p.nom_naissance, p.nom_usage, p.prenom, p.nir, p.email, p.telephone) if v
        ]


def check_detection(raw: Any) -> tuple[Detection, list[FieldError]]:
    c = Checker(raw, LABELS)
    c.known_keys("", TOP_KEYS)
    c.known_keys("emetteur", EMETTEUR_KEYS)
    c.known_keys("personne", PERSONNE_KEYS)
    statut = c.choice("statut", STATUTS, required=True)
    arret = c.boolean("arret_travail")
    if arret is None and c.get("arret_travail") is None and statut != "retraite":
        c.error("arret_travail", "à choisir : Oui ou Non")
    depuis = c.date("arret_travail_depuis", required=bool(arret))
    accord = c.boolean("accord_personne")
    if accord is not True and c.get("accord_personne") in (None, False):
        c.error(
            "accord_personne",
            "la fiche n'est transmise qu'avec l'accord de la personne (cocher l'accord)",
        )
    detection = Detection(
        date_creation=c.date("date_creation", required=True),
        emetteur=Emetteur(
            structure=c.text("emetteur.structure", required=True, max_length=100),
            nom=c.text("emetteur.nom", required=True, max_length=100),
            prenom=c.text("emetteur.prenom", required=True, max_length=100),
            fonction=c.text("emetteur.fonction", max_length=100),
            telephone=c.phone("emetteur.telephone", required=True, why="pour le rappel"),
            email=c.email("emetteur.email"),
        ),
        personne=PersonneDetection(
            nom_naissance=c.text("personne.nom_naissance", required=True, max_length=100),
            nom_usage=c.text("personne.nom_usage", max_length=100),
            prenom=c.text("personne.prenom", required=True, max_length=100),
            date_naissance=c.date("personne.date_naissance"),
            nir=c.nir("personne.nir"),
            adresse=c.text("personne.adresse", max_length=300),
            telephone=c.phone(
                "personne.telephone",
                required=True,
                why="le service social de l'Assurance Maladie contacte la personne",
            ),
            email=c.email("personne.email"),
        ),
        statut=statut,
        arret_travail=arret,
        arret_travail_depuis=depuis,
        motif=c.choice("motif", MOTIFS, required=True),
        repercussions=c.choices("repercussions", REPERCUSSIONS),
        repercussions_precisions=c.text("repercussions_precisions", max_length=2000),
        accord_personne=bool(accord),
        urgence=c.boolean("urgence"),
        urgence_precisions=c.text("urgence_precisions", max_length=1000),
        commentaire=c.text("commentaire", max_length=3000),
    )
    return detection, c.errors


def parse_detection(raw: Any) -> Detection:
    detection, errors = check_detection(raw)
    if errors:
        raise FormDataError(FORM_LABEL, errors)
    return detection
