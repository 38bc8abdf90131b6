"""Thin Celery tasks: ids in, a service call, idempotent and safe to retry (acks_late)."""

from celery import group, shared_task
from django.conf import settings
from django.core.cache import cache

from . import services
from .planning import sleutel


@shared_task(acks_late=True, reject_on_worker_lost=True)
def herbereken_gemeente(gemeente_id: int, herberekening_id: int | None = None) -> int:
    # Changes from now on must schedule a new run: this one may already have read the rows.
    cache.delete(sleutel(gemeente_id))
    return services.herbereken(gemeente_id=gemeente_id, herberekening_id=herberekening_id).pk


@shared_task(acks_late=True, reject_on_worker_lost=True)
def herbereken_gemeenten(gemeente_ids: list[int]) -> int:
    # acks_late and reject_on_worker_lost: a batch whose worker is killed goes back on the queue
    # and runs again. That is harmless: the batch is one transaction, so nothing of the killed
    # run was committed, and its advisory locks went with its connection.
    return services.herbereken_gemeenten(gemeente_ids=gemeente_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def herbereken_alle_gemeenten() -> int:
    """The nightly recomputation, fanned out: a group of batches of gemeenten, so every worker
    process (on this machine or another) takes batches and the run ends sooner."""
    batches = services.batches_van_alle_gemeenten(settings.SPUK_NACHT_BATCHGROOTTE)
    group(herbereken_gemeenten.s(batch) for batch in batches).apply_async()
    return sum(len(batch) for batch in batches)
