"""Directory imports under bad input: empty files, deletions confirmed, CR-only line
ends, the character policy, decompression bombs and oversized files."""

from __future__ import annotations

import bz2
import io
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from asip_desktop.directory import annuaire, local_format
from asip_desktop.directory.catalog import Directory
from asip_desktop.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "annuaire-local-exemple.csv"
HEADER = EXAMPLE.read_text("utf-8").splitlines()[0]


def cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asip_desktop", "--data-dir", str(data), "directory", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        input=stdin,
    )


def refused(path: Path) -> str:
    with pytest.raises(UserError) as err:
        Directory.load().plan_import(path)
    return str(err.value)


@pytest.mark.parametrize("content", ["", "\ufeff", HEADER + "\n", HEADER + "\r\n\r\n;;;\n"])
def test_an_empty_file_or_a_lone_header_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "vide.csv"
    path.write_text(content, "utf-8")
    message = refused(path)
    assert "rien n'a été importé" in message
    assert "aucune entrée" in message or "fichier vide" in message


def test_a_lone_header_no_longer_wipes_the_local_directory(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    assert cli(data, "import", str(EXAMPLE)).returncode == 0
    header_only = tmp_path / "entete.csv"
    header_only.write_text(HEADER + "\n", "utf-8")
    out = cli(data, "import", str(header_only))
    assert out.returncode == 2 and "aucune entrée" in out.stderr, out
    assert "Traceback" not in out.stderr
    again = cli(data, "import", str(EXAMPLE), "--dry-run")  # the 21 entries are all there
    assert "0 ajoutée(s), 0 supprimée(s), 0 modifiée(s), 21 inchangée(s)" in again.stdout


def test_an_import_that_deletes_entries_needs_a_confirmation(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    assert cli(data, "import", str(EXAMPLE)).returncode == 0
    lines = EXAMPLE.read_text("utf-8").splitlines()
    fewer = tmp_path / "moins.csv"
    fewer.write_text("\n".join(lines[:-1]) + "\n", "utf-8")
    out = cli(data, "import", str(fewer))  # not a terminal, no --yes
    assert out.returncode == 2
    assert "supprimerait 1 entrée(s)" in out.stderr and "--yes" in out.stderr
    assert "1 supprimée(s)" in out.stdout  # the plan is shown first
    assert "0 ajoutée(s), 0 supprimée(s)" in cli(data, "import", str(EXAMPLE), "--dry-run").stdout
    out = cli(data, "import", str(fewer), "--yes")
    assert out.returncode == 0 and "Import terminé." in out.stdout


def test_cr_only_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(EXAMPLE.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    plan = Directory.load().plan_import(path)
    assert plan.local is not None and len(plan.local) == 21


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("Nom\x00caché", "caractère nul"),
        ("\u202eSADC", "direction d'écriture"),
        ("N" * 3000, "200 caractères au plus"),
    ],
)
def test_directory_fields_follow_the_character_policy(
    tmp_path: Path, bad: str, expected: str
) -> None:
    rows = EXAMPLE.read_text("utf-8").splitlines()
    header = rows[0].split(";")
    cells = rows[1].split(";")
    cells[header.index("nom")] = bad
    path = tmp_path / "x.csv"
    path.write_text("\n".join([rows[0], ";".join(cells), *rows[2:]]) + "\n", "utf-8")
    message = refused(path)
    assert "champ « nom »" in message and expected in message


def test_an_oversized_local_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_format, "MAX_LOCAL_BYTES", 1000)
    path = tmp_path / "gros.csv"
    path.write_text(HEADER + "\n" + "x;" * 2000 + "\n", "utf-8")
    assert "trop grand pour un annuaire local" in refused(path)


def bomb(path: Path, expanded: int) -> Path:
    """A tar.bz2 whose JSON member is mostly spaces: tiny on disk, huge once expanded."""
    member = b'{"service": [' + b" " * expanded + b"]}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("2026-01-01_data.gouv_local.json")
        info.size = len(member)
        tar.addfile(info, io.BytesIO(member))
    path.write_bytes(bz2.compress(buffer.getvalue(), 9))
    return path


def test_a_decompression_bomb_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = bomb(tmp_path / "bombe.tar.bz2", 40 << 20)
    assert path.stat().st_size < 2000  # a few hundred bytes expanding to 40 MB
    monkeypatch.setattr(annuaire, "MIN_RATIO_BYTES", 4 << 20)
    started = time.monotonic()
    message = refused(path)
    assert time.monotonic() - started < 10
    assert "archive anormale" in message and "lecture arrêtée" in message


def test_too_many_records_are_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annuaire, "MAX_RECORDS", 100)
    path = tmp_path / "services.json"
    path.write_text('{"service": [' + ",".join(["{}"] * 500) + "]}", "utf-8")
    assert "plus de 100 fiches" in refused(path)


@pytest.mark.parametrize(
    ("suffix", "mode"), [(".tar.gz", "w:gz"), (".tar", "w"), (".tar.xz", "w:xz")]
)
def test_gzip_xz_and_plain_archives_still_import(tmp_path: Path, suffix: str, mode: str) -> None:
    from tests.directory import synthetic_annuaire

    json_path = tmp_path / "x.json"
    kept = synthetic_annuaire.write(json_path, 300, lean=True)
    archive = tmp_path / f"all_latest{suffix}"
    with tarfile.open(archive, mode) as tar:  # type: ignore[call-overload]
        tar.add(json_path, arcname="2024-12-04_060019-data.gouv_local.json")
    result = annuaire.import_annuaire(archive)
    assert len(result.entries) == kept
