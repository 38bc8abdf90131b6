"""Shared by the aggregates: the money field, the batch filter and the month bounds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Value

from kern.sql import plaatsen

GELD = DecimalField(max_digits=16, decimal_places=2)
NUL_GELD = Value(Decimal("0.00"), output_field=GELD)


def _filter(kolom: str, gemeente_ids, alle: bool) -> tuple[str, list]:
    """`kolom IN (...)` for a batch, or no filter at all when the batch is every gemeente."""
    if alle:
        return "1 = 1", []
    tekst, waarden = plaatsen(gemeente_ids)
    return f"{kolom} IN ({tekst})", waarden


def _maanden(peildatum: date) -> tuple[date, date]:
    """The first day of the peildatum's month and of the month after it."""
    maand = peildatum.replace(day=1)
    return maand, (maand + timedelta(days=32)).replace(day=1)
