"""What a recomputation clears away (spuk.services.herberekening._ruim_op): waiting runs it
absorbs, interrupted ones marked failed, complete runs beyond the last BEWAAR_RUNS with their
snapshot rows, failed runs older than a week; nothing of another gemeente; in a few queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from spuk.models import CohortSaldo, Herberekening, JaarSaldo, OntvangstDeel, Telling
from spuk.services import herbereken, herbereken_batch
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


def test_geen_snapshotrij_overleeft_haar_run(gemeente):
    """The snapshot rows hang on their run without a database constraint (spuk.models, above
    JaarSaldo): the recomputation itself keeps them together. After runs that replace each
    other and one that fails after writing its rows, every row belongs to a run that exists:
    the last BEWAAR_RUNS complete ones."""
    voorbeeld_b(gemeente)
    OntvangstFactory(gemeente=gemeente)
    for _ in range(BEWAAR_RUNS + 2):
        herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM)

    def storing():
        raise RuntimeError("storing na het schrijven")

    with pytest.raises(RuntimeError):
        herbereken_batch(gemeente_ids=[gemeente.pk], peildatum=PEILDATUM, _na_schrijven=storing)

    voltooid = set(Herberekening.objects.filter(status=S.VOLTOOID).values_list("pk", flat=True))
    assert len(voltooid) == BEWAAR_RUNS
    assert Herberekening.objects.filter(status=S.MISLUKT).count() == 1
    for model in SNAPSHOTS:
        runs = set(model.objects.values_list("herberekening_id", flat=True))
        assert runs == voltooid, model.__name__
    for model in (Telling, JaarSaldo, CohortSaldo):  # OntvangstDeel has its gemeente via the run
        assert set(model.objects.values_list("gemeente_id", flat=True)) == {gemeente.pk}
