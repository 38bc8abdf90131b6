"""Scheduling the recomputation after a change: ONE run per gemeente per burst of changes.

Two layers keep a burst to one run. Within a transaction, one on_commit callback per gemeente (a
thousand rows of an import add one): the pending callback is remembered by a weak reference, so
when a rollback drops the callback, it is forgotten too and nothing stale blocks the next change.
Across transactions, a cache key per gemeente with a short lifetime (cache.add succeeds once), so
the task that is already waiting (countdown HERBEREKENING_UITSTEL_SECONDEN) picks up every change
made before it starts.

The task is looked up in Celery's registry by name rather than imported: spuk.tasks imports the
services, and the services schedule through here, so an import would close a cycle.
"""

from __future__ import annotations

import logging
import threading
import weakref

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import Herberekening

logger = logging.getLogger(__name__)
TAAK = "spuk.tasks.herbereken_gemeente"
_lokaal = threading.local()


def sleutel(gemeente_id: int) -> str:
    """The cache key that says: a task for this gemeente is waiting and will read all changes."""
    return f"spuk:herberekening-gepland:{gemeente_id}"


def plan_herberekening(*, gemeente_id: int, oorzaak: str = "") -> Herberekening:
    """A GEPLAND run that pages can show while the task waits for its turn."""
    return Herberekening.objects.create(
        gemeente_id=gemeente_id,
        peildatum=timezone.localdate(),
        status=Herberekening.Status.GEPLAND,
        oorzaak=oorzaak[:200],
    )


def _wachtend() -> weakref.WeakValueDictionary:
    """gemeente_id -> its callback waiting for the commit, per thread (each has a connection)."""
    if not hasattr(_lokaal, "wachtend"):
        _lokaal.wachtend = weakref.WeakValueDictionary()
    return _lokaal.wachtend


class _NaCommit:
    def __init__(self, gemeente_id: int, oorzaak: str):
        self.gemeente_id = gemeente_id
        self.oorzaak = oorzaak

    def __call__(self) -> None:
        wachtend = _wachtend()
        if wachtend.get(self.gemeente_id) is self:
            del wachtend[self.gemeente_id]
        verstuur_herberekening(self.gemeente_id, self.oorzaak)


def plan_herberekening_na_commit(*, gemeente_id: int, oorzaak: str = "") -> None:
    """Schedules one recomputation of the gemeente once the current transaction commits (at
    once outside a transaction); nothing when it rolls back. Every service that changes a SPUK
    figure calls this, directly or through kern.signals.meld_wijziging."""
    wachtend = _wachtend()
    if wachtend.get(gemeente_id) is not None:
        return
    callback = _NaCommit(gemeente_id, oorzaak)
    if transaction.get_connection().in_atomic_block:
        wachtend[gemeente_id] = callback
    transaction.on_commit(callback)


def verstuur_herberekening(gemeente_id: int, oorzaak: str = "") -> None:
    """After the commit: send the task unless one is already waiting for this gemeente."""
    uitstel = settings.HERBEREKENING_UITSTEL_SECONDEN
    if not cache.add(sleutel(gemeente_id), 1, timeout=uitstel + 30):
        return
    run = plan_herberekening(gemeente_id=gemeente_id, oorzaak=oorzaak)
    try:
        current_app.tasks[TAAK].apply_async(
            args=[gemeente_id], kwargs={"herberekening_id": run.pk}, countdown=uitstel
        )
    except Exception:
        # In-process (no broker): the change itself is committed; a failed run is marked
        # MISLUKT on its Herberekening and the nightly run repairs it. Never fail the request.
        logger.exception("Herberekening van gemeente %s mislukt", gemeente_id)
        cache.delete(sleutel(gemeente_id))
