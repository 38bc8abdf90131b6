import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("inburgering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _start_leesserver(**kwargs):
    """Every worker process starts its reading server (kern.afscherming's forkserver) at once,
    so the first uploaded workbook it checks or imports does not wait for it."""
    from kern.afscherming import start_leesserver

    start_leesserver()
