"""What a recomputation clears away (spuk.services.herberekening._ruim_op): waiting runs it
absorbs, interrupted ones marked failed, complete runs beyond the last BEWAAR_RUNS with their
snapshot rows, failed runs older than a week; nothing of another gemeente; in a few queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from spuk.models import CohortSaldo, Herberekening, JaarSaldo, OntvangstDeel, Telling
from spuk.services import herbereken
from spuk.services.herberekening import BEWAAR_RUNS, SNAPSHOTS

from .factories import OntvangstFactory
from .helpers import voorbeeld_b
from .profiel import profileer

pytestmark = pytest.mark.django_db
S = Herberekening.Status
PEILDATUM = date(2026, 11, 21)


def _run(gemeente, status, dagen_geleden, **velden):
    run = Herberekening.objects.create(
        gemeente=gemeente, peildatum=PEILDATUM, status=status, **velden
    )
    # aangevraagd_op is auto_now_add: set afterwards.
    Herberekening.objects.filter(pk=run.pk).update(
        aangevraagd_op=timezone.now() - timedelta(days=dagen_geleden)
    )
    return run.pk


def test_een_herberekening_ruimt_op_wat_ze_vervangt(gemeente, andere_gemeente):
    voorbeeld_b(gemeente)
    OntvangstFactory(gemeente=gemeente)
    voltooid = [herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM).pk for _ in range(3)]
    oudste = voltooid[0]
    assert Telling.objects.filter(herberekening_id=oudste).exists()
    assert OntvangstDeel.objects.filter(herberekening_id=oudste).exists()
    uur = timedelta(hours=1)
    gepland = _run(gemeente, S.GEPLAND, 0)
    onderbroken = _run(gemeente, S.BEZIG, 0, gestart_op=timezone.now() - uur)
    lang_geleden = _run(gemeente, S.BEZIG, 10, gestart_op=timezone.now() - 10 * 24 * uur)
    mislukt_oud = _run(gemeente, S.MISLUKT, 8)
    mislukt_recent = _run(gemeente, S.MISLUKT, 1)
    van_een_ander = [
        _run(andere_gemeente, status, 10, gestart_op=timezone.now() - uur)
        for status in (S.GEPLAND, S.BEZIG, S.MISLUKT)
    ]

    with profileer() as profiel:
        nieuw = herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM).pk

    over = dict(Herberekening.objects.values_list("pk", "status"))
    assert over == {
        **dict.fromkeys([*voltooid[1:], nieuw], S.VOLTOOID),
        onderbroken: S.MISLUKT,
        mislukt_recent: S.MISLUKT,
        **dict(zip(van_een_ander, (S.GEPLAND, S.BEZIG, S.MISLUKT), strict=True)),
    }
    assert len(voltooid[1:]) + 1 == BEWAAR_RUNS
    assert "Onderbroken" in Herberekening.objects.get(pk=onderbroken).foutmelding
    for model in (Telling, JaarSaldo, CohortSaldo, OntvangstDeel):
        assert not model.objects.filter(herberekening_id=oudste).exists()
        assert model.objects.filter(herberekening_id=nieuw).exists()
    assert {gepland, lang_geleden, mislukt_oud}.isdisjoint(over)
    # The update of the interrupted ones and the delete (on SQLite one statement per snapshot
    # table); the runs were read with the run's completion, in the same round trip.
    verwacht = 2 if connection.vendor == "postgresql" else 1 + len(SNAPSHOTS) + 1
    assert profiel.stappen["_ruim_op"].queries == verwacht


def test_de_snapshots_zijn_alles_wat_aan_een_run_hangt():
    """_ruim_op deletes the snapshot tables itself (no collector): a new table that points at a
    run must be added to SNAPSHOTS."""
    assert {r.related_model for r in Herberekening._meta.related_objects} == set(SNAPSHOTS)
