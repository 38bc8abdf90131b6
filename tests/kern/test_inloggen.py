"""Logging in: every page needs it, and guessing is throttled (django-axes)."""

from django.urls import reverse

from kern.models import Rol
from tests.conftest import maak_gebruiker


def test_na_vijf_mislukte_pogingen_is_ook_het_juiste_wachtwoord_geblokkeerd(client, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    url = reverse("login")
    for _poging in range(4):
        response = client.post(url, {"username": "fatima", "password": "fout-wachtwoord"})
        assert "klopt niet" in response.content.decode()
    client.post(url, {"username": "fatima", "password": "fout-wachtwoord"})
    response = client.post(url, {"username": "fatima", "password": "geheim-genoeg-123"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Te veel mislukte inlogpogingen" in html
    assert "_auth_user_id" not in client.session


def test_vier_fouten_en_dan_het_juiste_wachtwoord_logt_in(client, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    url = reverse("login")
    for _poging in range(4):
        client.post(url, {"username": "fatima", "password": "fout-wachtwoord"})
    response = client.post(url, {"username": "fatima", "password": "geheim-genoeg-123"})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_zonder_inloggen_naar_de_inlogpagina_en_daarna_terug(client, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    doel = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})
    response = client.get(doel)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={doel}"
    response = client.post(
        response["Location"],
        {"username": "fatima", "password": "geheim-genoeg-123", "next": doel},
    )
    assert response["Location"] == doel
