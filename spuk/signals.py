"""Every change a figure depends on schedules ONE recomputation of its gemeente, after commit.

Two layers keep a burst to one run: within a transaction, one on_commit callback per gemeente
(a thousand changed rows in an import add one callback); across transactions, a cache key per
gemeente with a short lifetime (cache.add succeeds once), so the task that is already waiting
(countdown HERBEREKENING_UITSTEL_SECONDEN) picks up every change made before it starts.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kern.models import Gemeente
from kern.signals import gegevens_gewijzigd

logger = logging.getLogger(__name__)


def sleutel(gemeente_id: int) -> str:
    return f"spuk:herberekening-gepland:{gemeente_id}"


def _al_na_commit_gepland(gemeente_id: int) -> bool:
    return any(
        getattr(callback, "spuk_gemeente_id", None) == gemeente_id
        for _sids, callback, *_rest in connection.run_on_commit
    )


@receiver(gegevens_gewijzigd, dispatch_uid="spuk_plan_herberekening")
def bij_wijziging(sender, gemeente_id: int, oorzaak: str = "", **kwargs) -> None:
    if connection.in_atomic_block and _al_na_commit_gepland(gemeente_id):
        return
    callback = functools.partial(plan_na_commit, gemeente_id, oorzaak)
    callback.spuk_gemeente_id = gemeente_id
    transaction.on_commit(callback)


def plan_na_commit(gemeente_id: int, oorzaak: str = "") -> None:
    """Schedule the task unless one is already waiting for this gemeente."""
    from .services import plan_herberekening
    from .tasks import herbereken_gemeente

    uitstel = settings.HERBEREKENING_UITSTEL_SECONDEN
    if not cache.add(sleutel(gemeente_id), 1, timeout=uitstel + 30):
        return
    run = plan_herberekening(gemeente_id=gemeente_id, oorzaak=oorzaak)
    try:
        herbereken_gemeente.apply_async(
            args=[gemeente_id], kwargs={"herberekening_id": run.pk}, countdown=uitstel
        )
    except Exception:
        # In-process (no broker): the change itself is committed; a failed run is marked
        # MISLUKT on its Herberekening and the nightly run repairs it. Never fail the request.
        logger.exception("Herberekening van gemeente %s mislukt", gemeente_id)
        cache.delete(sleutel(gemeente_id))


@receiver(post_save, sender=Gemeente, dispatch_uid="spuk_standaard_betaalritmes")
def standaard_betaalritmes(sender, instance, created, raw=False, **kwargs) -> None:
    """A new gemeente gets the standard betaalritmes (a beheerder can change them)."""
    if created and not raw:
        from .berekening import zorg_voor_betaalritmes

        zorg_voor_betaalritmes([instance.pk])
