"""The fiche de détection de fragilité sociale as an A4 PDF.

The official form (annex 6 of the convention) is not reproduced in the
convention: this layout follows the convention's description of what the
health-insurance social service needs, and says so on the page. The whole
layout lives in this module: replacing it with the official annex touches
nothing else (the data contract is in ``detection_data``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asip_desktop.documents.detection_data import (
    MOTIFS,
    REPERCUSSIONS,
    STATUTS,
    Detection,
    parse_detection,
)
from asip_desktop.documents.drawing import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    Box,
    Sheet,
    two_page_form,
)
from asip_desktop.documents.fonts import BOLD
from asip_desktop.documents.validation import format_date, format_nir

TITLE = "Fiche de détection de fragilité sociale"
SUBTITLE = "Situations à orienter vers le service social de l’Assurance Maladie (CARSAT Bretagne)"
PROVENANCE = (
    "Modèle établi d’après la description de la convention CARSAT Bretagne / Département "
    "d’Ille-et-Vilaine (volet II), dans l’attente de la fiche officielle (annexe 6 de la "
    "convention)."
)
SENDING = "À transmettre à : ssr35.rennes@carsat-bretagne.fr via BlueFiles uniquement"
ACKNOWLEDGEMENT = "Le service social de l’Assurance Maladie accuse réception dans les 48 heures."
TICK_HELP = "Pour cocher, mettez 1 X dans les cases correspondantes."
ACCORD = (
    "La personne est d’accord pour être orientée vers le service social de l’Assurance Maladie "
    "et pour la transmission de cette fiche."
)
SIGNATURE = "Date et signature du professionnel"
STAMP = "Cachet"
CONTINUATION = "Fiche de détection – suite des informations qui ne tenaient pas dans leur case"

FIXED_LABELS: tuple[str, ...] = (
    TITLE,
    SUBTITLE,
    PROVENANCE,
    SENDING,
    "Date de la fiche :",
    "Partenaire émetteur",
    "Structure :",
    "NOM Prénom :",
    "Fonction :",
    "Téléphone :",
    "Adresse mail :",
    "Identité de la personne",
    "Nom de naissance :",
    "Nom d’usage :",
    "Prénom :",
    "Date de naissance :",
    "NIR :",
    "Adresse postale :",
    "Situation de la personne",
    *STATUTS.values(),
    "Arrêt de travail :",
    "depuis le :",
    "Motif d’orientation",
    *MOTIFS.values(),
    "Répercussions de la situation de santé",
    *REPERCUSSIONS.values(),
    "Précisions :",
    "Urgence relevée par le CDAS :",
    "Commentaire :",
    "Accord de la personne",
    ACCORD,
    SIGNATURE,
)

LABEL_W = 105.0
ROW_H = 20.0


def render_detection(data: Detection | Mapping[str, Any] | None = None) -> bytes:
    """The fiche as PDF bytes; ``None`` gives the blank form. Dicts are validated first."""
    return draw_detection(_as_detection(data)).pdf()


def draw_detection(d: Detection) -> Sheet:
    return two_page_form(
        TITLE, lambda sheet: _page_one(sheet, d), lambda sheet: _page_two(sheet, d), CONTINUATION
    )


def _as_detection(data: Detection | Mapping[str, Any] | None) -> Detection:
    if data is None:
        return Detection()
    if isinstance(data, Detection):
        return data
    return parse_detection(data)


def _heading(sheet: Sheet, top: float, text: str) -> float:
    return sheet.paragraph(MARGIN, top, CONTENT_WIDTH, text, font=BOLD, size=10.5) - 4


def _row(
    sheet: Sheet,
    top: float,
    label: str,
    value: str,
    *,
    height: float = ROW_H,
    overflow_label: str | None = None,
) -> float:
    return (
        sheet.labelled(
            MARGIN,
            top,
            LABEL_W,
            CONTENT_WIDTH - LABEL_W,
            height,
            label,
            value,
            overflow_label=overflow_label,
        )
        - 3
    )


def _page_one(sheet: Sheet, d: Detection) -> None:
    top = PAGE_HEIGHT - MARGIN
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, TITLE, font=BOLD, size=15) - 4
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, SUBTITLE, font=BOLD, size=10.5) - 6
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, PROVENANCE, size=8.5) - 4
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, SENDING, font=BOLD, size=10) - 2
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, ACKNOWLEDGEMENT, size=8.5) - 12
    top = _row(sheet, top, "Date de la fiche :", format_date(d.date_creation)) - 10

    e = d.emetteur
    top = _heading(sheet, top, "Partenaire émetteur")
    top = _row(sheet, top, "Structure :", e.structure, overflow_label="Structure émettrice")
    emetteur = " ".join(v for v in (e.nom, e.prenom) if v)
    top = _row(sheet, top, "NOM Prénom :", emetteur, overflow_label="Professionnel émetteur")
    top = _row(sheet, top, "Fonction :", e.fonction)
    top = _row(sheet, top, "Téléphone :", e.telephone, overflow_label="Téléphone de l’émetteur")
    top = _row(sheet, top, "Adresse mail :", e.email, overflow_label="Mail de l’émetteur") - 10

    p = d.personne
    top = _heading(sheet, top, "Identité de la personne")
    top = _row(sheet, top, "Nom de naissance :", p.nom_naissance)
    top = _row(sheet, top, "Nom d’usage :", p.nom_usage)
    top = _row(sheet, top, "Prénom :", p.prenom)
    top = _row(sheet, top, "Date de naissance :", format_date(p.date_naissance))
    top = _row(sheet, top, "NIR :", format_nir(p.nir))
    top = _row(sheet, top, "Adresse postale :", p.adresse, height=34)
    top = _row(sheet, top, "Téléphone :", p.telephone)
    top = _row(sheet, top, "Adresse mail :", p.email) - 10

    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, TICK_HELP, size=8.5) - 6
    top = _heading(sheet, top, "Situation de la personne")
    x = MARGIN
    bottom = top
    for key, label in STATUTS.items():
        bottom = min(bottom, sheet.check(x, top, CONTENT_WIDTH / 3 - 8, d.statut == key, label))
        x += CONTENT_WIDTH / 3
    top = bottom - 8
    sheet.paragraph(MARGIN, top - 1.5, 100, "Arrêt de travail :", size=9)
    sheet.yes_no(MARGIN + 100, top, d.arret_travail)
    sheet.paragraph(MARGIN + 270, top - 1.5, 60, "depuis le :", size=9)
    sheet.value(
        Box(MARGIN + 330, top - 17, 110, 18),
        format_date(d.arret_travail_depuis),
        label="Arrêt de travail depuis le",
        middle=True,
    )


def _page_two(sheet: Sheet, d: Detection) -> None:
    top = PAGE_HEIGHT - MARGIN
    top = _heading(sheet, top, "Motif d’orientation")
    for key, label in MOTIFS.items():
        top = sheet.check(MARGIN, top, CONTENT_WIDTH, d.motif == key, label) - 5
    top -= 8

    top = _heading(sheet, top, "Répercussions de la situation de santé")
    x = MARGIN
    bottom = top
    for key, label in REPERCUSSIONS.items():
        bottom = min(
            bottom, sheet.check(x, top, CONTENT_WIDTH / 4 - 8, key in d.repercussions, label)
        )
        x += CONTENT_WIDTH / 4
    top = bottom - 6
    top = (
        _row(
            sheet,
            top,
            "Précisions :",
            d.repercussions_precisions,
            height=70,
            overflow_label="Précisions sur les répercussions",
        )
        - 10
    )

    top = _heading(sheet, top, "Urgence relevée par le CDAS :")
    sheet.yes_no(MARGIN, top, d.urgence)
    top -= 22
    top = (
        _row(
            sheet,
            top,
            "Précisions :",
            d.urgence_precisions,
            height=46,
            overflow_label="Précisions sur l’urgence",
        )
        - 10
    )

    top = _heading(sheet, top, "Commentaire :")
    comment = Box(MARGIN, top - 150, CONTENT_WIDTH, 150)
    sheet.value(comment, d.commentaire, label="Commentaire", pad=4)
    top = comment.y - 14

    top = _heading(sheet, top, "Accord de la personne")
    top = sheet.check(MARGIN, top, CONTENT_WIDTH, d.accord_personne, ACCORD) - 14

    sheet.signature_boxes(top, 100, SIGNATURE, STAMP)
