"""Shared factories for the register, commitments and invoices (owned by the inburgering app).

Traits give the states: VerplichtingFactory(gesloten=True), InburgeraarFactory(gezin=True).
"""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Voorziening,
)
from kern.models import Gemeente, Roltoekenning


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{1000 + n:04d}")
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    inwoners = 40_000


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = factory.django.Password("geheim-genoeg-123")


class RoltoekenningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roltoekenning

    gebruiker = factory.SubFactory(GebruikerFactory)
    gemeente = factory.SubFactory(GemeenteFactory)
    rol = "financieel_adviseur"


class InburgeraarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inburgeraar

    gemeente = factory.SubFactory(GemeenteFactory)
    kenmerk = factory.Sequence(lambda n: f"K{n:05d}")
    doelgroep = "asiel"
    startdatum = date(2024, 3, 1)
    leerroute = "B1"
    huidige_leerroute = factory.SelfAttribute("leerroute")

    class Params:
        gezin = factory.Trait(doelgroep="gezin", leerroute="", huidige_leerroute="")
        overig = factory.Trait(doelgroep="overig", leerroute="", huidige_leerroute="")


class StatuswijzigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statuswijziging

    inburgeraar = factory.SubFactory(InburgeraarFactory)
    datum = date(2025, 1, 1)
    status = "gestopt"


class AanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanbieder
        django_get_or_create = ("gemeente", "naam")

    gemeente = factory.SubFactory(GemeenteFactory)
    naam = factory.Sequence(lambda n: f"Taalschool {n}")


def voorziening(gemeente: Gemeente, code: str) -> Voorziening:
    """The gemeente's catalogue entry (created by the default catalogue signal)."""
    return Voorziening.objects.get(gemeente=gemeente, code=code)


class TariefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tarief

    gemeente = factory.SubFactory(GemeenteFactory)
    aanbieder = factory.SubFactory(AanbiederFactory, gemeente=factory.SelfAttribute("..gemeente"))
    voorziening = factory.LazyAttribute(lambda o: voorziening(o.gemeente, "B1"))
    bedrag = Decimal("9700.00")
    geldig_van = date(2022, 1, 1)


class VerplichtingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verplichting

    gemeente = factory.SubFactory(GemeenteFactory)
    nummer = factory.Sequence(lambda n: f"V{n:06d}")
    inburgeraar = factory.SubFactory(
        InburgeraarFactory, gemeente=factory.SelfAttribute("..gemeente")
    )
    voorziening = factory.LazyAttribute(lambda o: voorziening(o.gemeente, "B1"))
    classificatie = factory.LazyAttribute(lambda o: o.voorziening.classificatie)
    aanbieder = factory.SubFactory(AanbiederFactory, gemeente=factory.SelfAttribute("..gemeente"))
    bedrag = Decimal("9700.00")
    datum = date(2024, 3, 15)
    financiering = "SPUK-IV"
    cohort = factory.LazyAttribute(lambda o: o.inburgeraar.cohort if o.inburgeraar else 2024)

    class Params:
        gesloten = factory.Trait(gesloten_op=date(2025, 6, 30))
        groepscontract = factory.Trait(inburgeraar=None, cohort=2024)


class FactuurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Factuur

    verplichting = factory.SubFactory(VerplichtingFactory)
    gemeente = factory.SelfAttribute("verplichting.gemeente")
    aanbieder = factory.SelfAttribute("verplichting.aanbieder")
    factuurnummer = factory.Sequence(lambda n: f"F{n:06d}")
    datum = date(2024, 6, 1)
    bedrag = Decimal("1000.00")
    boekjaar = factory.LazyAttribute(lambda o: o.datum.year)
