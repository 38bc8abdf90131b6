"""As a finance adviser sees it in Chromium: no page scrolls sideways at 1024 px, the top menu
is one line at 1400 px, and the key figures reconcile with the cohort table and the bridge."""

from datetime import date
from decimal import Decimal

import pytest

from kern.models import Rol
from spuk.services import herbereken
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory
from tests.spuk.factories import BeschikkingFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PAGINAS = [
    "verplichtingen/",
    "facturen/",
    "inburgeraars/",
    "signalen/",
    "spuk/",
    "spuk/cohorten/",
    "rapportage/dashboard/",
]


def _bedrag(tekst: str) -> Decimal:
    """'-€ 1.234,56' as on the page -> Decimal."""
    schoon = tekst.replace("\xa0", " ").replace("€", "").replace(" ", "").replace("(tekort)", "")
    return Decimal(schoon.replace(".", "").replace(",", "."))


@pytest.fixture
def administratie(gemeente):
    for jaar in (2024, 2025):
        BeschikkingFactory(
            gemeente=gemeente, jaar=jaar, soort="definitief", bedrag=Decimal("90000")
        )
    for i in range(6):
        p = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1 + i))
        v = VerplichtingFactory(
            gemeente=gemeente, inburgeraar=p, bedrag=Decimal("12345.67"), datum=date(2024, 4, 1)
        )
        FactuurFactory(
            verplichting=v,
            datum=date(2025, 2, 1),
            bedrag=Decimal("1111.11"),
            omschrijving="Lesperiode januari en februari met een lange omschrijving",
        )
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2025, 6, 1))
    maak_gebruiker("adviseur-grootboek", gemeente, Rol.FINANCIEEL_ADVISEUR)
    return gemeente


def test_geen_pagina_schuift_opzij_op_1024_en_het_menu_past_op_1400(
    pagina, live_server, administratie
):
    inloggen(pagina, live_server, "adviseur-grootboek")
    pagina.set_viewport_size({"width": 1024, "height": 800})
    for pad in PAGINAS:
        pagina.goto(f"{live_server.url}/{administratie.code}/{pad}")
        breedte = pagina.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert breedte[0] <= breedte[1], f"{pad} schuift opzij op 1024 px: {breedte}"
    pagina.set_viewport_size({"width": 1400, "height": 800})
    pagina.goto(f"{live_server.url}/{administratie.code}/spuk/")
    hoogtes = pagina.evaluate(
        "[...document.querySelectorAll('.app-nav li')].map(li => li.getBoundingClientRect().top)"
    )
    assert len(set(hoogtes)) == 1, "het hoofdmenu loopt over twee regels op 1400 px"


def test_kerncijfers_kloppen_met_de_cohorttabel_en_de_brug(pagina, live_server, administratie):
    inloggen(pagina, live_server, "adviseur-grootboek")
    pagina.goto(f"{live_server.url}/{administratie.code}/spuk/")
    iv = pagina.locator('section[data-regeling="SPUK-IV"]')
    vrij = _bedrag(iv.locator('[data-cijfer="vrij"]').inner_text())
    verplicht = _bedrag(iv.locator('[data-cijfer="verplicht"]').inner_text())
    brug = [_bedrag(t) for t in iv.locator("table tbody tr:not(.app-totaal) td").all_inner_texts()]
    laatste = _bedrag(iv.locator("table tbody tr.app-totaal td").last.inner_text())
    assert sum(brug) == laatste == vrij  # the bridge from the year balance adds up to vrij
    assert verplicht == Decimal("6") * (Decimal("12345.67") - Decimal("1111.11"))
    assert axe_schendingen(pagina) == [], beschrijf(axe_schendingen(pagina))

    pagina.goto(f"{live_server.url}/{administratie.code}/spuk/cohorten/")
    totaal = pagina.locator("tfoot tr").locator("td").all_inner_texts()
    assert _bedrag(totaal[-1]) == vrij and _bedrag(totaal[-2]) == verplicht

    pagina.goto(f"{live_server.url}/{administratie.code}/rapportage/dashboard/")
    op_dashboard = pagina.locator('section[data-regeling="SPUK-IV"] [data-cijfer="vrij"]')
    assert _bedrag(op_dashboard.inner_text()) == vrij
    assert pagina.get_by_role("img", name="Budgetruimte per cohort (SPUK-IV)").is_visible()
    schendingen = axe_schendingen(pagina)
    assert schendingen == [], beschrijf(schendingen)


def test_intrekken_vraagt_eerst_om_bevestiging(pagina, live_server, gemeente):
    from koppelingen.models import ApiClient
    from koppelingen.services import maak_api_client

    client, _ = maak_api_client(gemeente=gemeente, naam="boekhouding", scopes=["lezen"])
    maak_gebruiker("beheerder-grootboek", gemeente, Rol.BEHEERDER)
    inloggen(pagina, live_server, "beheerder-grootboek")
    pagina.goto(f"{live_server.url}/{gemeente.code}/beheer/api-clients/")
    vragen = []

    def weiger(dialog):
        vragen.append(dialog.message)
        dialog.dismiss()

    pagina.once("dialog", weiger)
    pagina.locator("form[data-bevestig] button").click()
    assert vragen and "boekhouding intrekken?" in vragen[0]
    client.refresh_from_db()
    assert client.ingetrokken_op is None  # refused: nothing sent
    pagina.once("dialog", lambda dialog: dialog.accept())
    pagina.locator("form[data-bevestig] button").click()
    pagina.wait_for_load_state()
    assert ApiClient.objects.get(pk=client.pk).ingetrokken_op is not None
