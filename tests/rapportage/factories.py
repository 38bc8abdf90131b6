"""Snapshot rows of the SPUK recomputation, made directly, so reporting tests do not depend on
the recomputation itself (one integration test runs the real spuk.services.herbereken)."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from rapportage.models import Begrotingsregel, PcStand, Scenario
from spuk.models import CohortSaldo, Herberekening, JaarSaldo, Telling
from tests.factories import GemeenteFactory

NUL = Decimal("0.00")


class HerberekeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Herberekening

    gemeente = factory.SubFactory(GemeenteFactory)
    peildatum = date(2026, 6, 30)
    status = Herberekening.Status.VOLTOOID
    voltooid_op = factory.LazyFunction(timezone.now)


class JaarSaldoFactory(factory.django.DjangoModelFactory):
    """Defaults: year 2024 of worked example C (toekenning 200,000, besteding 100,000)."""

    class Meta:
        model = JaarSaldo

    herberekening = factory.SubFactory(HerberekeningFactory)
    gemeente = factory.SelfAttribute("herberekening.gemeente")
    regeling = "SPUK-IV"
    jaar = 2024
    toekenning = Decimal("200000.00")
    toekenning_bron = "definitief"
    reservering_in = NUL
    doorschuif_in = Decimal("40000.00")
    beschikbaar = Decimal("160000.00")
    besteding = Decimal("100000.00")
    saldo = Decimal("60000.00")
    reservering_uit = Decimal("60000.00")
    doorschuif_uit = NUL
    terug_te_betalen = NUL


class CohortSaldoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortSaldo

    herberekening = factory.SubFactory(HerberekeningFactory)
    gemeente = factory.SelfAttribute("herberekening.gemeente")
    cohort = 2024
    toegekend = Decimal("150000.00")
    verwacht = Decimal("20000.00")
    ontvangen = Decimal("140000.00")
    besteed = Decimal("90000.00")
    open = Decimal("30000.00")
    vrije_ruimte = Decimal("50000.00")


class TellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Telling

    herberekening = factory.SubFactory(HerberekeningFactory)
    gemeente = factory.SelfAttribute("herberekening.gemeente")
    jaar = 2024
    asiel_1 = 6
    asiel_2 = 8
    asiel_3 = 10
    gezin = 4
    overig = 1
    onderwijsroute = 2
    berekende_toekenning = Decimal("103112.00")
    aandeel_cohort_t = Decimal("51280.00")
    aandeel_cohort_t1 = Decimal("39432.00")
    aandeel_cohort_t2 = Decimal("12400.00")


class BegrotingsregelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Begrotingsregel

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2026
    stroom = "SPUK-IV"
    soort = "origineel"
    bedrag = Decimal("250000.00")


class PcStandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PcStand

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2026
    moment = "begroting"
    cijfers = factory.LazyAttribute(
        lambda o: {
            "jaar": o.jaar,
            "peildatum": "2025-11-01",
            "stromen": [
                {
                    "stroom": "SPUK-IV",
                    "naam": "SPUK inburgeringsvoorzieningen",
                    "origineel": "250000.00",
                    "wijzigingen": "0.00",
                    "begroting": "250000.00",
                    "realisatie": "0.00",
                    "prognose": "200000.00",
                    "verschil": "50000.00",
                }
            ],
        }
    )


def standaard_scenario_aannames(startjaar: int = 2027, asiel: int = 40) -> dict:
    from rapportage.scenario import (
        PRIJZEN_LANDELIJK,
        ROUTEMIX_LANDELIJK,
        SPREIDING_STANDAARD,
        Aannames,
        Betaalritme,
        naar_json,
    )

    return naar_json(
        Aannames(
            startjaar=startjaar,
            instroom={
                c: {"asiel": asiel, "gezin": 10, "overig": 2}
                for c in range(startjaar - 2, startjaar + 5)
            },
            routemix={**{k: Decimal(v) for k, v in ROUTEMIX_LANDELIJK.items()}, "geen": Decimal(1)},
            prijzen=PRIJZEN_LANDELIJK,
            spreiding={k: tuple(Decimal(p) for p in v) for k, v in SPREIDING_STANDAARD.items()},
            trajectbedrag=Decimal("16000.00"),
            betaalritmes=[
                Betaalritme(2021, 2025, (Decimal("0.61"), Decimal("0.31"), Decimal("0.08"))),
                Betaalritme(2026, None, (Decimal("0.40"), Decimal("0.30"), Decimal("0.30"))),
            ],
            bedrag_gezin=Decimal("720.00"),
            bedrag_overig=Decimal("720.00"),
            bedrag_onderwijsroute=Decimal("5000.00"),
            uitvoering_budget=Decimal("100000.00"),
            uitvoering_kosten=Decimal("120000.00"),
        )
    )


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Scenario {n}")
    aannames = factory.LazyFunction(standaard_scenario_aannames)
