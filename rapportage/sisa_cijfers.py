"""The SiSa figures beyond year T's own R7 row: cumulative amounts and the correction over T-1.

Both are aggregated in SQL (one query each, whatever the number of rows) from the same sources
as the rest of the bijlage: the JaarSaldo rows of the recomputation, and the invoices that R7's
besteding sums (spuk.berekening: boekjaar, financing source, known on the peildatum).
"""

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from spuk.models import Herberekening, JaarSaldo
from spuk.selectors import facturen_in_besteding

from .models import CUMULATIEF

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=16, decimal_places=2)


def cumulatieve_bedragen(herberekening: Herberekening | None, jaar: int) -> dict:
    """regeling -> {base key: the sum of that R7 figure over every year up to T}."""
    if herberekening is None:
        return {}
    sommen = {
        basis: Coalesce(Sum(basis), Value(NUL), output_field=GELD)
        for basis in set(CUMULATIEF.values())
    }
    rijen = (
        JaarSaldo.objects.filter(herberekening=herberekening, jaar__lte=jaar)
        .order_by()
        .values("regeling")
        .annotate(**sommen)
    )
    return {r.pop("regeling"): r for r in rijen}


def late_facturen(gemeente, jaar: int, peildatum: date, regeling: str | None = None):
    """The invoices of boekjaar T for work in T-1 (a late invoice after the jaarafsluiting of
    T-1, inburgering.Factuur.werkjaar), as R7 selects the besteding of T on the peildatum."""
    return facturen_in_besteding(
        gemeente, peildatum, regeling=regeling or None, boekjaar=jaar, werkjaar=jaar - 1
    )


def correcties(gemeente, jaar: int, peildatum: date) -> dict:
    """regeling -> the besteding of T (R8 last) that is for work in T-1: the correction over
    T-1 that the SiSa of T reports."""
    rijen = (
        late_facturen(gemeente, jaar, peildatum)
        .order_by()
        .values("verplichting__financiering")
        .annotate(som=Coalesce(Sum("last"), Value(NUL), output_field=GELD))
    )
    return {r["verplichting__financiering"]: r["som"] for r in rijen}
