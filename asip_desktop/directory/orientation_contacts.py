"""Which directory entries to show for each orientation service of the engine."""

from __future__ import annotations

from dataclasses import dataclass

from asip_desktop.directory.catalog import NO_PERMANENCES, Directory
from asip_desktop.directory.model import Entry

# Services whose office depends on the person's commune.
NEEDS_COMMUNE = frozenset({"cdas_domicile", "service_social_cdas"})

_SHIPPED: dict[str, tuple[str, ...]] = {
    "offre_retraite_carsat": ("convention:carsat-offre-retraite",),
    "canal_prioritaire_carsat": ("convention:carsat-canal-privilegie",),
    "service_social_assurance_maladie": ("convention:service-social-assurance-maladie",),
}


@dataclass(frozen=True)
class ServiceContacts:
    service: str
    entries: tuple[Entry, ...]
    message: str  # said plainly when the directory has nothing (more) to show
    needs_commune: bool = False


def contacts_for(directory: Directory, service: str) -> ServiceContacts:
    if service in NEEDS_COMMUNE:
        return ServiceContacts(
            service,
            (),
            "Indiquez la commune du domicile pour afficher le CDAS.",
            needs_commune=True,
        )
    entries = [e for i in _SHIPPED.get(service, ()) if (e := directory.get(i)) is not None]
    message = ""
    if service == "service_social_assurance_maladie":
        places = [e for e in directory.local if e.kind in ("service_social_am", "permanence_ssam")]
        entries += places
        if not any(e.kind == "permanence_ssam" for e in places):
            message = NO_PERMANENCES
    elif service == "accueil_carsat_cpam":
        entries = [e for e in directory.annuaire if e.kind in ("carsat", "cpam")]
        if not entries:
            message = (
                "La convention ne donne pas l'adresse des agences CARSAT et CPAM : importez "
                "l'Annuaire de l'administration (Annuaires › Importer un fichier)."
            )
    elif service == "referent_existant":
        message = "Contacter le travailleur social qui accompagne déjà la personne."
    return ServiceContacts(service, tuple(entries), message)
