"""kern.eenmalig.verwerk_formulier, the one way a form view writes: what it does with a refusal
that comes after part of the write, with an error that names no field, and without a token."""

import uuid

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.models import Formulierinzending, Gemeente

pytestmark = pytest.mark.django_db


class NaamForm(EenmaligFormulier):
    naam = forms.CharField()


def _verzoek(gemeente, gebruiker):
    request = RequestFactory().post("/formulier/")
    request.gemeente, request.user = gemeente, gebruiker
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _form(**extra):
    form = NaamForm({"naam": "Bloemendaal", **extra})
    assert form.is_valid()
    return form


def test_weigering_na_een_half_geschreven_actie_laat_niets_achter(gemeente, adviseur):
    form = _form(formtoken=str(uuid.uuid4()))

    def actie() -> str:
        Gemeente.objects.create(code="GM0377", naam=form.gegevens["naam"])
        raise ValidationError({"naam": "Deze naam bestaat al.", "elders": "Iets anders."})

    assert verwerk_formulier(_verzoek(gemeente, adviseur), form, actie, "Opgeslagen.") is None
    assert form.errors["naam"] == ["Deze naam bestaat al."]
    assert form.non_field_errors() == ["Iets anders."]  # a key that is no field of this form
    assert not Gemeente.objects.filter(code="GM0377").exists()
    assert not Formulierinzending.objects.exists()  # the same token can be sent again


def test_een_fout_zonder_veld_staat_boven_het_formulier(gemeente, adviseur):
    form = _form()

    def actie() -> str:
        raise ValidationError("Het boekjaar is gesloten.")

    assert verwerk_formulier(_verzoek(gemeente, adviseur), form, actie) is None
    assert form.non_field_errors() == ["Het boekjaar is gesloten."]


def test_zonder_token_schrijft_het_gewoon_met_melding(gemeente, adviseur):
    request = _verzoek(gemeente, adviseur)
    antwoord = verwerk_formulier(request, _form(), lambda: "/klaar/", lambda: "Opgeslagen.")
    assert antwoord.status_code == 302 and antwoord["Location"] == "/klaar/"
    assert [str(m) for m in get_messages(request)] == ["Opgeslagen."]
    assert not Formulierinzending.objects.exists()


def test_tweede_keer_zelfde_token_naar_het_eerste_resultaat(gemeente, adviseur):
    token = str(uuid.uuid4())
    geschreven = []

    def actie() -> str:
        geschreven.append(1)
        return f"/resultaat/{len(geschreven)}/"

    eerste = verwerk_formulier(_verzoek(gemeente, adviseur), _form(formtoken=token), actie)
    request = _verzoek(gemeente, adviseur)
    tweede = verwerk_formulier(request, _form(formtoken=token), actie, "Opgeslagen.")
    assert eerste["Location"] == tweede["Location"] == "/resultaat/1/"
    assert len(geschreven) == 1
    assert [str(m) for m in get_messages(request)] == [
        "Dit formulier was al verzonden; er is niets dubbel vastgelegd."
    ]
