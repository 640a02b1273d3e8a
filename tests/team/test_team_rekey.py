"""Re-keying a CDAS (``team rekey``): every case key re-wrapped under a new CDAS key in
one transaction, the key check and the desk role's password replaced, a new enrolment
file; the old key reads nothing any more, a desk joined with the new file reads every
case. The suite's real PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from asip_desktop.errors import UserError
from asip_desktop.team import admin, crypto, membership
from asip_desktop.team.crypto import DecryptionError
from asip_desktop.team.store import TeamStore
from tests.store.seed import person
from tests.team.conftest import PASSPHRASE, Team
from tests.team.test_team_base import new_case
from tests.team.test_team_cli import Run, run  # noqa: F401  (the fixture)

NEW_PHRASE = "une toute nouvelle phrase de passe"
CDAS = "CDAS de Saint-Malo"


def wrapped(team: Team) -> dict[int, bytes]:
    return {case_id: key for case_id, (_uid, key) in wrapped_with_uid(team).items()}


def wrapped_with_uid(team: Team) -> dict[int, tuple[str, bytes]]:
    raw = create_engine(team.url)  # the server's superuser
    try:
        with raw.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT k.case_id, c.uid, k.wrapped_key FROM asip_keys.case_keys k "
                    "JOIN asip.cases c ON c.id = k.case_id"
                )
            )
            return {int(r[0]): (str(r[1]), bytes(r[2])) for r in rows}
    finally:
        raw.dispose()


def test_rekey_rewraps_every_case_key_and_the_old_key_reads_nothing(
    team: Team, engine: Any, tmp_path: Path
) -> None:
    rng = random.Random(13)
    old_desk = team.desk("accueil", cdas=CDAS)
    people = [person(rng, i) for i in range(4)]
    ids = [new_case(old_desk, engine, person=p) for p in people]
    other = team.desk("fougeres", cdas="CDAS de Fougères")  # another CDAS: untouched
    other_case = new_case(other, engine)
    before = wrapped(team)
    old_file = team.cdas(CDAS)
    old_key = bytes.fromhex(crypto.open_enrolment(old_file.read_bytes(), PASSPHRASE)["key"])

    done = admin.rekey(team.url, old_file, PASSPHRASE, tmp_path / "nouveau.asip", NEW_PHRASE)
    assert (done.cdas, done.cases, done.file) == (CDAS, 4, tmp_path / "nouveau.asip")
    assert done.disconnected is not None and done.disconnected >= 1  # the old desk's pool
    content = crypto.open_enrolment(done.file.read_bytes(), NEW_PHRASE)
    new_key = bytes.fromhex(content["key"])
    assert new_key != old_key
    after = wrapped_with_uid(team)
    assert after[other_case][1] == before[other_case]  # another CDAS's keys: untouched
    for case_id in ids:
        uid, key = after[case_id]
        assert key != before[case_id]
        # the case key itself is the same (no ciphertext rewritten), under the new CDAS key
        old_case_key = crypto.KeyUnwrapper(old_key).unwrap(before[case_id], uid)
        assert crypto.KeyUnwrapper(new_key).unwrap(key, uid) == old_case_key
        with pytest.raises(DecryptionError):  # the old CDAS key opens none of them
            crypto.KeyUnwrapper(old_key).unwrap(key, uid)

    # the desk still holding the old key reads nothing any more
    old_desk.cases.forget_keys()
    with pytest.raises(DecryptionError, match="ne se déchiffre pas avec la clé de ce poste"):
        old_desk.cases.open_cases()
    # the old enrolment file is refused at join: its key is not the base's any more
    with pytest.raises(UserError):
        membership.join(team.url, old_file, PASSPHRASE, tmp_path / "poste-ancien-fichier")
    # a desk joined with the new file reads every case, identity included
    folder = tmp_path / "poste-nouveau"
    fresh = TeamStore.open(membership.join(team.url, done.file, NEW_PHRASE, folder), folder)
    team.opened.append(fresh)
    assert sorted(c.id for c in fresh.cases.open_cases()) == sorted(ids)
    assert [fresh.cases.get(i).person["nom_naissance"] for i in ids] == [
        p["nom_naissance"] for p in people
    ]
    assert fresh.cases.get(ids[0]).person["nir"] == people[0]["nir"]


def test_rekey_with_a_wrong_passphrase_or_a_stale_file_changes_nothing(
    team: Team, engine: Any, tmp_path: Path
) -> None:
    desk = team.desk("accueil", cdas=CDAS)
    case_id = new_case(desk, engine)
    before = wrapped(team)
    old_file = team.cdas(CDAS)
    target = tmp_path / "nouveau.asip"
    with pytest.raises(UserError, match="Phrase de passe du fichier d'enrôlement incorrecte"):
        admin.rekey(team.url, old_file, "pas la bonne phrase", target, NEW_PHRASE)
    assert not target.exists() and wrapped(team) == before
    done = admin.rekey(team.url, old_file, PASSPHRASE, target, NEW_PHRASE)
    # the old file once more: refused, nothing changed, no file written
    again = tmp_path / "encore.asip"
    with pytest.raises(UserError, match="ne porte pas la clé actuelle"):
        admin.rekey(team.url, old_file, PASSPHRASE, again, NEW_PHRASE)
    assert not again.exists()
    assert wrapped(team)[case_id] != before[case_id]
    with pytest.raises(UserError, match="existe déjà"):
        admin.rekey(team.url, done.file, NEW_PHRASE, target, NEW_PHRASE)


def test_team_rekey_from_the_command_line(
    run: Run,  # noqa: F811
    team: Team,
    engine: Any,
    tmp_path: Path,
) -> None:
    new_case(team.desk("accueil", cdas=CDAS), engine)
    current, fresh = tmp_path / "actuelle.txt", tmp_path / "nouvelle.txt"
    current.write_text(PASSPHRASE + "\n", "utf-8")
    fresh.write_text(NEW_PHRASE + "\n", "utf-8")
    target = tmp_path / "nouveau.asip"
    code, out, err = run(
        tmp_path / "admin", "team", "rekey", "--url", team.url,
        "--enrolment", str(team.cdas(CDAS)), "--new-enrolment", str(target),
        "--passphrase-file", str(current), "--new-passphrase-file", str(fresh),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert f"Clé du {CDAS} changée : 1 clé(s) de dossier chiffrée(s) de nouveau" in out
    assert "Chaque poste du CDAS doit être rattaché de nouveau" in out and target.exists()
