"""The current SPUK recomputation and its snapshot rows, as every report shows them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import DecimalField

from spuk.models import CohortSaldo, Herberekening, JaarSaldo, Telling

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=16, decimal_places=2)
FRACTIE = DecimalField(max_digits=7, decimal_places=4)


def huidige_herberekeningen(gemeente):
    """The completed recomputations, the current one first (a subquery can take its pk)."""
    return Herberekening.objects.filter(
        gemeente=gemeente, status=Herberekening.Status.VOLTOOID
    ).order_by("-voltooid_op", "-id")


def huidige_herberekening(gemeente) -> Herberekening | None:
    """The latest completed recomputation: the figures every report shows."""
    return huidige_herberekeningen(gemeente).first()


def per_herberekening(
    naam: str, herberekening_id: int, voltooid_op: datetime, *delen, bereken: Callable[[], Any]
):
    """bereken(), kept in the cache per completed recomputation (and the other `delen`).

    Every service that changes a commitment, an invoice or a status announces it
    (kern.signals.meld_wijziging) and the spuk app recomputes; a new completed run is a new
    key. So the cached figures are as current as the R7/R9 figures of that run beside them, and
    only the first view after a change reads the source rows. The date is in the key for the
    signals and the prognose, which depend on it.
    """
    sleutel = ":".join(
        str(deel)
        for deel in (naam, herberekening_id, voltooid_op.timestamp(), *delen, date.today())
    )
    return cache.get_or_set(sleutel, bereken, timeout=24 * 3600)


def jaarsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return JaarSaldo.objects.none()
    return JaarSaldo.objects.filter(herberekening=herberekening).order_by("regeling", "jaar")


def cohortsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return CohortSaldo.objects.none()
    return CohortSaldo.objects.filter(herberekening=herberekening).order_by("cohort")


def tellingen(herberekening: Herberekening | None):
    if herberekening is None:
        return Telling.objects.none()
    return Telling.objects.filter(herberekening=herberekening).order_by("jaar")
