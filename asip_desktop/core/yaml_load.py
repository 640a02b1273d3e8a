"""YAML reading with libyaml's C loader when present (ten times faster), bounded.

Every YAML the app reads (rules, scenarios, answers given on the command line)
is plain data: anchors and aliases are refused, since a few hundred bytes of
nested aliases (a "billion laughs" file) expand into billions of nodes for
whatever walks the result. Texts larger than ``MAX_YAML_BYTES`` are refused
too. Every failure is a ``yaml.YAMLError``, so callers keep one ``except``.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_YAML_BYTES = 4 * 1024 * 1024


class YamlRefused(yaml.YAMLError):
    """A YAML text this application does not read (aliases, size, huge number)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _refuse_aliases(text: str) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlRefused(
                "ancres et alias YAML (& et *) non acceptés",
                mark.line + 1 if mark is not None else None,
            )


def load_yaml(text: str) -> Any:
    if len(text) > MAX_YAML_BYTES:
        raise YamlRefused(f"fichier YAML trop grand ({MAX_YAML_BYTES // (1024 * 1024)} Mo au plus)")
    if "&" in text or "*" in text:  # only then can there be an anchor or an alias
        _refuse_aliases(text)
    try:
        return yaml.load(text, Loader=_Loader)
    except ValueError:  # e.g. an integer of more than 4 300 digits
        raise YamlRefused("nombre trop long") from None
    except RecursionError:
        raise YamlRefused("imbrication trop profonde") from None
