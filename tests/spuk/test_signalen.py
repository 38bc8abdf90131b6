"""Always current: a change schedules one recomputation after commit, a burst gives one run."""

from datetime import date
from unittest import mock

import pytest
from django.db import transaction

from kern.signals import meld_wijziging
from spuk import planning, services
from spuk.models import Herberekening
from tests.factories import FactuurFactory, VerplichtingFactory

from .helpers import voorbeeld_b

pytestmark = pytest.mark.django_db


def test_wijziging_plant_na_commit_een_herberekening(gemeente, django_capture_on_commit_callbacks):
    voorbeeld_b(gemeente)
    with django_capture_on_commit_callbacks(execute=True):
        meld_wijziging(gemeente_id=gemeente.pk, oorzaak="Factuur geboekt")
    run = Herberekening.objects.get(gemeente=gemeente)
    assert run.status == Herberekening.Status.VOLTOOID
    assert run.oorzaak == "Factuur geboekt"
    assert run.tellingen.filter(jaar=2026).get().berekende_toekenning > 0


def test_een_burst_van_wijzigingen_geeft_een_herberekening(
    gemeente, django_capture_on_commit_callbacks
):
    with (
        mock.patch("spuk.services.herbereken", wraps=services.herbereken) as h,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        for i in range(500):
            meld_wijziging(gemeente_id=gemeente.pk, oorzaak=f"rij {i}")
    assert len(callbacks) == 1
    assert h.call_count == 1


def test_wijziging_zonder_commit_plant_niets(gemeente, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                meld_wijziging(gemeente_id=gemeente.pk, oorzaak="teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Herberekening.objects.filter(gemeente=gemeente).exists()


def test_wachtende_taak_neemt_latere_wijzigingen_mee(gemeente, settings):
    """With a broker the first change sends a delayed task; changes before it starts add none."""
    with mock.patch("spuk.tasks.herbereken_gemeente.apply_async") as verstuur:
        planning.verstuur_herberekening(gemeente.pk, "eerste")
        planning.verstuur_herberekening(gemeente.pk, "tweede")
    assert verstuur.call_count == 1
    assert verstuur.call_args.kwargs["countdown"] == settings.HERBEREKENING_UITSTEL_SECONDEN
    assert Herberekening.objects.get(gemeente=gemeente).status == Herberekening.Status.GEPLAND


def test_nieuwe_factuur_verandert_het_cohortsaldo(gemeente, django_capture_on_commit_callbacks):
    voorbeeld_b(gemeente)
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 5, 1))
    with django_capture_on_commit_callbacks(execute=True):
        FactuurFactory(verplichting=v, datum=date(2024, 6, 1))
        meld_wijziging(gemeente_id=gemeente.pk, oorzaak="Factuur geboekt")
    run = Herberekening.objects.get(gemeente=gemeente, status="voltooid")
    assert str(run.cohortsaldi.get(cohort=2024).besteed) == "1000.00"


def test_een_teruggedraaide_wijziging_houdt_de_volgende_niet_tegen(
    gemeente, django_capture_on_commit_callbacks
):
    """The pending callback is forgotten with the rollback that drops it: the change after it,
    in the same transaction, still schedules its run."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                planning.plan_herberekening_na_commit(gemeente_id=gemeente.pk, oorzaak="terug")
                raise RuntimeError
        except RuntimeError:
            pass
        planning.plan_herberekening_na_commit(gemeente_id=gemeente.pk, oorzaak="blijft")
    assert len(callbacks) == 1
    assert Herberekening.objects.get(gemeente=gemeente).oorzaak == "blijft"
