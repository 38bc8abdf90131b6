# ruff: noqa: F811 - the browser fixtures are imported by name and used as test arguments
"""The inburgering pages in a real Chromium: axe-core (WCAG 2.1 AA) with realistic data, and the
main flow done with the keyboard only."""

from datetime import date

import pytest

from inburgering import demo, selectors
from inburgering.models import Factuur, Inburgeraar
from kern.models import Rol
from tests.browser.conftest import (  # noqa: F401 - chromium and pagina are fixtures
    axe_schendingen,
    beschrijf,
    chromium,
    inloggen,
    pagina,
)
from tests.conftest import maak_gebruiker
from tests.factories import GemeenteFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_gemeente(gemeente):
    demo.laad(hoofd=gemeente, buur=GemeenteFactory())
    return gemeente


def test_inburgeringpaginas_met_gegevens_zonder_wcag_schendingen(
    pagina, live_server, demo_gemeente
):
    g = demo_gemeente.code
    maak_gebruiker("fatima", demo_gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    gestopt = selectors.signalen(demo_gemeente).gestopt_met_open.first()
    v = gestopt.verplichtingen.filter(gesloten_op__isnull=True).first()
    paginas = [
        f"/{g}/inburgeraars/?sort=-cohort&page=2",
        f"/{g}/inburgeraars/?doelgroep=onzin",
        f"/{g}/inburgeraars/{gestopt.pk}/",
        f"/{g}/inburgeraars/{gestopt.pk}/status/",
        f"/{g}/verplichtingen/?toestand=open",
        f"/{g}/verplichtingen/{v.pk}/",
        f"/{g}/verplichtingen/{v.pk}/factuur/",
        f"/{g}/verplichtingen/{v.pk}/wijzigen/",
        f"/{g}/facturen/?boekjaar=2025",
        f"/{g}/signalen/",
        f"/{g}/catalogus/",
        f"/{g}/catalogus/tarieven/nieuw/",
        f"/{g}/inburgeraars/nieuw/",
    ]
    fouten = {}
    for pad in paginas:
        antwoord = pagina.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.ok, pad
        if schendingen := axe_schendingen(pagina):
            fouten[pad] = schendingen

    # The proposal step and a form with errors at the fields.
    pagina.get_by_label("Kenmerk").fill("K-BROWSER")
    pagina.get_by_label("Doelgroep").select_option("asiel")
    pagina.get_by_label("Startdatum").fill("2026-03-01")
    pagina.locator("#id_leerroute").select_option("B1")
    pagina.get_by_label("BSN").fill("123456789")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Verplichtingen voorstellen").click()
    assert pagina.get_by_text("elfproef").is_visible()
    if schendingen := axe_schendingen(pagina):
        fouten["nieuw met fouten"] = schendingen
    pagina.get_by_label("BSN").fill("")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Verplichtingen voorstellen").click()
    assert pagina.get_by_text("Voorgestelde verplichtingen").is_visible()
    if schendingen := axe_schendingen(pagina):
        fouten["nieuw met voorstel"] = schendingen
    assert not fouten, "WCAG-schendingen:\n" + "\n".join(
        f"{pad}:\n{beschrijf(s)}" for pad, s in fouten.items()
    )


def test_factuur_boeken_met_alleen_het_toetsenbord(pagina, live_server, demo_gemeente):
    maak_gebruiker("fatima", demo_gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    v = (
        selectors.verplichtingen(demo_gemeente)
        .filter(open_bedrag__gt=1000, inburgeraar__isnull=False)
        .order_by("nummer")
        .first()
    )
    pagina.goto(f"{live_server.url}/{demo_gemeente.code}/verplichtingen/{v.pk}/")
    # Tab to the button link and follow it with Enter.
    for _ in range(60):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.textContent.trim()") == "Factuur boeken":
            break
    else:
        pytest.fail("De knop 'Factuur boeken' is niet met Tab te bereiken")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.get_by_label("Factuurnummer").is_visible()
    pagina.get_by_label("Factuurnummer").focus()
    pagina.keyboard.type("KB-001")
    pagina.keyboard.press("Tab")
    pagina.keyboard.type("01-01-2026")  # the date field is text: dd-mm-jjjj as Dutch users type it
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.id") == "id_bedrag"
    pagina.keyboard.type("1.000,00")
    with pagina.expect_navigation():
        pagina.get_by_label("Factuurnummer").press("Enter")  # Enter submits the form
    fouten = pagina.locator(".utrecht-form-field-error-message").all_inner_texts()
    assert pagina.get_by_text("Factuur KB-001 is geboekt").is_visible(), fouten
    factuur = Factuur.objects.get(factuurnummer="KB-001")
    assert factuur.datum == date(2026, 1, 1) and factuur.verplichting_id == v.pk
    assert Inburgeraar.objects.filter(gemeente=demo_gemeente).exists()


def test_r12_herprijzen_in_de_browser_met_voorbeeld_en_uitvinken(pagina, live_server, gemeente):
    from decimal import Decimal

    from inburgering.models import Verplichting
    from tests.factories import FactuurFactory, TariefFactory, VerplichtingFactory, voorziening

    tarief = TariefFactory(
        gemeente=gemeente, voorziening=voorziening(gemeente, "MB"), bedrag=Decimal("1944.00")
    )
    paar = {"gemeente": gemeente, "aanbieder": tarief.aanbieder, "voorziening": tarief.voorziening}
    leeg = VerplichtingFactory(**paar, nummer="MB-1", bedrag=Decimal("1944.00"))
    half = VerplichtingFactory(**paar, nummer="MB-2", bedrag=Decimal("1944.00"))
    FactuurFactory(verplichting=half, bedrag=Decimal("972.00"))
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    pagina.goto(f"{live_server.url}/{gemeente.code}/catalogus/tarieven/nieuw/")
    pagina.get_by_label("Aanbieder").select_option(str(tarief.aanbieder.pk))
    pagina.get_by_label("Voorziening").select_option(str(tarief.voorziening.pk))
    pagina.get_by_label("Nieuw tarief").fill("2.041,20")
    pagina.get_by_label("Geldig vanaf").fill("2026-01-01")
    pagina.get_by_role("radio", name="Indexatie", exact=False).check()
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Gevolgen bekijken").click()
    assert pagina.get_by_text("€\xa01.992,60").is_visible()
    assert not (schendingen := axe_schendingen(pagina)), beschrijf(schendingen)
    # Untick MB-1 with the keyboard and give the reason.
    pagina.get_by_label("MB-1 herprijzen").focus()
    pagina.keyboard.press("Space")
    pagina.get_by_label("Reden om MB-1 niet te herprijzen").fill("Stopt per 1 januari")
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Tarief vastleggen en herprijzen").click()
    assert pagina.get_by_text("1 verplichting herprijsd").is_visible()
    bedragen = dict(Verplichting.objects.values_list("nummer", "bedrag"))
    assert bedragen == {"MB-1": Decimal("1944.00"), "MB-2": Decimal("1992.60")}
    assert leeg.mutaties.get().reden.startswith("Niet herprijsd: Stopt per 1 januari")
