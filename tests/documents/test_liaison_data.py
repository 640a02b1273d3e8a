"""The fiche de liaison's data contract: what is accepted, and each refusal's message."""

from __future__ import annotations

import datetime as dt

import pytest

from asip_desktop.documents.liaison_data import Liaison, check_liaison, parse_liaison
from asip_desktop.documents.validation import FormDataError
from tests.documents.samples import LIAISON, NIR, NIR_2A, NIR_2B, changed


def errors_for(data) -> dict[str, str]:
    _, errors = check_liaison(data)
    return {e.field: e.message for e in errors}


def test_sample_is_valid_and_normalised():
    liaison = parse_liaison(LIAISON)
    assert liaison.date_creation == dt.date(2026, 11, 27)
    assert liaison.personne.nir == NIR  # spaces removed
    assert liaison.situation_administrative == ("rsa", "autre")
    assert liaison.motif == "recours_epuises"
    assert liaison.copie_reponse_partenaire is True
    assert liaison.non_opposition_traitement is False


def test_round_trip_through_the_contract():
    liaison = parse_liaison(LIAISON)
    assert parse_liaison(liaison.to_dict()) == liaison


@pytest.mark.parametrize("nir", [NIR_2A, NIR_2B, "2 95 10 2A 126 111 22", "1.85.12.2b.045.033.25"])
def test_corsican_nir_accepted(nir):
    assert errors_for(changed(LIAISON, "personne.nir", nir)) == {}
    assert parse_liaison(changed(LIAISON, "personne.nir", nir)).personne.nir in (NIR_2A, NIR_2B)


@pytest.mark.parametrize(
    ("nir", "expected"),
    [
        ("295109912611194", "clé de contrôle est incorrecte"),  # wrong key
        ("295102A12611123", "clé de contrôle est incorrecte"),  # Corsica, wrong key
        ("29510991261119", "15 caractères"),  # one digit short
        ("2951099126111930", "15 caractères"),  # one digit too many
        ("295102C12611122", "2A ou 2B (Corse)"),  # no département 2C
        ("2951099126X1193", "format incorrect"),
    ],
)
def test_bad_nir_refused_with_its_reason(nir, expected):
    errors = errors_for(changed(LIAISON, "personne.nir", nir))
    assert list(errors) == ["personne.nir"]
    assert errors["personne.nir"].startswith("NIR de la personne : ")
    assert expected in errors["personne.nir"]
    assert nir not in errors["personne.nir"]  # never echo personal data


def test_missing_person_phone_refused_with_the_reason():
    for data in (
        changed(LIAISON, "personne.telephone", ...),
        changed(LIAISON, "personne.telephone", "  "),
    ):
        message = errors_for(data)["personne.telephone"]
        assert message.startswith("Téléphone de la personne : à renseigner")
        assert "72 heures" in message


@pytest.mark.parametrize("phone", ["12345", "06 00 00 00", "+", "téléphone", "06 00 00 00 00 00"])
def test_malformed_phone_refused(phone):
    message = errors_for(changed(LIAISON, "personne.telephone", phone))["personne.telephone"]
    assert "10 chiffres commençant par 0" in message


@pytest.mark.parametrize(
    "phone", ["0600000002", "06.00.00.00.02", "+33 6 00 00 00 02", "0032 2 000 00 00"]
)
def test_phone_formats_accepted(phone):
    assert "personne.telephone" not in errors_for(changed(LIAISON, "personne.telephone", phone))


@pytest.mark.parametrize(
    "email", ["elodie@", "elodie.example.org", "a@b", "a b@example.org", "@x.fr"]
)
def test_bad_email_refused(email):
    message = errors_for(changed(LIAISON, "personne.email", email))["personne.email"]
    assert (
        message
        == "Adresse mail de la personne : adresse mail attendue, de la forme nom@domaine.fr."
    )


def test_email_is_optional():
    assert errors_for(changed(LIAISON, "personne.email", "")) == {}


def test_motif_required_and_checked():
    assert errors_for(changed(LIAISON, "motif", ...))["motif"].startswith(
        "Motif de la demande : à choisir"
    )
    assert "valeur inconnue" in errors_for(changed(LIAISON, "motif", "autre"))["motif"]


@pytest.mark.parametrize("value", ["27/11/2026", "2026-02-30", "2026-13-01", "demain", "26-11-27"])
def test_bad_date_refused(value):
    message = errors_for(changed(LIAISON, "date_creation", value))["date_creation"]
    assert message == (
        "Date de création de la fiche : date attendue au format AAAA-MM-JJ (une date qui existe)."
    )


def test_autre_needs_its_precision():
    errors = errors_for(changed(LIAISON, "type_dossier_autre", ""))
    assert errors["type_dossier_autre"].startswith(
        "Type de dossier « Autre » (précisez) : à renseigner"
    )


def test_unknown_values_and_keys_are_named():
    data = changed(LIAISON, "situation_administrative", ["rsa", "chomage"])
    data["personne"]["age"] = 70
    data["extra"] = 1
    errors = errors_for(data)
    assert "valeur inconnue" in errors["situation_administrative"]
    assert errors["personne.age"] == "Champ inconnu : « personne.age »."
    assert errors["extra"] == "Champ inconnu : « extra »."


def test_copy_choice_required_and_boolean():
    assert (
        "à choisir : Oui ou Non"
        in errors_for(changed(LIAISON, "copie_reponse_partenaire", ...))["copie_reponse_partenaire"]
    )
    assert (
        "vrai ou faux"
        in errors_for(changed(LIAISON, "copie_reponse_partenaire", "oui"))[
            "copie_reponse_partenaire"
        ]
    )


def test_not_an_object():
    with pytest.raises(FormDataError) as info:
        parse_liaison(["a list"])
    assert "objet JSON" in str(info.value)


def test_every_problem_reported_at_once_without_personal_data():
    data = changed(LIAISON, "personne.nir", "295109912611194")
    data = changed(data, "personne.email", "elodie@")
    data = changed(data, "personne.telephone", ...)
    with pytest.raises(FormDataError) as info:
        parse_liaison(data)
    assert set(info.value.by_field()) == {"personne.nir", "personne.email", "personne.telephone"}
    text = str(info.value)
    for personal in ("295109912611194", "elodie@", "Nguyễn", "Élodie"):
        assert personal not in text


def test_blank_form_value():
    blank = Liaison()
    assert blank.copie_reponse_partenaire is None
    assert blank.personal_values() == []
