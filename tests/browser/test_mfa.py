"""Two-factor login in a real browser, by keyboard, each page checked with axe."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.models import Rol
from tests.browser.conftest import WACHTWOORD, axe_schendingen, beschrijf
from tests.conftest import maak_gebruiker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _geen_schendingen(pagina, wat):
    if schendingen := axe_schendingen(pagina):
        pytest.fail(f"WCAG-schendingen op {wat}:\n" + beschrijf(schendingen))


def _wachtwoord_met_toetsenbord(pagina, live_server):
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_label("Gebruikersnaam").focus()
    pagina.keyboard.type("fatima")
    pagina.keyboard.press("Tab")
    pagina.keyboard.type(WACHTWOORD)
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    pagina.wait_for_url("**/account/tweestaps/**")


def test_app_koppelen_herstelcodes_en_inloggen_met_een_herstelcode(
    pagina, live_server, gemeente, settings
):
    settings.MFA_VERPLICHT = True
    settings.OIDC_AAN = True  # the login page with the SSO button passes axe too
    settings.OIDC_IDP_NAAM = "Gemeente Heemstede"
    # django-otp's back-off after the wrong code would refuse the recovery code for a second.
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    gebruiker = maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)

    pagina.goto(f"{live_server.url}/inloggen/")
    assert pagina.get_by_role("link", name="Inloggen via Gemeente Heemstede").is_visible()
    _geen_schendingen(pagina, "de inlogpagina met SSO")

    _wachtwoord_met_toetsenbord(pagina, live_server)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Tweestapsverificatie instellen"
    qr = pagina.get_by_role("img", name="QR-code om uw authenticator-app te koppelen")
    assert qr.is_visible()
    _geen_schendingen(pagina, "de instelpagina")
    device = TOTPDevice.objects.get(user=gebruiker)
    pagina.get_by_role("textbox", name="Code").focus()
    pagina.keyboard.type(f"{TOTP(device.bin_key).token():06d}")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")

    assert pagina.get_by_role("heading", level=1).inner_text() == "Uw herstelcodes"
    _geen_schendingen(pagina, "de herstelcodes")
    codes = pagina.get_by_role("list", name="Herstelcodes").locator("code").all_inner_texts()
    assert len(codes) == 10
    pagina.get_by_role("link", name="Doorgaan").click()
    assert "Heemstede" in pagina.get_by_role("heading", level=1).inner_text()

    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Uitloggen").click()
    _wachtwoord_met_toetsenbord(pagina, live_server)
    assert pagina.get_by_role("heading", level=1).inner_text() == "Code invullen"
    _geen_schendingen(pagina, "de codepagina")
    assert pagina.locator(":focus").get_attribute("name") == "code"  # straight to typing
    pagina.keyboard.type("000000")
    pagina.keyboard.press("Enter")
    pagina.get_by_text("Deze code klopt niet of is verlopen").wait_for()
    _geen_schendingen(pagina, "de codepagina met een fout")
    pagina.get_by_role("textbox", name="Code").fill(codes[0])
    pagina.get_by_role("button", name="Controleren").click()
    pagina.locator(".utrecht-alert", has_text="U heeft er nog 9 over").wait_for()
    assert "Heemstede" in pagina.get_by_role("heading", level=1).inner_text()
