"""Faults: a worker killed mid-recomputation leaves the previous snapshot intact and the next
run completes; two recomputations of one gemeente at once give the result of one.

These run on the real PostgreSQL and Redis of the test settings (transaction=True: the worker
subprocess and the threads see committed rows only).
"""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from spuk.models import Herberekening
from spuk.selectors import saldi
from spuk.services import herbereken, herbereken_batch

from .factories import OntvangstFactory
from .helpers import voorbeeld_b

PEILDATUM = date(2026, 11, 21)


def momentopname(run):
    return saldi(Herberekening.objects.get(pk=run.pk))


@pytest.mark.django_db
def test_fout_halverwege_laat_vorige_momentopname_heel(gemeente):
    voorbeeld_b(gemeente)
    vorige = herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM)
    voor = momentopname(vorige)
    OntvangstFactory(gemeente=gemeente)

    def crash():
        raise RuntimeError("werker gestopt")

    with pytest.raises(RuntimeError):
        herbereken_batch(gemeente_ids=[gemeente.pk], peildatum=PEILDATUM, _na_schrijven=crash)
    assert momentopname(vorige) == voor
    mislukt = Herberekening.objects.get(gemeente=gemeente, status="mislukt")
    assert "werker gestopt" in mislukt.foutmelding
    assert Herberekening.objects.filter(gemeente=gemeente, status="voltooid").count() == 1
    volgende = herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM)
    assert momentopname(volgende)["cohorten"] != voor["cohorten"]  # the receipt is in it now


@pytest.mark.postgres  # two writers at once (SQLite locks the file)
@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_herberekeningen_geven_hetzelfde_als_een(gemeente):
    voorbeeld_b(gemeente)
    OntvangstFactory(gemeente=gemeente)
    runs, fouten = [], []

    def reken():
        try:
            runs.append(herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM))
        except Exception as exc:  # pragma: no cover - reported below
            fouten.append(exc)
        finally:
            connection.close()

    draden = [threading.Thread(target=reken) for _ in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=60)
    assert not fouten
    assert len(runs) == 2
    a, b = (momentopname(r) for r in runs)
    assert a == b
    alleen = momentopname(herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM))
    assert a == alleen
    assert a["telling"][-1]["berekende_toekenning"] == "103112.00"


def _database_url(db) -> str:
    wachtwoord = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{wachtwoord}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_werker(tmp_path: Path, pauze: bool) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(db),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "CELERY_EAGER": "0",
        "SPUK_PAUZE_BESTAND": str(tmp_path / "pauze") if pauze else "",
    }
    script = Path(__file__).with_name("werker_met_pauze.py")
    return subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(script)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"werker-{int(pauze)}.log", "w"),  # noqa: SIM115
    )


def _wacht(voorwaarde, seconden=60):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.xdist_group("spuk_werker")
@pytest.mark.filterwarnings("ignore:task_always_eager has no effect")
@pytest.mark.django_db(transaction=True)
def test_gedode_celery_werker_laat_vorige_momentopname_heel(gemeente, tmp_path):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("vraagt PostgreSQL en Redis")
    voorbeeld_b(gemeente)
    vorige = herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM)
    voor = momentopname(vorige)
    OntvangstFactory(gemeente=gemeente)
    app.control.purge()

    werker = _start_werker(tmp_path, pauze=True)
    try:
        app.send_task("spuk.tasks.herbereken_gemeente", args=[gemeente.pk])
        assert _wacht(lambda: (tmp_path / "pauze").exists()), (
            tmp_path / "werker-1.log"
        ).read_text()
        # The worker wrote its snapshot rows and now sits before the commit: kill it hard.
        os.kill(werker.pid, signal.SIGKILL)
        werker.wait(timeout=10)
    finally:
        if werker.poll() is None:
            werker.kill()
    assert momentopname(vorige) == voor
    assert Herberekening.objects.filter(gemeente=gemeente, status="bezig").count() == 1
    assert Herberekening.objects.filter(gemeente=gemeente, status="voltooid").count() == 1

    app.control.purge()
    volgende = _start_werker(tmp_path, pauze=False)
    try:
        app.send_task("spuk.tasks.herbereken_gemeente", args=[gemeente.pk])
        assert _wacht(
            lambda: Herberekening.objects.filter(gemeente=gemeente, status="voltooid").count() == 2
        ), (tmp_path / "werker-0.log").read_text()
    finally:
        volgende.terminate()
        volgende.wait(timeout=20)
    nieuwste = Herberekening.objects.filter(gemeente=gemeente, status="voltooid").first()
    assert momentopname(nieuwste)["cohorten"] != voor["cohorten"]
    # The interrupted run is no longer shown as running.
    assert not Herberekening.objects.filter(gemeente=gemeente, status="bezig").exists()
