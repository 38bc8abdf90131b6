"""Shared factories for the register, commitments and invoices (owned by the inburgering app).

Traits give the states: VerplichtingFactory(gesloten=True), InburgeraarFactory(gezin=True).
They build only states the services can reach: a status row moves the person's current status
and route as `registreer_status` does (the same pure rule), and a closed commitment has the
vrijval row that `vrijval` writes.
"""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from inburgering import regels
from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Verplichtingsmutatie,
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
        skip_postgeneration_save = True

    inburgeraar = factory.SubFactory(InburgeraarFactory)
    datum = date(2025, 1, 1)
    status = "gestopt"

    @factory.post_generation
    def huidige_stand(obj, create, extracted, **kwargs):
        """The person's current status and route follow the newest row, as in the service."""
        if not create:
            return
        persoon = obj.inburgeraar
        if persoon.status_sinds and obj.datum < persoon.status_sinds:
            return  # an older row, written after a newer one: the current state stays
        stand = regels.na_statuswijziging(
            regels.Stand(persoon.huidige_status, persoon.status_sinds, persoon.huidige_leerroute),
            datum=obj.datum,
            status=obj.status,
            leerroute=obj.leerroute,
        )
        Inburgeraar.objects.filter(pk=persoon.pk).update(
            huidige_status=stand.status, status_sinds=stand.sinds, huidige_leerroute=stand.leerroute
        )
        persoon.refresh_from_db()


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
        skip_postgeneration_save = True

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

    @factory.post_generation
    def vrijvalregel(obj, create, extracted, **kwargs):
        """A commitment created closed has the vrijval row the service writes when closing
        (nothing invoiced yet, so all of it is released)."""
        if create and obj.gesloten_op is not None:
            Verplichtingsmutatie.objects.create(
                verplichting=obj,
                soort=Verplichtingsmutatie.Soort.VRIJVAL,
                datum=obj.gesloten_op,
                bedrag_oud=obj.bedrag,
                bedrag_nieuw=obj.bedrag,
                vrijgevallen=obj.bedrag,
                reden="Gesloten (factory)",
            )


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
