"""``asip-desktop forms …`` run as a real process: PDFs written owner-only, or exit 2."""

from __future__ import annotations

import json
import stat

import pytest

from tests.cli.test_cli import cli
from tests.documents.samples import DETECTION, LIAISON, changed, flat, pdf_pages


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("form", "data"), [("liaison", LIAISON), ("detection", DETECTION)])
def test_filled_form_written_owner_only(tmp_path, form, data):
    out = tmp_path / f"{form}.pdf"
    run = cli("forms", form, "--data", write_json(tmp_path / "d.json", data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert len(pdf_pages(out.read_bytes())) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".asip-")] == []


def test_invalid_data_exit_2_with_every_message_and_no_file(tmp_path):
    data = changed(LIAISON, "personne.nir", "295102C12611122")
    data = changed(data, "personne.telephone", ...)
    data = changed(data, "personne.email", "elodie@")
    out = tmp_path / "liaison.pdf"
    run = cli(
        "forms", "liaison", "--data", write_json(tmp_path / "d.json", data), "--out", str(out)
    )
    assert run.returncode == 2
    assert "NIR de la personne : format incorrect" in run.stderr
    assert "Téléphone de la personne : à renseigner" in run.stderr
    assert "Adresse mail de la personne : adresse mail attendue" in run.stderr
    assert "Élodie" not in run.stderr and "295102C" not in run.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "d.json"]


def test_existing_file_untouched_when_data_is_invalid(tmp_path):
    out = tmp_path / "liaison.pdf"
    out.write_bytes(b"previous")
    data = changed(LIAISON, "motif", ...)
    run = cli(
        "forms", "liaison", "--data", write_json(tmp_path / "d.json", data), "--out", str(out)
    )
    assert run.returncode == 2
    assert "Motif de la demande : à choisir" in run.stderr
    assert out.read_bytes() == b"previous"


def test_orientation_sheet_from_answers_on_stdin(tmp_path):
    out = tmp_path / "orientation.pdf"
    answers = json.dumps({"demande": "droits_retraite", "retraite": "rupture_ressources"})
    run = cli("forms", "orientation", "--answers", "-", "--out", str(out), stdin=answers)
    assert run.returncode == 0, run.stderr
    pages = pdf_pages(out.read_bytes())
    assert len(pages) == 1
    assert "sous 72 heures" in flat(pages[0])


def test_orientation_with_bad_answers(tmp_path):
    out = tmp_path / "orientation.pdf"
    run = cli("forms", "orientation", "--answers", "-", "--out", str(out), stdin='{"demande": 3}')
    assert run.returncode == 2
    assert not out.exists()


@pytest.mark.parametrize(
    ("which", "title"),
    [("liaison", "Fiche de liaison retraite"), ("detection", "Fiche de détection")],
)
def test_blank_forms(tmp_path, which, title):
    out = tmp_path / "blank.pdf"
    run = cli("forms", "blank", which, "--out", str(out))
    assert run.returncode == 0, run.stderr
    pages = pdf_pages(out.read_bytes())
    assert len(pages) == 2
    assert pages[0].startswith(title)


def test_unwritable_output_is_a_french_error(tmp_path):
    run = cli("forms", "blank", "liaison", "--out", str(tmp_path / "missing" / "x.pdf"))
    assert run.returncode == 2
    assert "Impossible d'écrire le fichier PDF" in run.stderr
