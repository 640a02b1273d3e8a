"""The orientation engine against the convention's explicit rules."""

from __future__ import annotations

import pytest

from asip_desktop.core.answers import AnswersError
from asip_desktop.core.result import ACTION_WHO

SALARIE_ARRET = {"lien_sante": True, "statut": "salarie_regime_general", "arret_travail": True}


def test_issue_examples(engine):
    cases = [
        (
            {"demande": "droits_retraite", "retraite": "information"},
            ["offre_retraite_carsat"],
            [],
            False,
        ),
        (
            {"demande": "droits_retraite", "retraite": "rupture_ressources"},
            ["canal_prioritaire_carsat"],
            ["fiche_liaison_retraite"],
            True,
        ),
        ({"demande": "aide_departement"}, ["cdas_domicile"], [], False),
        (
            {
                "demande": "accompagnement_social",
                "accompagnement_en_cours": "aucun",
                "sante": {"lien_sante": False},
            },
            ["service_social_cdas"],
            [],
            False,
        ),
        (
            {
                "demande": "accompagnement_social",
                "accompagnement_en_cours": "aucun",
                "sante": {**SALARIE_ARRET, "risque_emploi": True},
                "autonome": False,
            },
            ["service_social_assurance_maladie"],
            ["fiche_detection_fragilite"],
            False,
        ),
    ]
    for answers, services, forms, urgent in cases:
        result = engine.evaluate(answers)
        assert result.services == services, answers
        assert list(result.forms) == forms, answers
        assert result.urgent is urgent, answers


def test_department_never_helps_with_a_pension_file_even_for_a_known_person(engine):
    result = engine.evaluate(
        {
            "demande": "droits_retraite",
            "retraite": "aide_constitution_dossier",
            "accompagnement_en_cours": "cdas",
        }
    )
    assert result.services == ["offre_retraite_carsat"]
    assert not {"cdas_domicile", "service_social_cdas", "referent_existant"} & set(result.services)
    texts = " ".join(w.text for w in result.warnings)
    assert "même si la personne est déjà connue ou accompagnée par le CDAS" in texts


def test_salaried_person_without_work_stoppage_is_not_for_health_insurance_service(engine):
    answers = {
        "demande": "accompagnement_social",
        "accompagnement_en_cours": "aucun",
        "sante": {"lien_sante": True, "statut": "salarie_regime_general", "arret_travail": False},
    }
    assert engine.evaluate(answers).services == ["service_social_cdas"]
    # the same health trouble for a self-employed worker needs no stoppage
    answers["sante"] = {
        "lien_sante": True,
        "statut": "travailleur_independant",
        "risque_emploi": True,
    }
    answers["autonome"] = True
    assert engine.evaluate(answers).services == ["service_social_assurance_maladie"]


def test_autonomous_person_gets_contacts_other_gets_detection_form_sent(engine):
    base = {
        "demande": "accompagnement_social",
        "accompagnement_en_cours": "aucun",
        "sante": {**SALARIE_ARRET, "risque_emploi": True},
    }
    alone = engine.evaluate({**base, "autonome": True})
    helped = engine.evaluate({**base, "autonome": False})
    assert alone.forms == ()
    assert any("3646" in w.text for w in alone.warnings)
    assert helped.forms == ("fiche_detection_fragilite",)
    assert helped.prefill["fiche_detection_fragilite"] == {"motif": "pdp"}


def test_continuity_puts_existing_social_worker_first(engine):
    result = engine.evaluate(
        {
            "demande": "accompagnement_social",
            "accompagnement_en_cours": "cdas",
            "sante": {**SALARIE_ARRET, "risque_emploi": True},
        }
    )
    assert result.services == ["referent_existant", "service_social_assurance_maladie"]
    assert "co_intervention_cdas_ssam" in [t.rule for t in result.trace]


def test_child_protection_known_to_cdas_stays_with_cdas(engine):
    result = engine.evaluate(
        {
            "demande": "accompagnement_social",
            "urgences": ["protection_enfance"],
            "protection_enfance_connue_cdas": True,
            "accompagnement_en_cours": "service_social_assurance_maladie",
            "sante": {"lien_sante": False},
        }
    )
    assert result.services[0] == "service_social_cdas"
    assert result.urgent
    assert "maintient quoi qu'il arrive son intervention" in result.orientations[0].reason


@pytest.mark.parametrize(
    "kind",
    [
        "aide_alimentaire",
        "sans_logement",
        "coupure_energie",
        "protection_enfance",
        "violences_conjugales",
    ],
)
def test_each_of_the_five_social_emergencies_is_urgent_and_comes_first(engine, kind):
    result = engine.evaluate(
        {
            "demande": "droits_retraite",
            "retraite": "information",
            "urgences": [kind],
            "accompagnement_en_cours": "aucun",
        }
    )
    assert result.urgent
    assert result.services[0] == "service_social_cdas"
    assert result.services[-1] == "offre_retraite_carsat"


def test_every_orientation_has_reason_and_reference(engine):
    result = engine.evaluate(
        {
            "demande": "aide_departement",
            "urgences": ["aide_alimentaire"],
            "accompagnement_en_cours": "cdas",
        }
    )
    assert result.orientations
    for o in result.orientations:
        assert o.reason and o.reference and o.label
    assert result.rules_sha256 and len(result.rules_sha256) == 64


def test_missing_lists_next_questions_and_respects_level(engine):
    partial = {
        "demande": "accompagnement_social",
        "accompagnement_en_cours": "aucun",
        "sante": {**SALARIE_ARRET, "risque_emploi": True},
    }
    assert engine.missing({}) == ["demande"]
    assert engine.missing({"demande": "droits_retraite"}) == ["retraite"]
    assert engine.missing(partial, level=2) == ["autonome"]
    # 2026.2: volet II §3 ends the first-level orientation with this very test
    assert engine.missing(partial, level=1) == ["autonome"]
    assert engine.missing({"demande": []}) == ["demande"]


def test_questions_to_ask_follows_the_branch(engine):
    asked = [
        q.id
        for q in engine.questions_to_ask(
            {
                "demande": "accompagnement_social",
                "accompagnement_en_cours": "aucun",
                "sante": {"lien_sante": True, "statut": "retraite"},
            }
        )
    ]
    assert asked == [
        "demande",
        "urgences",
        "enfants_concernes",
        "accompagnement_en_cours",
        "sante.lien_sante",
        "sante.statut",
        "sante.rupture_sante",
    ]


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"demande": "pension"}, "« demande » : valeur « pension » non reconnue"),
        ({"demande": "droits_retraite", "couleur": "bleu"}, "clé inconnue « couleur »"),
        (
            {"sante": {"lien_sante": "oui"}},
            "« sante.lien_sante » : valeur « oui » non reconnue, attendu vrai ou faux",
        ),
        ({"sante": {"age": 3}}, "clé inconnue « sante.age »"),
        ({"sante": True}, "« sante » doit être un objet"),
        (
            {"urgences": "aide_alimentaire"},
            "« urgences » : valeur « aide_alimentaire » non reconnue, attendu une liste",
        ),
        ({"urgences": ["incendie"]}, "« urgences » : valeur [incendie] non reconnue"),
    ],
)
def test_bad_answers_name_the_key_and_allowed_values(engine, answers, fragment):
    with pytest.raises(AnswersError) as exc:
        engine.evaluate(answers)
    assert fragment in str(exc.value)


def test_bad_value_message_lists_allowed_values(engine):
    with pytest.raises(AnswersError) as exc:
        engine.evaluate({"retraite": "x"})
    assert "information, aide_constitution_dossier, rupture_ressources" in str(exc.value)


def test_answers_must_be_an_object(engine):
    with pytest.raises(AnswersError, match="objet JSON"):
        engine.evaluate(["demande"])


def test_evaluate_does_not_mutate_answers(engine):
    answers = {"demande": "accompagnement_social", "sante": {"lien_sante": False}}
    before = repr(answers)
    engine.evaluate(answers)
    assert repr(answers) == before


# --- 2026.2: several demands, the action plan, consents ---------------------


def test_a_pension_answer_given_with_another_demand_keeps_the_channel_and_urgency(engine):
    result = engine.evaluate(
        {
            "demande": ["accompagnement_social", "droits_retraite"],
            "retraite": "rupture_ressources",
            "accompagnement_en_cours": "aucun",
            "sante": {"lien_sante": False},
        }
    )
    assert result.services == ["canal_prioritaire_carsat", "service_social_cdas"]
    assert result.urgent is True
    assert result.forms == ("fiche_liaison_retraite",)


def test_actions_are_numbered_in_order_each_citing_its_section(engine):
    result = engine.evaluate(
        {"demande": ["droits_retraite"], "retraite": "recours_epuises"}, level=1
    )
    assert [a.step for a in result.actions] == list(range(1, len(result.actions) + 1))
    assert result.actions[0].who == "accueil"
    assert result.actions[0].text.startswith("Remplir la fiche de liaison")
    assert result.actions[-1].text == "Remettre la feuille d'orientation à la personne."
    for action in result.actions:
        assert action.who in ACTION_WHO
        assert action.reference.startswith(("Volet", "Annexe"))
    assert result.to_dict()["actions"][0] == {
        "step": 1,
        "who": "accueil",
        "text": result.actions[0].text,
        "reference": result.actions[0].reference,
    }


def test_the_same_action_from_two_rules_is_said_once(engine):
    # both the emergency with a referent and the aid's referent rule fire
    result = engine.evaluate(
        {
            "demande": ["aide_departement"],
            "urgences": ["coupure_energie"],
            "accompagnement_en_cours": "cdas",
        }
    )
    texts = [(a.who, a.text) for a in result.actions]
    assert len(texts) == len(set(texts))


def test_no_personne_action_names_a_mailbox_or_an_internal_channel(engine):
    for rule in engine.rules.rules:
        for action in rule.actions:
            if action.who == "personne":
                assert "@" not in action.text and "BlueFiles" not in action.text, rule.id


def test_consents_say_which_agreement_applies(engine):
    result = engine.evaluate(
        {
            "demande": ["accompagnement_social"],
            "accompagnement_en_cours": "cdas",
            "sante": {
                "lien_sante": True,
                "statut": "travailleur_independant",
                "risque_emploi": True,
            },
        }
    )
    assert [c.id for c in result.consents] == ["co_intervention", "fiche_detection_fragilite"]
    assert all(c.text and c.reference for c in result.consents)
    assert [c["id"] for c in result.to_dict()["consents"]] == [
        "co_intervention",
        "fiche_detection_fragilite",
    ]


def test_an_emergency_before_the_referent_question_goes_to_the_cdas_social_worker(engine):
    result = engine.evaluate(
        {"demande": ["droits_assurance_maladie"], "urgences": ["aide_alimentaire"]}
    )
    assert result.services == ["service_social_cdas", "accueil_carsat_cpam"]
    assert result.missing == ("accompagnement_en_cours",)


def test_pension_details_prefill_nothing_by_themselves_but_are_asked(engine):
    asked = [
        q.id
        for q in engine.questions_to_ask(
            {"demande": ["droits_retraite"], "retraite": "non_recours"}
        )
    ]
    assert "pension.type_dossier" in asked and "pension.situation_administrative" in asked
    assert (
        engine.evaluate({"demande": ["droits_retraite"], "retraite": "non_recours"}).missing == ()
    )


def test_incomprehension_prefills_copy_of_the_answer_yes(engine):
    result = engine.evaluate(
        {"demande": ["droits_retraite"], "retraite": "incomprehension_procedure"}
    )
    assert result.prefill["fiche_liaison_retraite"] == {
        "motif": "incomprehension_procedure",
        "copie_reponse_partenaire": True,
    }


# --- 2026.2, §3 of issue 10: the texts the agent reads ------------------------


def warnings_of(engine, answers, level=2):
    return [w.text for w in engine.evaluate(answers, level=level).warnings]


def test_the_department_never_fills_a_pension_file_but_a_cdas_professional_uses_the_channel(
    engine,
):
    info = warnings_of(
        engine, {"demande": ["droits_retraite"], "retraite": "aide_constitution_dossier"}
    )
    assert any(w.startswith("Pour remplir ou constituer un dossier de retraite") for w in info)
    channel = engine.evaluate({"demande": ["droits_retraite"], "retraite": "rupture_ressources"})
    assert not any("aucune circonstance" in w.text for w in channel.warnings)
    assert "un professionnel du CDAS saisit le canal" in channel.orientations[0].reason


def test_the_health_insurance_delay_only_where_that_service_is_proposed(engine):
    sante = {"lien_sante": True, "statut": "travailleur_independant", "risque_emploi": True}
    proposed = warnings_of(
        engine,
        {"demande": ["accompagnement_social"], "accompagnement_en_cours": "aucun", "sante": sante},
    )
    delay = [w for w in proposed if "15 jours à 3 semaines" in w]
    assert len(delay) == 1 and "en fonction de son organisation" in delay[0]
    followed = warnings_of(
        engine,
        {
            "demande": ["accompagnement_social"],
            "accompagnement_en_cours": "service_social_assurance_maladie",
            "sante": sante,
        },
    )
    assert not any("15 jours" in w for w in followed)
    outside = warnings_of(
        engine,
        {
            "demande": ["accompagnement_social"],
            "accompagnement_en_cours": "aucun",
            "sante": {"lien_sante": False},
        },
    )
    assert not any("15 jours" in w for w in outside)


def test_the_channel_is_presented_as_a_six_month_experiment_with_an_evaluation(engine):
    texts = warnings_of(engine, {"demande": ["droits_retraite"], "retraite": "recours_epuises"})
    assert any("expérimental pour 6 mois" in w and "évaluation" in w for w in texts)


def test_child_protection_tells_the_agent_what_to_do_not_article_40(engine):
    result = engine.evaluate(
        {"demande": ["aide_departement"], "urgences": ["protection_enfance"]}, level=1
    )
    texts = [w.text for w in result.warnings] + [a.text for a in result.actions]
    assert not any("article 40" in t or "parquet" in t for t in texts)
    assert result.actions[0].text == (
        "Alerter immédiatement un travailleur social ou le responsable du CDAS : "
        "un enfant peut être en danger."
    )


def test_no_rule_id_in_what_the_agent_reads(engine):
    ids = {r.id for r in engine.rules.rules} | set(engine.rules.definitions)
    for rule in engine.rules.rules:
        texts = [
            *rule.warnings,
            *(a.text for a in rule.actions),
            *(o.reason for o in rule.orientations),
        ]
        for text in texts:
            assert not any(i in text for i in ids if "_" in i), (rule.id, text)
