"""A desk whose access the administrator withdrew (its role may no longer log in, the
suite's real PostgreSQL): the server answers but refuses the login. The agent is told
that — not that the base is out of reach, which would have them wait for a network that
works —, what was typed is kept exactly as when the base is away, and once the access is
given back « Réessayer » and « Enregistrer maintenant » save it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text

from asip_desktop.errors import UserError
from asip_desktop.team.connection import (
    ACCESS_REFUSED,
    ADMIN_REFUSED,
    TeamUnavailable,
    login_refused,
)
from tests.gui.cases_seed import PERSON, overdue_case
from tests.gui.conftest import show_window  # noqa: F401  (the fixture)
from tests.gui.driver import click
from tests.gui.test_cases_area import opened
from tests.team.conftest import PASSPHRASE, Team
from tests.team.test_team_cli import Run, run  # noqa: F401  (the fixture)
from tests.team.test_team_gui import CDAS, dossiers_on


def set_login(team: Team, role: str, allowed: bool) -> None:
    """The administrator's ``ALTER ROLE … NOLOGIN`` (and back), the desk's sessions ended."""
    admin = create_engine(team.url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'ALTER ROLE "{role}" {"LOGIN" if allowed else "NOLOGIN"}'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
    finally:
        admin.dispose()


@pytest.mark.parametrize(
    ("said", "refused"),
    [
        ('FATAL:  password authentication failed for user "asip_poste_1"', True),
        ('FATAL:  role "asip_poste_1" is not permitted to log in', True),
        ('FATAL:  role "asip_poste_1" does not exist', True),
        ("fe_sendauth: no password supplied", True),
        # a server set up in French (Debian's postgres-15.mo)
        ("FATAL:  authentification par mot de passe échouée pour l'utilisateur  « x »", True),
        ("FATAL:  le rôle « asip_poste_1 » n'est pas autorisé à se connecter", True),
        ("FATAL:  le rôle « asip_poste_1 » n'existe pas", True),
        ("FATAL:  Échec de l'authentification Ident pour l'utilisateur « x »", True),
        ("FATAL:  la base de données « asip » n'existe pas", False),
        ("connection timeout expired", False),
        ('connection to server at "10.0.0.1", port 5432 failed: Connection refused', False),
        ('FATAL:  database "asip" does not exist', False),
    ],
)
def test_which_answers_refuse_the_login(said: str, refused: bool) -> None:
    assert login_refused(said) is refused


def test_a_desk_whose_access_was_withdrawn_is_told_so(team: Team, engine: Any) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    set_login(team, desk.member.role, allowed=False)
    with pytest.raises(TeamUnavailable) as refused:
        desk.cases.open_cases()
    said = str(refused.value)
    assert refused.value.message == ACCESS_REFUSED
    assert "refuse l'identifiant" in said and "injoignable" not in said
    assert desk.member.role not in said  # nothing of the server's own words
    set_login(team, desk.member.role, allowed=True)
    assert [c.id for c in desk.cases.open_cases()] == [case_id]


def test_the_window_says_the_access_is_refused_and_keeps_the_note(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    engine: Any,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("ASIP_SCREENSHOTS") or tmp_path)
    desk = team.desk("accueil", cdas=CDAS)
    case_id = overdue_case(desk, engine)
    window, area = dossiers_on(show_window, desk)
    opened(area, case_id)
    page = area.page
    number = desk.cases.get(case_id).summary.number
    page.note_edit.setPlainText("Rappeler la personne jeudi.")
    banner = window.team_banner
    set_login(team, desk.member.role, allowed=False)
    try:
        click(qtbot, page.add_note_button)
        assert page.note_message.text().startswith(ACCESS_REFUSED)
        assert page.note_edit.toPlainText() == "Rappeler la personne jeudi."  # kept
        assert banner.isVisible() and banner.down
        assert banner.message.text().startswith(ACCESS_REFUSED)
        assert "injoignable" not in banner.message.text()
        assert f"la note du dossier {number}" in banner.listed()
        window.resize(1024, 700)
        qtbot.wait(100)  # the banner's layout settles before the picture
        assert window.grab().save(str(shots / "base-equipe-acces-refuse.png"))
        assert PERSON["nom_naissance"] not in banner.listed()
        click(qtbot, banner.retry_button)  # still refused: the banner stays, saying so
        qtbot.waitUntil(lambda: banner._check is not None and banner._check.isFinished())
        assert banner.down and banner.message.text().startswith(ACCESS_REFUSED)
    finally:
        set_login(team, desk.member.role, allowed=True)
    click(qtbot, banner.retry_button)
    qtbot.waitUntil(lambda: not banner.down, timeout=10000)
    assert banner.save_button.isVisible()
    click(qtbot, banner.save_button)
    assert [n.text for n in desk.cases.get(case_id).notes] == ["Rappeler la personne jeudi."]
    assert not banner.isVisible() and len(window.store_access.pending) == 0


def test_an_administrator_refused_is_told_to_check_the_address_not_the_desk(
    team: Team, tmp_path: Path
) -> None:
    """A refused administrator's login (here a role that does not exist) says their address
    or password is to check — not a desk's withdrawn access — and the banner is not told."""
    from asip_desktop.team import admin, connection, departement, retention

    heard: list[tuple[bool, str]] = []
    stop = connection.watch(lambda up, why: heard.append((up, why)))
    wrong = make_url(team.url).set(username="personne").render_as_string(hide_password=False)
    calls = [
        lambda: admin.init(wrong, CDAS, PASSPHRASE, tmp_path / "e.asip"),
        lambda: retention.set_policy(wrong, CDAS, 60, True),
        lambda: departement.create_reader(wrong, tmp_path / "departement.json"),
    ]
    try:
        for call in calls:
            with pytest.raises(UserError) as refused:
                call()
            assert refused.value.message == ADMIN_REFUSED
            assert not isinstance(refused.value, TeamUnavailable)
    finally:
        stop()
    assert heard == []
    assert not (tmp_path / "e.asip").exists() and not (tmp_path / "departement.json").exists()


def test_a_password_file_that_is_not_utf8_is_said_in_french(
    run: Run,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    binary = tmp_path / "mdp.bin"
    binary.write_bytes(b"\xff\xfe mot de passe\n")
    code, _out, err = run(
        tmp_path / "admin", "team", "backup-role", "--url", team.url, "--password-file", str(binary)
    )
    assert code == 2 and "--password-file" in err and "n'est pas un texte UTF-8" in err, err
    code, _out, err = run(
        tmp_path / "admin", "team", "rekey", "--url", team.url,
        "--enrolment", str(team.cdas(CDAS)), "--passphrase-file", str(binary),
        "--new-enrolment", str(tmp_path / "nouveau.asip"),
    )  # fmt: skip
    assert code == 2 and "--passphrase-file" in err and "UTF-8" in err, err
