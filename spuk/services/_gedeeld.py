"""Shared by the recomputation and the entries: the R6 part store and the recomputation request."""

from __future__ import annotations

from django.utils import timezone

from kern.models import Gemeente

from ..models import Ontvangstverdeling
from ..planning import plan_herberekening_na_commit


def _bewaar_delen(rijen) -> None:
    """Store booked R6 parts (gemeente_id, ontvangst_id, cohort, bedrag); a receipt already
    booked meanwhile keeps its parts (the unique index decides, nothing is overwritten)."""
    nu = timezone.now()
    Ontvangstverdeling.objects.bulk_create(
        [
            Ontvangstverdeling(
                gemeente_id=g, ontvangst_id=pk, cohort=cohort, bedrag=bedrag, geboekt_op=nu
            )
            for g, pk, cohort, bedrag in rijen
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _meld(gemeente: Gemeente, oorzaak: str) -> None:
    plan_herberekening_na_commit(gemeente_id=gemeente.pk, oorzaak=oorzaak)
