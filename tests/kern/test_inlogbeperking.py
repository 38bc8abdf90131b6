"""Issue 14: the login throttling behind a proxy (kern/inlogbeperking.py): the client address
from X-Forwarded-For only from a trusted proxy, and a limit per address across user names."""

import pytest
from django.test import Client
from django.urls import reverse

from kern.inlogbeperking import client_ip
from kern.models import Rol
from tests.conftest import maak_gebruiker

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


class Verzoek:
    def __init__(self, remote, xff=None):
        self.META = {"REMOTE_ADDR": remote}
        if xff is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = xff


def test_client_ip_uit_de_proxykop_alleen_van_de_vertrouwde_proxy(settings):
    settings.VERTROUWDE_PROXIES = [PROXY]
    assert client_ip(Verzoek(PROXY, "198.51.100.7")) == "198.51.100.7"
    # The client may write anything in front; the proxy appends what it saw.
    assert client_ip(Verzoek(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    # Not from the proxy: the header is the sender's word and is ignored.
    assert client_ip(Verzoek("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    assert client_ip(Verzoek(PROXY, "geen-adres")) == PROXY
    settings.VERTROUWDE_PROXIES = []
    assert client_ip(Verzoek(PROXY, "198.51.100.7")) == PROXY


def _inloggen(client, naam, wachtwoord, adres):
    return client.post(
        reverse("login"),
        {"username": naam, "password": wachtwoord},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=adres,
    )


def test_achter_de_proxy_blokkeert_een_aanvaller_niet_iedereen(settings, gemeente):
    settings.VERTROUWDE_PROXIES = [PROXY]
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    aanvaller = Client()
    for _ in range(6):
        _inloggen(aanvaller, "fatima", "fout-wachtwoord", "198.51.100.66")
    assert _inloggen(aanvaller, "fatima", "geheim-genoeg-123", "198.51.100.66").status_code == 429
    # Fatima herself, through the same proxy from her own address, still logs in.
    antwoord = _inloggen(Client(), "fatima", "geheim-genoeg-123", "198.51.100.10")
    assert antwoord.status_code == 302


def test_veertig_gebruikersnamen_vanaf_een_adres_worden_gestopt(settings, gemeente):
    settings.VERTROUWDE_PROXIES = [PROXY]
    settings.INLOG_MAX_PER_ADRES = 20
    for n in range(40):
        maak_gebruiker(f"gebruiker{n}", gemeente, Rol.CONSULENT)
    aanvaller = Client()
    antwoorden = [
        _inloggen(aanvaller, f"gebruiker{n}", "Zomer2026!", "198.51.100.66").status_code
        for n in range(40)
    ]
    assert antwoorden[:20] == [200] * 20  # each tried once: the per-user lockout never trips
    assert set(antwoorden[20:]) == {429}
    # Even the right password of a user not tried yet is refused from that address...
    assert (
        _inloggen(aanvaller, "gebruiker39", "geheim-genoeg-123", "198.51.100.66").status_code == 429
    )
    # ... but not from another address.
    assert (
        _inloggen(Client(), "gebruiker39", "geheim-genoeg-123", "198.51.100.10").status_code == 302
    )
