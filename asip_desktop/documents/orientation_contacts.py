"""The places printed on the orientation sheet, and their public contacts.

Every number, address and opening hour here is read in the convention
(volet I §1, volet II §1–2): the CARSAT's retirement offer and the
health-insurance social service's public line. Professional mailboxes and
internal channels (BlueFiles, the partner mailboxes) are for exchanges
between institutions and never appear on the sheet. The CDAS of the
person's home is printed when the caller found it in the directory
(:class:`CdasContact`); where nothing is known (a CARSAT or CPAM agency,
the social worker already in charge) the sheet leaves a line to write it by
hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asip_desktop.directory.model import Entry


@dataclass(frozen=True)
class CdasContact:
    """The CDAS found for the person's commune, as the directory gives it."""

    name: str
    address: str = ""
    phone: str = ""
    hours: tuple[str, ...] = ()


def cdas_contact(entry: Entry) -> CdasContact:
    """The sheet's CDAS from a directory entry (the GUI's « Commune du domicile » lookup)."""
    return CdasContact(
        name=entry.name,
        address=entry.address,
        phone=entry.phones[0].value if entry.phones else "",
        hours=tuple(entry.hours),
    )


@dataclass(frozen=True)
class Place:
    title: str
    how: tuple[str, ...] = ()
    write_in: tuple[str, ...] = ()  # labels of lines left blank for the agent


RETRAITE = Place(
    title="L’Assurance retraite (CARSAT Bretagne)",
    how=(
        "Sur internet : lassuranceretraite.fr",
        "Par téléphone : 39 60. Un conseiller vous informe ou vous donne un rendez-vous.",
        "Dans un espace France Services, pour être aidé(e) dans vos démarches.",
        "Par courrier : CARSAT Bretagne, 236 rue de Châteaugiron, 35030 Rennes Cedex.",
    ),
)
SERVICE_SOCIAL_AM = Place(
    title="Le service social de l’Assurance Maladie",
    how=(
        "Téléphone : 3646, puis dites « Service social ».",
        "Du lundi au vendredi de 8h30 à 12h et de 13h à 16h30, sauf le lundi après-midi.",
        "Accueil sur place uniquement sur rendez-vous.",
    ),
)
ACCUEIL_CARSAT_CPAM = Place(
    title="L’accueil de la CPAM ou de la CARSAT",
    how=("Les conseillers vous reçoivent sur rendez-vous.",),
    write_in=("Agence :",),
)
REFERENT = Place(
    title="Votre travailleur social",
    write_in=("Nom et téléphone :",),
)
CDAS_UNKNOWN = Place(
    title="Le CDAS de votre domicile",
    write_in=("CDAS :", "Adresse et téléphone :"),
)

# Which place each orientation service is reached at (one block per place).
PLACE_OF_SERVICE = {
    "offre_retraite_carsat": "retraite",
    "canal_prioritaire_carsat": "cdas",  # the CARSAT calls; the CDAS if it does not
    "accueil_carsat_cpam": "accueil_carsat_cpam",
    "cdas_domicile": "cdas",
    "service_social_cdas": "cdas",
    "service_social_assurance_maladie": "service_social_am",
    "referent_existant": "referent",
}


def cdas_place(cdas: CdasContact | None) -> Place:
    """The CDAS block: what the directory gave, or lines to write it by hand."""
    if cdas is None or not cdas.name:
        return CDAS_UNKNOWN
    how = []
    if cdas.address:
        how.append(f"Adresse : {cdas.address}")
    if cdas.phone:
        how.append(f"Téléphone : {cdas.phone}")
    how += list(cdas.hours)
    missing = () if cdas.address and cdas.phone else ("Adresse et téléphone :",)
    return Place(title=cdas.name, how=tuple(how), write_in=missing)


def place(key: str, cdas: CdasContact | None) -> Place:
    return {
        "retraite": RETRAITE,
        "service_social_am": SERVICE_SOCIAL_AM,
        "accueil_carsat_cpam": ACCUEIL_CARSAT_CPAM,
        "referent": REFERENT,
    }.get(key) or cdas_place(cdas)
