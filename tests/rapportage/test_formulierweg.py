"""The P&C forms write through kern.eenmalig.verwerk_formulier: a double submit writes once and
says so (saving a stand had no guard), a service's refusal stands at its field, nothing written."""

import pytest
from django.urls import reverse

from rapportage.models import Begrotingsregel, PcStand
from tests.formulieren import AL_VERZONDEN, met_token, twee_keer

pytestmark = pytest.mark.django_db

PRIMAIR = {"stroom": "UITVOERING", "soort": "origineel", "bedrag": "100.000,00", "reden": ""}


@pytest.mark.parametrize(
    ("naam", "gegevens", "model"),
    [
        ("pc_begroting", PRIMAIR, Begrotingsregel),
        ("pc_stand_opslaan", {"moment": "begroting", "toelichting": "Raad"}, PcStand),
    ],
)
def test_twee_keer_verzenden_schrijft_een_rij(adviseur_client, gemeente, naam, gegevens, model):
    url = reverse(f"rapportage:{naam}", args=[gemeente.code, 2026])
    eerste, tweede = twee_keer(adviseur_client, url, gegevens)
    assert eerste.status_code == 302
    assert model.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_tweede_primaire_begroting_geweigerd_bij_het_veld_en_niets_geschreven(
    adviseur_client, gemeente
):
    url = reverse("rapportage:pc_begroting", args=[gemeente.code, 2026])
    adviseur_client.post(url, met_token(adviseur_client, url, PRIMAIR))
    antwoord = adviseur_client.post(url, met_token(adviseur_client, url, PRIMAIR))
    assert antwoord.status_code == 200
    assert "staat de primaire begroting al vast" in antwoord.context["form"].errors["soort"][0]
    assert Begrotingsregel.objects.count() == 1
