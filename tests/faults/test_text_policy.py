"""The character policy and the bounded readers of the command line's data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from asip_desktop import text_policy
from asip_desktop.commands.io import MAX_DATA_BYTES, read_data_file
from asip_desktop.core.yaml_load import YamlRefused, load_yaml
from asip_desktop.errors import UserError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Le Gall", None),
        ("Quéméner\tx", None),
        ("a\x00b", "caractère nul non autorisé (position 2)"),
        ("\x1b[2J", "caractère de contrôle non autorisé (position 1)"),
        ("\x85", "caractère de contrôle"),
        ("ab\u202ecd", "direction d'écriture non autorisé (position 3)"),
        ("\u2067x", "direction d'écriture"),
        ("\ud83d", "demi-caractère UTF-16 isolé"),
        ("a\nb", "retour à la ligne non autorisé"),
        ("a\u2028b", "retour à la ligne non autorisé"),
        ("x" * 201, "200 caractères au plus (201 reçus)"),
    ],
)
def test_problem(value: str, expected: str | None) -> None:
    found = text_policy.problem(value, max_length=200)
    assert found == expected if expected is None else expected in (found or "")


def test_multiline_allows_line_ends_only() -> None:
    assert text_policy.problem("a\r\nb\n", max_length=10, multiline=True) is None
    assert text_policy.problem("a\n\x00", max_length=10, multiline=True)


def test_clean_names_the_field_never_the_value() -> None:
    assert text_policy.clean("\u200eRennes\u200f", "Ville") == "Rennes"
    with pytest.raises(text_policy.TextPolicyError) as err:
        text_policy.clean("Secret\x00Nom", "Nom de naissance")
    assert str(err.value).startswith("Nom de naissance : caractère nul")
    assert "Secret" not in str(err.value)


def test_nested_data_keys_and_values() -> None:
    assert text_policy.first_problem_in({"a": ["ok", {"b": "x\x00"}]}) is not None
    assert "a[1].b" in (text_policy.first_problem_in({"a": ["ok", {"b": "x\x00"}]}) or "")
    assert text_policy.first_problem_in({"k\u202e": 1}) == (
        "un nom de champ : caractère de contrôle de direction d'écriture non autorisé (position 2)"
    )
    assert text_policy.first_problem_in({"a": [1, 2.5, None, True, "é\n"]}) is None


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return make


def test_json_with_a_bom_is_read(write) -> None:  # type: ignore[no-untyped-def]
    assert read_data_file(write("r.json", b'\xef\xbb\xbf{"demande": "x"}'), "Réponses") == {
        "demande": "x"
    }


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("big.json", b'{"a": ' + b"9" * 5000 + b"}", "contient un nombre trop long"),
        ("big.yaml", b"a: " + b"9" * 5000, "nombre trop long"),
        ("s.json", b'{"nom": "\\ud800"}', "demi-caractère UTF-16 isolé"),
        ("n.json", b'{"nom": "a\\u0000"}', "nom : caractère nul"),
        ("b.json", b'{"nom": "\\u202e"}', "direction d'écriture"),
        ("l.json", b" " * (MAX_DATA_BYTES + 1), "trop grand"),
        ("c.json", b"\xff\xfe{}", "n'est pas un texte UTF-8"),
        (
            "bomb.yaml",
            b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
            "ancres et alias YAML",
        ),
    ],
)
def test_bad_data_files_are_refused_in_french(write, name, data, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match=message):
        read_data_file(write(name, data), "Réponses")


def test_yaml_aliases_refused_plain_yaml_read() -> None:
    with pytest.raises(YamlRefused):
        load_yaml("a: &x 1\nb: *x\n")
    assert load_yaml("a: '*' \nb: 'R&D'\n") == {"a": "*", "b": "R&D"}


def test_rules_cache_is_owner_only(isolated_data_dir: Path) -> None:
    import stat

    from asip_desktop.core.ruleset import load_rules

    load_rules(use_memo=True)
    (memo,) = (isolated_data_dir / "cache").glob("rules-*.json")
    assert stat.S_IMODE(memo.stat().st_mode) == 0o600
