"""Factories for the uitvoering: budgets, cost lines, samenwerkingsverbanden and hours."""

from datetime import date
from decimal import Decimal

import factory

from tests.factories import GemeenteFactory
from uitvoering.models import (
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Samenwerkingsverband,
    Tijdregistratie,
    Uitvoeringsbudget,
)


class UitvoeringsbudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Uitvoeringsbudget

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2025
    bedrag = Decimal("101000.00")
    bron = factory.LazyAttribute(lambda o: f"meicirculaire {o.jaar}")


class BudgetwijzigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budgetwijziging

    budget = factory.SubFactory(UitvoeringsbudgetFactory)
    datum = factory.LazyAttribute(lambda o: date(o.budget.jaar, 9, 16))
    bedrag = Decimal("1500.00")
    reden = "Septembercirculaire"


class KostenregelFactory(factory.django.DjangoModelFactory):
    """An `overig` line by default; KostenregelFactory(formatie=True) for a formatie line."""

    class Meta:
        model = Kostenregel

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2025
    soort = "overig"
    omschrijving = factory.Sequence(lambda n: f"Kostenpost {n}")
    bedrag = Decimal("10000.00")

    class Params:
        formatie = factory.Trait(
            soort="formatie",
            fte=Decimal("1.00"),
            kosten_per_fte=Decimal("90000.00"),
            bedrag=factory.LazyAttribute(
                lambda o: (o.fte * o.kosten_per_fte).quantize(Decimal("0.01"))
            ),
        )


class SamenwerkingsverbandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Samenwerkingsverband

    naam = factory.Sequence(lambda n: f"Samenwerking {n}")
    verdeelsleutel = "inwoners"


class DeelnameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deelname

    samenwerkingsverband = factory.SubFactory(SamenwerkingsverbandFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    volgorde = factory.Sequence(lambda n: n + 1)


def verband_van(*deelnemers, verdeelsleutel="inwoners", percentages=None, naam="Gedeeld team"):
    """A samenwerkingsverband with these gemeenten, added in this order."""
    verband = SamenwerkingsverbandFactory(naam=naam, verdeelsleutel=verdeelsleutel)
    for i, gemeente in enumerate(deelnemers):
        DeelnameFactory(
            samenwerkingsverband=verband,
            gemeente=gemeente,
            volgorde=i + 1,
            percentage=Decimal(percentages[i]) if percentages else None,
        )
    return verband


class TijdregistratieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tijdregistratie

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2025
    maand = 3
    activiteit = "INTAKE"
    uren = Decimal("10.00")
    rol = "Consulent inburgering"
    kosten_per_fte = Decimal("136400.00")
