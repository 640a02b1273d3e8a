"""The yearly rules file published once on the team base, against the suite's
PostgreSQL: checked like ``rules check`` (an invalid file refused whole), stored for
desks to read (not write), taken by a joined desk at its next start, its cached copy
used offline, a tampered copy refused for the bundled file with a French message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, exc, text

from asip_desktop import config
from asip_desktop.cli import main
from asip_desktop.core.engine import Engine
from asip_desktop.core.ruleset import default_rules_path
from asip_desktop.team import membership
from asip_desktop.team.rules_cache import CACHE_DIR, desk_engine, start_engine
from asip_desktop.team.rules_publication import publish
from tests.team.conftest import Team

CDAS = "CDAS de Saint-Malo"
ANSWERS = {"demande": "droits_retraite", "retraite": "rupture_ressources"}
BUNDLED = default_rules_path().read_text("utf-8")
Run = Callable[..., tuple[int, str, str]]


def rules_file(folder: Path, version: str, *, extra: str = "", broken: bool = False) -> Path:
    content = BUNDLED.replace('version: "2026.2"', f'version: "{version}"', 1) + extra
    if broken:  # a rule sends to a service the file does not know
        content = content.replace("- service: service_social_cdas", "- service: inconnu", 1)
    path = folder / f"orientation-{version}.yaml"
    path.write_text(content, "utf-8")
    return path


def publish_file(url: str, folder: Path, version: str) -> Path:
    """A rules file of ``version`` written and published on the base at ``url``."""
    path = rules_file(folder, version)
    publish(url, path.read_bytes(), Engine.load(path).rules)
    return path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "admin"), *args])
        out = capsys.readouterr()
        config.set_data_dir_override(None)
        return code, out.out, out.err

    return call


def published(team: Team) -> list[Any]:
    raw = create_engine(team.url)
    try:
        with raw.connect() as conn:
            return list(
                conn.execute(
                    text("SELECT version, sha256, published_by FROM asip.published_rules")
                ).all()
            )
    finally:
        raw.dispose()


def test_a_valid_file_is_published_and_taken_by_a_desk_at_its_next_start(
    run: Run, team: Team, tmp_path: Path
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    folder = desk.folder
    engine, choice = start_engine(folder)  # nothing published yet: the bundled file
    assert (engine.rules.version, choice.publication) == ("2026.2", None)
    assert choice.source() == "fournies avec l'application"

    new = rules_file(tmp_path, "2027.1")
    code, out, err = run("rules", "publish", str(new), "--url", team.url)
    assert (code, err) == (0, ""), err
    assert "scénarios :" in out and "0 changeraient" in out  # the check's summary
    assert "Règles version 2027.1 publiées sur la base d'équipe" in out
    ((version, sha256, who),) = published(team)
    assert (version, who) == ("2027.1", "postgres")

    engine, choice = start_engine(folder)  # the next start
    assert engine.rules.version == "2027.1" and engine.rules.sha256 == sha256
    assert choice.publication is not None and choice.note == ""
    assert choice.source().startswith("publiées le ")
    assert "par l'administrateur (postgres)" in choice.source()
    copies = list((folder / CACHE_DIR).glob("*.yaml"))
    assert [c.read_bytes() for c in copies] == [new.read_bytes()]
    assert (copies[0].stat().st_mode & 0o777) == 0o600

    # every orientation from then on, and the case stores the version it was made with
    result = engine.evaluate(ANSWERS).to_dict()
    assert result["rules"] == {"version": "2027.1", "sha256": sha256}
    case_id = desk.cases.create(ANSWERS, result)
    other_desk = team.desk("social", cdas=CDAS)
    assert other_desk.cases.get(case_id).rules_version == "2027.1"

    # publishing the same file again changes nothing
    code, out, err = run("rules", "publish", str(new), "--url", team.url)
    assert code == 0 and "déjà publié" in out
    assert len(published(team)) == 1


def test_an_invalid_file_is_refused_whole_with_the_checks_messages(
    run: Run, team: Team, tmp_path: Path
) -> None:
    team.cdas(CDAS)
    bad = rules_file(tmp_path, "2027.1", broken=True)
    code, out, err = run("rules", "check", "--rules", str(bad))
    check_err = err
    assert code == 2 and "inconnu" in check_err
    code, out, err = run("rules", "publish", str(bad), "--url", team.url)
    assert code == 2
    assert err == check_err  # exactly the check's French messages
    assert "publiées" not in out
    code, out, err = run("rules", "publish", str(tmp_path / "absent.yaml"), "--url", team.url)
    assert code == 2 and "FICHIER : impossible de lire" in err and "Traceback" not in err
    assert published(team) == []  # refused before anything was written


def test_a_version_names_one_content_and_never_goes_back(
    run: Run, team: Team, tmp_path: Path
) -> None:
    team.cdas(CDAS)
    assert run("rules", "publish", str(rules_file(tmp_path, "2027.1")), "--url", team.url)[0] == 0
    changed = rules_file(tmp_path, "2027.1", extra="\n# corrigé\n")
    code, _out, err = run("rules", "publish", str(changed), "--url", team.url)
    assert code == 2 and "La version 2027.1 est déjà publiée avec un autre contenu" in err
    older = rules_file(tmp_path, "2026.9")
    code, _out, err = run("rules", "publish", str(older), "--url", team.url)
    assert code == 2 and "plus ancienne que la version publiée 2027.1" in err
    assert [r.version for r in published(team)] == ["2027.1"]


def test_desks_read_the_published_files_and_cannot_write_them(
    run: Run, team: Team, tmp_path: Path
) -> None:
    desk = team.desk("a", cdas=CDAS)
    other = team.desk("b", cdas="CDAS de Fougères")
    run("rules", "publish", str(rules_file(tmp_path, "2027.1")), "--url", team.url)
    for store in (desk, other):  # one file for every CDAS
        assert start_engine(store.folder)[0].rules.version == "2027.1"
    raw = create_engine(desk.member.connection_url())
    try:
        for sql in (
            "UPDATE published_rules SET version = '2099.1'",
            "DELETE FROM published_rules",
            "INSERT INTO published_rules (version, sha256, content, published_at) "
            "VALUES ('2099.1', 'x', 'x', 'x')",
        ):
            with raw.connect() as conn, pytest.raises(exc.ProgrammingError, match="permission"):
                conn.execute(text(sql))
    finally:
        raw.dispose()
    assert [r.version for r in published(team)] == ["2027.1"]


def offline(folder: Path) -> None:
    """The desk's team base moved out of reach: its URL names a socket that is not there."""
    path = membership.config_path(folder)
    data = json.loads(path.read_text("utf-8"))
    data["url"] = f"postgresql:///asip?host={folder / 'pas-de-serveur'}"
    path.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("cached_first", [True, False], ids=["avec-copie", "sans-copie"])
def test_offline_the_desk_uses_its_cached_copy_else_the_bundled_file(
    run: Run, team: Team, tmp_path: Path, cached_first: bool
) -> None:
    desk = team.desk("permanence", cdas=CDAS)
    run("rules", "publish", str(rules_file(tmp_path, "2027.1")), "--url", team.url)
    if cached_first:
        assert start_engine(desk.folder)[0].rules.version == "2027.1"
    offline(desk.folder)
    engine, choice = start_engine(desk.folder)
    assert engine.rules.version == ("2027.1" if cached_first else "2026.2")
    assert (choice.publication is not None) is cached_first
    assert "injoignable au démarrage" in choice.note


def test_a_tampered_copy_is_refused_for_the_bundled_file_then_downloaded_again(
    run: Run, team: Team, tmp_path: Path
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    run("rules", "publish", str(rules_file(tmp_path, "2027.1")), "--url", team.url)
    start_engine(desk.folder)
    (copy,) = (desk.folder / CACHE_DIR).glob("*.yaml")
    copy.write_text(
        copy.read_text("utf-8").replace("service_social_cdas", "cdas_domicile"), "utf-8"
    )
    engine, choice = desk_engine(desk.folder)  # offline: only the copy to judge
    assert engine.rules.version == "2026.2" and choice.publication is None
    assert "a été modifiée ou est endommagée : elle n'est pas utilisée" in choice.note
    assert "fournies avec l'application (version 2026.2)" in choice.note
    engine, choice = start_engine(desk.folder)  # online: the published file again
    assert engine.rules.version == "2027.1" and choice.note == ""


def test_a_published_file_older_than_the_bundled_one_is_left_aside(
    run: Run, team: Team, tmp_path: Path
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    assert run("rules", "publish", str(rules_file(tmp_path, "2026.1")), "--url", team.url)[0] == 0
    engine, choice = start_engine(desk.folder)
    assert engine.rules.version == "2026.2" and choice.publication is None
    assert "plus anciennes que celles fournies avec cette version" in choice.note


def test_orient_on_a_joined_desk_uses_the_published_rules(
    run: Run, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    run("rules", "publish", str(rules_file(tmp_path, "2027.1")), "--url", team.url)
    start_engine(desk.folder)
    answers = tmp_path / "reponses.json"
    answers.write_text(json.dumps(ANSWERS), "utf-8")
    code = main(["--data-dir", str(desk.folder), "orient", "--answers", str(answers)])
    config.set_data_dir_override(None)
    out = capsys.readouterr().out
    assert code == 0 and json.loads(out)["rules"]["version"] == "2027.1"


def test_a_base_not_yet_upgraded_leaves_the_desk_on_its_bundled_rules_and_own_settings(
    team: Team,
) -> None:
    from alembic import command

    from asip_desktop.team import admin

    desk = team.desk("accueil", cdas=CDAS)
    raw = create_engine(team.url)
    try:  # the base as it was before t0003 (desks updated before the administrator)
        with raw.begin() as conn:
            conn.execute(text("SET LOCAL ROLE asip_owner"))
            conn.execute(text("SET LOCAL search_path = asip"))
            command.downgrade(admin.alembic_config(conn), "t0001")
            assert admin.schema_revision(conn) == "t0001"
    finally:
        raw.dispose()
    engine, choice = start_engine(desk.folder)
    assert engine.rules.version == "2026.2" and choice.publication is None
    assert choice.note == ""
    desk.set_setting("revue_apres_jours", "45")
    assert desk.retention_policy() is None and desk.review_days() == 45
