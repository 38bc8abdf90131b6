"""Thin Celery tasks: ids in, a service call, idempotent and safe to retry (acks_late)."""

from celery import shared_task
from django.core.cache import cache

from . import services
from .planning import sleutel


@shared_task(acks_late=True, reject_on_worker_lost=True)
def herbereken_gemeente(gemeente_id: int, herberekening_id: int | None = None) -> int:
    # Changes from now on must schedule a new run: this one may already have read the rows.
    cache.delete(sleutel(gemeente_id))
    return services.herbereken(gemeente_id=gemeente_id, herberekening_id=herberekening_id).pk


@shared_task(acks_late=True, reject_on_worker_lost=True)
def herbereken_alle_gemeenten() -> int:
    return services.herbereken_alle()
