import pytest

from rapportage import demo
from rapportage.models import Begrotingsregel, PcStand, Scenario, SisaIndicator

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(gemeente, andere_gemeente):
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    tellingen = [m.objects.count() for m in (Begrotingsregel, PcStand, Scenario, SisaIndicator)]
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    assert tellingen == [
        m.objects.count() for m in (Begrotingsregel, PcStand, Scenario, SisaIndicator)
    ]
    assert Scenario.objects.filter(gemeente=gemeente).count() == 2
    assert PcStand.objects.filter(gemeente=gemeente).count() == 2
    assert not PcStand.objects.filter(gemeente=andere_gemeente).exists()
