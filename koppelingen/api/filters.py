"""The browser's list filters, with the API's camelCase query parameters.

The searches reuse the browser filter sets' own methods, so `zoek` finds the same rows in both.
A whole BSN is not searchable through the API: a BSN never travels in a URL.
"""

import django_filters as df
from django.db.models import Q

from inburgering.codes import Doelgroep, Financiering, Leerroute, Status
from inburgering.filters import FactuurFilter, InburgeraarFilter, VerplichtingFilter
from inburgering.models import Factuur, Inburgeraar, Verplichting

TOESTANDEN = [("open", "open"), ("gesloten", "gesloten")]


def _zoek_zonder_bsn(velden):
    """The browser's search on kenmerk/nummer text, without its whole-BSN match."""

    def zoeken(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for veld in velden:
            q |= Q(**{f"{veld}__icontains": value})
        return queryset.filter(q)

    return zoeken


class InburgeraarApiFilter(df.FilterSet):
    zoek = df.CharFilter(method="zoeken", help_text="Deel van het kenmerk.")
    doelgroep = df.ChoiceFilter(choices=Doelgroep.choices)
    cohort = df.NumberFilter()
    huidigeLeerroute = df.ChoiceFilter(field_name="huidige_leerroute", choices=Leerroute.choices)  # noqa: N815
    huidigeStatus = df.ChoiceFilter(field_name="huidige_status", choices=Status.choices)  # noqa: N815
    aanbieder = df.NumberFilter(field_name="verplichtingen__aanbieder", distinct=True)
    voorziening = df.CharFilter(field_name="verplichtingen__voorziening__code", distinct=True)
    openVerplichtingen = df.BooleanFilter(method="met_open")  # noqa: N815

    met_open = InburgeraarFilter.met_open
    zoeken = _zoek_zonder_bsn(["kenmerk"])

    class Meta:
        model = Inburgeraar
        fields = []


class VerplichtingApiFilter(df.FilterSet):
    zoek = df.CharFilter(method="zoeken", help_text="Deel van nummer, kenmerk of omschrijving.")
    nummer = df.CharFilter()
    doelgroep = df.ChoiceFilter(field_name="inburgeraar__doelgroep", choices=Doelgroep.choices)
    cohort = df.NumberFilter()
    inburgeraar = df.CharFilter(field_name="inburgeraar__kenmerk", help_text="Kenmerk.")
    aanbieder = df.NumberFilter(field_name="aanbieder")
    voorziening = df.CharFilter(field_name="voorziening__code")
    financiering = df.ChoiceFilter(choices=Financiering.choices)
    status = df.ChoiceFilter(field_name="inburgeraar__huidige_status", choices=Status.choices)
    leerroute = df.ChoiceFilter(
        field_name="inburgeraar__huidige_leerroute", choices=Leerroute.choices
    )
    toestand = df.ChoiceFilter(choices=TOESTANDEN, method="open_gesloten")

    open_gesloten = VerplichtingFilter.open_gesloten
    zoeken = _zoek_zonder_bsn(["nummer", "inburgeraar__kenmerk", "omschrijving"])

    class Meta:
        model = Verplichting
        fields = []


class FactuurApiFilter(df.FilterSet):
    zoek = df.CharFilter(
        method="zoeken", help_text="Deel van factuurnummer, verplichting, kenmerk."
    )
    boekjaar = df.NumberFilter()
    cohort = df.NumberFilter(field_name="verplichting__cohort")
    verplichting = df.CharFilter(field_name="verplichting__nummer", help_text="Nummer.")
    aanbieder = df.NumberFilter(field_name="aanbieder")
    voorziening = df.CharFilter(field_name="verplichting__voorziening__code")
    financiering = df.ChoiceFilter(
        field_name="verplichting__financiering", choices=Financiering.choices
    )
    doelgroep = df.ChoiceFilter(
        field_name="verplichting__inburgeraar__doelgroep", choices=Doelgroep.choices
    )

    zoeken = FactuurFilter.zoeken

    class Meta:
        model = Factuur
        fields = []
