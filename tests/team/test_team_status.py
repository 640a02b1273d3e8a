"""``asip-desktop team status``: which base a desk uses, which rules it orients with
(version and source) and, on a joined desk, its CDAS's retention policy read from the
suite's real PostgreSQL; a stopped server is said in French, the command still exits 0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asip_desktop.team import retention
from asip_desktop.team.rules_cache import start_engine
from tests.team.conftest import PASSPHRASE, Team
from tests.team.pg_cluster import Cluster
from tests.team.test_rules_publication import publish_file
from tests.team.test_team_cli import Run, run  # noqa: F401  (the fixture)

CDAS = "CDAS de Saint-Malo"


def lines(out: str) -> list[str]:
    return out.strip().splitlines()


def test_a_local_desk_says_its_store_and_the_bundled_rules(
    run: Run,  # noqa: F811
    tmp_path: Path,
    engine: Any,
) -> None:
    code, out, err = run(tmp_path / "seul", "team", "status")
    assert (code, err) == (0, "")
    base, rules = lines(out)
    assert base.startswith("Base locale chiffrée de ce poste")
    bundled = engine.rules.version
    assert rules == (
        f"Règles d'orientation utilisées : version {bundled}, fournies avec l'application."
    )
    assert "Politique de conservation" not in out  # no team base to read it from


def test_a_joined_desk_says_the_published_rules_and_its_cdas_policy(
    run: Run,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    code, out, err = run(desk.folder, "team", "status")
    assert (code, err) == (0, "")
    assert lines(out)[2] == (
        "Politique de conservation du CDAS : aucune fixée par l'administrateur ; les "
        "réglages « Dossiers » de Paramètres de ce poste s'appliquent."
    )
    publish_file(team.url, tmp_path, "2027.1")
    start_engine(desk.folder)  # the desk's start cached the published copy
    retention.set_policy(team.url, CDAS, 60, True)
    code, out, err = run(desk.folder, "team", "status")
    assert (code, err) == (0, "")
    base, rules, policy = lines(out)
    assert base.startswith(f"Base d'équipe du {CDAS} : base « {team.database} »")
    assert rules.startswith("Règles d'orientation utilisées : version 2027.1, publiées le ")
    assert "par l'administrateur" in rules and "sur la base d'équipe" in rules
    assert policy.startswith(
        "Politique de conservation du CDAS : dossiers à revoir après 60 jours sans activité ; "
        "purge automatique au démarrage d'un poste des dossiers sans activité depuis plus "
        "de 60 jours."
    )


def test_a_joined_desk_whose_server_is_stopped_says_so_and_exits_0(
    run: Run,  # noqa: F811
    team: Team,
    pg: Cluster,
    tmp_path: Path,
) -> None:
    publish_file(team.url, tmp_path, "2027.1")
    desk = team.desk("accueil", cdas=CDAS)
    start_engine(desk.folder)
    retention.set_policy(team.url, CDAS, 60, True)
    pg.stop()
    try:
        code, out, err = run(desk.folder, "team", "status")
    finally:
        pg.start()
    assert (code, err) == (0, "")
    base, rules, policy = lines(out)
    assert base.startswith(f"Base d'équipe du {CDAS}")
    # the rules come from the copy on the disk: said while the server is away
    assert rules.startswith("Règles d'orientation utilisées : version 2027.1, publiées le ")
    assert policy == (
        "Politique de conservation du CDAS : non lue, la base d'équipe est injoignable "
        "(serveur arrêté, réseau coupé ou base en maintenance). Relancez « asip-desktop "
        "team status » quand elle est de retour."
    )


def test_a_permanence_laptop_says_the_policy_does_not_purge_its_local_cases(
    run: Run,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    from asip_desktop.team import membership

    laptop = tmp_path / "portable"
    membership.join(team.url, team.cdas(CDAS), PASSPHRASE, laptop, permanence=True)
    retention.set_policy(team.url, CDAS, 60, True)
    code, out, err = run(laptop, "team", "status")
    assert (code, err) == (0, "")
    base, rules, policy = lines(out)
    assert base.startswith(f"Portable de permanence du {CDAS}")
    assert rules.startswith("Règles d'orientation utilisées : version ")
    assert policy.startswith("Politique de conservation du CDAS : dossiers à revoir après 60")
    assert policy.endswith(
        "Sur ce portable de permanence, les dossiers de la base locale suivent le réglage "
        "« Purge automatique » de Paramètres."
    )


def test_a_desk_whose_access_was_withdrawn_says_it_is_refused_not_away(
    run: Run,  # noqa: F811
    team: Team,
) -> None:
    from asip_desktop.team.connection import ACCESS_REFUSED
    from tests.team.test_team_access_refused import set_login

    desk = team.desk("accueil", cdas=CDAS)
    set_login(team, desk.member.role, allowed=False)
    try:
        code, out, err = run(desk.folder, "team", "status")
    finally:
        set_login(team, desk.member.role, allowed=True)
    assert (code, err) == (0, "")
    policy = lines(out)[-1]
    assert policy == f"Politique de conservation du CDAS : non lue. {ACCESS_REFUSED}"
