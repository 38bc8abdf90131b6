"""Forms that guide: "Corrigeert factuur" lists only invoices that can still be corrected, by
number, date and amount; the service refuses correcting a credit note; the commitment page
shows each invoice's omschrijving."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inburgering import services
from tests.factories import FactuurFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facturen(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("5000"), datum=date(2024, 1, 1))
    heel = FactuurFactory(
        verplichting=v,
        factuurnummer="F-HEEL",
        bedrag=Decimal("1000.00"),
        omschrijving="Lesperiode voorjaar",
    )
    half = FactuurFactory(verplichting=v, factuurnummer="F-HALF", bedrag=Decimal("800.00"))
    weg = FactuurFactory(verplichting=v, factuurnummer="F-WEG", bedrag=Decimal("300.00"))
    FactuurFactory(
        verplichting=v, factuurnummer="C-HALF", bedrag=Decimal("-200.00"), corrigeert=half
    )
    credit = FactuurFactory(
        verplichting=v, factuurnummer="C-WEG", bedrag=Decimal("-300.00"), corrigeert=weg
    )
    return v, heel, half, credit


def test_corrigeert_factuur_toont_alleen_wat_nog_te_corrigeren_is(
    adviseur_client, gemeente, facturen
):
    v = facturen[0]
    url = reverse("inburgering:factuur_nieuw", kwargs={"gemeente": gemeente.code, "pk": v.pk})
    keuzes = adviseur_client.get(url).context["form"].fields["corrigeert"]
    labels = [label for _, label in keuzes.choices]
    assert labels == [
        "geen (gewone factuur)",
        "F-HALF van 01-06-2024, € 800,00 (al € 200,00 gecrediteerd)",
        "F-HEEL van 01-06-2024, € 1.000,00",
    ]
    pagina = adviseur_client.get(
        reverse("inburgering:verplichting", kwargs={"gemeente": gemeente.code, "pk": v.pk})
    ).content.decode()
    assert "Omschrijving" in pagina and "Lesperiode voorjaar" in pagina


def test_een_creditfactuur_corrigeert_geen_creditfactuur(facturen):
    v, _, _, credit = facturen
    with pytest.raises(ValidationError) as fout:
        services.boek_factuur(
            verplichting=v,
            factuurnummer="C-C",
            datum=date(2024, 7, 1),
            bedrag=Decimal("-10"),
            corrigeert=credit,
            vandaag=date(2024, 7, 2),
        )
    assert "is zelf een creditfactuur" in str(fout.value)
