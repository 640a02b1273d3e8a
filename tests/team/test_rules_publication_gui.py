"""Publishing the year's rules from « Tous les CDAS » (the Administration box) and the
window of a joined desk (pytest-qt, offscreen) after the administrator published
a new rules file: the orientation's first block names the version, Paramètres says
which rules are in use and where they came from, the case page the case's version."""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from asip_desktop import config
from asip_desktop.gui.indicators.publish_dialog import PublishDialog
from asip_desktop.gui.shell.store_access import StoreAccess
from asip_desktop.gui.widgets import screen_fit
from asip_desktop.team import membership, rules_publication
from asip_desktop.team.rules_cache import start_engine
from asip_desktop.team.store import TeamStore
from tests.gui.conftest import screen, show_window  # noqa: F401  (the fixtures)
from tests.gui.driver import walk_by_mouse
from tests.gui.screen_checks import fit_problems, mnemonic_clashes
from tests.gui.test_accessibility import unnamed_widgets
from tests.gui.test_cases_area import cases_area, opened
from tests.team.conftest import PASSPHRASE, Team, required_binaries
from tests.team.pg_cluster import Cluster
from tests.team.test_departement_gui import all_cdas_of, departement_window, settled
from tests.team.test_rules_publication import offline, publish_file, published, rules_file
from tests.team.test_team_gui import settings

CDAS = "CDAS de Saint-Malo"
RETIREMENT = {"demande": "droits_retraite", "urgences": [], "retraite": "rupture_imminente"}
SHOTS = os.environ.get("ASIP_SCREENSHOTS")  # a folder to keep the screenshots in


def joined_here(team: Team) -> TeamStore:
    """This test's data directory joined to the team base (the window's own desk)."""
    folder = config.data_dir()
    member = membership.join(team.url, team.cdas(CDAS), PASSPHRASE, folder)
    store = TeamStore.open(member, folder)
    team.opened.append(store)
    return store


def shot(widget: Any, name: str, tmp_path: Path) -> Path:
    path = Path(SHOTS or tmp_path) / name
    assert widget.grab().save(str(path))
    return path


def test_the_published_version_is_shown_on_the_result_and_its_source_in_parametres(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:

    publish_file(team.url, tmp_path, "2027.1")
    desk = joined_here(team)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    window.store_access.open_now()
    # taken at this start, by the worker that runs once the window is ready for input
    qtbot.waitUntil(lambda: window.engine.rules.version == "2027.1", timeout=10000)

    walk_by_mouse(qtbot, window.wizard, RETIREMENT, 2)
    page = window.wizard.result_page
    first = page.view.rules_line
    assert first.isVisible()
    assert "Orientation selon les règles version" in first.text() and "2027.1" in first.text()
    layout = page.view.layout()
    assert layout is not None and layout.indexOf(first) == 0  # the first block, not the footer
    shot(window, "resultat-regles-publiees.png", tmp_path)

    window.show_area("parametres")
    view = window.area("parametres")
    text = view.rules_info.text()
    assert "Règles d'orientation utilisées : version 2027.1, publiées le " in text
    assert "par l'administrateur (postgres)" in text
    assert view.rules_info.isVisible()
    shot(window, "parametres-regles-publiees.png", tmp_path)

    # the case keeps the version it was oriented with; its page says it
    case_id = desk.cases.create(RETIREMENT, window.engine.evaluate(RETIREMENT).to_dict())
    assert desk.cases.get(case_id).rules_version == "2027.1"
    area = cases_area(window)
    opened(area, case_id)
    labels = [w.text() for w in area.page.findChildren(QLabel)]
    assert any("Règles d'orientation, version 2027.1." in t for t in labels)


def test_parametres_says_the_rules_are_the_bundled_ones_on_a_local_desk(
    qtbot: Any,
    show_window: Any,  # noqa: F811
) -> None:
    window = show_window(settings=settings(2))
    window.show_area("parametres")
    text = window.area("parametres").rules_info.text()
    assert text == "Règles d'orientation utilisées : version 2026.2, fournies avec l'application."


def test_parametres_says_a_tampered_copy_was_refused(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
) -> None:
    from asip_desktop.team.rules_cache import CACHE_DIR, start_engine

    publish_file(team.url, tmp_path, "2027.1")
    desk = joined_here(team)
    start_engine(desk.folder)
    (copy,) = (desk.folder / CACHE_DIR).glob("*.yaml")
    copy.write_bytes(copy.read_bytes() + b"\n# retouche\n")
    # the base is out of reach at this start: only the damaged copy is left to judge
    offline(desk.folder)
    window = show_window(settings=settings(2), store_access=StoreAccess(lambda: desk))
    assert window.engine.rules.version == "2026.2"
    window.show_area("parametres")
    text = window.area("parametres").rules_info.text()
    assert "version 2026.2, fournies avec l'application" in text
    assert "a été modifiée ou est endommagée : elle n'est pas utilisée" in text


# --- publishing from the window: « Tous les CDAS », Administration box -------------------


def publish_dialog_for(qtbot: Any, view: Any, path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Click « Publier le fichier de règles de l'année… », the file dialog answering ``path``."""
    monkeypatch.setattr(
        "asip_desktop.gui.indicators.all_cdas_view.QFileDialog.getOpenFileName",
        lambda *a: (str(path), ""),
    )
    qtbot.mouseClick(view.publish_button, Qt.MouseButton.LeftButton)
    dialog = view.publish_dialog
    assert isinstance(dialog, PublishDialog) and dialog.isVisible()
    return dialog


def publish_in(qtbot: Any, dialog: Any, address: str, password: str = "") -> None:
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    dialog.address.setText(address)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=15000)


def test_a_valid_file_published_from_the_window_is_taken_by_a_desk_at_its_start(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    window, store = departement_window(show_window, team, tmp_path)
    try:
        view = all_cdas_of(window, qtbot)
        assert "aucune (celles de l'application)" in view.published_info.text()
        new = rules_file(tmp_path, "2027.1")
        dialog = publish_dialog_for(qtbot, view, new, monkeypatch)
        report = dialog.report.toPlainText()
        assert "Version : 2027.1" in report and "inchangé" in report
        assert "scénarios :" in dialog.summary.text() and "0 changeraient" in dialog.summary.text()
        # nothing is published before the agent says the summary was read
        assert not dialog.publish_button.isEnabled()
        assert not dialog.publish()
        assert published(team) == []
        publish_in(qtbot, dialog, team.url, "mot-de-passe-tape")
        said = dialog.message.text()
        assert "Règles publiées : version 2027.1, publiée le " in said, said
        assert "par postgres" in said and "prochain démarrage" in said
        ((version, _sha, who),) = published(team)
        assert (version, who) == ("2027.1", "postgres")
        # the password is gone from the dialog and never written; the address is kept
        assert dialog.password.text() == ""
        kept = (store.folder / rules_publication.ADDRESS_NAME).read_text("utf-8")
        assert "mot-de-passe-tape" not in kept
        assert rules_publication.remembered_address(store.folder) == team.url
        # the tab reads again and says what is published now
        settled(qtbot, view)
        assert view.published_info.text().startswith(
            "Règles publiées : version 2027.1, publiée le "
        )
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        # a joined desk takes it at its next start
        engine, _choice = start_engine(desk.folder)
        assert engine.rules.version == "2027.1"
        # the next publication dialog offers the remembered address, no password
        again = publish_dialog_for(qtbot, view, new, monkeypatch)
        assert again.address.text() == rules_publication.remembered_address(store.folder)
        assert again.password.text() == ""
        publish_in(qtbot, again, again.address.text())
        assert "déjà publié" in again.message.text() and "rien n'a changé" in again.message.text()
        assert len(published(team)) == 1
    finally:
        window.close()
        store.close()


def test_an_invalid_file_is_refused_whole_with_the_checks_messages(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, store = departement_window(show_window, team, tmp_path)
    try:
        view = all_cdas_of(window, qtbot)
        broken = rules_file(tmp_path, "2027.1", broken=True)
        dialog = publish_dialog_for(qtbot, view, broken, monkeypatch)
        assert not dialog.valid
        report = dialog.report.toPlainText()
        assert "inconnu" in report  # the check's French message, whole
        assert dialog.summary.text() == "Fichier refusé en entier : rien n'a été publié."
        assert dialog.publish_button.isHidden() and not dialog.address.isEnabled()
        assert not dialog.publish()
        assert published(team) == []
    finally:
        window.close()
        store.close()


@pytest.mark.parametrize("case", ["identifiant", "ancienne", "autre-contenu", "adresse"])
def test_a_refused_publication_says_why_and_keeps_the_file_and_the_address(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:

    publish_file(team.url, tmp_path, "2027.2")
    window, store = departement_window(show_window, team, tmp_path)
    try:
        view = all_cdas_of(window, qtbot)
        assert view.published_info.text().startswith("Règles publiées : version 2027.2")
        address = team.url
        chosen = tmp_path / "choisi"
        chosen.mkdir()
        if case == "identifiant":  # a login the server refuses
            address = team.url.replace("postgresql://postgres@", "postgresql://inconnu@")
            new = rules_file(chosen, "2027.3")
            expected = "refusé l'identifiant ou le mot de passe"
        elif case == "ancienne":
            new = rules_file(chosen, "2027.1")
            expected = "plus ancienne que la version publiée 2027.2"
        elif case == "autre-contenu":
            new = rules_file(chosen, "2027.2", extra="\n# autre contenu\n")
            expected = "déjà publiée avec un autre contenu"
        else:
            address = "serveur/asip"
            new = rules_file(chosen, "2027.3")
            expected = (
                "Adresse PostgreSQL de l'administrateur : une adresse PostgreSQL est attendue"
            )
        dialog = publish_dialog_for(qtbot, view, new, monkeypatch)
        publish_in(qtbot, dialog, address, "un-mot-de-passe")
        said = dialog.message.text()
        assert expected in said, said
        assert "un-mot-de-passe" not in said
        # the file, the typed address and the confirmation stay: correct and try again
        assert dialog.path == new and dialog.address.text() == address
        assert dialog.publish_button.isEnabled() and dialog.isVisible()
        assert [p[0] for p in published(team)] == ["2027.2"]
        assert rules_publication.remembered_address(store.folder) == ""
    finally:
        window.close()
        store.close()


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_the_publication_dialog_fits_the_screen(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    screen: Any,  # noqa: F811
    team: Team,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    width: int,
    height: int,
) -> None:
    area = screen(width, height)
    window, store = departement_window(show_window, team, tmp_path)
    try:
        screen_fit.fit_to_screen(window)
        view = all_cdas_of(window, qtbot)
        dialog = publish_dialog_for(qtbot, view, rules_file(tmp_path, "2027.1"), monkeypatch)
        screen_fit.fit_to_screen(dialog)
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        dialog.address.setText("postgresql://administrateur@serveur.cd35.local/asip")
        qtbot.wait(50)
        assert fit_problems(dialog, area) == []
        assert mnemonic_clashes(dialog) == {}
        assert mnemonic_clashes(window) == {}
        assert unnamed_widgets(dialog) == []
        shot(dialog, f"publier-regles-{width}x{height}.png", tmp_path)
    finally:
        window.close()
        store.close()


def test_an_address_typed_with_its_password_is_remembered_without_it(tmp_path: Path) -> None:
    rules_publication.remember_address(tmp_path, "postgresql://admin:secret@serveur/asip")
    assert rules_publication.remembered_address(tmp_path) == "postgresql://admin@serveur/asip"
    assert "secret" not in (tmp_path / rules_publication.ADDRESS_NAME).read_text("utf-8")
    assert rules_publication.remembered_address(tmp_path / "ailleurs") == ""


class PasswordCluster(Cluster):
    """A second throw-away server that asks for passwords (the suite's trusts its socket)."""

    PASSWORD = "le-bon-mot-de-passe"

    def init(self) -> None:
        pwfile = self.root / "mot-de-passe"
        pwfile.write_text(f"{self.PASSWORD}\n", "utf-8")
        if self.as_user:
            user = pwd.getpwnam("postgres")
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "scram-sha-256",
            "--pwfile",
            str(pwfile),
            "-U",
            self.superuser,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        pwfile.unlink()


@pytest.fixture(scope="module")
def password_cluster() -> Iterator[PasswordCluster]:
    cluster = PasswordCluster(required_binaries())
    cluster.init()
    cluster.start()
    yield cluster
    cluster.destroy()


def test_a_wrong_password_is_refused_then_the_right_one_publishes(
    qtbot: Any,
    show_window: Any,  # noqa: F811
    team: Team,
    password_cluster: PasswordCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, store = departement_window(show_window, team, tmp_path)
    try:
        view = all_cdas_of(window, qtbot)
        new = rules_file(tmp_path, "2027.1")
        dialog = publish_dialog_for(qtbot, view, new, monkeypatch)
        address = password_cluster.url("postgres")
        publish_in(qtbot, dialog, address, "un-mauvais-mot-de-passe")
        said = dialog.message.text()
        assert said == rules_publication.REFUSED_LOGIN
        assert dialog.address.text() == address and dialog.path == new
        assert dialog.password.text() == "un-mauvais-mot-de-passe"  # kept to correct it
        assert rules_publication.remembered_address(store.folder) == ""
        # the right password, typed in the same dialog
        dialog.password.setText(PasswordCluster.PASSWORD)
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.worker is None, timeout=15000)
        assert "Règles publiées : version 2027.1" in dialog.message.text()
        assert dialog.password.text() == ""
        assert rules_publication.remembered_address(store.folder) == address
    finally:
        window.close()
        store.close()
