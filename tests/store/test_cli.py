"""``asip-desktop cases ...`` and ``indicators``, run in process with the in-memory keyring.

(The same commands run as real processes against a real Secret Service in
``test_secret_service.py``.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from asip_desktop import config
from asip_desktop.cli import main


@pytest.fixture
def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield call
    config.set_data_dir_override(None)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    answers = tmp_path / "reponses.json"
    answers.write_text('{"demande": "droits_retraite", "retraite": "recours_epuises"}', "utf-8")
    person = tmp_path / "personne.json"
    person.write_text(json.dumps({"nom_naissance": "Quéré", "nir": "185073500000093"}), "utf-8")
    return {"answers": str(answers), "person": str(person)}


def test_cases_end_to_end(run, files) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("cases", "new", "--answers", files["answers"])
    assert code == 2 and "CDAS émetteur inconnu" in err and out == ""
    code, out, _ = run("cases", "settings", "--cdas", "CDAS de Fougères")
    assert code == 0 and "cdas_emetteur : CDAS de Fougères" in out
    code, out, _ = run("cases", "new", "--answers", files["answers"], "--person", files["person"])
    assert code == 0
    case_id = int(out)
    code, out, _ = run("cases", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["id"] == case_id and listed["cdas"] == "CDAS de Fougères"
    code, out, _ = run("cases", "list")
    assert f"2026-{case_id:06d}" in out and "ouverte" in out
    code, out, _ = run("cases", "show", str(case_id))
    shown = json.loads(out)
    assert shown["person"]["nom_naissance"] == "Quéré"
    assert shown["result"]["rules"]["version"] == "2026.2"

    code, out, err = run("cases", "close", str(case_id))  # no terminal, no --yes: refused
    assert code == 2 and "--yes" in err
    code, out, _ = run("cases", "close", str(case_id), "--yes")
    assert code == 0
    assert out.startswith(f"Récépissé de purge — dossier {listed['number']}")
    assert "identité de la personne (champs renseignés) : 2" in out
    assert "Quéré" not in out
    code, out, _ = run("cases", "show", str(case_id))
    assert code == 0 and "Récépissé de purge" in out and "Quéré" not in out
    code, out, _ = run("cases", "list")
    assert out.strip() == "Aucun dossier."

    code, out, _ = run("indicators")
    lines = out.splitlines()
    assert lines[0] == "mois;cdas;indicateur;valeur"
    assert any(
        line.endswith(";CDAS de Fougères;signalements_canal_prioritaire;0") for line in lines
    )
    assert any(
        line.endswith(";CDAS de Fougères;orientations_canal_prioritaire_carsat;1") for line in lines
    )


def test_indicators_options(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("indicators", "--from", "2026-13")
    assert code == 2 and "--from : « 2026-13 » n'est pas un mois (AAAA-MM attendu" in err
    code, _, err = run("indicators", "--from", "2026-05", "--to", "2026-01")
    assert code == 2 and "est après --to" in err
    target = tmp_path / "i.csv"
    code, out, _ = run("indicators", "--csv", str(target))
    assert code == 0 and out.startswith("0 lignes écrites")
    assert target.read_text("utf-8-sig").splitlines() == ["mois;cdas;indicateur;valeur"]


def test_review_retention_and_errors(run, files) -> None:  # type: ignore[no-untyped-def]
    run("cases", "settings", "--cdas", "CDAS Test")
    code, out, _ = run("cases", "review")
    assert code == 0 and "Purge automatique : désactivée" in out
    code, out, _ = run("cases", "retention", "--yes")
    assert "aucun dossier n'a été purgé" in out
    code, out, err = run("cases", "settings", "--purge-automatique-jours", "0")
    assert code == 2 and "entre 1 et 3650 est attendu" in err
    code, out, _ = run("cases", "settings", "--purge-automatique-jours", "120")
    assert "purge_automatique_jours : 120" in out
    code, out, _ = run("cases", "review", "--days", "1")
    assert "après 120 jours" in out
    code, out, _ = run("cases", "settings", "--revue-apres-jours", "45")
    assert "revue_apres_jours : 45" in out
    code, out, _ = run("cases", "review")
    assert "Dossiers sans activité depuis plus de 45 jours : 0" in out
    code, _, err = run("cases", "show", "999")
    assert code == 2 and "Dossier 999 introuvable" in err
    bad = Path(files["person"]).with_name("bad.json")
    bad.write_text('{"nom": "x"}', "utf-8")
    code, _, err = run("cases", "new", "--answers", files["answers"], "--person", str(bad))
    assert code == 2 and "champ « nom » inconnu" in err


def test_new_case_refuses_a_malformed_identity(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    answers = tmp_path / "a.json"
    answers.write_text('{"demande": "aide_departement"}', "utf-8")
    person = tmp_path / "p.json"
    person.write_text('{"nom_naissance": "Exemple", "nir": "1850578006084XX"}', "utf-8")
    code, _, err = run(
        "cases", "new", "--answers", str(answers), "--person", str(person), "--cdas", "CDAS test"
    )
    assert code == 2 and "Identité invalide" in err and "NIR" in err
    assert "1850578006084XX" not in err  # the value typed is never repeated


def test_close_yes_deletes_the_recorded_copies_and_names_each(  # type: ignore[no-untyped-def]
    run, files, data_dir: Path, tmp_path: Path
) -> None:
    from asip_desktop.store.store import Store

    run("cases", "settings", "--cdas", "CDAS Test")
    code, out, _ = run("cases", "new", "--answers", files["answers"])
    case_id = int(out)
    copy = tmp_path / "fiche-liaison-copie.pdf"
    copy.write_bytes(b"%PDF-1.7")
    with Store.open(data_dir) as store:
        store.cases.record_saved_copy(case_id, str(copy))
    code, out, err = run("cases", "close", str(case_id), "--yes")
    assert code == 0, err
    assert not copy.exists()
    assert f"Copie supprimée du disque : {copy}" in out
    assert "copies de fiches supprimées du disque : 1" in out
