"""Three-valued evaluation of the rules file's conditions.

An unanswered question with no default is *unknown*. ``all`` is false as soon
as one part is false, ``any`` is true as soon as one part is true; otherwise an
unknown part makes the whole unknown. A rule fires only on a certain ``True``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Lookup = Callable[[str], Any]
MISSING = object()  # returned by a lookup for an unanswered question


def evaluate(
    cond: Mapping[str, Any], lookup: Lookup, definitions: Mapping[str, Any]
) -> bool | None:
    """Return True, False or None (unknown)."""
    if "all" in cond:
        parts = [evaluate(c, lookup, definitions) for c in cond["all"]]
        if any(p is False for p in parts):
            return False
        return None if any(p is None for p in parts) else True
    if "any" in cond:
        parts = [evaluate(c, lookup, definitions) for c in cond["any"]]
        if any(p is True for p in parts):
            return True
        return None if any(p is None for p in parts) else False
    if "not" in cond:
        inner = evaluate(cond["not"], lookup, definitions)
        return None if inner is None else not inner
    if "ref" in cond:
        return evaluate(definitions[cond["ref"]], lookup, definitions)
    return _leaf(cond, lookup)


def _leaf(cond: Mapping[str, Any], lookup: Lookup) -> bool | None:
    value = lookup(cond["q"])
    if "answered" in cond:  # never unknown: "not asked yet" is a fact
        return (value is not MISSING) == bool(cond["answered"])
    if value is MISSING:
        return None
    if "eq" in cond:
        return bool(value == cond["eq"])
    if "in" in cond:
        return bool(value in cond["in"])
    if "contains" in cond:
        return bool(cond["contains"] in _as_list(value))
    if "not_empty" in cond:
        return len(value) > 0
    raise ValueError(f"unknown condition operator in {dict(cond)!r}")


def _as_list(value: Any) -> list[Any]:
    """A list answer; a single string (a 2026.1 single-choice answer) as a list of one."""
    return [value] if isinstance(value, str) else list(value)


def referenced_questions(cond: Mapping[str, Any], definitions: Mapping[str, Any]) -> set[str]:
    """Every question id a condition reads, following ``ref``."""
    if "all" in cond or "any" in cond:
        found: set[str] = set()
        for part in cond.get("all", cond.get("any", [])):
            found |= referenced_questions(part, definitions)
        return found
    if "not" in cond:
        return referenced_questions(cond["not"], definitions)
    if "ref" in cond:
        return referenced_questions(definitions[cond["ref"]], definitions)
    return {cond["q"]}
