"""A real Celery worker for the fault test: it pauses after writing the snapshot rows and
before committing, so that the test can kill it (SIGKILL) in the middle of a recomputation.

Run as a subprocess with DJANGO_SETTINGS_MODULE, DATABASE_URL (the test database),
REDIS_URL, CELERY_EAGER=0 and SPUK_PAUZE_BESTAND (written when the pause starts).
"""

import os
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from config.celery import app  # noqa: E402
from spuk.services import herberekening  # noqa: E402

# Patched where herbereken looks it up (spuk.services.herberekening), not on the package.
origineel = herberekening.herbereken_batch


def met_pauze(**kwargs):
    def pauze():
        pathlib.Path(os.environ["SPUK_PAUZE_BESTAND"]).write_text("geschreven")
        time.sleep(120)

    if os.environ.get("SPUK_PAUZE_BESTAND"):
        kwargs.setdefault("_na_schrijven", pauze)
    return origineel(**kwargs)


herberekening.herbereken_batch = met_pauze

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ]
    )
