"""The dashboard's besteding per month (rapportage.besteding, read from the trigger-kept
Factuurmaandstand and the peildatum's own month) is R7's besteding (spuk.selectors.
facturen_in_besteding) put in months: two formulations of one selection, kept equal here."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rapportage.besteding import besteding_per_maand
from spuk.selectors import facturen_in_besteding
from tests.factories import FactuurFactory, GemeenteFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db

BEGIN = date(2025, 10, 1)
EINDE = date(2026, 3, 31)
# Dates over five months around a year end, with the first and last days of the months (where
# the stand's months and the peildatum's own month meet) drawn far more often than by chance.
_GRENZEN = sorted(
    {
        (dag - BEGIN).days
        for maand in range(6)
        for dag in (
            date(2025 + (9 + maand) // 12, (9 + maand) % 12 + 1, 1),
            date(2025 + (10 + maand) // 12, (10 + maand) % 12 + 1, 1) - timedelta(days=1),
        )
        if BEGIN <= dag <= EINDE
    }
)
DAGEN = st.one_of(st.sampled_from(_GRENZEN), st.integers(0, (EINDE - BEGIN).days))
# The peildatum: any day, or a few days after a commitment's date (so that commitments dated in
# the peildatum's own month, which the stand does not hold yet, are common).
PEIL = st.one_of(DAGEN, st.tuples(st.integers(0, 2), st.integers(0, 20)))
BEDRAGEN = st.decimals(min_value=-2000, max_value=5000, places=2, allow_nan=False)
VERPLICHTINGEN = st.lists(
    st.tuples(DAGEN, st.sampled_from(["SPUK-IV", "SPUK-OR"])), min_size=1, max_size=3
)
# (which commitment, days after BEGIN, amount, late: booked in the year before its date)
FACTUREN = st.lists(
    st.tuples(st.integers(0, 2), DAGEN, BEDRAGEN, st.booleans()), min_size=0, max_size=10
)


def _volgens_r7(gemeente, regeling: str, jaar: int, peildatum: date) -> list[Decimal]:
    """facturen_in_besteding of the boekjaar, by invoice month; a late invoice (dated in the
    next year) in December, and only the months up to the peildatum's in its own year."""
    maanden = 12 if peildatum.year > jaar else peildatum.month
    bedragen = [Decimal("0.00")] * maanden
    for datum, last in facturen_in_besteding(
        gemeente, peildatum, regeling=regeling, boekjaar=jaar
    ).values_list("datum", "last"):
        index = 11 if datum.year > jaar else datum.month - 1
        if index < maanden:
            bedragen[index] += last
    return bedragen


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Where the three parts of rapportage.besteding's query meet: an invoice dated on the first day
# of the peildatum's month, on a commitment dated in that month.
@example(
    verplichtingen=[(61, "SPUK-IV")],
    facturen=[(0, 61, Decimal("10.00"), False), (0, 30, Decimal("7.00"), False)],
    peil=(0, 5),
    jaar=2025,
    regeling="SPUK-IV",
)
@given(
    verplichtingen=VERPLICHTINGEN,
    facturen=FACTUREN,
    peil=PEIL,
    jaar=st.sampled_from([2025, 2026]),
    regeling=st.sampled_from(["SPUK-IV", "SPUK-OR"]),
)
def test_besteding_per_maand_is_r7_besteding_per_factuurmaand(
    verplichtingen, facturen, peil, jaar, regeling
):
    with transaction.atomic():
        gemeente = GemeenteFactory()
        gemaakt = [
            VerplichtingFactory(
                gemeente=gemeente,
                financiering=financiering,
                bedrag=Decimal("90000.00"),
                datum=BEGIN + timedelta(days=dagen),
            )
            for dagen, financiering in verplichtingen
        ]
        for nummer, (i, dagen, bedrag, laat) in enumerate(facturen):
            datum = BEGIN + timedelta(days=dagen)
            FactuurFactory(
                verplichting=gemaakt[i % len(gemaakt)],
                factuurnummer=f"P{nummer}",
                datum=datum,
                bedrag=bedrag or Decimal("0.01"),
                boekjaar=datum.year - 1 if laat else datum.year,
            )
        if isinstance(peil, tuple):
            i, na = peil
            peildatum = gemaakt[i % len(gemaakt)].datum + timedelta(days=na)
        else:
            peildatum = BEGIN + timedelta(days=peil)
        if peildatum.year >= jaar:
            assert besteding_per_maand(gemeente, regeling, jaar, peildatum) == _volgens_r7(
                gemeente, regeling, jaar, peildatum
            )
        transaction.set_rollback(True)
