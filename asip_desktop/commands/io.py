"""Reading the JSON/YAML files that sub-commands take (``-`` for stdin).

Bounded and checked before anything uses them: at most ``MAX_DATA_BYTES``,
UTF-8 with or without a BOM (spreadsheets and Windows tools write one), no
number of more than 4 300 digits, no alias bomb (see ``core/yaml_load``), and
every text passes the character policy (``text_policy``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from asip_desktop import text_policy
from asip_desktop.core.yaml_load import YamlRefused, load_yaml
from asip_desktop.errors import UserError

MAX_DATA_BYTES = 1024 * 1024  # answers, an identity, a fiche: a few KB


def _read_bytes(name: str, what: str, label: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(MAX_DATA_BYTES + 1)
    path = Path(name)
    try:
        with path.open("rb") as f:
            return f.read(MAX_DATA_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{what} : fichier introuvable : {label}") from None
    except IsADirectoryError:
        raise UserError(f"{what} : {label} est un dossier, un fichier est attendu.") from None
    except PermissionError:
        raise UserError(f"{what} : lecture du fichier refusée (droits) : {label}") from None
    except OSError:
        raise UserError(f"{what} : fichier illisible : {label}") from None


def read_data_file(name: str, what: str) -> Any:
    """Parse a JSON or YAML file, or stdin for ``-``; French errors."""
    label = "l'entrée standard" if name == "-" else str(Path(name))
    data = _read_bytes(name, what, label)
    if len(data) > MAX_DATA_BYTES:
        raise UserError(
            f"{what} : {label} est trop grand ({MAX_DATA_BYTES // 1024} Ko au plus attendus)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what} : {label} n'est pas un texte UTF-8.") from None
    try:
        value = load_yaml(text) if name.endswith((".yaml", ".yml")) else json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{what} : {label} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})."
        ) from None
    except RecursionError:
        raise UserError(f"{what} : {label} est imbriqué trop profondément pour être lu.") from None
    except YamlRefused as exc:
        where = f" (ligne {exc.line})" if exc.line else ""
        raise UserError(f"{what} : {label} refusé : {exc.reason}{where}.") from None
    except yaml.YAMLError:
        raise UserError(f"{what} : {label} n'est pas un YAML valide.") from None
    except ValueError:  # json: an integer of more than 4 300 digits
        raise UserError(f"{what} : {label} contient un nombre trop long.") from None
    found = text_policy.first_problem_in(value)
    if found:
        raise UserError(f"{what} : {label} refusé : {found}.")
    return value


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
