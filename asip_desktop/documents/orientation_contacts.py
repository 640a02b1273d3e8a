"""What the orientation sheet says for each service: how to reach it, what to
say, the delays. Every contact here is read in the convention (volet I §1,
volet II §1–3, annexe 1); where the convention gives none (the CDAS of the
person's home, a CARSAT or CPAM agency, the social worker already in
charge), the sheet leaves a line for the agent to write it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from asip_desktop.documents.detection_data import FORM_ID as DETECTION_FORM


@dataclass(frozen=True)
class ServiceSheet:
    title: str
    how: tuple[str, ...] = ()
    say: tuple[str, ...] = ()
    delays: tuple[str, ...] = ()
    write_in: str = ""  # the label of a line left blank for the agent, if any


SSAM_FIRST_APPOINTMENT = "Premier rendez-vous : en moyenne 15 jours à 3 semaines."
SSAM_ACKNOWLEDGEMENT = (
    "Le CDAS transmet pour vous une fiche au service social de l’Assurance Maladie, "
    "qui en accuse réception sous 48 heures."
)

SERVICES: dict[str, ServiceSheet] = {
    "offre_retraite_carsat": ServiceSheet(
        title="L’Assurance retraite (CARSAT Bretagne)",
        how=(
            "Sur internet : lassuranceretraite.fr",
            "Par téléphone : 39 60, un télé-conseiller vous informe ou vous donne un rendez-vous.",
            "Dans un espace France Services, pour être accompagné(e) dans vos démarches.",
            "Par courrier : CARSAT Bretagne, 236 rue de Châteaugiron, 35030 Rennes Cedex.",
        ),
        say=(
            "Pour être aidé(e) à remplir votre dossier de retraite : un espace France Services "
            "ou un rendez-vous pris au 39 60.",
        ),
    ),
    "canal_prioritaire_carsat": ServiceSheet(
        title="La CARSAT vous rappelle",
        how=(
            "Le CDAS transmet votre situation à la CARSAT par un canal réservé aux professionnels.",
        ),
        say=("Vous n’avez pas de démarche à faire : gardez votre téléphone à portée de main.",),
        delays=("La CARSAT vous répond par téléphone sous 72 heures.",),
    ),
    "accueil_carsat_cpam": ServiceSheet(
        title="L’accueil de la CARSAT ou de la CPAM",
        how=(
            "Les conseillers à l’accueil des agences de la CARSAT ou de la CPAM vous reçoivent "
            "sur rendez-vous, que vous soyez suivi(e) ou non par un travailleur social.",
        ),
        write_in="Agence :",
    ),
    "cdas_domicile": ServiceSheet(
        title="Le CDAS de votre domicile",
        how=("Pour les aides et les domaines d’intervention du Département.",),
        write_in="CDAS de votre domicile :",
    ),
    "service_social_cdas": ServiceSheet(
        title="Le service social du CDAS de votre domicile",
        how=("Un travailleur social du CDAS vous reçoit.",),
        write_in="CDAS de votre domicile :",
    ),
    "service_social_assurance_maladie": ServiceSheet(
        title="Le service social de l’Assurance Maladie (CARSAT Bretagne)",
        how=(
            "Par téléphone : 3646, dites « Service social ».",
            "Du lundi au vendredi de 8h30 à 12h et de 13h à 16h30, sauf le lundi après-midi.",
            "Par mail : ssr35.rennes@carsat-bretagne.fr",
            "Accueil physique uniquement sur rendez-vous, dans un lieu de permanence.",
        ),
        say=(
            "En disant « Service social », vous parlez directement à une conseillère de "
            "l’Assurance Maladie. Expliquez votre problème de santé et ses conséquences "
            "(travail, famille, vie sociale, budget).",
        ),
        delays=(SSAM_FIRST_APPOINTMENT,),
    ),
    "referent_existant": ServiceSheet(
        title="Le travailleur social qui vous accompagne déjà",
        how=("Il reste votre interlocuteur : contactez-le en priorité.",),
        write_in="Nom et téléphone du service :",
    ),
}


def sheet_for(service: str, forms: tuple[str, ...]) -> ServiceSheet:
    """The block for ``service``; the 48 h acknowledgement when the CDAS sends the fiche."""
    block = SERVICES[service]
    if service == "service_social_assurance_maladie" and DETECTION_FORM in forms:
        return ServiceSheet(
            title=block.title,
            how=block.how,
            say=block.say,
            delays=(SSAM_ACKNOWLEDGEMENT, *block.delays),
            write_in=block.write_in,
        )
    return block
