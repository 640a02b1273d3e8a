"""Field checks shared by the form data contracts.

Every problem becomes a :class:`FieldError`: the field's dotted path (as in the
JSON contract) and a French sentence naming the field and what is expected.
Messages never repeat the value typed (it may be personal data).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError
from stdnum.fr import nir as stdnum_nir

from asip_desktop import text_policy
from asip_desktop.documents.identity import IDENTITY_LABELS
from asip_desktop.errors import UserError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_PHONE_FR = re.compile(r"^0[1-9]\d{8}$")
_PHONE_INTL = re.compile(r"^(\+|00)[1-9]\d{7,14}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class FormDataError(UserError):
    """Invalid form data: one French message per field, no personal data."""

    def __init__(self, form_label: str, errors: list[FieldError]) -> None:
        super().__init__(
            f"{form_label} : les données ne sont pas valides.", [e.message for e in errors]
        )
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_nir(value: str) -> str:
    return str(stdnum_nir.format(value)) if len(value) == 15 else value


def nir_problem(value: str) -> str | None:
    """What is wrong with a NIR, in French; None when it is valid."""
    try:
        stdnum_nir.validate(value)
    except InvalidLength:
        return "doit comporter 15 caractères : les 13 chiffres du numéro puis la clé de 2 chiffres"
    except InvalidChecksum:
        return (
            "la clé de contrôle est incorrecte : les 2 derniers chiffres ne correspondent pas "
            "aux 13 premiers (vérifiez le numéro)"
        )
    except ValidationError:
        return (
            "format incorrect : uniquement des chiffres, sauf le département de naissance "
            "2A ou 2B (Corse)"
        )
    return None


def phone_is_valid(value: str) -> bool:
    compact = _PHONE_SEPARATORS.sub("", value)
    return bool(_PHONE_FR.match(compact) or _PHONE_INTL.match(compact))


class Checker:
    """Reads a raw JSON-like mapping field by field, collecting French errors."""

    def __init__(self, raw: Any, labels: Mapping[str, str]) -> None:
        self.labels = labels
        self.errors: list[FieldError] = []
        self.raw: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        if not isinstance(raw, Mapping):
            self.errors.append(FieldError("", "Les données doivent être un objet JSON."))

    # --- plumbing -------------------------------------------------------------

    def error(self, path: str, problem: str) -> None:
        self.errors.append(FieldError(path, f"{self.labels.get(path, path)} : {problem}."))

    def get(self, path: str) -> Any:
        node: Any = self.raw
        for part in path.split("."):
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
        return node

    def known_keys(self, prefix: str, allowed: Iterable[str]) -> None:
        node = self.get(prefix) if prefix else self.raw
        if node is None:
            return
        where = f"{prefix}." if prefix else ""
        if not isinstance(node, Mapping):
            self.error(prefix, "un objet JSON est attendu")
            return
        allowed = set(allowed)
        for key in node:
            if key not in allowed:
                self.errors.append(
                    FieldError(f"{where}{key}", f"Champ inconnu : « {where}{key} ».")
                )

    # --- field kinds ------------------------------------------------------------

    def text(
        self,
        path: str,
        *,
        required: bool = False,
        max_length: int = 200,
        multiline: bool | None = None,
    ) -> str:
        """A text field: the character policy of ``text_policy`` (comments of 1 000
        characters or more may hold line ends), then the length limit."""
        value = self.get(path)
        if value is None or value == "":
            if required:
                self.error(path, "à renseigner")
            return ""
        if not isinstance(value, str):
            self.error(path, "un texte est attendu")
            return ""
        value = text_policy.neutralise(value).strip()
        if multiline is None:
            multiline = max_length >= 1000
        problem = text_policy.problem(value, max_length=max_length, multiline=multiline)
        if required and not value:
            self.error(path, "à renseigner")
        elif problem:
            self.error(path, problem)
            return ""
        return str(value)

    def date(self, path: str, *, required: bool = False) -> dt.date | None:
        value = self.text(path, required=required, max_length=10)
        if not value:
            return None
        if _ISO_DATE.match(value):
            try:
                parsed = dt.date.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and 1900 <= parsed.year <= 2100:
                return parsed
        self.error(path, "date attendue au format AAAA-MM-JJ (une date qui existe)")
        return None

    def email(self, path: str, *, required: bool = False) -> str:
        value = self.text(path, required=required, max_length=254)
        if value and not _EMAIL.match(value):
            self.error(path, "adresse mail attendue, de la forme nom@domaine.fr")
        return value

    def phone(self, path: str, *, required: bool = False, why: str = "") -> str:
        value = self.text(path, max_length=30)
        if not value:
            if required:
                self.error(path, "à renseigner" + (f" ({why})" if why else ""))
            return ""
        if not phone_is_valid(value):
            self.error(
                path,
                "numéro attendu : 10 chiffres commençant par 0, ou un numéro international "
                "commençant par +",
            )
        return value

    def nir(self, path: str, *, required: bool = False) -> str:
        value = self.text(path, required=required, max_length=30)
        if not value:
            return ""
        compact = str(stdnum_nir.compact(value))
        problem = nir_problem(compact)
        if problem:
            self.error(path, problem)
            return value
        return compact

    def boolean(self, path: str) -> bool | None:
        value = self.get(path)
        if value is None or isinstance(value, bool):
            return value
        self.error(path, "vrai ou faux attendu (true / false)")
        return None

    def choice(
        self, path: str, choices: Mapping[str, str], *, required: bool = False
    ) -> str | None:
        value = self.get(path)
        if value is None or value == "":
            if required:
                self.error(path, "à choisir : " + _listing(choices))
            return None
        if value not in choices:
            self.error(path, "valeur inconnue ; valeurs possibles : " + _listing(choices))
            return None
        return str(value)

    def choices(self, path: str, choices: Mapping[str, str]) -> tuple[str, ...]:
        value = self.get(path)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path, "une liste de valeurs est attendue : " + _listing(choices))
            return ()
        unknown = [v for v in value if v not in choices]
        if unknown:
            self.error(path, "valeur inconnue ; valeurs possibles : " + _listing(choices))
        return tuple(c for c in choices if c in value)

    def other_text(self, selected: tuple[str, ...], text_path: str) -> str:
        """The « Autre » precision: required when « autre » is ticked."""
        return self.text(text_path, required="autre" in selected, max_length=200)

    def raise_if_any(self, form_label: str) -> None:
        if self.errors:
            raise FormDataError(form_label, self.errors)


def _listing(choices: Mapping[str, str]) -> str:
    return ", ".join(choices)


def identity_problems(person: Mapping[str, Any]) -> dict[str, str]:
    """Field → French message for the identity fields of annex 2 that are typed but
    malformed (NIR and its key, e-mail, phone); empty fields are fine."""
    checker = Checker(person, {k: f"« {v} »" for k, v in IDENTITY_LABELS.items()})
    checker.nir("nir")
    checker.email("email")
    checker.phone("telephone")
    return {e.field: e.message for e in checker.errors}
