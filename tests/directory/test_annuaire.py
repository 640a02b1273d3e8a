"""Import of the Annuaire de l'administration: real samples, variants, archive, memory bound."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import textwrap

import pytest

from asip_desktop.directory.annuaire import AnnuaireFormatError, import_annuaire, is_annuaire_file
from asip_desktop.directory.catalog import Directory
from asip_desktop.errors import UserError
from tests.directory import synthetic_annuaire
from tests.directory.conftest import DATA, ROOT


def test_real_v4_sample_is_read_and_left_out_as_not_35(tmp_path):
    result = import_annuaire(DATA / "annuaire-sample.json")
    assert result.records == 1
    assert result.entries == []  # a mairie of the Eure
    assert result.skipped_types == {"mairie": 1}


def test_real_v4_sample_moved_to_35_becomes_an_entry(tmp_path):
    doc = json.loads((DATA / "annuaire-sample.json").read_text("utf-8"))
    record = doc["service"][0]
    record["pivot"][0]["type_service_local"] = "caf"
    record["code_insee_commune"] = "35238"
    path = tmp_path / "one.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (entry,) = import_annuaire(path).entries
    assert entry.kind == "caf"
    assert entry.name == "Mairie - Breux-sur-Avre"
    assert entry.address == "10 ancienne route du Mans, Le Bourg, 27570 Breux-sur-Avre"
    assert [p.value for p in entry.phones] == ["02 32 32 50 76"]
    assert [e.value for e in entry.emails] == ["mairie@breux-sur-avre.fr"]
    assert entry.website == "https://www.breux-sur-avre.fr"  # trailing space of the source
    assert entry.hours == ("Lundi : 16h30–18h30", "Jeudi : 16h30–18h30")
    assert entry.date.isoformat() == "2021-12-03"


def test_real_35_records_in_etalab_v1_shape():
    result = import_annuaire(DATA / "annuaire-sample-35-etalab-v1.json")
    assert result.records == 9
    kinds = sorted(e.kind for e in result.entries)
    assert (
        kinds == ["caf", "carsat", "cpam", "departement", "france_services", "mdph"] + ["pmi"] * 3
    )
    carsat = next(e for e in result.entries if e.kind == "carsat")
    assert carsat.address == "236 rue de Châteaugiron, 35030 Rennes Cedex 9"
    assert carsat.hours == ("Du lundi au vendredi : 8h–17h",)
    cpam = next(e for e in result.entries if e.kind == "cpam")
    assert [p.value for p in cpam.phones] == ["3646"]  # {"coût": …, "$t": "3646"}
    assert cpam.address.startswith("10 avenue Jean-Jaurès, 35411 Saint-Malo")  # physical first


def test_string_encoded_api_variant_with_missing_and_extra_fields(tmp_path):
    path = tmp_path / "api.json"
    kept = synthetic_annuaire.write(path, 2000, lean=True, string_encoded=True)
    text = path.read_text("utf-8")
    assert text.startswith("[") and '"pivot": "[{' in text
    result = import_annuaire(path)
    assert result.records == 2000 and len(result.entries) == kept > 0
    entry = result.entries[0]
    assert entry.phones and entry.hours and entry.address.endswith("35000 Commune fictive 34")
    assert [e.value for e in entry.emails] == ["mairie@breux-sur-avre.fr"]


def test_people_are_dropped(tmp_path, data_dir):
    path = tmp_path / "national.json"
    synthetic_annuaire.write(path, 3000)
    assert path.read_text("utf-8").count("personne.fictif@example.invalid") > 0
    directory = Directory.load()
    directory.apply(directory.plan_import(path))
    stored = (data_dir / "directory" / "annuaire-administration.json").read_text("utf-8")
    assert "Fictif" not in stored and "personne" not in stored and "Responsable" not in stored
    assert len(Directory.load().annuaire) > 0


@pytest.mark.parametrize("suffix, mode", [("tar.bz2", "w:bz2"), ("tar.xz", "w:xz")])
def test_inside_compressed_tar_archive(tmp_path, suffix, mode):
    json_path = tmp_path / "x.json"
    kept = synthetic_annuaire.write(json_path, 1500, lean=True)
    archive = tmp_path / f"all_latest.{suffix}"
    assert is_annuaire_file(archive)
    with tarfile.open(archive, mode) as tar:
        readme = b"not the services"
        info = tarfile.TarInfo("2024-12-04_060019-data.gouv_commune.zip")
        info.size = len(readme)
        tar.addfile(info, io.BytesIO(readme))
        tar.add(json_path, arcname="2024-12-04_060019-data.gouv_local.json")
    seen = []
    result = import_annuaire(archive, progress=lambda s: seen.append(s.fraction), every=500)
    assert result.member == "2024-12-04_060019-data.gouv_local.json"
    assert len(result.entries) == kept
    assert seen[-1] == 1.0 and len(seen) >= 3


def test_malformed_json_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"service": [\n{"nom": "a"},\n{"nom": "b",,}\n]}', encoding="utf-8")
    with pytest.raises(AnnuaireFormatError, match=r"ligne 3"):
        import_annuaire(path)


def test_nothing_kept_is_a_clear_refusal(data_dir):
    with pytest.raises(UserError, match="aucune d'un office d'Ille-et-Vilaine"):
        Directory.load().plan_import(DATA / "annuaire-sample.json")


def test_large_national_file_under_memory_bound(tmp_path):
    """200 000 records (~270 MB) imported in a fresh process: peak RSS well below the file."""
    path = tmp_path / "national.json"
    kept = synthetic_annuaire.write(path, 200_000, lean=True)
    size_mb = path.stat().st_size / 2**20
    assert size_mb > 200
    script = textwrap.dedent(
        f"""
        import resource, sys
        from pathlib import Path
        from asip_desktop.directory.annuaire import import_annuaire
        r = import_annuaire(Path({str(path)!r}))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # ru_maxrss can keep the parent's peak across fork/exec: VmHWM is this process's own
        status = Path("/proc/self/status")
        if status.exists():
            hwm = [l for l in status.read_text().splitlines() if l.startswith("VmHWM:")]
            peak = int(hwm[0].split()[1]) / 1024 if hwm else peak
        print(r.records, len(r.entries), peak)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert out.returncode == 0, out.stderr
    records, entries, peak_mb = out.stdout.split()
    assert int(records) == 200_000 and int(entries) == kept
    assert float(peak_mb) < 100, f"peak {peak_mb} MB for a {size_mb:.0f} MB file"


def test_published_numbers_are_kept_as_is_and_reload(tmp_path, data_dir):
    doc = json.loads((DATA / "annuaire-sample.json").read_text("utf-8"))
    record = doc["service"][0]
    record["pivot"][0]["type_service_local"] = "cpam"
    record["code_insee_commune"] = "35288"
    record["telephone"] = [{"valeur": "3646 (service 0,06 €/min)", "description": "Accueil"}]
    record["adresse_courriel"] = ["contact at ameli"]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    directory = Directory.load()
    directory.apply(directory.plan_import(path))
    (entry,) = Directory.load().annuaire  # stored, then read back
    assert [p.text() for p in entry.phones] == ["3646 (service 0,06 €/min) (Accueil)"]
    assert [e.value for e in entry.emails] == ["contact at ameli"]
