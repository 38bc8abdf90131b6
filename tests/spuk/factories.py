"""Factories for the spuk app (the register ones are shared in tests/factories.py)."""

from datetime import date
from decimal import Decimal

import factory

from spuk.models import Beschikking, DuoVergelijking, DuoVerschil, Ontvangst, Parameter
from tests.factories import GemeenteFactory


class ParameterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parameter

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2026
    categorie = "gezin"
    inburgeringsjaar = 1
    bedrag = Decimal("720.00")

    class Params:
        trajectbedrag = factory.Trait(categorie="trajectbedrag", inburgeringsjaar=None)


class BeschikkingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beschikking

    gemeente = factory.SubFactory(GemeenteFactory)
    regeling = "SPUK-IV"
    jaar = 2026
    soort = "voorlopig"
    datum = date(2025, 10, 1)
    bedrag = Decimal("100000.00")

    class Params:
        nader = factory.Trait(soort="nader", datum=date(2026, 6, 1))
        definitief = factory.Trait(soort="definitief", datum=date(2027, 5, 1))


class OntvangstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ontvangst

    gemeente = factory.SubFactory(GemeenteFactory)
    regeling = "SPUK-IV"
    jaar = 2026
    datum = date(2026, 1, 15)
    soort = "voorschot"
    bedrag = Decimal("8333.33")

    class Params:
        terugvordering = factory.Trait(soort="terugvordering", bedrag=Decimal("-1234.57"))


class DuoVergelijkingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuoVergelijking

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2025
    bestandsnaam = "duo.csv"
    aantal_duo = 1
    aantal_hier = 0
    aantal_gelijk = 0
    bedrag_duo = Decimal("720.00")
    bedrag_hier = Decimal("0.00")


class DuoVerschilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuoVerschil

    vergelijking = factory.SubFactory(DuoVergelijkingFactory)
    soort = "duo_niet_hier"
    rij = 2
    kenmerk = "K-DUO-1"
    duo_doelgroep = "gezin"
    duo_cohort = 2025
    bedrag_duo = Decimal("720.00")
    bedrag_hier = Decimal("0.00")
    effect = Decimal("720.00")
