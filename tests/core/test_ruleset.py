"""A malformed rules file is refused with a message naming the rule and field."""

from __future__ import annotations

import copy

import pytest
import yaml

from asip_desktop.core.ruleset import RulesError, default_rules_path, load_rules, parse_rules


@pytest.fixture(scope="module")
def rules_data():
    return yaml.safe_load(default_rules_path().read_text("utf-8"))


def refuse(data) -> str:
    with pytest.raises(RulesError) as exc:
        parse_rules(data)
    return str(exc.value)


def rule_index(data, rule_id):
    return next(i for i, r in enumerate(data["rules"]) if r["id"] == rule_id)


def test_shipped_rules_load_with_version_and_sha256():
    rules = load_rules()
    assert rules.version == "2026.2"
    assert len(rules.sha256) == 64
    assert all(r.references for r in rules.rules)


def test_unknown_service_names_rule_and_field(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][rule_index(data, "retraite_urgente")]["then"]["orientations"][0]["service"] = "x"
    msg = refuse(data)
    assert "règle « retraite_urgente »" in msg
    assert "then.orientations[0].service" in msg
    assert "service inconnu « x »" in msg


def test_missing_required_field(rules_data):
    data = copy.deepcopy(rules_data)
    del data["rules"][rule_index(data, "droits_carsat_cpam")]["reference"]
    msg = refuse(data)
    assert "règle « droits_carsat_cpam »" in msg
    assert "« reference » manque" in msg


def test_unknown_field(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][0]["couleur"] = "rouge"
    assert "champ inconnu « couleur »" in refuse(data)


def test_impossible_value_in_condition(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][rule_index(data, "aide_departement_cdas")]["when"] = {
        "q": "demande",
        "eq": "aide_mairie",
    }
    msg = refuse(data)
    assert "règle « aide_departement_cdas », champ « when »" in msg
    assert "valeur « aide_mairie » impossible pour « demande »" in msg


def test_unknown_reference_and_definition(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][0]["reference"] = ["V9"]
    data["rules"][1]["when"] = {"ref": "nulle_part"}
    msg = refuse(data)
    assert "référence inconnue « V9 »" in msg
    assert "définition inconnue « nulle_part »" in msg


def test_question_depending_on_a_later_one(rules_data):
    data = copy.deepcopy(rules_data)
    data["questions"][0]["ask_when"] = {"q": "autonome", "eq": True}
    assert "dépend de « autonome », qui n'est pas posée avant" in refuse(data)


def test_malformed_condition(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][0]["when"] = {"q": "demande", "eq": "x", "in": ["y"]}
    assert "condition mal formée" in refuse(data)


def test_unreadable_yaml(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("version: [\n", "utf-8")
    with pytest.raises(RulesError, match="YAML lisible"):
        load_rules(bad)
    with pytest.raises(RulesError, match="illisible"):
        load_rules(tmp_path / "absent.yaml")


def test_an_action_for_someone_unknown_is_refused(rules_data):
    data = copy.deepcopy(rules_data)
    action = data["rules"][rule_index(data, "canal_prioritaire_envoi")]["then"]["actions"][0]
    action["who"] = "mairie"
    msg = refuse(data)
    assert "règle « canal_prioritaire_envoi »" in msg
    assert "then.actions[0].who" in msg
    assert "valeur « mairie » non permise (attendu : accueil, travailleur_social, personne)" in msg


def test_an_action_citing_an_unknown_section_is_refused(rules_data):
    data = copy.deepcopy(rules_data)
    action = data["rules"][rule_index(data, "canal_prioritaire_envoi")]["then"]["actions"][0]
    action["reference"] = ["V9"]
    msg = refuse(data)
    assert "then.actions[0].reference[0] » : référence inconnue « V9 »" in msg


def test_an_unknown_consent_is_refused(rules_data):
    data = copy.deepcopy(rules_data)
    data["rules"][rule_index(data, "relais_ssam_vers_cdas")]["then"]["consents"] = ["signature"]
    msg = refuse(data)
    assert "règle « relais_ssam_vers_cdas », champ « then.consents[0] » : accord inconnu" in msg


def test_every_action_cites_a_section_and_every_rule_with_a_fiche_says_its_consent():
    rules = load_rules()
    for rule in rules.rules:
        for action in rule.actions:
            assert action.references or rule.references, rule.id
    consents = {c for r in rules.rules for c in r.consents}
    assert set(rules.consents) == consents  # none declared for nothing
