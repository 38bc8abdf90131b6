"""Sessions: an idle timeout, and a password change that logs out every other session."""

import time

from django.test import Client
from django.urls import reverse

from kern.sessie import LAATST_ACTIEF

OVERZICHT = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})


def _zet_laatst_actief(client, seconden_geleden):
    sessie = client.session
    sessie[LAATST_ACTIEF] = int(time.time()) - seconden_geleden
    sessie.save()


def test_na_30_minuten_niets_doen_uitgelogd_met_uitleg(adviseur_client, settings):
    assert settings.SESSIE_INACTIEF_MINUTEN == 30
    assert adviseur_client.get(OVERZICHT).status_code == 200
    _zet_laatst_actief(adviseur_client, 31 * 60)
    response = adviseur_client.get(OVERZICHT)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={OVERZICHT}"
    pagina = adviseur_client.get(response["Location"]).content.decode()
    assert "U bent uitgelogd omdat u 30 minuten niets heeft gedaan" in pagina
    assert adviseur_client.get(OVERZICHT).status_code == 302


def test_wie_actief_blijft_blijft_ingelogd(adviseur_client):
    _zet_laatst_actief(adviseur_client, 29 * 60)
    assert adviseur_client.get(OVERZICHT).status_code == 200
    # The request counted as activity: 29 minutes later still logged in.
    assert adviseur_client.session[LAATST_ACTIEF] >= int(time.time()) - 5


def test_de_termijn_is_een_instelling(adviseur_client, settings):
    settings.SESSIE_INACTIEF_MINUTEN = 5
    _zet_laatst_actief(adviseur_client, 6 * 60)
    assert adviseur_client.get(OVERZICHT).status_code == 302


def test_wachtwoord_wijzigen_logt_andere_sessies_uit(adviseur):
    thuis, kantoor = Client(), Client()
    for client in (thuis, kantoor):
        client.post(
            reverse("login"), {"username": adviseur.username, "password": "geheim-genoeg-123"}
        )
        assert client.get(OVERZICHT).status_code == 200
    response = kantoor.post(
        reverse("kern:wachtwoord_wijzigen"),
        {
            "old_password": "geheim-genoeg-123",
            "new_password1": "een-heel-nieuw-wachtwoord-42",
            "new_password2": "een-heel-nieuw-wachtwoord-42",
        },
    )
    assert response["Location"] == reverse("kern:wachtwoord_gewijzigd")
    # The session that changed it stays in; the other one is out.
    assert kantoor.get(OVERZICHT).status_code == 200
    response = thuis.get(OVERZICHT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_een_verlopen_sessie_telt_niet_meer(adviseur_client):
    """kern.sessieopslag reads the session row by its own statement: a row past its
    expire_date is no session, whatever its data says (Django's rule), on both databases."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert adviseur_client.get(OVERZICHT).status_code == 200
    sleutel = adviseur_client.session.session_key
    Session.objects.filter(pk=sleutel).update(expire_date=timezone.now() + timedelta(seconds=30))
    assert adviseur_client.get(OVERZICHT).status_code == 200
    Session.objects.filter(pk=sleutel).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = adviseur_client.get(OVERZICHT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # A new visitor gets a new key, never the expired one back.
    assert adviseur_client.session.session_key != sleutel
