"""The main flow in a real browser: log in, register an inburgeraar with the proposed
commitments, book an invoice and see the open amount go down."""

from decimal import Decimal

import pytest

from kern.models import AuditRecord, Rol
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker
from tests.factories import AanbiederFactory, TariefFactory, voorziening

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def _open_bedrag(pagina) -> str:
    kaart = pagina.locator(".app-kaart", has=pagina.get_by_role("heading", name="Open", exact=True))
    return kaart.locator(".app-kaart__waarde").inner_text().replace("\u00a0", " ")


def test_inburgeraar_registreren_en_factuur_boeken(pagina, live_server, gemeente):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    taalschool = AanbiederFactory(gemeente=gemeente, naam="Taalschool Zuid")
    TariefFactory(
        gemeente=gemeente,
        aanbieder=taalschool,
        voorziening=voorziening(gemeente, "B1"),
        bedrag=Decimal("9700.00"),
    )
    TariefFactory(
        gemeente=gemeente,
        aanbieder=AanbiederFactory(gemeente=gemeente, naam="Welzijn Heemstede"),
        voorziening=voorziening(gemeente, "MB"),
        bedrag=Decimal("2100.00"),
    )

    inloggen(pagina, live_server, "fatima")
    pagina.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Inburgeraars"
    ).click()
    pagina.goto(f"{live_server.url}/{gemeente.code}/inburgeraars/nieuw/")
    pagina.get_by_label("Kenmerk").fill("K2026-001")
    pagina.get_by_label("Doelgroep").select_option(label="Asielstatushouder")
    pagina.get_by_label("Startdatum").fill("01-02-2026")  # typed the Dutch way
    pagina.get_by_label("Leerroute").select_option("B1")
    pagina.get_by_role("button", name="Verplichtingen voorstellen").click()

    # The proposal: B1 and MB with the tarieven, the rest without a tarief left out.
    voorstel = pagina.get_by_role("table", name="Standaardpakket")
    assert "9.700,00" in voorstel.inner_html()
    assert "2.100,00" in voorstel.inner_html()
    if schendingen := axe_schendingen(pagina):
        pytest.fail("WCAG-schendingen in het voorstel:\n" + beschrijf(schendingen))
    pagina.get_by_role("button", name="Inburgeraar en verplichtingen vastleggen").click()

    assert pagina.get_by_role("heading", level=1).inner_text() == "Inburgeraar K2026-001"
    assert _open_bedrag(pagina) == "€ 11.800,00"

    # Book an invoice on the B1 commitment.
    pagina.locator("#open-verplichtingen").get_by_role("link").first.click()
    pagina.get_by_role("link", name="Factuur boeken").click()
    pagina.get_by_label("Factuurnummer").fill("TZ-2026-0042")
    pagina.get_by_label("Factuurdatum").fill("31-03-2026")
    pagina.get_by_label("Bedrag").fill("2.500,00")
    pagina.get_by_role("button", name="Factuur boeken").click()
    assert pagina.locator(".utrecht-alert").first.is_visible()

    pagina.goto(f"{live_server.url}/{gemeente.code}/inburgeraars/")
    pagina.get_by_role("link", name="K2026-001").click()
    assert _open_bedrag(pagina) == "€ 9.300,00"
    assert "TZ-2026-0042" in pagina.content()

    # Every step is in the audit trail, with who did it.
    regels = AuditRecord.objects.filter(gemeente=gemeente, gebruiker__username="fatima")
    assert {"inburgeraar", "verplichting", "factuur"} <= set(
        regels.values_list("object_type", flat=True)
    )


def test_datum_in_een_engelse_browser_als_dd_mm_jjjj(chromium, live_server, gemeente):
    """Issue 16 item 5: an English Chromium showed mm/dd/yyyy in a date input; the product's
    date fields are text fields that show and take dd-mm-jjjj, and a date in 2035 is asked to
    be confirmed."""
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    context = chromium.new_context(locale="en-US", viewport={"width": 1024, "height": 900})
    pagina = context.new_page()
    pagina.set_default_timeout(10_000)
    try:
        inloggen(pagina, live_server, "fatima")
        pagina.goto(f"{live_server.url}/{gemeente.code}/inburgeraars/nieuw/")
        startdatum = pagina.get_by_label("Startdatum")
        assert startdatum.get_attribute("type") == "text"
        assert startdatum.get_attribute("placeholder") == "dd-mm-jjjj"
        pagina.get_by_label("Kenmerk").fill("K2035-001")
        pagina.get_by_label("Doelgroep").select_option(label="Asielstatushouder")
        startdatum.fill("01-09-2035")
        pagina.get_by_role("button", name="Verplichtingen voorstellen").click()
        assert "ligt meer dan een jaar in de toekomst" in pagina.content()
        # The typed date is shown back as typed, with the box to confirm it.
        assert pagina.get_by_label("Startdatum").input_value() == "01-09-2035"
        assert pagina.get_by_label("Ja, deze datum klopt").is_visible()
    finally:
        context.close()
