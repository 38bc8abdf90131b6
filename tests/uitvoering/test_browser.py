"""Worked example D in Chromium: two gemeenten share a service; each sees only its own share.

A finance adviser of the first gemeente records a budget change with the keyboard, Dutch
notation; beleidsmedewerkers of both gemeenten then read their own figures, never the other's.
"""

from decimal import Decimal

import pytest

from kern.models import Rol
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker

from .factories import KostenregelFactory, UitvoeringsbudgetFactory, verband_van

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
D = Decimal


@pytest.fixture
def voorbeeld_d(gemeente, andere_gemeente):
    verband = verband_van(
        gemeente,
        andere_gemeente,
        verdeelsleutel="percentage",
        percentages=["52", "48"],
        naam="Team inburgering A-B",
    )
    KostenregelFactory(
        gemeente=None,
        samenwerkingsverband=verband,
        jaar=2022,
        omschrijving="Gedeelde formatie",
        bedrag=D("272000.00"),
    )
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2022, bedrag=D("101000.00"))
    UitvoeringsbudgetFactory(gemeente=andere_gemeente, jaar=2022, bedrag=D("88888.88"))
    KostenregelFactory(
        gemeente=gemeente, jaar=2023, omschrijving="Inhuur alleen A", bedrag=D("12345.67")
    )
    return verband


def test_voorbeeld_d_adviseur_legt_budgetwijziging_vast_met_het_toetsenbord(
    pagina,
    live_server,
    gemeente,
    voorbeeld_d,
):
    maak_gebruiker("fatima", gemeente, Rol.FINANCIEEL_ADVISEUR)
    inloggen(pagina, live_server, "fatima")
    pagina.goto(f"{live_server.url}/{gemeente.code}/uitvoering/2022/")
    assert pagina.get_by_text("€ 40.440,00").first.is_visible()

    pagina.get_by_role("link", name="Budgetwijziging vastleggen").focus()
    pagina.keyboard.press("Enter")
    pagina.get_by_label("Datum").fill("2022-09-20")
    pagina.get_by_label("Bedrag van de wijziging").fill("2.440,00")
    pagina.get_by_label("Reden").fill("Septembercirculaire")
    pagina.get_by_label("Reden").press("Enter")
    pagina.wait_for_load_state()
    assert pagina.url.endswith(f"/{gemeente.code}/uitvoering/2022/")
    assert pagina.get_by_text("€ 103.440,00").first.is_visible()  # budget
    assert pagina.get_by_text("€ 38.000,00").first.is_visible()  # tekort
    schendingen = axe_schendingen(pagina)
    assert not schendingen, beschrijf(schendingen)


@pytest.mark.parametrize("wie", ["a", "b"])
def test_beleidsmedewerkers_zien_alleen_hun_eigen_aandeel(
    pagina,
    live_server,
    gemeente,
    andere_gemeente,
    voorbeeld_d,
    wie,
):
    eigen, ander = (gemeente, andere_gemeente) if wie == "a" else (andere_gemeente, gemeente)
    verwacht = {
        "a": ["€ 141.440,00", "€ 101.000,00", "€ 40.440,00"],
        "b": ["€ 130.560,00", "€ 88.888,88", "€ 41.671,12"],
    }
    maak_gebruiker(f"beleid-{wie}", eigen, Rol.BELEIDSMEDEWERKER)
    inloggen(pagina, live_server, f"beleid-{wie}")
    pagina.goto(f"{live_server.url}/{eigen.code}/uitvoering/")
    pagina.get_by_role("link", name="2022").click()
    tekst = pagina.locator("main").inner_text()
    for bedrag in verwacht[wie]:
        assert bedrag in tekst
    anders = verwacht["b" if wie == "a" else "a"] + ["Inhuur alleen A", "12.345,67"]
    pagina.get_by_role("link", name="Team inburgering A-B").first.click()
    tekst += pagina.locator("main").inner_text()
    assert "€ 272.000,00" in tekst
    for bedrag in anders:
        if wie == "a" and bedrag == "Inhuur alleen A":
            continue
        assert bedrag not in tekst
    # No way to mutate for a beleidsmedewerker, and the other gemeente does not exist for them.
    assert pagina.get_by_role("link", name="Gedeelde kosten toevoegen").count() == 0
    antwoord = pagina.goto(f"{live_server.url}/{ander.code}/uitvoering/")
    assert antwoord.status == 404
