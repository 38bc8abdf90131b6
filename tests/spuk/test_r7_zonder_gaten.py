"""R7 without gaps: the budget years run from the first year with a beschikking, an ontvangst
or a besteding to the last; a year in between gets its R4 raming and besteding 0."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spuk.rekenregels import begrotingsjaren
from tests.factories import FactuurFactory, VerplichtingFactory

from .factories import BeschikkingFactory
from .helpers import voorbeeld_b
from .test_herberekening import saldi

D = Decimal


@given(st.sets(st.integers(min_value=2021, max_value=2040), max_size=8))
def test_r7_zonder_gaten_eigenschap(jaartallen):
    jaren = begrotingsjaren(jaartallen)
    assert set(jaartallen) <= set(jaren)
    assert jaren == list(range(jaren[0], jaren[-1] + 1)) if jaren else not jaartallen
    if jaren:
        assert (jaren[0], jaren[-1]) == (min(jaartallen), max(jaartallen))


@pytest.mark.django_db
def test_r7_zonder_gaten_tussenjaar_krijgt_raming_en_besteding_nul(gemeente):
    voorbeeld_b(gemeente)
    BeschikkingFactory(gemeente=gemeente, jaar=2024, bedrag=D("50000.00"), datum=date(2023, 10, 1))
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("10000.00"), datum=date(2026, 1, 5))
    FactuurFactory(verplichting=v, datum=date(2026, 2, 1), bedrag=D("4000.00"))
    data = saldi(gemeente)
    jaren = [(j["regeling"], j["jaar"]) for j in data["jaren"]]
    assert jaren == [("SPUK-IV", 2024), ("SPUK-IV", 2025), ("SPUK-IV", 2026)]
    tussen = data["jaren"][1]
    telling_2025 = next(t for t in data["telling"] if t["jaar"] == 2025)
    assert tussen["toekenning_bron"] == "raming"
    assert tussen["toekenning"] == telling_2025["berekende_toekenning"]
    assert tussen["besteding"] == "0.00"
    # The chain runs through the year in between: 2024's reservering arrives in 2025.
    assert tussen["reservering_in"] == data["jaren"][0]["reservering_uit"] == "50000.00"
