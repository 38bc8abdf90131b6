"""Besteding per month of one budget year, for the dashboard's "are we on course?" chart.

The same invoices as R7's besteding (spuk.selectors.facturen_in_besteding: their `last`,
boekjaar t, on commitments of the regeling, both dated on or before the peildatum), grouped by
month in SQL: one query.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from spuk.selectors import facturen_in_besteding

NUL = Decimal("0.00")


def besteding_per_maand(gemeente, regeling: str, jaar: int, peildatum: date) -> list[Decimal]:
    """Twelve amounts (January .. December of `jaar`), up to the peildatum's month in the
    current year. A late invoice (dated in the next year, boekjaar `jaar`) counts in December."""
    maanden = 12 if peildatum.year > jaar else peildatum.month
    bedragen = [NUL] * maanden
    for kalenderjaar, maand, som in (
        facturen_in_besteding(gemeente, peildatum, regeling=regeling, boekjaar=jaar)
        .annotate(kalenderjaar=ExtractYear("datum"), maand=ExtractMonth("datum"))
        .values("kalenderjaar", "maand")
        .annotate(som=Sum("last"))
        .values_list("kalenderjaar", "maand", "som")
        .order_by()
    ):
        index = 11 if kalenderjaar > jaar else maand - 1
        if index < maanden:
            bedragen[index] += som
    return bedragen
