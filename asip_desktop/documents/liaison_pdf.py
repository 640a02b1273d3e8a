"""The fiche de liaison retraite (annexe 2 of the convention) as an A4 PDF.

Two pages numbered 1/2 and 2/2 with every heading, label, check box and
sentence of the annex, then the filled values (in blue). ``Liaison()`` gives
the blank form to fill by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asip_desktop.documents.drawing import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Box,
    Sheet,
    two_page_form,
)
from asip_desktop.documents.fonts import BOLD
from asip_desktop.documents.liaison_data import (
    MOTIFS,
    SITUATIONS,
    TYPES_DOSSIER,
    Liaison,
    parse_liaison,
)
from asip_desktop.documents.validation import format_date, format_nir

TITLE = "Fiche de liaison retraite – Conseil départemental 35"
CONTACT = "Adresse mail de contact : RennesBalcDcrPartenaires@carsat-bretagne.fr"
CONTACT_CHANNEL = "via BlueFiles uniquement"
TICK_HELP = "Pour cocher, mettez 1 X dans les cases correspondantes :"
COPY_QUESTION = (
    "Le partenaire souhaite être destinataire en copie de la réponse adressée à l’usager :"
)
CONSENT_INFORMATION = (
    "Je souhaite que le professionnel du Département d’Ille-et-Vilaine soit informé de ma "
    "situation vis-à-vis de la Retraite."
)
DATA_NOTICE = (
    "Vos données sont transmises à la Carsat de Bretagne qui les traite pour instruire votre "
    "demande de retraite. Il s’agit d’une mission d’intérêt public. Seuls les salariés habilités "
    "des Carsats et de la Cnav et, le cas échéant, les sous-traitants auront accès à vos "
    "données. Ces données seront conservées au plus tard jusqu'à l'extinction du droit aux "
    "prestations dont vous bénéficiez ou dont bénéficient vos ayants-droits. Vous disposez d’un "
    "droit d’accès, d’opposition, de rectification, de limitation, d’effacement et de "
    "portabilité sur vos données. Pour exercer ces droits, ou pour toute question sur le "
    "traitement de vos données personnelles, vous pouvez prendre contact avec la DPO par mail à "
    "l’adresse informatiqueetlibertes@carsat-bretagne.fr ou par courrier à l’adresse suivante "
    "Carsat Bretagne, Data Protection Officer, 236 rue de Chateaugiron, 35030 Rennes Cedex 9. "
    "Si vous estimez, après nous avoir contactés, que vos droits « Informatique et Libertés » ne "
    "sont pas respectés, vous pouvez adresser une réclamation à la CNIL."
)
CONSENT_PROCESSING = (
    "Je ne m’oppose pas au traitement de mes données personnelles par la Carsat de Bretagne"
)
SIGNATURE = "Date et Signature de l’assuré"
STAMP = "Cachet"
CONTINUATION = (
    "Fiche de liaison retraite – suite des informations qui ne tenaient pas dans leur case"
)

# Every fixed text of annex 2, in order (tests check each one is printed).
ANNEX_LABELS: tuple[str, ...] = (
    TITLE,
    CONTACT,
    CONTACT_CHANNEL,
    "Date de création de la fiche :",
    "CDAS émetteur :",
    "Collaborateur CDAS en charge de la demande",
    "NOM Prénom :",
    "Téléphone :",
    "Identité de la personne :",
    "Nom de naissance :",
    "Nom marital :",
    "Prénom :",
    "NIR :",
    "Adresse postale :",
    "Adresse mail :",
    TICK_HELP,
    "Situation administrative",
    *SITUATIONS.values(),
    "Motif de la demande",
    *MOTIFS.values(),
    "Type de dossier concerné",
    *TYPES_DOSSIER.values(),
    "Commentaire / précisions sur la situation :",
    "Réponse sur la situation",
    COPY_QUESTION,
    "OUI",
    "NON",
    CONSENT_INFORMATION,
    DATA_NOTICE,
    CONSENT_PROCESSING,
    SIGNATURE,
    "1/2",
    "2/2",
)

LABEL_W = 112.0
ROW_H = 20.0


def render_liaison(data: Liaison | Mapping[str, Any] | None = None) -> bytes:
    """The fiche as PDF bytes; ``None`` gives the blank form. Dicts are validated first."""
    return draw_liaison(_as_liaison(data)).pdf()


def draw_liaison(liaison: Liaison) -> Sheet:
    """Draw the fiche on a new sheet (tests read ``sheet.placed``)."""
    return two_page_form(
        TITLE,
        lambda sheet: _page_one(sheet, liaison),
        lambda sheet: _page_two(sheet, liaison),
        CONTINUATION,
    )


def _as_liaison(data: Liaison | Mapping[str, Any] | None) -> Liaison:
    if data is None:
        return Liaison()
    if isinstance(data, Liaison):
        return data
    return parse_liaison(data)


def _heading(sheet: Sheet, top: float, text: str, size: float = 10.0) -> float:
    return sheet.paragraph(MARGIN, top, CONTENT_WIDTH, text, font=BOLD, size=size) - 4


def _row(sheet: Sheet, top: float, label: str, value: str, *, height: float = ROW_H) -> float:
    return sheet.labelled(MARGIN, top, LABEL_W, CONTENT_WIDTH - LABEL_W, height, label, value) - 3


def _page_one(sheet: Sheet, f: Liaison) -> None:
    top = PAGE_HEIGHT - MARGIN
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, TITLE, font=BOLD, size=14) - 8
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, CONTACT, size=10) - 3
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, CONTACT_CHANNEL, font=BOLD, size=10) - 14

    half = CONTENT_WIDTH / 2
    sheet.labelled(
        MARGIN,
        top,
        82,
        half - 92,
        26,
        "Date de création de la fiche :",
        format_date(f.date_creation),
    )
    sheet.labelled(MARGIN + half, top, 70, half - 70, 26, "CDAS émetteur :", f.cdas_emetteur)
    top -= 26 + 14

    top = _heading(sheet, top, "Collaborateur CDAS en charge de la demande")
    collaborateur = " ".join(v for v in (f.collaborateur.nom, f.collaborateur.prenom) if v)
    top = _row(sheet, top, "NOM Prénom :", collaborateur)
    top = _row(sheet, top, "Téléphone :", f.collaborateur.telephone) - 10

    p = f.personne
    top = _heading(sheet, top, "Identité de la personne :")
    top = _row(sheet, top, "Nom de naissance :", p.nom_naissance)
    top = _row(sheet, top, "Nom marital :", p.nom_marital)
    top = _row(sheet, top, "Prénom :", p.prenom)
    top = _row(sheet, top, "NIR :", format_nir(p.nir))
    top = _row(sheet, top, "Adresse postale :", p.adresse, height=34)
    top = _row(sheet, top, "Adresse mail :", p.email)
    top = _row(sheet, top, "Téléphone :", p.telephone) - 12

    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, TICK_HELP, size=9) - 10
    top = _heading(sheet, top, "Situation administrative")
    top = _grid(sheet, top, SITUATIONS, f.situation_administrative, columns=3)
    top = (
        _other(
            sheet,
            top,
            "autre" in f.situation_administrative,
            f.situation_administrative_autre,
            "Situation administrative – Autre",
        )
        - 8
    )

    top = _heading(sheet, top, "Motif de la demande")
    for key, label in MOTIFS.items():
        top = sheet.check(MARGIN, top, CONTENT_WIDTH, f.motif == key, label) - 4
    top -= 6

    top = _heading(sheet, top, "Type de dossier concerné")
    types = {k: v for k, v in TYPES_DOSSIER.items() if k != "autre"}
    top = _grid(sheet, top, types, f.type_dossier, columns=2, widths=(0.32, 0.68))
    _other(sheet, top, "autre" in f.type_dossier, f.type_dossier_autre, "Type de dossier – Autre")


def _grid(
    sheet: Sheet,
    top: float,
    choices: Mapping[str, str],
    ticked: tuple[str, ...],
    *,
    columns: int,
    widths: tuple[float, ...] | None = None,
) -> float:
    """Check boxes in columns, row by row, « Autre » left for :func:`_other`."""
    keys = [k for k in choices if k != "autre"]
    fractions = widths or tuple(1 / columns for _ in range(columns))
    for start in range(0, len(keys), columns):
        x = MARGIN
        bottom = top
        for key, fraction in zip(keys[start : start + columns], fractions, strict=False):
            width = CONTENT_WIDTH * fraction
            bottom = min(bottom, sheet.check(x, top, width - 8, key in ticked, choices[key]))
            x += width
        top = bottom - 4
    return top


def _other(sheet: Sheet, top: float, ticked: bool, text: str, overflow_label: str) -> float:
    """« ☐ Autre » with a box for the precision."""
    sheet.check(MARGIN, top, 70, ticked, "Autre")
    box = Box(MARGIN + 70, top - 18, CONTENT_WIDTH - 70, 18)
    sheet.value(box, text, label=overflow_label, middle=True)
    return box.y - 4


def _page_two(sheet: Sheet, f: Liaison) -> None:
    top = PAGE_HEIGHT - MARGIN
    top = _heading(sheet, top, "Commentaire / précisions sur la situation :")
    comment = Box(MARGIN, top - 250, CONTENT_WIDTH, 250)
    sheet.value(comment, f.commentaire, label="Commentaire / précisions sur la situation", pad=4)
    top = comment.y - 18

    top = _heading(sheet, top, "Réponse sur la situation", size=11) - 2
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, COPY_QUESTION, size=9) - 6
    sheet.yes_no(MARGIN + 40, top, f.copie_reponse_partenaire, gap=160)
    top -= 26

    top = (
        sheet.check(
            MARGIN, top, CONTENT_WIDTH, f.accord_information_departement, CONSENT_INFORMATION
        )
        - 8
    )
    top = sheet.paragraph(MARGIN, top, CONTENT_WIDTH, DATA_NOTICE, size=8) - 10
    top = (
        sheet.check(MARGIN, top, CONTENT_WIDTH, f.non_opposition_traitement, CONSENT_PROCESSING)
        - 16
    )

    sheet.signature_boxes(top, 120, SIGNATURE, STAMP)


__all__ = ["ANNEX_LABELS", "PAGE_WIDTH", "draw_liaison", "render_liaison"]
