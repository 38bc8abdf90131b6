"""The recomputation on the database: worked example B end to end, peildatum, R7 chain."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from spuk.berekening import parameters_per_gemeente
from spuk.models import STANDAARD_BETAALRITMES, Betaalritme, Herberekening, OntvangstDeel
from spuk.services import herbereken
from tests.factories import FactuurFactory, StatuswijzigingFactory, VerplichtingFactory

from .factories import BeschikkingFactory, OntvangstFactory
from .helpers import voorbeeld_b

D = Decimal
pytestmark = pytest.mark.django_db


def saldi(gemeente, peildatum="2026-11-21"):
    uit = StringIO()
    call_command("saldi", gemeente=gemeente.code, peildatum=peildatum, json=True, stdout=uit)
    return json.loads(uit.getvalue())


def test_r4_voorbeeld_b_telling_uit_het_register(gemeente):
    voorbeeld_b(gemeente)
    data = saldi(gemeente)
    assert [t["jaar"] for t in data["telling"]] == [2024, 2025, 2026]
    t2026 = data["telling"][-1]
    assert t2026 == {
        "jaar": 2026,
        "asiel_1": 6,
        "asiel_2": 8,
        "asiel_3": 10,
        "gezin": 4,
        "overig": 0,
        "onderwijsroute": 2,
        "berekende_toekenning": "103112.00",
    }


def test_r6_voorbeeld_b_voorschot_op_de_cohortrekeningen(gemeente):
    voorbeeld_b(gemeente)
    ontvangst = OntvangstFactory(gemeente=gemeente)
    OntvangstFactory(gemeente=gemeente, terugvordering=True, datum=date(2026, 6, 1))
    run = herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 11, 21))
    delen = dict(
        OntvangstDeel.objects.filter(herberekening=run, ontvangst=ontvangst).values_list(
            "cohort", "bedrag"
        )
    )
    assert delen == {2026: D("4144.36"), 2025: D("3186.82"), 2024: D("1002.15")}
    cohorten = {c["cohort"]: c for c in saldi(gemeente)["cohorten"]}
    assert cohorten[2026]["ontvangen"] == "3530.38"  # 4144.36 - 613.98


def test_r5_bron_en_r7_in_de_jaren(gemeente):
    voorbeeld_b(gemeente)
    BeschikkingFactory(gemeente=gemeente, jaar=2026, bedrag=D("90000.00"))
    BeschikkingFactory(gemeente=gemeente, jaar=2026, nader=True, bedrag=D("95000.00"))
    BeschikkingFactory(
        gemeente=gemeente, jaar=2026, nader=True, bedrag=D("99000.00"), datum=date(2026, 12, 1)
    )
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("10000.00"), datum=date(2026, 1, 5))
    FactuurFactory(verplichting=v, datum=date(2026, 2, 1), bedrag=D("4000.00"))
    FactuurFactory(verplichting=v, datum=date(2026, 12, 1), bedrag=D("1000.00"))
    [jaar] = saldi(gemeente)["jaren"]
    assert jaar["toekenning"] == "95000.00"
    assert jaar["toekenning_bron"] == "nader"
    assert jaar["besteding"] == "4000.00"
    assert jaar["reservering_uit"] == "91000.00"
    [later] = saldi(gemeente, "2026-12-31")["jaren"]
    assert later["toekenning"] == "99000.00"
    assert later["besteding"] == "5000.00"


def test_r9_besteed_en_open_per_cohort(gemeente):
    voorbeeld_b(gemeente)
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("10000.00"), datum=date(2025, 1, 5))
    assert v.cohort == 2024
    FactuurFactory(verplichting=v, datum=date(2025, 2, 1), bedrag=D("4000.00"))
    gesloten = VerplichtingFactory(
        gemeente=gemeente, bedrag=D("500.00"), datum=date(2025, 1, 5), gesloten_op=date(2026, 1, 1)
    )
    FactuurFactory(verplichting=gesloten, datum=date(2025, 2, 1), bedrag=D("100.00"))
    cohorten = {c["cohort"]: c for c in saldi(gemeente)["cohorten"]}
    c = cohorten[2024]
    assert (c["besteed"], c["open"]) == ("4100.00", "6000.00")
    before = {c["cohort"]: c for c in saldi(gemeente, "2025-12-31")["cohorten"]}[2024]
    assert before["open"] == "6400.00"
    # toegekend without any beschikking = the raming; vrije ruimte = toegekend + verwacht - ...
    assert D(c["vrije_ruimte"]) == D(c["toegekend"]) + D(c["verwacht"]) - D("10100.00")


def test_r3_verhuisd_telt_niet_meer_in_dat_jaar(gemeente):
    voorbeeld_b(gemeente)
    from inburgering.models import Inburgeraar

    persoon = Inburgeraar.objects.filter(gemeente=gemeente, cohort=2024).first()
    StatuswijzigingFactory(inburgeraar=persoon, datum=date(2025, 12, 31), status="verhuisd")
    telling = {t["jaar"]: t for t in saldi(gemeente)["telling"]}
    assert telling[2024]["asiel_1"] == 10
    assert telling[2025]["asiel_2"] == 9
    assert telling[2026]["asiel_3"] == 9


def test_herberekenen_twee_keer_verandert_niets(gemeente):
    voorbeeld_b(gemeente)
    OntvangstFactory(gemeente=gemeente)
    eerste = saldi(gemeente)
    assert saldi(gemeente) == eerste
    assert Herberekening.objects.filter(gemeente=gemeente, status="voltooid").count() == 2


def test_saldi_onbekende_gemeente_geeft_nederlandse_fout(db):
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("saldi", gemeente="GM9999", json=True)


def test_nachtelijke_herberekening_van_alle_gemeenten_gelijk_aan_per_gemeente(
    gemeente, andere_gemeente
):
    from spuk.selectors import laatste_herberekening
    from spuk.selectors import saldi as snapshot
    from spuk.services import herbereken_alle

    voorbeeld_b(gemeente)
    voorbeeld_b(andere_gemeente)
    OntvangstFactory(gemeente=gemeente)
    v = VerplichtingFactory(gemeente=andere_gemeente, datum=date(2025, 1, 5))
    FactuurFactory(verplichting=v, datum=date(2025, 2, 1), bedrag=D("321.00"))
    peildatum = date(2026, 11, 21)
    assert herbereken_alle(peildatum=peildatum) == 2
    samen = {g.pk: snapshot(laatste_herberekening(g)) for g in (gemeente, andere_gemeente)}
    for g in (gemeente, andere_gemeente):
        assert snapshot(herbereken(gemeente_id=g.pk, peildatum=peildatum)) == samen[g.pk]
    assert samen[gemeente.pk] != samen[andere_gemeente.pk]


def test_nachtelijke_herberekening_waaiert_uit_in_batches_met_dezelfde_uitkomst(
    gemeente, andere_gemeente, settings
):
    """Issue 17: the nightly task is a group of batches (here of 1 gemeente each, run eagerly);
    every gemeente gets one completed run, equal to recomputing it alone."""
    from spuk.selectors import laatste_herberekening
    from spuk.selectors import saldi as snapshot
    from spuk.services import batches_van_alle_gemeenten
    from spuk.tasks import herbereken_alle_gemeenten

    voorbeeld_b(gemeente)
    voorbeeld_b(andere_gemeente)
    v = VerplichtingFactory(gemeente=andere_gemeente, datum=date(2025, 1, 5))
    FactuurFactory(verplichting=v, datum=date(2025, 2, 1), bedrag=Decimal("321.00"))
    settings.SPUK_NACHT_BATCHGROOTTE = 1
    assert batches_van_alle_gemeenten(1) == [[gemeente.pk], [andere_gemeente.pk]]
    eerder = Herberekening.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    assert herbereken_alle_gemeenten.delay().get() == 2

    for g in (gemeente, andere_gemeente):
        runs = Herberekening.objects.filter(gemeente=g, pk__gt=eerder)
        assert [r.status for r in runs] == ["voltooid"]
        assert runs[0].oorzaak == "Nachtelijke herberekening"
        verwacht = snapshot(herbereken(gemeente_id=g.pk))
        assert snapshot(laatste_herberekening(g)) == verwacht


def test_zonder_betaalritmes_rekent_de_herberekening_met_de_standaard(gemeente):
    """parameters_per_gemeente looks for missing betaalritmes only when a gemeente has none;
    the run it returns is the run as stored (no second read)."""
    Betaalritme.objects.filter(gemeente=gemeente).delete()
    run = herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 11, 21))
    assert Betaalritme.objects.filter(gemeente=gemeente).count() == len(STANDAARD_BETAALRITMES)
    assert parameters_per_gemeente([gemeente.pk])[gemeente.pk].ritmes
    opgeslagen = Herberekening.objects.get(pk=run.pk)
    for veld in ("status", "voltooid_op", "stappen_klaar", "stappen_totaal", "foutmelding"):
        assert getattr(run, veld) == getattr(opgeslagen, veld)
    assert run.status == Herberekening.Status.VOLTOOID
