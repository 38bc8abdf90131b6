"""Two-factor login (BIO 9.4.2.1): password, then a code from the app or a recovery code.

These tests run with enforcement on (the rest of the suite runs with MFA_VERPLICHT off).
"""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.checks import mfa_aan_in_productie
from kern.mfa import huidige_code, nieuwe_herstelcodes
from kern.models import Rol
from tests.conftest import maak_gebruiker

SLEUTEL = "3132333435363738393031323334353637383930"  # RFC 6238's test key
OVERZICHT = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})


@pytest.fixture(autouse=True)
def mfa_aan(settings):
    settings.MFA_VERPLICHT = True


@pytest.fixture
def fatima(gemeente):
    gebruiker = maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    TOTPDevice.objects.create(user=gebruiker, name="app", key=SLEUTEL, confirmed=True)
    return gebruiker


def _wachtwoord(client, next_=OVERZICHT):
    response = client.post(
        reverse("login"),
        {"username": "fatima", "password": "geheim-genoeg-123", "next": next_},
    )
    assert response.status_code == 302
    return client.get(response["Location"])


def _code(client, code, next_=OVERZICHT):
    return client.post(reverse("kern:mfa_verifieren"), {"code": code, "next": next_})


def test_alleen_het_wachtwoord_geeft_nog_geen_toegang(client, fatima):
    response = _wachtwoord(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("kern:mfa_verifieren"))
    pagina = client.get(response["Location"]).content.decode()
    assert "Vul nu de code in die uw authenticator-app laat zien" in pagina
    # Any other page, and the setup page (which would let the password alone add an app), too.
    assert client.get(OVERZICHT)["Location"].startswith(reverse("kern:mfa_verifieren"))
    assert client.get(reverse("kern:mfa_instellen"))["Location"] == reverse("kern:mfa_verifieren")


def test_met_de_code_uit_de_app_naar_de_gevraagde_pagina(client, fatima):
    _wachtwoord(client)
    response = _code(client, huidige_code(SLEUTEL))
    assert response.status_code == 302
    assert response["Location"] == OVERZICHT
    assert "Heemstede" in client.get(OVERZICHT).content.decode()


@pytest.mark.parametrize("weg", ["verwijderd", "onbevestigd", "van een ander"])
def test_zonder_de_app_van_de_sessie_weer_een_code(client, fatima, gemeente, weg):
    """kern.otp reads the session's device by its own statement; the device must still exist,
    be confirmed and belong to the user, else the next page asks for a code again."""
    _wachtwoord(client)
    _code(client, huidige_code(SLEUTEL))
    assert client.get(OVERZICHT).status_code == 200
    app = TOTPDevice.objects.get(user=fatima)
    if weg == "verwijderd":
        app.delete()
    elif weg == "onbevestigd":
        TOTPDevice.objects.filter(pk=app.pk).update(confirmed=False)
    else:
        ander = maak_gebruiker("ander", gemeente, Rol.FINANCIEEL_ADVISEUR)
        TOTPDevice.objects.filter(pk=app.pk).update(user=ander)
    response = client.get(OVERZICHT)
    assert response.status_code == 302
    # No confirmed app of her own left: she sets one up before any page.
    assert response["Location"].startswith(reverse("kern:mfa_instellen"))


def test_een_foute_code_wordt_geweigerd_met_uitleg(client, fatima, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off is tested by django-otp
    _wachtwoord(client)
    fout = f"{(int(huidige_code(SLEUTEL)) + 1) % 1_000_000:06d}"
    response = _code(client, fout)
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert client.get(OVERZICHT).status_code == 302
    # The right code still works after one mistake.
    assert _code(client, huidige_code(SLEUTEL))["Location"] == OVERZICHT


def test_een_herstelcode_werkt_een_keer(client, fatima):
    codes = nieuwe_herstelcodes(fatima)
    assert len(set(codes)) == 10
    _wachtwoord(client)
    response = _code(client, codes[0].upper())
    assert response["Location"] == OVERZICHT
    pagina = client.get(OVERZICHT).content.decode()
    assert "U logde in met een herstelcode. U heeft er nog 9 over" in pagina

    client.post(reverse("logout"))
    _wachtwoord(client)
    response = _code(client, codes[0])
    assert "Deze code klopt niet" in response.content.decode()


def test_vijf_foute_codes_blokkeren_en_loggen_uit(client, fatima, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _wachtwoord(client)
    for _poging in range(4):
        assert "klopt niet" in _code(client, "000000").content.decode()
    response = _code(client, "000000")
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The right password and code do not help now.
    response = client.post(
        reverse("login"), {"username": "fatima", "password": "geheim-genoeg-123"}
    )
    assert response.status_code == 429


def test_opnieuw_het_wachtwoord_invullen_wist_de_foute_codes_niet(client, fatima, settings):
    # Otherwise whoever knows the password could guess codes without end, 4 at a time.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _wachtwoord(client)
    for _poging in range(3):
        _code(client, "000000")
    client.post(reverse("logout"))
    _wachtwoord(client)
    _code(client, "000000")
    assert _code(client, "000000").status_code == 429


def test_na_een_volledige_login_tellen_eerdere_fouten_niet_meer(client, fatima, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _wachtwoord(client)
    for _poging in range(4):
        _code(client, "000000")
    assert _code(client, huidige_code(SLEUTEL))["Location"] == OVERZICHT
    client.post(reverse("logout"))
    _wachtwoord(client)
    for _poging in range(4):
        assert _code(client, "000000").status_code == 200


def test_zonder_app_eerst_instellen_en_dan_herstelcodes(client, gemeente):
    gebruiker = maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    response = _wachtwoord(client)
    assert response["Location"].startswith(reverse("kern:mfa_instellen"))
    pagina = client.get(response["Location"]).content.decode()
    assert "Scan de QR-code" in pagina
    assert "<svg" in pagina
    device = TOTPDevice.objects.get(user=gebruiker, confirmed=False)
    # Reloading shows the same key, so a scan done before a reload still fits.
    client.get(reverse("kern:mfa_instellen"))
    assert TOTPDevice.objects.filter(user=gebruiker).count() == 1

    response = client.post(
        reverse("kern:mfa_instellen"),
        {"code": f"{TOTP(device.bin_key).token():06d}", "next": OVERZICHT},
    )
    pagina = response.content.decode()
    assert "Tweestapsverificatie staat aan voor uw account" in pagina
    codes = StaticDevice.objects.get(user=gebruiker).token_set.values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in pagina for code in codes)
    assert client.get(OVERZICHT).status_code == 200


def test_nieuwe_herstelcodes_maken_de_oude_ongeldig(client, fatima):
    oud = nieuwe_herstelcodes(fatima)
    _wachtwoord(client)
    _code(client, huidige_code(SLEUTEL))
    pagina = client.post(reverse("kern:mfa_herstelcodes")).content.decode()
    nieuw = list(StaticDevice.objects.get(user=fatima).token_set.values_list("token", flat=True))
    assert all(code in pagina for code in nieuw)
    assert not set(oud) & set(nieuw)


def test_de_demogebruikers_hebben_de_gedocumenteerde_sleutel(db):
    from kern.mfa import DEMO_TOTP_GEHEIM, demo_sleutel_hex

    call_command("demo_gemeente", stdout=open("/dev/null", "w"))  # noqa: SIM115
    device = TOTPDevice.objects.get(user__username="financieel")
    assert device.key == demo_sleutel_hex()
    assert DEMO_TOTP_GEHEIM in open("README.md").read()  # noqa: SIM115


def test_check_deploy_meldt_mfa_uit(settings):
    settings.MFA_VERPLICHT = False
    assert [f.id for f in mfa_aan_in_productie(None)] == ["kern.E001"]
    settings.MFA_VERPLICHT = True
    assert mfa_aan_in_productie(None) == []


def test_productie_start_niet_met_mfa_uit():
    env = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "MFA_VERPLICHT": "false",
        "PATH": "/usr/bin:/bin",
    }
    resultaat = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.settings.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resultaat.returncode != 0
    assert "MFA_VERPLICHT=false mag niet in productie" in resultaat.stderr
