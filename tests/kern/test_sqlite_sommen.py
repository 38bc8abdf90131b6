"""Sums of amounts are in cents on both databases (kern.sqlite: SQLite sums decimals as floats)."""

from decimal import Decimal

import pytest
from django.db.models import Avg, F, Sum, Value, Window
from django.db.models.functions import Coalesce

from inburgering.models import Factuur
from tests.factories import FactuurFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facturen(gemeente):
    """An invoice of 1,000,000.01 and a credit note of -999,994.58: 5.43 together. SQLite's
    float sum of the two is 5.430000000051223."""
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("2000000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("1000000.01"), btw=Decimal(0))
    FactuurFactory(verplichting=v, bedrag=Decimal("-999994.58"), btw=Decimal(0))
    return Factuur.objects.filter(gemeente=gemeente)


def test_een_som_van_bedragen_is_in_centen(facturen):
    assert str(facturen.aggregate(s=Sum("last"))["s"]) == "5.43"
    assert str(facturen.aggregate(s=Coalesce(Sum("last"), Value(Decimal("0.00"))))["s"]) == "5.43"
    assert str(facturen.aggregate(s=Sum(F("bedrag") - F("btw")))["s"]) == "5.43"
    vensters = facturen.annotate(s=Window(Sum("last"))).values_list("s", flat=True)
    assert {str(s) for s in vensters} == {"5.43"}


def test_een_gemiddelde_houdt_zijn_decimalen(facturen):
    """Not a sum: its exact value has more decimals than the amounts (2.715 on both)."""
    assert facturen.aggregate(g=Avg("last"))["g"].quantize(Decimal("0.001")) == Decimal("2.715")
