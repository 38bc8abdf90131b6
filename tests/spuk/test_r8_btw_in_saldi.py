"""R8 btw in `saldi --json`: every (boekjaar, financiering) with an invoice that carries btw,
sorted by jaar then financiering; compensabel / niet_compensabel, "0.00" where one side has none."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import FactuurFactory, VerplichtingFactory, voorziening

from .test_herberekening import saldi

D = Decimal
pytestmark = pytest.mark.django_db


def test_r8_btw_lijst_per_jaar_en_financiering(gemeente):
    iv = VerplichtingFactory(gemeente=gemeente, bedrag=D("9000.00"), datum=date(2025, 1, 5))
    mb = VerplichtingFactory(
        gemeente=gemeente,
        bedrag=D("5000.00"),
        datum=date(2025, 1, 5),
        financiering="UITVOERING",
        voorziening=voorziening(gemeente, "INTAKE"),
    )
    FactuurFactory(verplichting=iv, datum=date(2025, 3, 1), bedrag=D("1210.00"), btw=D("210.00"))
    FactuurFactory(
        verplichting=iv,
        datum=date(2025, 4, 1),
        bedrag=D("121.00"),
        btw=D("21.00"),
        btw_compensabel=False,
    )
    FactuurFactory(verplichting=iv, datum=date(2026, 2, 1), bedrag=D("500.00"))  # no btw
    FactuurFactory(verplichting=mb, datum=date(2026, 2, 1), bedrag=D("605.00"), btw=D("105.00"))
    FactuurFactory(verplichting=iv, datum=date(2026, 1, 10), bedrag=D("-121.00"), btw=D("-21.00"))
    assert saldi(gemeente)["btw"] == [
        {
            "jaar": 2025,
            "financiering": "SPUK-IV",
            "compensabel": "210.00",
            "niet_compensabel": "21.00",
        },
        {
            "jaar": 2026,
            "financiering": "SPUK-IV",
            "compensabel": "-21.00",
            "niet_compensabel": "0.00",
        },
        {
            "jaar": 2026,
            "financiering": "UITVOERING",
            "compensabel": "105.00",
            "niet_compensabel": "0.00",
        },
    ]
    # Only boekjaren up to the peildatum's year.
    assert [b["jaar"] for b in saldi(gemeente, "2025-12-31")["btw"]] == [2025]
    # R7 besteding sums the last: 1210 - 210 + 121 (not compensable) + 500 - (121 - 21).
    jaren = {(j["regeling"], j["jaar"]): j for j in saldi(gemeente)["jaren"]}
    assert jaren[("SPUK-IV", 2025)]["besteding"] == "1121.00"
