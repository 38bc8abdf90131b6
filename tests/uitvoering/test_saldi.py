"""The `uitvoering` part of `manage.py saldi --json`, exactly as WERKBOEK.md says."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import FactuurFactory, VerplichtingFactory, voorziening

from .factories import (
    BudgetwijzigingFactory,
    KostenregelFactory,
    UitvoeringsbudgetFactory,
    verband_van,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _saldi(gemeente, *extra):
    uit = StringIO()
    call_command("saldi", "--gemeente", gemeente.code, "--json", *extra, stdout=uit)
    return json.loads(uit.getvalue())["uitvoering"]


def test_r11_voorbeeld_d_in_saldi(gemeente, andere_gemeente):
    verband = verband_van(
        gemeente, andere_gemeente, verdeelsleutel="percentage", percentages=["52", "48"]
    )
    KostenregelFactory(
        gemeente=None, samenwerkingsverband=verband, jaar=2022, bedrag=D("272000.00")
    )
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2022, bedrag=D("101000.00"))
    assert _saldi(gemeente, "--peildatum", "2026-11-21") == [
        {"jaar": 2022, "budget": "101000.00", "kosten": "141440.00", "tekort": "40440.00"}
    ]


def test_saldi_uitvoering_zoals_het_werkboek_het_zegt(gemeente):
    """Budget and cost lines as the workbook imports them; UITVOERING invoices not added."""
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2024, bedrag=D("103000.00"))
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025, bedrag=D("101000.00"))
    BudgetwijzigingFactory(budget=budget, datum=date(2025, 9, 16), bedrag=D("1850.50"))
    KostenregelFactory(
        gemeente=gemeente,
        jaar=2024,
        formatie=True,
        fte=D("1.68"),
        kosten_per_fte=D("85000.00"),
        bedrag=D("142800.00"),
    )
    KostenregelFactory(gemeente=gemeente, jaar=2024, bedrag=D("10000.00"))
    KostenregelFactory(gemeente=gemeente, jaar=2025, bedrag=D("50000.00"))
    v = VerplichtingFactory(
        gemeente=gemeente,
        financiering="UITVOERING",
        voorziening=voorziening(gemeente, "FIN_ZELFREDZAAM"),
        bedrag=D("14000.00"),
        datum=date(2024, 2, 1),
    )
    FactuurFactory(verplichting=v, bedrag=D("14000.00"), datum=date(2024, 4, 1))
    assert _saldi(gemeente, "--peildatum", "2026-11-21") == [
        {"jaar": 2024, "budget": "103000.00", "kosten": "152800.00", "tekort": "49800.00"},
        {"jaar": 2025, "budget": "102850.50", "kosten": "50000.00", "tekort": "-52850.50"},
    ]
