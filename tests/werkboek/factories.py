import factory

from tests.factories import GebruikerFactory, GemeenteFactory
from werkboek.models import ImportRun

from .werkboeken import als_xlsx, voorbeeld_b


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    gemeente = factory.SubFactory(GemeenteFactory)
    bestandsnaam = "werkboek.xlsx"
    inhoud = factory.LazyAttribute(lambda o: als_xlsx(voorbeeld_b(code=o.gemeente.code)))
    geupload_door = factory.SubFactory(GebruikerFactory)
    status = ImportRun.Status.KLAAR
