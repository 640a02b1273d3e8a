"""Malformed inputs through every entry point, as real processes with resource limits.

Entry points: ``orient``, ``rules check``, ``cases new`` (answers and identity),
``forms`` (liaison, detection, orientation) and ``directory import``. Families
(from the issue): integers of more than 4 300 digits, lone UTF-16 surrogates, CSV
with CR-only line ends, YAML alias bombs, a tiny ``.tar.bz2`` expanding to
hundreds of MB, oversized CSV and fields, NUL / control / bidi-override
characters, an e-mail holding a NUL, header-only and empty directory files, JSON
with a UTF-8 BOM.

Each run must exit 0, 1 or 2, print no traceback, stay under ``WALL_SECONDS`` and
``MAX_RSS_MB``; at the end nothing invalid is stored (every text of the store and
of the directory passes the character policy) and no PDF is left by a refused
form. The suite runs the corpus below (about 60 processes); ``ASIP_FUZZ_FULL=1``
adds ~400 generated inputs, a 616 MB bomb and a 100 MB CSV.
"""

from __future__ import annotations

import bz2
import json
import os
import random
import resource
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from asip_desktop import text_policy
from asip_desktop.store.database import raw_connect
from tests.support.file_keyring import NAME as FILE_KEYRING

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
WALL_SECONDS = 60
MAX_RSS_MB = 700
ADDRESS_SPACE = 2 << 30
FULL = bool(os.environ.get("ASIP_FUZZ_FULL"))

BAD_TEXTS = {
    "nul": "Le\x00Gall",
    "controle": "Le\x1b[31mGall",
    "c1": "Le\x85Gall",
    "bidi": "\u202eLLAG EL",
    "isolat": "Le \u2066Gall",
    "surrogate": "Le\ud800Gall",
    "3mo": "N" * 3_000_000,
}
BIG_INT = "9" * 5000
ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    + ["demande: droits_retraite"]
)


@dataclass
class Input:
    id: str
    args: list[str]
    expect: int | None  # the exit status expected, or None for any of 0, 1, 2
    out: Path | None = None  # a PDF that must exist only on exit 0


def dumps(data: Any) -> bytes:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, as a hostile file would
    return json.dumps(data, ensure_ascii=True).encode("ascii")


def tar_bz2(path: Path, expanded: int) -> Path:
    """A .tar.bz2 whose only member is a JSON "services" file made of spaces."""
    head, tail = b'{"service": [', b"]}"
    info = tarfile.TarInfo("2026-01-01_data.gouv_local.json")
    info.size = len(head) + expanded + len(tail)
    compressor = bz2.BZ2Compressor(9)
    out = [compressor.compress(info.tobuf(format=tarfile.GNU_FORMAT) + head)]
    block = b" " * (1 << 20)
    for _ in range(expanded >> 20):
        out.append(compressor.compress(block))
    rest = expanded - (expanded >> 20 << 20)
    padding = (512 - info.size % 512) % 512
    out.append(compressor.compress(b" " * rest + tail + b"\0" * (padding + 1024)))
    out.append(compressor.flush())
    path.write_bytes(b"".join(out))
    return path


def corpus(tmp: Path, full: bool) -> list[Input]:
    files = tmp / "entrees"
    files.mkdir()
    counter = iter(range(100_000))

    def put(name: str, content: bytes | str) -> str:
        path = files / f"{next(counter):04d}-{name}"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return str(path)

    valid_answers = {"demande": "droits_retraite", "retraite": "recours_epuises"}
    answers: dict[str, tuple[bytes | str, str, int | None]] = {
        "entier-4301": (f'{{"demande": {BIG_INT}}}', "json", 2),
        "entier-yaml": (f"demande: {BIG_INT}\n", "yaml", 2),
        "surrogate": (b'{"demande": "\\ud800"}', "json", 2),
        "bombe-alias": (ALIAS_BOMB, "yaml", 2),
        "cle-nul": (b'{"dem\\u0000ande": "x"}', "json", 2),
        "bidi": (dumps({"demande": "\u202edroits"}), "json", 2),
        "bom": (b"\xef\xbb\xbf" + dumps(valid_answers), "json", 0),
        "imbrication": ("[" * 100_000 + "]" * 100_000, "json", 2),
        "texte-3mo": (dumps({"demande": "x" * 3_000_000}), "json", 2),
        "pas-utf8": (b'{"demande": "\xff\xfe"}', "json", 2),
        "vide": (b"", "json", 2),
        "cr-seuls": (b'{"demande":\r"droits_retraite",\r"retraite": "recours_epuises"}', "json", 0),
    }
    inputs: list[Input] = []
    for name, (content, ext, expect) in answers.items():
        path = put(f"reponses-{name}.{ext}", content)
        inputs.append(Input(f"orient-{name}", ["orient", "--answers", path], expect))
        inputs.append(Input(f"cases-new-{name}", ["cases", "new", "--answers", path], expect))
        out = files / f"orientation-{name}.pdf"
        inputs.append(
            Input(
                f"forms-orientation-{name}",
                ["forms", "orientation", "--answers", path, "--out", str(out)],
                expect,
                out,
            )
        )
    bomb_rules = put("regles-bombe.yaml", ALIAS_BOMB)
    inputs.append(Input("rules-check-bombe", ["rules", "check", "--rules", bomb_rules], 2))
    inputs.append(
        Input(
            "orient-rules-bombe",
            ["orient", "--rules", bomb_rules, "--answers", put("r.json", dumps(valid_answers))],
            2,
        )
    )

    answers_file = put("reponses.json", dumps(valid_answers))
    people = {f"identite-{k}": ({"nom_naissance": v}, 2) for k, v in BAD_TEXTS.items()}
    people["email-nul"] = ({"nom_naissance": "Le Gall", "email": "a\x00@exemple.fr"}, 2)
    people["entier"] = ({"nom_naissance": 12}, 2)
    people["entier-4301"] = (BIG_INT, 2)
    people["marques-direction"] = ({"nom_naissance": "\u200eLe Gall\u200f"}, 0)
    for name, (person, expect) in people.items():
        content = f'{{"nom_naissance": {person}}}' if isinstance(person, str) else dumps(person)
        path = put(f"personne-{name}.json", content)
        inputs.append(
            Input(
                f"cases-new-{name}",
                ["cases", "new", "--answers", answers_file, "--person", path],
                expect,
            )
        )

    for form in ("liaison", "detection"):
        sample = json.loads((EXAMPLES / f"fiche-{form}.json").read_text("utf-8"))
        variants: dict[str, tuple[bytes, int]] = {}
        for key, text in BAD_TEXTS.items():
            data = json.loads(json.dumps(sample))
            data["personne"]["nom_naissance"] = text
            variants[key] = (dumps(data), 2)
        data = json.loads(json.dumps(sample))
        data["personne"]["email"] = "elodie\x00@example.org"
        variants["email-nul"] = (dumps(data), 2)
        data = json.loads(json.dumps(sample))
        data["commentaire"] = "c" * 3_000_000
        variants["commentaire-3mo"] = (dumps(data), 2)
        variants["entier-4301"] = (
            dumps(sample).replace(b'"date_creation"', f'"x": {BIG_INT}, "date_creation"'.encode()),
            2,
        )
        variants["bom"] = (b"\xef\xbb\xbf" + dumps(sample), 0)
        for name, (content, expect) in variants.items():
            path = put(f"{form}-{name}.json", content)
            out = files / f"{form}-{name}.pdf"
            inputs.append(
                Input(
                    f"forms-{form}-{name}",
                    ["forms", form, "--data", path, "--out", str(out)],
                    expect,
                    out,
                )
            )

    example = (EXAMPLES / "annuaire-local-exemple.csv").read_bytes().replace(b"\r\n", b"\n")
    header, first, rest = example.split(b"\n", 2)
    cells = first.split(b";")

    def with_name(name: str) -> bytes:
        row = cells[:]
        row[2] = name.encode("utf-8", "surrogatepass")
        return b"\n".join([header, b";".join(row), rest])

    directory: dict[str, tuple[str, bytes | Path, int | None]] = {
        "cr-seuls": ("csv", example.replace(b"\n", b"\r"), 0),
        "entete-seule": ("csv", header + b"\n", 2),
        "vide": ("csv", b"", 2),
        "json-bom": (
            "json",
            b"\xef\xbb\xbf" + (EXAMPLES / "annuaire-local-exemple.json").read_bytes(),
            0,
        ),
        "annuaire-entier-4301": ("json", f'{{"service": [{{"id": {BIG_INT}}}]}}'.encode(), 2),
        "archive-illisible": ("tar.bz2", os.urandom(300), 2),
        "csv-25mo": ("csv", header + b"\n" + (b"x" * 1000 + b"\n") * 25_000, 2),
        "ligne-geante": ("csv", header + b"\n" + b"y" * 5_000_000 + b"\n", 2),
    }
    local_json = json.loads((EXAMPLES / "annuaire-local-exemple.json").read_text("utf-8"))
    for key, text in BAD_TEXTS.items():
        # a lone surrogate is not UTF-8: a CSV holding one is read as cp1252 (valid text)
        directory[f"nom-{key}"] = ("csv", with_name(text), None if key == "surrogate" else 2)
        doc = json.loads(json.dumps(local_json))
        doc["entrees"][0]["nom"] = text
        directory[f"json-nom-{key}"] = ("json", dumps(doc), 2)
    directory["bombe-128mo"] = ("tar.bz2", tar_bz2(files / "bombe.tar.bz2", 128 << 20), 2)
    if full:
        directory["bombe-616mo"] = ("tar.bz2", tar_bz2(files / "bombe-616.tar.bz2", 616 << 20), 2)
        directory["csv-100mo"] = ("csv", header + b"\n" + (b"z;" * 500 + b"\n") * 100_000, 2)
    for name, (ext, content, expect) in directory.items():
        path = str(content) if isinstance(content, Path) else put(f"annuaire-{name}.{ext}", content)
        inputs.append(Input(f"directory-import-{name}", ["directory", "import", path], expect))

    if full:
        inputs += generated(put, answers_file, random.Random(15))
    return inputs


DANGEROUS = "aé \x00\x01\x1b\x7f\x85\u200e\u202a\u202e\u2066\u2069\u2028\ufeff\ud800\udfff\n\t"


def generated(put: Any, answers_file: str, rng: random.Random) -> list[Input]:
    """~400 more: random texts from a dangerous alphabet in identities, fiches, answers."""
    inputs = []
    sample = json.loads((EXAMPLES / "fiche-liaison.json").read_text("utf-8"))
    for n in range(400):
        text = "".join(rng.choice(DANGEROUS) for _ in range(rng.randint(1, 40)))
        field = rng.choice(["nom_naissance", "prenom", "adresse", "email", "telephone", "nir"])
        if n % 3 == 0:
            path = put(f"gen-personne-{n}.json", dumps({field: text}))
            args = ["cases", "new", "--answers", answers_file, "--person", path]
        elif n % 3 == 1:
            data = json.loads(json.dumps(sample))
            data["personne"][field] = text
            out = Path(put(f"gen-liaison-{n}.pdf", b""))
            out.unlink()
            path = put(f"gen-liaison-{n}.json", dumps(data))
            inputs.append(
                Input(
                    f"gen-{n}", ["forms", "liaison", "--data", path, "--out", str(out)], None, out
                )
            )
            continue
        else:
            path = put(f"gen-reponses-{n}.json", dumps({"demande": text}))
            args = ["orient", "--answers", path]
        inputs.append(Input(f"gen-{n}", args, None))
    return inputs


def limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (WALL_SECONDS, WALL_SECONDS))


def run_cli(data: Path, env: dict[str, str], args: list[str]) -> tuple[int, str, float, float]:
    """(exit status, stderr, seconds, peak RSS in MB) of one run, killed past the bound."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "asip_desktop", "--data-dir", str(data), *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limits,
    )
    timer = threading.Timer(WALL_SECONDS, proc.kill)
    timer.start()
    try:
        assert proc.stderr is not None
        err = proc.stderr.read()
        # this child's own peak memory (RUSAGE_CHILDREN would give the max of all)
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
        if proc.stderr is not None:
            proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (
        proc.returncode,
        err.decode("utf-8", "replace"),
        time.monotonic() - started,
        usage.ru_maxrss / 1024,
    )


def stored_texts(data: Path, key: bytes) -> list[str]:
    conn = raw_connect(data / "cases.db", key, setup=False)
    texts: list[str] = []
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                texts += [v for v in row if isinstance(v, str)]
    finally:
        conn.close()
    return texts


def policy_breaches(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        try:
            value: Any = json.loads(text)
        except ValueError:
            value = text
        problem = text_policy.first_problem_in(value, max_length=text_policy.NOTE_MAX)
        if problem:
            found.append(problem)
    return found


@pytest.fixture
def fuzz_env(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "donnees"
    data.mkdir(mode=0o700)
    # the test keyring is a plaintext file: refused unless allowed by name (as here)
    (data / "settings.json").write_text(json.dumps({"allowed_keyring_backend": FILE_KEYRING}))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": FILE_KEYRING,
        "ASIP_TEST_KEYRING_FILE": str(tmp_path / "coffre-de-test.json"),
    }
    env.pop("ASIP_DESKTOP_DATA_DIR", None)
    code, err, _, _ = run_cli(data, env, ["cases", "settings", "--cdas", "CDAS Fuzz"])
    assert code == 0, err
    return data, env


@pytest.mark.integration
def test_malformed_inputs_through_every_entry_point(
    tmp_path: Path, fuzz_env: tuple[Path, dict[str, str]]
) -> None:
    data, env = fuzz_env
    inputs = corpus(tmp_path, FULL)
    failures = []
    slowest = 0.0
    for item in inputs:
        code, err, seconds, rss = run_cli(data, env, item.args)
        slowest = max(slowest, seconds)
        if code not in (0, 1, 2) or "Traceback" in err:
            failures.append(f"{item.id}: sortie {code} {err[-300:]!r}")
        elif item.expect is not None and code != item.expect:
            failures.append(f"{item.id}: sortie {code} au lieu de {item.expect} {err[-300:]!r}")
        if rss > MAX_RSS_MB:
            failures.append(f"{item.id}: {rss:.0f} Mo de mémoire")
        if item.out is not None and code != 0 and item.out.exists():
            failures.append(f"{item.id}: PDF écrit malgré le refus")
    assert failures == [], "\n".join(failures)
    assert slowest < WALL_SECONDS

    # nothing invalid stored: every text of every table, and the directory files
    keyring_file = json.loads(Path(env["ASIP_TEST_KEYRING_FILE"]).read_text())
    (key_hex,) = keyring_file.values()
    texts = stored_texts(data, bytes.fromhex(key_hex))
    assert any("Le Gall" in t for t in texts)  # the valid inputs were stored
    assert policy_breaches(texts) == []
    directory_texts = [p.read_text("utf-8") for p in (data / "directory").glob("*.json")]
    assert directory_texts  # the valid imports were kept
    assert policy_breaches(directory_texts) == []
