"""Loading and validating the orientation rules file.

The file is checked against ``rules.schema.json`` first, then for meaning:
known services, forms, references and questions, values that a question can
take, definitions that exist, questions that depend only on earlier ones.
Every problem is reported in French, naming the rule (or question) and the
field, and the file is refused whole.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


from asip_desktop.config import data_dir, ensure_private_dir, resource_path
from asip_desktop.core.conditions import referenced_questions
from asip_desktop.errors import UserError
from asip_desktop.files import os_error_text

CHOICE, MULTI, BOOL = "choice", "multi", "bool"


class RulesError(UserError):
    """The rules file cannot be used; ``details`` lists every problem found."""


@dataclass(frozen=True)
class Question:
    id: str
    levels: tuple[int, ...]
    type: str
    text: str
    help: str = ""
    choices: dict[str, str] = field(default_factory=dict)
    ask_when: dict[str, Any] | None = None
    has_default: bool = False
    default: Any = None

    def allows(self, value: Any) -> bool:
        if self.type == BOOL:
            return isinstance(value, bool)
        if self.type == CHOICE:
            return isinstance(value, str) and value in self.choices
        return isinstance(value, list) and all(
            isinstance(v, str) and v in self.choices for v in value
        )

    def expected(self, single_too: bool = False) -> str:
        """What the question accepts, in French, for error messages; ``single_too`` for a
        list question that still takes one value alone (answers written under 2026.1)."""
        if self.type == BOOL:
            return "vrai ou faux (true / false)"
        allowed = ", ".join(self.choices)
        if self.type == MULTI:
            one = "une valeur ou " if single_too else ""
            return f"{one}une liste de valeurs parmi : {allowed}"
        return f"une valeur parmi : {allowed}"


@dataclass(frozen=True)
class OrientationSpec:
    service: str
    priority: int
    reason: str


@dataclass(frozen=True)
class ActionSpec:
    order: int
    who: str
    text: str
    references: tuple[str, ...] = ()  # empty: the rule's own


@dataclass(frozen=True)
class Rule:
    id: str
    references: tuple[str, ...]
    when: dict[str, Any]
    orientations: tuple[OrientationSpec, ...] = ()
    forms: tuple[str, ...] = ()
    urgent: bool = False
    warnings: tuple[str, ...] = ()
    prefill: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: tuple[ActionSpec, ...] = ()
    consents: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    version: str
    sha256: str
    path: str
    convention: str
    references: dict[str, str]
    services: dict[str, str]
    forms: dict[str, str]
    questions: tuple[Question, ...]
    definitions: dict[str, Any]
    rules: tuple[Rule, ...]
    consents: dict[str, str] = field(default_factory=dict)

    def question(self, qid: str) -> Question:
        return self._questions_by_id()[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._questions_by_id()

    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def reference_text(self, refs: tuple[str, ...]) -> str:
        return " ; ".join(self.references[r] for r in refs)


def default_rules_path() -> Path:
    return resource_path("rules", "orientation.yaml")


SCHEMA_FILE = "rules.schema.json"
VALIDATED_MEMO = "validated-rules.json"


@cache
def _schema_bytes() -> bytes:
    return resource_path("rules", SCHEMA_FILE).read_bytes()


@cache
def _schema_validator() -> Draft202012Validator:
    # imported here: jsonschema costs ~200 ms, paid only for a file not seen before
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(_schema_bytes()))


def _memo_path(rules_sha256: str) -> Path:
    schema_sha = hashlib.sha256(_schema_bytes()).hexdigest()
    return data_dir() / "cache" / f"rules-{rules_sha256[:20]}-{schema_sha[:20]}.json"


def _remembered(rules_sha256: str) -> Any:
    """The parsed content of a file that passed the schema before, or None."""
    try:
        return json.loads(_memo_path(rules_sha256).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _remember(rules_sha256: str, data: Any) -> None:
    path = _memo_path(rules_sha256)
    try:
        from asip_desktop.files import write_private_atomic

        ensure_private_dir(path.parent)
        # owner-only like every file of the data directory
        write_private_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a memo only saves time


def load_rules(path: str | Path | None = None, use_memo: bool = True) -> RuleSet:
    """Read, validate and return a rules file; raise RulesError if unusable.

    A file (by sha256) that passed the schema with this schema before is
    remembered, parsed, in the data directory's cache: start-up then needs
    neither the YAML parser nor jsonschema. The checks of meaning always run.
    ``use_memo=False`` reads and checks everything again (rules check,
    self-test).
    """
    path = Path(path) if path else default_rules_path()
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise RulesError(f"Fichier de règles illisible : {path} ({os_error_text(exc)}).") from None
    sha256 = hashlib.sha256(raw_bytes).hexdigest()
    data = _remembered(sha256) if use_memo else None
    if data is not None:
        return parse_rules(data, sha256=sha256, path=str(path), schema_checked=True)
    data = _parse_yaml(raw_bytes, path)
    rules = parse_rules(data, sha256=sha256, path=str(path))
    if use_memo:
        _remember(sha256, data)
    return rules


def _parse_yaml(raw_bytes: bytes, path: Path) -> Any:
    import yaml

    from asip_desktop.core.yaml_load import load_yaml

    try:
        return load_yaml(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" ligne {where.line + 1}" if where is not None else ""
        raise RulesError(
            f"Fichier de règles invalide : {path} n'est pas un YAML lisible{line}."
        ) from None


def parse_rules(
    data: Any, sha256: str = "", path: str = "<mémoire>", schema_checked: bool = False
) -> RuleSet:
    problems = [] if schema_checked else [_schema_message(data, e) for e in _schema_errors(data)]
    if not problems:
        problems = _semantic_problems(data)
    if problems:
        raise RulesError(f"Fichier de règles invalide : {path}", problems)
    questions = tuple(
        Question(
            id=q["id"],
            levels=tuple(q["levels"]),
            type=q["type"],
            text=q["text"],
            help=q.get("help", ""),
            choices=dict(q.get("choices", {})),
            ask_when=q.get("ask_when"),
            has_default="default" in q,
            default=q.get("default"),
        )
        for q in data["questions"]
    )
    rules = tuple(
        Rule(
            id=r["id"],
            references=tuple(r["reference"]),
            when=r["when"],
            orientations=tuple(OrientationSpec(**o) for o in r["then"].get("orientations", [])),
            forms=tuple(r["then"].get("forms", [])),
            urgent=bool(r["then"].get("urgent", False)),
            warnings=tuple(r["then"].get("warnings", [])),
            prefill=dict(r["then"].get("prefill", {})),
            actions=tuple(
                ActionSpec(
                    order=a["order"],
                    who=a["who"],
                    text=a["text"],
                    references=tuple(a.get("reference", ())),
                )
                for a in r["then"].get("actions", [])
            ),
            consents=tuple(r["then"].get("consents", [])),
        )
        for r in data["rules"]
    )
    return RuleSet(
        version=str(data["version"]),
        sha256=sha256,
        path=path,
        convention=data["convention"],
        references=dict(data["references"]),
        services=dict(data["services"]),
        forms=dict(data["forms"]),
        questions=questions,
        definitions=dict(data.get("definitions", {})),
        rules=rules,
        consents=dict(data.get("consents", {})),
    )


# --- schema errors, in French ------------------------------------------------


def _schema_errors(data: Any) -> list[ValidationError]:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    # oneOf failures come with one sub-error per branch; keep the outer one.
    return errors


def _locate(data: Any, path: list[Any]) -> tuple[str, str]:
    """Name the rule/question holding ``path`` and the field inside it."""
    if len(path) >= 2 and path[0] in ("rules", "questions") and isinstance(path[1], int):
        kind = "règle" if path[0] == "rules" else "question"
        try:
            ident = data[path[0]][path[1]].get("id", f"n°{path[1] + 1}")
        except (AttributeError, IndexError, KeyError, TypeError):
            ident = f"n°{path[1] + 1}"
        rest = path[2:]
        owner = f"{kind} « {ident} »"
    elif path and path[0] == "definitions" and len(path) >= 2:
        owner, rest = f"définition « {path[1]} »", path[2:]
    else:
        owner, rest = "fichier", path
    field_name = ""
    for part in rest:
        field_name += (
            f"[{part}]" if isinstance(part, int) else (f".{part}" if field_name else str(part))
        )
    return owner, field_name or "(racine)"


def _schema_message(data: Any, err: ValidationError) -> str:
    owner, field_name = _locate(data, list(err.absolute_path))
    v = err.validator
    instance: Any = err.instance
    schema: Any = err.schema
    vvalue: Any = err.validator_value
    if v == "required":
        missing = str(err.message).split("'")[1] if "'" in err.message else "?"
        what = f"le champ obligatoire « {missing} » manque"
    elif v == "additionalProperties":
        extra = sorted(set(instance) - set(schema.get("properties", {})))
        what = f"champ inconnu « {', '.join(extra)} »"
    elif v in ("enum", "const"):
        allowed = vvalue if v == "enum" else [vvalue]
        what = f"valeur « {err.instance} » non permise (attendu : {', '.join(map(str, allowed))})"
    elif v == "type":
        expected = str(err.validator_value)
        what = f"type incorrect, attendu : {_TYPE_FR.get(expected, expected)}"
    elif v in ("minItems", "minProperties", "minLength"):
        what = "ne doit pas être vide"
    elif v == "pattern":
        what = f"identifiant « {err.instance} » mal formé (minuscules, chiffres et _ seulement)"
    elif v == "oneOf":
        what = (
            "condition mal formée : attendu all, any, not, ref, ou q avec un seul de "
            "eq, in, contains, not_empty, answered"
        )
    else:
        what = f"valeur refusée ({v})"
    return f"{owner}, champ « {field_name} » : {what}"


_TYPE_FR = {
    "object": "un objet",
    "array": "une liste",
    "string": "un texte",
    "integer": "un nombre entier",
    "boolean": "vrai ou faux",
}


# --- meaning -----------------------------------------------------------------


def _semantic_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    questions: dict[str, dict[str, Any]] = {}
    definitions = data.get("definitions", {})

    for name, cond in definitions.items():
        problems += _condition_problems(
            cond, f"définition « {name} »", "", questions_all(data), definitions, set()
        )
    order = {q["id"]: i for i, q in enumerate(data["questions"])}
    for i, q in enumerate(data["questions"]):
        owner = f"question « {q['id']} »"
        if q["id"] in questions:
            problems.append(f"{owner} : identifiant en double")
        questions[q["id"]] = q
        if q["type"] in (CHOICE, MULTI) and not q.get("choices"):
            problems.append(f"{owner}, champ « choices » : obligatoire pour le type {q['type']}")
        if q["type"] == BOOL and q.get("choices"):
            problems.append(f"{owner}, champ « choices » : interdit pour une question oui/non")
        if "default" in q and not _value_fits(q, q["default"]):
            problems.append(f"{owner}, champ « default » : valeur « {q['default']} » impossible")
        if "ask_when" in q:
            problems += _condition_problems(
                q["ask_when"], owner, "ask_when", questions_all(data), definitions, set()
            )
            try:
                later = [
                    r
                    for r in referenced_questions(q["ask_when"], definitions)
                    if order.get(r, -1) >= i
                ]
            except KeyError:
                later = []
            for r in sorted(later):
                problems.append(
                    f"{owner}, champ « ask_when » : dépend de « {r} », qui n'est pas posée avant"
                )

    rule_ids: set[str] = set()
    for r in data["rules"]:
        owner = f"règle « {r['id']} »"
        if r["id"] in rule_ids:
            problems.append(f"{owner} : identifiant en double")
        rule_ids.add(r["id"])
        for j, ref in enumerate(r["reference"]):
            if ref not in data["references"]:
                problems.append(
                    f"{owner}, champ « reference[{j}] » : référence inconnue « {ref} » "
                    f"(connues : {', '.join(data['references'])})"
                )
        problems += _condition_problems(r["when"], owner, "when", questions, definitions, set())
        then = r["then"]
        for j, o in enumerate(then.get("orientations", [])):
            if o["service"] not in data["services"]:
                problems.append(
                    f"{owner}, champ « then.orientations[{j}].service » : service inconnu "
                    f"« {o['service']} » (connus : {', '.join(data['services'])})"
                )
        for j, f in enumerate(then.get("forms", [])):
            if f not in data["forms"]:
                problems.append(
                    f"{owner}, champ « then.forms[{j}] » : fiche inconnue « {f} » "
                    f"(connues : {', '.join(data['forms'])})"
                )
        for f in then.get("prefill", {}):
            if f not in data["forms"]:
                problems.append(f"{owner}, champ « then.prefill.{f} » : fiche inconnue « {f} »")
        consents = data.get("consents", {})
        for j, c in enumerate(then.get("consents", [])):
            if c not in consents:
                problems.append(
                    f"{owner}, champ « then.consents[{j}] » : accord inconnu « {c} » "
                    f"(connus : {', '.join(consents) or 'aucun'})"
                )
        for j, a in enumerate(then.get("actions", [])):
            for k, ref in enumerate(a.get("reference", [])):
                if ref not in data["references"]:
                    problems.append(
                        f"{owner}, champ « then.actions[{j}].reference[{k}] » : "
                        f"référence inconnue « {ref} »"
                    )
    return problems


def questions_all(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in data["questions"]}


def _value_fits(q: dict[str, Any], value: Any) -> bool:
    if q["type"] == BOOL:
        return isinstance(value, bool)
    choices = q.get("choices", {})
    if q["type"] == CHOICE:
        return isinstance(value, str) and value in choices
    return isinstance(value, list) and all(v in choices for v in value)


def _condition_problems(
    cond: dict[str, Any],
    owner: str,
    where: str,
    questions: dict[str, dict[str, Any]],
    definitions: dict[str, Any],
    seen: set[str],
) -> list[str]:
    label = f"{owner}, champ « {where} »" if where else owner
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        out: list[str] = []
        for i, part in enumerate(cond[key]):
            out += _condition_problems(
                part, owner, f"{where}.{key}[{i}]".lstrip("."), questions, definitions, seen
            )
        return out
    if "not" in cond:
        return _condition_problems(
            cond["not"], owner, f"{where}.not".lstrip("."), questions, definitions, seen
        )
    if "ref" in cond:
        name = cond["ref"]
        if name not in definitions:
            return [f"{label} : définition inconnue « {name} »"]
        if name in seen:
            return [f"{label} : la définition « {name} » se référence elle-même"]
        return _condition_problems(
            definitions[name], owner, where, questions, definitions, seen | {name}
        )
    qid = cond["q"]
    q = questions.get(qid)
    if q is None:
        return [f"{label} : question inconnue « {qid} »"]
    op = next(k for k in cond if k != "q")
    if op == "answered":
        return []
    values = cond[op] if op == "in" else [cond[op]]
    if op == "not_empty":
        return [] if q["type"] == MULTI else [f"{label} : not_empty ne s'applique qu'à une liste"]
    if op == "contains":
        if q["type"] != MULTI:
            return [f"{label} : contains ne s'applique qu'à une question à choix multiples"]
        values = [cond[op]]
        q = {**q, "type": CHOICE}
    bad = [v for v in values if not _value_fits(q, v)]
    if bad:
        allowed = "vrai, faux" if q["type"] == BOOL else ", ".join(q.get("choices", {}))
        return [f"{label} : valeur « {bad[0]} » impossible pour « {qid} » (possibles : {allowed})"]
    return []
