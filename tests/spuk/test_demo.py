import json
from datetime import date
from decimal import Decimal, InvalidOperation
from io import StringIO

import pytest
from django.core.management import call_command

from inburgering import demo as inburgering_demo
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


def _saldi(gemeente) -> dict:
    uit = StringIO()
    call_command("saldi", gemeente=gemeente.code, json=True, stdout=uit)
    return json.loads(uit.getvalue())


def test_demo_saldi_zijn_die_van_een_echte_gemeente(gemeente, andere_gemeente):
    """The demo's year balances (R7) and cohort room (R9), as the recomputation gives them, look
    like a real gemeente's: SPUK-IV spent about as fast as the 61/31/8 rhythm allows (the first
    cohorts are paid ahead of their costs, bronnen/001, so the first years reserve), the
    reservering used later, at most one modest repayment; SPUK-OR ends with 2025."""
    inburgering_demo.laad(hoofd=gemeente, buur=andere_gemeente)
    demo.laad(hoofd=gemeente, buur=andere_gemeente)
    vandaag = date.today()
    data = _saldi(gemeente)
    jaren = {
        (j["regeling"], j["jaar"]): {k: _getal(v) for k, v in j.items()} for j in data["jaren"]
    }
    iv = {jaar: j for (regeling, jaar), j in jaren.items() if regeling == "SPUK-IV"}

    ondergrens = {2023: "0.60", 2024: "0.75", 2025: "0.85", 2026: "0.85"}
    for jaar, grens in ondergrens.items():
        if jaar <= vandaag.year:
            assert iv[jaar]["besteding"] >= Decimal(grens) * iv[jaar]["toekenning"], iv[jaar]
    terug = [j for j in iv.values() if j["terug_te_betalen"] > 0]
    assert len(terug) <= 1, terug
    assert all(j["terug_te_betalen"] <= Decimal("0.05") * j["toekenning"] for j in terug), terug
    # The reservering is used: a year spends more than its toekenning, paid from it.
    assert any(j["besteding"] > j["toekenning"] and j["reservering_in"] > 0 for j in iv.values()), (
        iv
    )
    assert all(j["doorschuif_uit"] == 0 for j in iv.values())
    for cohort in data["cohorten"]:
        ruimte = {k: _getal(v) for k, v in cohort.items()}
        assert ruimte["vrije_ruimte"] >= Decimal("-0.10") * (
            ruimte["toegekend"] + ruimte["verwacht"]
        ), cohort

    # SPUK-OR ran 2022-2025: fully used, nothing booked on it later.
    spuk_or = {jaar: j for (regeling, jaar), j in jaren.items() if regeling == "SPUK-OR"}
    assert set(spuk_or) == {j for j in range(2022, 2026) if j <= vandaag.year}
    for j in spuk_or.values():
        assert Decimal("0.85") * j["toekenning"] <= j["besteding"] <= j["beschikbaar"], j

    # The neighbour, with its own figures, has no SPUK-OR after 2025 either.
    assert all(
        j["jaar"] <= 2025 for j in _saldi(andere_gemeente)["jaren"] if j["regeling"] == "SPUK-OR"
    )


def _getal(waarde):
    try:
        return Decimal(waarde)
    except (InvalidOperation, TypeError):
        return waarde
