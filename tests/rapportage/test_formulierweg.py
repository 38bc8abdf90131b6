"""The rapportage forms write through kern.eenmalig.verwerk_formulier: a double submit writes
once and says so (saving a P&C stand, a scenario, a SiSa import, the SiSa definitions and their
two buttons had no guard), a service's refusal stands at its field with nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kern.models import Formulierinzending, Rol
from rapportage.models import Begrotingsregel, LandelijkeWijziging, PcStand, Scenario, SisaIndicator
from rapportage.services import zorg_voor_sisa_definities
from tests.conftest import maak_gebruiker
from tests.formulieren import AL_VERZONDEN, knop_twee_keer, met_token, twee_keer

from .test_landelijk_beheer import _formulier
from .test_sisa_import import GOED, xlsx

pytestmark = pytest.mark.django_db


def landelijk_beheer(gemeente) -> Client:
    gebruiker = maak_gebruiker("landelijk", gemeente, Rol.BELEIDSMEDEWERKER)
    call_command("landelijk_beheer", "landelijk")
    client = Client()
    client.force_login(gebruiker)
    return client


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


def test_scenario_twee_keer_opslaan_geeft_een_scenario(adviseur_client, gemeente):
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    form = adviseur_client.get(url).context["form"]
    gegevens = {naam: form[naam].value() for naam in form.fields}
    gegevens = {k: ("" if v is None else v) for k, v in gegevens.items()} | {"naam": "Laag"}
    eerste = adviseur_client.post(url, gegevens)
    tweede = adviseur_client.post(url, gegevens, follow=True)
    assert eerste.status_code == 302
    assert Scenario.objects.filter(naam="Laag").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_sisa_lijst_twee_keer_importeren_leest_een_keer(gemeente):
    zorg_voor_sisa_definities(jaar=2025)
    client = landelijk_beheer(gemeente)
    url = reverse("rapportage:sisa_importeren", args=[gemeente.code, 2025])
    gegevens = met_token(client, url, {"regeling": "SPUK-IV"})
    inhoud = xlsx(GOED)
    eerste = client.post(url, {**gegevens, "bestand": SimpleUploadedFile("lijst.xlsx", inhoud)})
    tweede = client.post(
        url, {**gegevens, "bestand": SimpleUploadedFile("lijst.xlsx", inhoud)}, follow=True
    )
    assert eerste.status_code == 302
    assert LandelijkeWijziging.objects.filter(actie="geimporteerd").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


# --- The SiSa definitions of landelijk beheer: the formset and its two buttons ------------------


def _sisa_url(naam: str, gemeente, jaar: int) -> str:
    return reverse(f"rapportage:{naam}", args=[gemeente.code, jaar])


@pytest.mark.parametrize(
    ("pagina", "jaar", "actie", "trail"),
    [
        ("sisa_indicatoren", 2024, "standaard", "vastgelegd"),  # store the defaults
        ("sisa_importeren", 2025, "kopieren", "gekopieerd"),  # last year's copied
    ],
)
def test_een_sisa_knop_twee_keer_schrijft_een_keer(gemeente, pagina, jaar, actie, trail):
    client = landelijk_beheer(gemeente)
    if actie == "kopieren":
        zorg_voor_sisa_definities(jaar=jaar - 1)
    url = _sisa_url(pagina, gemeente, jaar)
    eerste, tweede = knop_twee_keer(client, url, url, {"actie": actie}, kenmerk=f'value="{actie}"')
    assert eerste.status_code == 302
    assert AL_VERZONDEN in tweede.content.decode()
    # One trail line per regeling (SPUK-IV and SPUK-OR), not two.
    assert LandelijkeWijziging.objects.filter(actie=trail).count() == 2
    assert Formulierinzending.objects.count() == 1


def test_sisa_definities_twee_keer_opslaan_schrijft_een_wijziging(gemeente):
    client = landelijk_beheer(gemeente)
    zorg_voor_sisa_definities(jaar=2024)
    url = _sisa_url("sisa_indicatoren", gemeente, 2024)
    data = _formulier(client, gemeente, code="OFFICIEEL-1")
    eerste, tweede = twee_keer(client, url, data)
    assert eerste.status_code == 302
    assert AL_VERZONDEN in tweede.content.decode()
    assert LandelijkeWijziging.objects.filter(actie="gewijzigd").count() == 1
    assert SisaIndicator.objects.filter(jaar=2024, code="OFFICIEEL-1").count() == 1
