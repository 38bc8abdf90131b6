"""At 1024 px every table shows all its columns: no table is cut off inside its scrolling
wrapper (telling, uitvoering, the dashboard's uitvoering panel beside its chart), and the
import preview per sheet passes axe. Found on the screenshots of issue 16."""

from datetime import date
from decimal import Decimal

import pytest

from kern.models import Rol
from spuk.services import herbereken
from tests.browser.conftest import axe_schendingen, beschrijf, inloggen
from tests.conftest import maak_gebruiker
from tests.factories import InburgeraarFactory
from tests.spuk.factories import BeschikkingFactory
from tests.uitvoering.factories import KostenregelFactory, UitvoeringsbudgetFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PAGINAS = ["spuk/telling/", "uitvoering/", "rapportage/dashboard/"]

AFGESNEDEN = """() => [...document.querySelectorAll('.app-tabel-wrapper')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.querySelector('caption') || {}).textContent || e.className)"""


@pytest.fixture
def administratie(gemeente):
    for jaar in (2024, 2025):
        BeschikkingFactory(
            gemeente=gemeente, jaar=jaar, soort="definitief", bedrag=Decimal("838484.00")
        )
        UitvoeringsbudgetFactory(gemeente=gemeente, jaar=jaar, bedrag=Decimal("101000.00"))
        KostenregelFactory(gemeente=gemeente, jaar=jaar, bedrag=Decimal("141440.00"))
    for i in range(6):
        InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1 + i))
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2025, 6, 1))
    maak_gebruiker("adviseur-1024", gemeente, Rol.FINANCIEEL_ADVISEUR)
    return gemeente


def test_geen_tabel_is_afgesneden_op_1024(pagina, live_server, administratie):
    inloggen(pagina, live_server, "adviseur-1024")
    pagina.set_viewport_size({"width": 1024, "height": 800})
    for pad in PAGINAS:
        pagina.goto(f"{live_server.url}/{administratie.code}/{pad}")
        assert pagina.evaluate(AFGESNEDEN) == [], f"{pad}: tabel afgesneden op 1024 px"
        breedte = pagina.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert breedte[0] <= breedte[1], f"{pad} schuift opzij op 1024 px"
        schendingen = axe_schendingen(pagina)
        assert schendingen == [], beschrijf(schendingen)
    # The telling shows the beschikking's kind and amount in columns of their own.
    pagina.goto(f"{live_server.url}/{administratie.code}/spuk/telling/")
    kop = pagina.locator("thead th").all_inner_texts()
    assert "Bedrag beschikking" in kop and "Verwachte verrekening" in kop
