"""``asip-desktop team init/join/status/leave``, then ``cases`` and ``indicators`` on a
joined desk, against the suite's PostgreSQL (in process, in-memory keyring)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from asip_desktop import config
from asip_desktop.cli import main
from tests.team.conftest import PASSPHRASE

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def call(data_dir: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), *args])
        out = capsys.readouterr()
        config.set_data_dir_override(None)
        return code, out.out, out.err

    return call


def test_init_join_then_cases_and_indicators_on_two_desks(
    run: Run, team_db: str, tmp_path: Path
) -> None:
    secret = tmp_path / "phrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    enrolment = tmp_path / "cdas.asip"
    admin_dir, desk_a, desk_b = tmp_path / "admin", tmp_path / "a", tmp_path / "b"
    code, out, err = run(
        admin_dir, "team", "init", "--url", team_db, "--cdas", "CDAS de Redon",
        "--enrolment", str(enrolment), "--passphrase-file", str(secret),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "Fichier d'enrôlement écrit" in out and enrolment.exists()

    assert "Base locale chiffrée" in run(desk_a, "team", "status")[1]
    for desk in (desk_a, desk_b):
        code, out, err = run(
            desk, "team", "join", "--url", team_db, "--enrolment", str(enrolment),
            "--passphrase-file", str(secret),
        )  # fmt: skip
        assert (code, err) == (0, ""), err
        assert "rattaché à la base d'équipe du CDAS de Redon" in out
    assert "Base d'équipe du CDAS de Redon" in run(desk_a, "team", "status")[1]

    answers = tmp_path / "reponses.json"
    answers.write_text('{"demande": "droits_retraite", "retraite": "recours_epuises"}', "utf-8")
    person = tmp_path / "personne.json"
    person.write_text(json.dumps({"nom_naissance": "Quéré", "nir": "185073500000093"}), "utf-8")
    code, out, err = run(
        desk_a, "cases", "new", "--answers", str(answers), "--person", str(person),
        "--niveau", "1",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    case_id = out.strip()

    # the other desk of the CDAS sees it and reads it
    code, out, _ = run(desk_b, "cases", "list", "--json")
    assert [c["id"] for c in json.loads(out)] == [int(case_id)]
    code, out, _ = run(desk_b, "cases", "show", case_id)
    shown = json.loads(out)
    assert shown["person"]["nom_naissance"] == "Quéré" and shown["level"] == 1

    # another CDAS named on the command line is refused
    code, _, err = run(desk_a, "cases", "new", "--answers", str(answers), "--cdas", "CDAS de Vitré")
    assert code == 2 and "rattaché à la base d'équipe du CDAS de Redon" in err

    code, out, err = run(desk_b, "cases", "close", case_id, "--yes")
    assert code == 0, err
    assert "clé de chiffrement du dossier" in out
    assert json.loads(run(desk_a, "cases", "list", "--json")[1]) == []
    code, out, _ = run(desk_a, "indicators")
    assert "CDAS de Redon;dossiers_clos;1" in out

    code, out, _ = run(desk_a, "team", "leave")
    assert "base locale" in out
    assert "Base locale chiffrée" in run(desk_a, "team", "status")[1]


def test_join_with_a_wrong_passphrase_exits_2_in_french(
    run: Run, team_db: str, tmp_path: Path
) -> None:
    good = tmp_path / "bonne.txt"
    good.write_text(PASSPHRASE, "utf-8")
    bad = tmp_path / "mauvaise.txt"
    bad.write_text("ce n'est pas la bonne phrase", "utf-8")
    enrolment = tmp_path / "cdas.asip"
    run(
        tmp_path / "admin", "team", "init", "--url", team_db, "--cdas", "CDAS de Vitré",
        "--enrolment", str(enrolment), "--passphrase-file", str(good),
    )  # fmt: skip
    code, out, err = run(
        tmp_path / "poste", "team", "join", "--url", team_db, "--enrolment", str(enrolment),
        "--passphrase-file", str(bad),
    )  # fmt: skip
    assert code == 2 and out == ""
    assert "Phrase de passe du fichier d'enrôlement incorrecte" in err
    assert "Traceback" not in err
    assert not (tmp_path / "poste" / "equipe.json").exists()


def test_self_test_says_which_base_and_checks_the_cdas_key(
    run: Run, team_db: str, tmp_path: Path, memory_keyring: Any
) -> None:
    from asip_desktop.selftest import check_team_base

    secret = tmp_path / "phrase.txt"
    secret.write_text(PASSPHRASE, "utf-8")
    enrolment = tmp_path / "cdas.asip"
    desk = tmp_path / "poste"
    config.set_data_dir_override(desk)
    assert check_team_base().line().startswith("[OK] Base d'équipe : aucune")
    run(
        tmp_path / "admin", "team", "init", "--url", team_db, "--cdas", "CDAS de Redon",
        "--enrolment", str(enrolment), "--passphrase-file", str(secret),
    )  # fmt: skip
    run(
        desk, "team", "join", "--url", team_db, "--enrolment", str(enrolment),
        "--passphrase-file", str(secret),
    )  # fmt: skip
    config.set_data_dir_override(desk)
    line = check_team_base().line()
    assert line.startswith("[OK] Base d'équipe : CDAS de Redon"), line
    assert "clé du CDAS vérifiée" in line
    # a desk whose secret store holds another key is told so
    [name] = [
        u for (_, u) in memory_keyring.secrets if "-equipe-" in u and not u.endswith("connexion")
    ]
    memory_keyring.secrets[("asip-desktop", name)] = "00" * 32
    line = check_team_base().line()
    assert line.startswith("[ÉCHEC] Base d'équipe"), line
    assert "n'est pas celle de la base" in line
    config.set_data_dir_override(None)
