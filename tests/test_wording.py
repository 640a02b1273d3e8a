"""Words a person at the counter reads: no developer words, one spelling of « Cedex »."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [
    *ROOT.glob("asip_desktop/**/*.py"),
    *ROOT.glob("resources/**/*.yaml"),
    *ROOT.glob("resources/**/*.json"),
    *ROOT.glob("resources/**/*.csv"),
    *ROOT.glob("docs/*.md"),
]
# Messages about the rules file and JSON input name the file's own syntax (true/false,
# null) on purpose: they are read by the administrator editing that file.
ADMIN_FILES = {"core/ruleset.py", "core/answers.py"}


def test_cedex_is_spelled_one_way():
    wrong = []
    for path in SHIPPED:
        for line_no, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for word in re.findall(r"\b[cC][eéEÉ][dD][eE][xX]\b", line):
                if word != "Cedex":
                    wrong.append(f"{path.relative_to(ROOT)}:{line_no}: {word}")
    assert wrong == []
    assert any("Rennes Cedex" in p.read_text("utf-8") for p in SHIPPED)


def test_no_developer_words_in_messages():
    found = []
    pattern = re.compile(r"\((?:true|false)\)|\bOUI \(true\)|\bNON \(false\)")
    for path in ROOT.glob("asip_desktop/**/*.py"):
        if path.relative_to(ROOT / "asip_desktop").as_posix() in ADMIN_FILES:
            continue
        for line_no, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{line_no}: {line.strip()}")
    assert found == []
