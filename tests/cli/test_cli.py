"""The command line, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from asip_desktop import __version__
from asip_desktop.core.ruleset import default_rules_path
from asip_desktop.core.scenarios import load_scenarios

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asip_desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_version():
    out = cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"asip-desktop {__version__}"


def test_every_scenario_through_the_cli(tmp_path):
    scenarios = load_scenarios()
    # one process per scenario would take long; feed each via stdin in one go per file
    for s in scenarios:
        out = cli("orient", "--answers", "-", "--niveau", str(s.level), stdin=json.dumps(s.answers))
        assert out.returncode == 0, (s.name, out.stderr)
        data = json.loads(out.stdout)
        actual = {
            "orientations": [o["service"] for o in data["orientations"]],
            "forms": data["forms"],
            "urgent": data["urgent"],
            "missing": data["missing"],
        }
        if "consents" in s.expected:
            actual["consents"] = [c["id"] for c in data["consents"]]
        if "actions" in s.expected:
            plan = [f"{a['who']}: {a['text']}" for a in data["actions"]]
            actual["actions"] = plan[: len(s.expected["actions"])]
        assert actual == s.expected, s.name
        assert [a["step"] for a in data["actions"]] == list(range(1, len(data["actions"]) + 1))
        assert data["rules"]["version"] == "2026.2"
        assert len(data["rules"]["sha256"]) == 64
        for o in data["orientations"]:
            assert o["reason"] and o["reference"]


def test_orient_from_a_file(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"demande": "aide_departement"}', "utf-8")
    out = cli("orient", "--answers", str(f))
    data = json.loads(out.stdout)
    assert data["orientations"][0]["service"] == "cdas_domicile"
    assert data["missing"] == ["accompagnement_en_cours"]


@pytest.mark.parametrize(
    ("stdin", "fragment"),
    [
        (
            '{"demande": "x"}',
            "« demande » : valeur « x » non reconnue, attendu une valeur ou une liste de valeurs "
            "parmi : "
            "droits_retraite, droits_assurance_maladie",
        ),
        (  # a list question that never took one value alone says « une liste » only
            '{"urgences": "x"}',
            "« urgences » : valeur « x » non reconnue, attendu une liste de valeurs parmi : ",
        ),
        ('{"nom": "Dupont"}', "clé inconnue « nom »"),
        ('{"sante": {"arret_travail": 1}}', "« sante.arret_travail »"),
        ("{not json", "n'est pas un JSON valide"),
    ],
)
def test_bad_answers_exit_2_with_french_message(stdin, fragment):
    out = cli("orient", "--answers", "-", stdin=stdin)
    assert out.returncode == 2
    assert fragment in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_missing_answers_file():
    out = cli("orient", "--answers", "/nonexistent/a.json")
    assert out.returncode == 2
    assert "fichier introuvable" in out.stderr


def test_rules_check_passes_on_shipped_rules():
    out = cli("rules", "check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{len(load_scenarios())} scénarios : {len(load_scenarios())} inchangés" in out.stdout


def test_rules_check_shows_what_a_new_file_would_change(tmp_path):
    data = yaml.safe_load(default_rules_path().read_text("utf-8"))
    rule = next(r for r in data["rules"] if r["id"] == "retraite_bloquee")
    rule["then"]["urgent"] = True
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = cli("rules", "check", "--rules", str(new))
    assert out.returncode == 1
    assert "CHANGE    06-retraite-recours-epuises" in out.stdout
    assert "urgent : attendu non, obtenu oui" in out.stdout
    # the scenarios with a blocked pension file: 06, 07 (2026.1), 65, 69 (2026.2)
    assert "4 changeraient" in out.stdout


def test_rules_check_refuses_invalid_file(tmp_path):
    data = yaml.safe_load(default_rules_path().read_text("utf-8"))
    data["rules"][0]["then"]["orientations"] = [{"service": "mairie", "priority": 1, "reason": "x"}]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = cli("rules", "check", "--rules", str(bad))
    assert out.returncode == 2
    assert "règle « urgence_sociale »" in out.stderr
    assert "service inconnu « mairie »" in out.stderr
    assert "Traceback" not in out.stderr


def test_hostile_inputs_get_french_messages_not_tracebacks(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    deep = "[" * 100_000 + "]" * 100_000
    runs = [
        (cli("cases", "show", "99999999999999999999999"), "numéro de dossier hors limites"),
        (
            cli(
                "--data-dir",
                str(blocker),
                "directory",
                "import",
                "docs/examples/annuaire-local-exemple.csv",
            ),
            "dossier ou fichier inutilisable",
        ),
        (cli("orient", "--answers", "-", stdin=deep), "imbriqué trop profondément"),
        (
            cli("forms", "liaison", "--data", "-", "--out", str(tmp_path / "x.pdf"), stdin=deep),
            "imbriqué trop profondément",
        ),
    ]
    for out, fragment in runs:
        assert out.returncode == 2, out.stderr
        assert fragment in out.stderr
        assert "Traceback" not in out.stderr


def test_piping_into_head_is_quiet():
    out = subprocess.run(
        f"{sys.executable} -m asip_desktop rules check | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.stdout.startswith("Règles :")
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr


def test_rules_check_against_the_2026_1_file_lists_what_2026_2_changes():
    """The 2026.1 rules file is kept as a fixture: its comparison is reproducible."""
    old = Path(__file__).parents[1] / "core" / "fixtures" / "orientation-2026.1.yaml"
    out = cli("rules", "check", "--rules", str(old))
    assert out.returncode == 1
    assert "Version : 2026.1" in out.stdout
    # the four 2026.1 scenarios whose result 2026.2 changes
    assert "CHANGE    32-urgence-sans-logement-referent" in out.stdout
    assert (
        "orientations : attendu [referent_existant, service_social_cdas], "
        "obtenu [referent_existant]" in out.stdout
    )
    assert "CHANGE    37-niveau-1-ssam" in out.stdout
    # the new vocabulary is refused by the old file, named, without a traceback
    assert "réponses refusées par ces règles : « demande »" in out.stdout
    assert "inchangé  01-retraite-information" in out.stdout
    assert "Traceback" not in out.stderr


def test_orient_plan_prints_the_action_plan_as_text():
    answers = {"demande": ["droits_retraite"], "retraite": "incomprehension_procedure"}
    out = cli("orient", "--answers", "-", "--plan", "--niveau", "1", stdin=json.dumps(answers))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Plan d'action (règles 2026.2) :"
    assert lines[1] == (
        " 1. [Accueil] Remplir la fiche de liaison avec la personne, "
        "lui faire cocher ses accords et signer."
    )
    assert lines[2].startswith("    (Annexe 1")
    assert any("Cocher « copie de la réponse : OUI »" in line for line in lines)
    assert "URGENT" not in lines


def test_orient_plan_names_the_questions_still_to_ask_by_their_text():
    answers = {"demande": ["accompagnement_social"], "urgences": ["aide_alimentaire"]}
    out = cli("orient", "--answers", "-", "--plan", "--niveau", "1", stdin=json.dumps(answers))
    assert out.returncode == 0, out.stderr
    assert "Questions encore à poser :" in out.stdout
    still = out.stdout.split("Questions encore à poser :")[1]
    assert "accompagnement_en_cours" not in still  # an id is a developer's word
    assert "?" in still  # the question as the agent asks it
