"""The fields of each fiche as the form dialog shows them, and what to call
to check, render and prepare the sending of each (from ``documents``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from asip_desktop.documents import detection_data as det
from asip_desktop.documents import liaison_data as lia
from asip_desktop.documents.detection_pdf import render_detection
from asip_desktop.documents.liaison_pdf import render_liaison
from asip_desktop.documents.sending import SendingPlan, plan_for
from asip_desktop.documents.validation import FieldError


@dataclass(frozen=True)
class FieldSpec:
    path: str  # dotted path in the JSON contract; "" for a section title
    label: str
    kind: str  # section, text, multiline, date, choice, multi, check, yesno
    choices: Mapping[str, str] = field(default_factory=dict)
    required: bool = False


@dataclass(frozen=True)
class FormKind:
    form_id: str
    title: str
    fields: tuple[FieldSpec, ...]
    check: Callable[[Any], tuple[Any, list[FieldError]]]
    render: Callable[[Any], bytes]
    plan: Callable[[Any], SendingPlan] = plan_for


def _s(label: str) -> FieldSpec:
    return FieldSpec("", label, "section")


def _t(path: str, label: str, *, required: bool = False, kind: str = "text") -> FieldSpec:
    return FieldSpec(path, label, kind, required=required)


LIAISON = FormKind(
    form_id=lia.FORM_ID,
    title="Fiche de liaison retraite",
    fields=(
        _t("date_creation", "Date de création de la fiche", required=True, kind="date"),
        _t("cdas_emetteur", "CDAS émetteur", required=True),
        _s("Collaborateur CDAS en charge de la demande"),
        _t("collaborateur.nom", "NOM", required=True),
        _t("collaborateur.prenom", "Prénom", required=True),
        _t("collaborateur.telephone", "Téléphone"),
        _s("Identité de la personne"),
        _t("personne.nom_naissance", "Nom de naissance", required=True),
        _t("personne.nom_marital", "Nom marital"),
        _t("personne.prenom", "Prénom", required=True),
        _t("personne.nir", "NIR", required=True),
        _t("personne.adresse", "Adresse postale", kind="multiline"),
        _t("personne.email", "Adresse mail"),
        _t("personne.telephone", "Téléphone", required=True),
        FieldSpec("situation_administrative", "Situation administrative", "multi", lia.SITUATIONS),
        _t("situation_administrative_autre", "Situation « Autre » : précisez"),
        FieldSpec("motif", "Motif de la demande", "choice", lia.MOTIFS, required=True),
        FieldSpec("type_dossier", "Type de dossier concerné", "multi", lia.TYPES_DOSSIER),
        _t("type_dossier_autre", "Type de dossier « Autre » : précisez"),
        _t("commentaire", "Commentaire / précisions sur la situation", kind="multiline"),
        _s("Réponse sur la situation"),
        FieldSpec(
            "copie_reponse_partenaire",
            "Le partenaire souhaite être destinataire en copie de la réponse adressée à l’usager",
            "yesno",
            required=True,
        ),
        FieldSpec(
            "accord_information_departement",
            "La personne souhaite que le professionnel du Département soit informé de sa "
            "situation vis-à-vis de la Retraite",
            "check",
        ),
        FieldSpec(
            "non_opposition_traitement",
            "La personne ne s’oppose pas au traitement de ses données par la Carsat de Bretagne",
            "check",
        ),
    ),
    check=lia.check_liaison,
    render=render_liaison,
)

DETECTION = FormKind(
    form_id=det.FORM_ID,
    title="Fiche de détection de fragilité sociale",
    fields=(
        _t("date_creation", "Date de la fiche", required=True, kind="date"),
        _s("Partenaire émetteur"),
        _t("emetteur.structure", "Structure", required=True),
        _t("emetteur.nom", "NOM", required=True),
        _t("emetteur.prenom", "Prénom", required=True),
        _t("emetteur.fonction", "Fonction"),
        _t("emetteur.telephone", "Téléphone", required=True),
        _t("emetteur.email", "Adresse mail"),
        _s("Identité de la personne"),
        _t("personne.nom_naissance", "Nom de naissance", required=True),
        _t("personne.nom_usage", "Nom d’usage"),
        _t("personne.prenom", "Prénom", required=True),
        _t("personne.date_naissance", "Date de naissance", kind="date"),
        _t("personne.nir", "NIR"),
        _t("personne.adresse", "Adresse postale", kind="multiline"),
        _t("personne.telephone", "Téléphone", required=True),
        _t("personne.email", "Adresse mail"),
        FieldSpec("statut", "Situation de la personne", "choice", det.STATUTS, required=True),
        FieldSpec("arret_travail", "Arrêt de travail", "yesno"),
        _t("arret_travail_depuis", "Arrêt de travail depuis le", kind="date"),
        FieldSpec("motif", "Motif d’orientation", "choice", det.MOTIFS, required=True),
        FieldSpec(
            "repercussions", "Répercussions de la situation de santé", "multi", det.REPERCUSSIONS
        ),
        _t("repercussions_precisions", "Précisions sur les répercussions", kind="multiline"),
        FieldSpec("urgence", "Urgence relevée par le CDAS", "yesno"),
        _t("urgence_precisions", "Précisions sur l’urgence", kind="multiline"),
        _t("commentaire", "Commentaire", kind="multiline"),
        FieldSpec(
            "accord_personne",
            "La personne est d’accord pour être orientée vers le service social de l’Assurance "
            "Maladie et pour la transmission de cette fiche",
            "check",
            required=True,
        ),
    ),
    check=det.check_detection,
    render=render_detection,
)

FORMS: dict[str, FormKind] = {LIAISON.form_id: LIAISON, DETECTION.form_id: DETECTION}
