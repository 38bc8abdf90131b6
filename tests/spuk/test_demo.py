import pytest

from spuk import demo
from spuk.models import Beschikking, Herberekening, Ontvangst, Parameter

from .helpers import voorbeeld_b

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_en_gelabeld_als_voorbeeld(gemeente, andere_gemeente):
    voorbeeld_b(gemeente)
    Parameter.objects.all().delete()  # the demo brings its own example parameters
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    aantallen = (Parameter.objects.count(), Beschikking.objects.count(), Ontvangst.objects.count())
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    assert (Parameter.objects.count(), Beschikking.objects.count(), Ontvangst.objects.count()) == (
        aantallen
    )
    assert not Parameter.objects.filter(is_voorbeeld=False).exists()
    assert Beschikking.objects.filter(gemeente=gemeente, soort="definitief").exists()
    assert Ontvangst.objects.filter(gemeente=gemeente, soort="voorschot").exists()
    run = Herberekening.objects.filter(gemeente=gemeente, status="voltooid").first()
    assert run is not None and run.jaarsaldi.exists()
