"""``asip-desktop directory …`` run as real processes on an isolated data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "annuaire-local-exemple.csv"
ETALAB = ROOT / "tests" / "directory" / "data" / "annuaire-sample-35-etalab-v1.json"


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asip_desktop", "--data-dir", str(data), "directory", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_cdas_for_without_local_directory(tmp_path):
    out = cli(tmp_path, "cdas-for", "St Malo")
    assert out.returncode == 0
    assert "Saint-Malo (INSEE 35288)" in out.stdout
    assert "Aucun annuaire local des CDAS n'est chargé" in out.stdout
    assert "directory import" in out.stdout
    unknown = cli(tmp_path, "cdas-for", "Quimper", "--json")
    assert unknown.returncode == 1
    assert "introuvable" in json.loads(unknown.stdout)["message"]


def test_dry_run_then_import_then_cdas_for(tmp_path):
    dry = cli(tmp_path, "import", str(EXAMPLE), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "21 ajoutée(s)" in dry.stdout and "rien n'a été importé" in dry.stdout
    assert not (tmp_path / "directory" / "local.json").exists()
    done = cli(tmp_path, "import", str(EXAMPLE))
    assert done.returncode == 0 and "Import terminé." in done.stdout
    answer = json.loads(cli(tmp_path, "cdas-for", "35238", "--json").stdout)
    assert answer["communes"][0]["nom"] == "Rennes"
    assert len(answer["communes"][0]["cdas"]) == 2
    assert "secteur" in answer["message"]
    again = cli(tmp_path, "import", str(EXAMPLE), "--dry-run")
    assert "0 ajoutée(s), 0 supprimée(s), 0 modifiée(s), 21 inchangée(s)" in again.stdout


def test_rejected_file_exits_2_with_line_and_field(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "type;nom;telephones;source;date_source\ncdas;CDAS X;02 99;S;2026-01-01\n",
        encoding="utf-8",
    )
    out = cli(tmp_path, "import", str(bad))
    assert out.returncode == 2
    assert "ligne 2, champ « telephones » : élément 1 mal formé" in out.stderr
    assert "ligne 2, champ « communes_couvertes »" in out.stderr


def test_status_search_export(tmp_path):
    assert cli(tmp_path, "import", str(ETALAB)).returncode == 0
    status = json.loads(cli(tmp_path, "status", "--json", "--max-age", "9").stdout)
    assert status["anciennete_max_mois"] == 9
    by_source = {s["source"]: s for s in status["sources"]}
    assert by_source["annuaire"]["entrees"] == 9 and by_source["convention"]["entrees"] == 5
    assert by_source["annuaire"]["fichier"] == ETALAB.name
    text = cli(tmp_path, "status").stdout
    assert "au-delà de 9 mois" in text and "CDAS : aucun annuaire local chargé" in text
    found = json.loads(cli(tmp_path, "search", "maison handicapees", "--json").stdout)
    assert [e["type"] for e in found] == ["mdph"] and found[0]["ancienne"] is True
    plain = cli(tmp_path, "search", "ssr35").stdout
    assert "ssr35.rennes@carsat-bretagne.fr" in plain and "Source : Convention" in plain
    out = tmp_path / "partage.json"
    assert cli(tmp_path, "export", str(out)).returncode == 0
    assert len(json.loads(out.read_text("utf-8"))["annuaire_administration"]["entrees"]) == 9
