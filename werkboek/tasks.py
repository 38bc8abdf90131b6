"""Thin tasks: take an ImportRun id, call the service, store the outcome. Safe to run twice:
a run that is no longer in the expected state is left alone."""

from celery import shared_task

from . import verwerking


@shared_task
def controleer_import(run_id: int) -> None:
    verwerking.controleer(run_id)


@shared_task
def voer_import_uit(run_id: int) -> None:
    verwerking.importeer(run_id)


@shared_task
def ruim_uploads_op() -> int:
    """Beat, every hour: uploaded files are deleted 24 hours after the upload at the latest."""
    return verwerking.ruim_uploads_op()
