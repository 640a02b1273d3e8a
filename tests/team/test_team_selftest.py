"""The self-test of a joined desk checks its local base too (settings and drafts), and
every line says which base holds the cases; cases left in the local base from before
the join are pointed out. Against the suite's PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from asip_desktop import config
from asip_desktop.selftest import check_case_store, check_team_base
from tests.team.conftest import PASSPHRASE
from tests.team.test_team_cli import Run, run  # noqa: F401  (the fixture)


def join(run: Run, desk: Path, team_db: str, enrolment: Path, secret: Path) -> None:  # noqa: F811
    code, _out, err = run(
        desk, "team", "join", "--url", team_db, "--enrolment", str(enrolment),
        "--passphrase-file", str(secret),
    )  # fmt: skip
    assert (code, err) == (0, ""), err


def test_a_joined_desk_checks_its_local_base_and_says_where_the_cases_are(
    run: Run,  # noqa: F811
    team_db: str,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "phrase.txt"
    secret.write_text(PASSPHRASE, "utf-8")
    enrolment = tmp_path / "cdas.asip"
    code, _out, err = run(
        tmp_path / "admin", "team", "init", "--url", team_db, "--cdas", "CDAS de Redon",
        "--enrolment", str(enrolment), "--passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    answers = tmp_path / "reponses.json"
    answers.write_text('{"demande": "aide_departement"}', "utf-8")
    old, fresh = tmp_path / "ancien-poste", tmp_path / "nouveau-poste"
    try:
        # a desk that kept its cases locally until now
        code, _out, err = run(old, "cases", "new", "--answers", str(answers), "--cdas", "Redon")
        assert code == 0, err
        config.set_data_dir_override(old)
        line = check_case_store().line()
        assert line.startswith("[OK] Base des dossiers : ouverte, 1 dossier(s) ouvert(s)"), line
        assert line.endswith("base locale chiffrée de ce poste : les dossiers sont ici")
        join(run, old, team_db, enrolment, secret)
        config.set_data_dir_override(old)
        line = check_case_store().line()
        assert line.startswith("[ATTENTION] Base locale du poste : ouverte, contrôle"), line
        assert "les dossiers sont sur la base d'équipe du CDAS de Redon" in line
        assert "1 dossier(s) ouvert(s) y restent d'avant le rattachement" in line
        assert "asip-desktop team leave" in line
        assert check_team_base().line().startswith("[OK] Base d'équipe : CDAS de Redon")

        # a new desk: its local base holds its settings and drafts only
        join(run, fresh, team_db, enrolment, secret)
        config.set_data_dir_override(fresh)
        line = check_case_store().line()
        assert line.startswith("[OK] Base locale du poste : pas encore créée"), line
        assert run(fresh, "cases", "list")[0] == 0  # the desk's first use opens it
        config.set_data_dir_override(fresh)
        line = check_case_store().line()
        assert line.startswith("[OK] Base locale du poste : ouverte, contrôle"), line
        assert line.endswith(
            "réglages et brouillons chiffrés ; les dossiers sont sur la base d'équipe du "
            "CDAS de Redon"
        ), line
        (fresh / "cases.db").unlink(missing_ok=True)
        (fresh / "cases.db").write_bytes(b"pas une base SQLCipher" * 100)  # damaged
        line = check_case_store().line()
        assert line.startswith("[ÉCHEC] Base locale du poste"), line
    finally:
        config.set_data_dir_override(None)
