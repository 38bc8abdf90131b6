"""What the services of this app share: the field error, the bounds of kern.invoer, unique
constraints as field errors, what a commitment has been invoiced (and its row lock), audit JSON."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce

from kern.bedraggrens import controleer_bedragen
from kern.invoer import datum_fout
from kern.models import AuditRecord

from ..models import Factuur, Verplichting

NUL = Decimal("0.00")
Actie = AuditRecord.Actie


def _fout(veld: str | None, melding: str) -> ValidationError:
    """A ValidationError that a form can show at the right field."""
    return ValidationError({veld: [melding]} if veld else melding)


def _binnen_grenzen(*, bedrag: Decimal | None = None, datum: date | None = None) -> None:
    """The one amount bound and date range of kern.invoer, which forms and the import also use."""
    controleer_bedragen(bedrag=bedrag)
    if datum is not None and (fout := datum_fout(datum)):
        raise _fout("datum", fout)


@contextmanager
def _uniek(**constraints: tuple[str, str]):
    """Turns a unique-constraint violation (two users saving the same number at the same moment,
    after both passed the check) into the field error the check gives: constraint name ->
    (field, message)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        for naam, (veld, melding) in constraints.items():
            if naam in str(exc):
                raise _fout(veld, melding) from exc
        raise


def gefactureerd(verplichting: Verplichting) -> Decimal:
    """The sum of a commitment's invoices (credit notes negative), computed in SQL."""
    return Factuur.objects.filter(verplichting=verplichting).aggregate(
        s=Coalesce(Sum("last"), Value(NUL))
    )["s"]


def _vergrendel(verplichting: Verplichting) -> tuple[Verplichting, Decimal]:
    """Locks the commitment row and returns it with its invoiced sum (SQL), inside a transaction.

    Everything that reads "what is open" and then writes goes through this lock, so two
    invoices or a change and an invoice at the same moment cannot together pass the limit.
    """
    v = Verplichting.objects.select_for_update().get(pk=verplichting.pk)
    return v, gefactureerd(v)


def _json(waarden: dict) -> dict:
    """Dates as ISO text so the audit JSON can hold them."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in waarden.items()}
