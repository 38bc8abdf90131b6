"""The jaarafsluiting proposal writes through kern.eenmalig.verwerk_formulier: a double click
proposes once and says so, a second proposal for the year is refused at the year field."""

import pytest
from django.urls import reverse

from kern.models import Boekjaarafsluiting
from tests.formulieren import AL_VERZONDEN, met_token, twee_keer

pytestmark = pytest.mark.django_db

VOORSTEL = {"jaar": "2025", "toelichting": "Jaarrekening opgesteld"}


def test_twee_keer_voorstellen_geeft_een_voorstel_en_al_verzonden(adviseur_client, gemeente):
    url = reverse("kern:jaarafsluiting", args=[gemeente.code])
    eerste, tweede = twee_keer(adviseur_client, url, VOORSTEL)
    assert eerste.status_code == 302
    assert Boekjaarafsluiting.objects.filter(gemeente=gemeente, jaar=2025).count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_een_tweede_voorstel_staat_bij_het_jaar(adviseur_client, gemeente):
    url = reverse("kern:jaarafsluiting", args=[gemeente.code])
    adviseur_client.post(url, met_token(adviseur_client, url, VOORSTEL))
    antwoord = adviseur_client.post(url, met_token(adviseur_client, url, VOORSTEL))
    assert antwoord.status_code == 400
    assert antwoord.context["form"].errors["jaar"] == ["Boekjaar 2025 is al voorgesteld."]
    assert Boekjaarafsluiting.objects.filter(gemeente=gemeente, jaar=2025).count() == 1
