"""The jaarafsluiting writes through kern.eenmalig.verwerk_formulier: a double click proposes,
confirms, reopens or withdraws once and says so; a second proposal for the year is refused at the
year field."""

import pytest
from django.urls import reverse

from kern import jaarafsluiting
from kern.models import AuditRecord, Boekjaarafsluiting, Formulierinzending, Rol
from tests.conftest import maak_gebruiker
from tests.formulieren import AL_VERZONDEN, knop_twee_keer, met_token, twee_keer

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


# --- The buttons of the table: each carries its own token -------------------------------------


@pytest.fixture
def mensen(gemeente):
    return {
        "adviseur": maak_gebruiker("ada", gemeente, Rol.FINANCIEEL_ADVISEUR),
        "controller": maak_gebruiker("cor", gemeente, Rol.CONTROLLER),
    }


def _voorstel(gemeente, mensen):
    return jaarafsluiting.stel_afsluiting_voor(
        gemeente=gemeente, jaar=2025, gebruiker=mensen["adviseur"]
    )


def _acties(afsluiting, actie: str) -> int:
    return AuditRecord.objects.filter(
        object_type="boekjaarafsluiting", object_id=str(afsluiting.pk), actie=actie
    ).count()


@pytest.mark.parametrize(
    ("knop", "wie", "gesloten", "voor", "gegevens", "audit"),
    [
        ("bevestigen", "controller", False, set(), {}, "gesloten"),
        ("heropenen", "controller", True, {2025}, {"reden": "Correctie accountant"}, "gewijzigd"),
        ("intrekken", "adviseur", False, set(), {}, "ingetrokken"),
    ],
)
def test_een_knop_twee_keer_doet_het_een_keer_en_zegt_al_verzonden(
    client, gemeente, mensen, knop, wie, gesloten, voor, gegevens, audit
):
    afsluiting = _voorstel(gemeente, mensen)
    if gesloten:
        jaarafsluiting.bevestig_afsluiting(afsluiting=afsluiting, gebruiker=mensen["controller"])
        client.force_login(maak_gebruiker("cas", gemeente, Rol.CONTROLLER))
    else:
        client.force_login(mensen[wie])
    assert jaarafsluiting.gesloten_jaren(gemeente=gemeente) == voor
    voor_audit = _acties(afsluiting, audit)
    pagina = reverse("kern:jaarafsluiting", args=[gemeente.code])
    actie = reverse(f"kern:jaarafsluiting_{knop}", args=[gemeente.code, afsluiting.pk])
    eerste, tweede = knop_twee_keer(client, pagina, actie, gegevens)
    assert eerste.status_code == 302
    inhoud = tweede.content.decode()
    assert AL_VERZONDEN in inhoud
    # The second click reached no service: no refusal shown, one audit row more, not two.
    assert "utrecht-alert--error" not in inhoud
    assert _acties(afsluiting, audit) == voor_audit + 1
    assert Formulierinzending.objects.count() == 1
