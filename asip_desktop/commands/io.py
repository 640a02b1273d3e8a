"""Reading the JSON/YAML files that sub-commands take (``-`` for stdin)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from asip_desktop.core.yaml_load import load_yaml
from asip_desktop.errors import UserError


def read_data_file(name: str, what: str) -> Any:
    """Parse a JSON or YAML file, or stdin for ``-``; French errors."""
    if name == "-":
        text = sys.stdin.read()
        label = "l'entrée standard"
    else:
        path = Path(name)
        label = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UserError(f"{what} : fichier introuvable : {label}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"{what} : fichier illisible : {label} ({exc})") from None
    try:
        if name.endswith((".yaml", ".yml")):
            return load_yaml(text)
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{what} : {label} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})."
        ) from None
    except RecursionError:
        raise UserError(f"{what} : {label} est imbriqué trop profondément pour être lu.") from None
    except yaml.YAMLError:
        raise UserError(f"{what} : {label} n'est pas un YAML valide.") from None


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
