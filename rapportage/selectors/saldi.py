"""The current SPUK recomputation and its snapshot rows, as every report shows them."""

from __future__ import annotations

from decimal import Decimal

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
