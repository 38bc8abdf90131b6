"""Every page passes axe-core (WCAG 2.1 A/AA) in a real Chromium, and works with the keyboard."""

import re
import warnings

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from kern.models import Rol, Roltoekenning
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker
from tests.factories import GemeenteFactory
from tests.kern.urlwandeling import alle_patronen, url_voor, verzamel_voorbeelden

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _html_paginas(beheerder) -> list[str]:
    """Every GET page of the product a beheerder can open, with the apps' example objects.

    Each URL gets its own gemeente, so that example objects of different URLs never collide.
    Each is asked first with Django's test client, so that downloads (Excel, JSON) and POST-only
    endpoints are left out: axe checks HTML pages.
    """
    v = verzamel_voorbeelden()
    gemeenten = [beheerder.roltoekenningen.get().gemeente]
    client = Client()
    client.force_login(beheerder)
    urls = []
    for patroon in alle_patronen():
        if not patroon.naam or patroon.naam in v.openbaar or patroon.naam == "logout":
            continue
        if (patroon.heeft_gemeente or patroon.extra_parameters) and (
            patroon.naam not in v.voorbeelden
        ):
            continue  # reported by tests/test_toegang.py
        try:
            gemeente, kwargs = _voorbeeld(v, patroon, gemeenten, beheerder)
            code = gemeente.code if patroon.heeft_gemeente else None
            url = url_voor(patroon, code, kwargs)
            response = client.get(url, follow=True)
        except Exception as exc:  # noqa: BLE001
            # A crashing page fails tests/test_toegang.py; here it only cannot be checked.
            warnings.warn(f"{patroon.naam} niet op WCAG gecontroleerd: {exc!r}", stacklevel=1)
            continue
        # Only whole pages: htmx fragments are checked as part of the page that loads them.
        if (
            response.status_code == 200
            and response["Content-Type"].startswith("text/html")
            and b"<html" in response.content
        ):
            urls.append(url)
    return urls


def _voorbeeld(v, patroon, gemeenten, beheerder):
    """The URL's example objects, in the first gemeente where they do not collide with the
    example objects of earlier URLs (two apps may both create, say, the budget of 2025)."""
    if not patroon.extra_parameters and not patroon.heeft_gemeente:
        return None, {}
    for gemeente in gemeenten:
        try:
            with transaction.atomic():
                return gemeente, v.voorbeelden[patroon.naam](gemeente)
        except IntegrityError:
            continue
    gemeente = GemeenteFactory()
    Roltoekenning.objects.create(gebruiker=beheerder, gemeente=gemeente, rol=Rol.BEHEERDER)
    gemeenten.append(gemeente)
    return gemeente, v.voorbeelden[patroon.naam](gemeente)


def test_elke_pagina_zonder_wcag_schendingen(pagina, live_server, gemeente):
    beheerder = maak_gebruiker("bea", gemeente, Rol.BEHEERDER)
    urls = _html_paginas(beheerder)
    assert len(urls) >= 5, urls

    pagina.goto(f"{live_server.url}/inloggen/")
    fouten = {}
    if schendingen := axe_schendingen(pagina):
        fouten["/inloggen/ (anoniem)"] = schendingen

    inloggen(pagina, live_server, "bea")
    for url in urls:
        response = pagina.goto(f"{live_server.url}{url}")
        assert response is not None and response.ok, f"{url} gaf {response and response.status}"
        if schendingen := axe_schendingen(pagina):
            fouten[url] = schendingen
    assert not fouten, "WCAG-schendingen:\n" + "\n".join(
        f"{url}:\n{beschrijf(s)}" for url, s in fouten.items()
    )


def test_foutmeldingen_en_geen_toegang_zonder_wcag_schendingen(pagina, live_server, gemeente):
    maak_gebruiker("cor", gemeente, Rol.CONSULENT)
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.get_by_label("Gebruikersnaam").fill("cor")
    pagina.get_by_label("Wachtwoord").fill("fout")
    pagina.get_by_role("button", name="Inloggen").click()
    assert pagina.get_by_text("klopt niet").is_visible()
    fouten = {"inloggen met fout": axe_schendingen(pagina)}
    inloggen(pagina, live_server, "cor")
    response = pagina.goto(f"{live_server.url}/{gemeente.code}/audittrail/")
    assert response.status == 403
    fouten["403"] = axe_schendingen(pagina)
    response = pagina.goto(f"{live_server.url}/GM9999/")
    assert response.status == 404
    fouten["404"] = axe_schendingen(pagina)
    fouten = {k: v for k, v in fouten.items() if v}
    assert not fouten, "\n".join(f"{k}:\n{beschrijf(v)}" for k, v in fouten.items())


def test_skiplink_eerst_en_focus_zichtbaar(pagina, live_server, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    assert pagina.url.endswith(f"/{gemeente.code}/")

    pagina.keyboard.press("Tab")
    skiplink = pagina.locator(":focus")
    assert skiplink.inner_text() == "Direct naar de inhoud"
    assert skiplink.is_visible()
    doos = skiplink.bounding_box()
    assert doos is not None and doos["x"] >= 0 and doos["y"] >= 0, "skiplink buiten beeld"
    assert _focusrand(pagina) >= 2, "de focus op de skiplink is niet zichtbaar"

    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "inhoud"

    # From the top again: the next stop after the skip link is the logo, with a visible outline.
    pagina.reload()
    pagina.keyboard.press("Tab")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent.trim()") == "Inburgering financiën"
    assert _focusrand(pagina) >= 2, "de focus op het logo is niet zichtbaar"


def test_alles_bereikbaar_met_alleen_het_toetsenbord(pagina, live_server, gemeente):
    """Log in and open the overview's first task with the keyboard only."""
    maak_gebruiker("bea", gemeente, Rol.BEHEERDER)
    pagina.goto(f"{live_server.url}/inloggen/")
    # The login page puts the focus in the username field (Django's autofocus).
    assert pagina.evaluate("document.activeElement.name") == "username"
    pagina.keyboard.type("bea")
    pagina.keyboard.press("Tab")
    pagina.keyboard.type("geheim-genoeg-123")
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"**/{gemeente.code}/")
    for _stap in range(40):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.textContent.trim()") == "Beheer":
            break
    else:
        pytest.fail("Beheer is met Tab niet bereikbaar")
    assert _focusrand(pagina) >= 2
    pagina.keyboard.press("Enter")
    pagina.wait_for_url(f"**/{gemeente.code}/beheer/")
    assert pagina.get_by_role("heading", level=1).inner_text() == f"Beheer van {gemeente.naam}"


def _focusrand(pagina) -> float:
    """Width in px of the focused element's outline (0 when focus is invisible)."""
    return pagina.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
        }"""
    )


def test_beheerder_geeft_nieuw_wachtwoord_en_gebruiker_kiest_een_eigen(
    pagina, live_server, gemeente
):
    """The beheer page with its account buttons, the page that shows the temporary password
    once and the password page the user is sent to: all axe-clean, all in the browser."""
    maak_gebruiker("bea", gemeente, Rol.BEHEERDER)
    maak_gebruiker("cor", gemeente, Rol.CONSULENT)
    fouten = {}
    inloggen(pagina, live_server, "bea")
    pagina.goto(f"{live_server.url}/{gemeente.code}/beheer/")
    fouten["beheer"] = axe_schendingen(pagina)
    pagina.once("dialog", lambda dialoog: dialoog.accept())
    pagina.get_by_role("button", name=re.compile(r"^Nieuw wachtwoord\s*: cor$")).click()
    pagina.wait_for_load_state()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Nieuw wachtwoord voor cor"
    fouten["wachtwoord getoond"] = axe_schendingen(pagina)
    tekst = pagina.get_by_label("Bericht aan cor").input_value()
    tijdelijk = tekst.split("Tijdelijk wachtwoord: ")[1].split("\n")[0]

    pagina.context.clear_cookies()
    inloggen(pagina, live_server, "cor", tijdelijk)
    assert pagina.url.endswith("/account/wachtwoord/")
    assert pagina.get_by_text("U bent ingelogd met een tijdelijk wachtwoord").is_visible()
    fouten["wachtwoord kiezen"] = axe_schendingen(pagina)
    pagina.get_by_label("Oud wachtwoord").fill(tijdelijk)
    pagina.get_by_label("Nieuw wachtwoord", exact=True).fill("cor-kiest-zelf-2026")
    pagina.get_by_label("Nieuw wachtwoord bevestigen").fill("cor-kiest-zelf-2026")
    pagina.get_by_role("button", name="Wachtwoord wijzigen").click()
    pagina.wait_for_load_state()
    assert pagina.get_by_text("Uw eigen wachtwoord is ingesteld.").is_visible()
    assert pagina.url.endswith(f"/{gemeente.code}/")
    fouten = {k: v for k, v in fouten.items() if v}
    assert not fouten, "\n".join(f"{k}:\n{beschrijf(v)}" for k, v in fouten.items())
