"""What a fiche can be prefilled with: the answers, the orientation, the
person typed at level 2, and the agent's profile. Plain values in and out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from asip_desktop.documents import detection_data as det
from asip_desktop.documents import liaison_data as lia


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values, recursively, so they never overwrite anything."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _clean(value)
        if value not in (None, "", {}, []):
            out[key] = value
    return out


def _pension_details(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Type of file and administrative situation, as the annex's own choices."""
    pension = answers.get("pension") or {}
    return {
        "type_dossier": [v for v in pension.get("type_dossier", []) if v in lia.TYPES_DOSSIER],
        "situation_administrative": [
            v for v in pension.get("situation_administrative", []) if v in lia.SITUATIONS
        ],
    }


def prefill_form(
    form_id: str,
    *,
    answers: Mapping[str, Any],
    orientation_prefill: Mapping[str, Any],
    person: Mapping[str, str],
    agent: Mapping[str, str],
    urgent: bool,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The starting values of ``form_id`` in its JSON contract."""
    date = (today or dt.date.today()).isoformat()
    if form_id == lia.FORM_ID:
        data: dict[str, Any] = {
            "date_creation": date,
            "cdas_emetteur": agent.get("cdas", ""),
            "collaborateur": {k: agent.get(k, "") for k in ("nom", "prenom", "telephone")},
            "personne": {
                k: person.get(k, "")
                for k in (
                    "nom_naissance",
                    "nom_marital",
                    "prenom",
                    "nir",
                    "adresse",
                    "email",
                    "telephone",
                )
            },
            # asked at the counter since rules 2026.2 (pension.*)
            **_pension_details(answers),
        }
    elif form_id == det.FORM_ID:
        sante = answers.get("sante") or {}
        statut = sante.get("statut")
        data = {
            "date_creation": date,
            "emetteur": {
                "structure": agent.get("cdas", ""),
                **{k: agent.get(k, "") for k in ("nom", "prenom", "telephone")},
            },
            "personne": {
                "nom_naissance": person.get("nom_naissance", ""),
                "nom_usage": person.get("nom_marital", ""),
                **{
                    k: person.get(k, "") for k in ("prenom", "nir", "adresse", "telephone", "email")
                },
            },
            "statut": statut if statut in det.STATUTS else None,
            "arret_travail": sante.get("arret_travail"),
            "urgence": True if urgent else None,
        }
    else:
        raise ValueError(f"unknown form {form_id!r}")
    data.update(orientation_prefill.get(form_id, {}))
    return _clean(data)
