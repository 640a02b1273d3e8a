"""A directory entry: one office or contact point, with where it comes from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

# Kinds an entry can have, with the label shown to agents. The local directory
# (CSV/JSON import) uses the first group; the Annuaire de l'administration import
# maps its type codes (``type_service_local``) to the second.
KIND_LABELS: dict[str, str] = {
    "cdas": "CDAS",
    "service_social_am": "Service social de l'Assurance Maladie",
    "permanence_ssam": "Lieu de permanence du service social de l'Assurance Maladie",
    "carsat": "CARSAT",
    "dpo": "Délégué à la protection des données",
    "autre": "Autre partenaire",
    "cpam": "CPAM",
    "caf": "CAF",
    "msa": "MSA",
    "france_services": "France Services",
    "pmi": "PMI",
    "mdph": "MDPH",
    "ccas": "CCAS",
    "clic": "CLIC (personnes âgées)",
    "aidants": "Plateforme d'accompagnement et de répit",
    "cicas": "CICAS (retraite complémentaire)",
    "departement": "Conseil départemental",
    "point_conseil_budget": "Point conseil budget",
    "mission_locale": "Mission locale",
    "partenaire_social": "Partenaire (annuaire social du Département)",
}

LOCAL_KINDS = ("cdas", "service_social_am", "permanence_ssam", "autre")

SOURCE_CONVENTION = "convention"
SOURCE_LOCAL = "local"
SOURCE_ANNUAIRE = "annuaire"
SOURCE_SOCIAL = "annuaire_social"
SOURCE_LABELS = {
    SOURCE_CONVENTION: "Convention CARSAT Bretagne / Département (livrée avec l'application)",
    SOURCE_LOCAL: "Annuaire local importé (CDAS, service social de l'Assurance Maladie)",
    SOURCE_ANNUAIRE: "Annuaire de l'administration (Service-Public) importé",
    SOURCE_SOCIAL: "Annuaire social d'Ille-et-Vilaine (Département) importé",
}


@dataclass(frozen=True)
class Contact:
    """A phone number or an e-mail address, with what to say or know about it."""

    value: str
    label: str = ""

    def text(self) -> str:
        return f"{self.value} ({self.label})" if self.label else self.value


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    name: str
    source: str  # the document or file the facts were read in
    date: dt.date  # date of the facts (as the source gives it)
    origin: str = SOURCE_LOCAL  # which directory holds it: convention, local, annuaire
    address: str = ""
    phones: tuple[Contact, ...] = ()
    emails: tuple[Contact, ...] = ()
    website: str = ""
    hours: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()  # INSEE codes covered (annuaire social: where it is)
    sector_note: str = ""
    notes: tuple[str, ...] = ()
    date_note: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def age_days(self, today: dt.date) -> int:
        return (today - self.date).days

    def is_stale(self, today: dt.date, max_age_days: int) -> bool:
        return self.age_days(today) > max_age_days

    def with_origin(self, origin: str) -> Entry:
        return replace(self, origin=origin)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the local directory format (French keys)."""
        data: dict[str, Any] = {
            "identifiant": self.id,
            "type": self.kind,
            "nom": self.name,
            "adresse": self.address,
            "telephones": [_contact_dict(c) for c in self.phones],
            "courriels": [_contact_dict(c) for c in self.emails],
            "site_web": self.website,
            "horaires": list(self.hours),
            "communes_couvertes": list(self.communes),
            "secteur": self.sector_note,
            "remarques": list(self.notes),
            "source": self.source,
            "date_source": self.date.isoformat(),
        }
        if self.date_note:
            data["precision_date"] = self.date_note
        return data

    def card_lines(self) -> list[str]:
        """The entry as plain text lines (to copy or print)."""
        lines = [self.name, f"Type : {self.kind_label}"]
        if self.address:
            lines.append(f"Adresse : {self.address}")
        lines += [f"Téléphone : {c.text()}" for c in self.phones]
        lines += [f"Courriel : {c.text()}" for c in self.emails]
        if self.website:
            lines.append(f"Site : {self.website}")
        lines += [f"Horaires : {h}" for h in self.hours]
        if self.sector_note:
            lines.append(f"Secteur : {self.sector_note}")
        lines += self.extra_lines()
        lines += self.notes
        date = self.date.strftime("%d/%m/%Y")
        lines.append(
            f"Source : {self.source}, {date}" + (f" ({self.date_note})" if self.date_note else "")
        )
        return lines

    def extra_lines(self) -> list[str]:
        return []


@dataclass(frozen=True)
class SocialEntry(Entry):
    """An entry of the Département's annuaire social, with its themes (THEMATIQUE)."""

    themes: tuple[str, ...] = ()

    def extra_lines(self) -> list[str]:
        return [f"Thématiques : {', '.join(self.themes)}"] if self.themes else []


def _contact_dict(contact: Contact) -> dict[str, str] | str:
    return {"valeur": contact.value, "precision": contact.label} if contact.label else contact.value
