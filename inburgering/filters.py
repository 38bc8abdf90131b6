"""django-filter filter sets for the lists of inburgeraars, verplichtingen and facturen."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from kern import bsn as bsn_opslag
from kern.formulieren import SnelleKeuze
from kern.invoer import is_geldig_bsn

from .codes import Doelgroep, Financiering, Leerroute, Status
from .models import Aanbieder, Factuur, Inburgeraar, Verplichting, Voorziening

KEUZE = forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"})
SNELLE_KEUZE = SnelleKeuze(attrs=KEUZE.attrs)
TEKST = forms.TextInput(attrs={"class": "utrecht-textbox", "type": "search"})
GETAL = forms.NumberInput(attrs={"class": "utrecht-textbox"})
OPEN_KEUZES = [("open", _("Open")), ("gesloten", _("Gesloten"))]


def _zoek_bsn(waarde: str) -> Q:
    """A whole BSN typed by the user matches through the keyed hash, never by the plain BSN."""
    schoon = waarde.replace(" ", "").replace(".", "")
    if is_geldig_bsn(schoon):
        return Q(**{"bsn_zoeksleutel": bsn_opslag.zoeksleutel(schoon)})
    return Q(pk__in=[])


class GemeenteFilterSet(df.FilterSet):
    """Choice lists limited to the gemeente of the page."""

    # A search on a whole BSN arrives here as its keyed hash (see views.Lijst.get), so the BSN
    # itself never appears in a link, a page or an export.
    bsn = df.CharFilter(method="op_bsn", widget=forms.HiddenInput)
    bsn_pad = "bsn_zoeksleutel"

    def op_bsn(self, queryset, name, value):
        return queryset.filter(**{self.bsn_pad: value}) if value else queryset

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("aanbieder", "voorziening"):
            if naam in self.filters:
                model = Aanbieder if naam == "aanbieder" else Voorziening
                self.filters[naam].queryset = model.objects.filter(gemeente=gemeente)


class InburgeraarFilter(GemeenteFilterSet):
    zoek = df.CharFilter(label=_("Zoeken (kenmerk of volledig BSN)"), method="zoeken", widget=TEKST)
    doelgroep = df.ChoiceFilter(
        label=_("Doelgroep"), choices=Doelgroep.choices, widget=KEUZE, empty_label=_("Alle")
    )
    cohort = df.NumberFilter(label=_("Cohort"), widget=GETAL)
    huidige_leerroute = df.ChoiceFilter(
        label=_("Leerroute"), choices=Leerroute.choices, widget=KEUZE, empty_label=_("Alle")
    )
    huidige_status = df.ChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=KEUZE, empty_label=_("Alle")
    )
    aanbieder = df.ModelChoiceFilter(
        label=_("Aanbieder"),
        field_name="verplichtingen__aanbieder",
        queryset=Aanbieder.objects.none(),
        widget=KEUZE,
        empty_label=_("Alle"),
        method="met_verplichting",
    )
    voorziening = df.ModelChoiceFilter(
        label=_("Voorziening"),
        field_name="verplichtingen__voorziening",
        queryset=Voorziening.objects.none(),
        widget=KEUZE,
        empty_label=_("Alle"),
        method="met_verplichting",
    )
    open_verplichtingen = df.BooleanFilter(
        label=_("Heeft open verplichtingen"),
        method="met_open",
        widget=forms.Select(
            attrs=KEUZE.attrs, choices=[("", _("Alle")), ("true", _("Ja")), ("false", _("Nee"))]
        ),
    )

    class Meta:
        model = Inburgeraar
        fields = [
            "bsn",
            "zoek",
            "doelgroep",
            "cohort",
            "huidige_leerroute",
            "huidige_status",
            "aanbieder",
            "voorziening",
            "open_verplichtingen",
        ]

    def met_verplichting(self, queryset, name, value):
        """People with a commitment of this aanbieder or voorziening: an EXISTS, not a join
        with DISTINCT (that computed every person's four sums before removing the doubles:
        0.9 s for one aanbieder of a gemeente of 10,000)."""
        veld = name.removeprefix("verplichtingen__")
        return queryset.filter(
            Exists(Verplichting.objects.filter(inburgeraar=OuterRef("pk"), **{veld: value}))
        )

    def met_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_bedrag__gt=0) if value else queryset.filter(open_bedrag=0)

    def zoeken(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(kenmerk__icontains=value) | _zoek_bsn(value))


class VerplichtingFilter(GemeenteFilterSet):
    zoek = df.CharFilter(
        label=_("Zoeken (nummer, kenmerk, omschrijving)"), method="zoeken", widget=TEKST
    )
    inburgeraar__doelgroep = df.ChoiceFilter(
        label=_("Doelgroep"), choices=Doelgroep.choices, widget=KEUZE, empty_label=_("Alle")
    )
    cohort = df.NumberFilter(label=_("Cohort"), widget=GETAL)
    aanbieder = df.ModelChoiceFilter(
        label=_("Aanbieder"), queryset=Aanbieder.objects.none(), widget=KEUZE, empty_label=_("Alle")
    )
    voorziening = df.ModelChoiceFilter(
        label=_("Voorziening"),
        queryset=Voorziening.objects.none(),
        widget=KEUZE,
        empty_label=_("Alle"),
    )
    financiering = df.ChoiceFilter(
        label=_("Financiering"), choices=Financiering.choices, widget=KEUZE, empty_label=_("Alle")
    )
    inburgeraar__huidige_status = df.ChoiceFilter(
        label=_("Status inburgeraar"), choices=Status.choices, widget=KEUZE, empty_label=_("Alle")
    )
    inburgeraar__huidige_leerroute = df.ChoiceFilter(
        label=_("Leerroute"), choices=Leerroute.choices, widget=KEUZE, empty_label=_("Alle")
    )
    toestand = df.ChoiceFilter(
        label=_("Open of gesloten"),
        choices=OPEN_KEUZES,
        method="open_gesloten",
        widget=KEUZE,
        empty_label=_("Alle"),
    )

    bsn_pad = "inburgeraar__bsn_zoeksleutel"

    class Meta:
        model = Verplichting
        fields = [
            "bsn",
            "zoek",
            "inburgeraar__doelgroep",
            "cohort",
            "inburgeraar__huidige_leerroute",
            "inburgeraar__huidige_status",
            "aanbieder",
            "voorziening",
            "financiering",
            "toestand",
        ]

    def zoeken(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(nummer__icontains=value)
            | Q(inburgeraar__kenmerk__icontains=value)
            | Q(omschrijving__icontains=value)
            | Q(inburgeraar__in=Inburgeraar.objects.filter(_zoek_bsn(value)))
        )

    def open_gesloten(self, queryset, name, value):
        if value == "open":
            return queryset.filter(gesloten_op__isnull=True)
        if value == "gesloten":
            return queryset.filter(gesloten_op__isnull=False)
        return queryset


class FactuurFilter(GemeenteFilterSet):
    zoek = df.CharFilter(
        label=_("Zoeken (factuur, verplichting, kenmerk)"), method="zoeken", widget=TEKST
    )
    boekjaar = df.NumberFilter(label=_("Boekjaar"), widget=GETAL)
    verplichting__cohort = df.NumberFilter(label=_("Cohort"), widget=GETAL)
    aanbieder = df.ModelChoiceFilter(
        label=_("Aanbieder"), queryset=Aanbieder.objects.none(), widget=KEUZE, empty_label=_("Alle")
    )
    voorziening = df.ModelChoiceFilter(
        label=_("Voorziening"),
        field_name="verplichting__voorziening",
        queryset=Voorziening.objects.none(),
        widget=KEUZE,
        empty_label=_("Alle"),
    )
    verplichting__financiering = df.ChoiceFilter(
        label=_("Financiering"), choices=Financiering.choices, widget=KEUZE, empty_label=_("Alle")
    )
    verplichting__inburgeraar__doelgroep = df.ChoiceFilter(
        label=_("Doelgroep"), choices=Doelgroep.choices, widget=KEUZE, empty_label=_("Alle")
    )

    class Meta:
        model = Factuur
        fields = [
            "zoek",
            "boekjaar",
            "verplichting__cohort",
            "verplichting__inburgeraar__doelgroep",
            "aanbieder",
            "voorziening",
            "verplichting__financiering",
        ]

    def zoeken(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(factuurnummer__icontains=value)
            | Q(verplichting__nummer__icontains=value)
            | Q(verplichting__inburgeraar__kenmerk__icontains=value)
        )


def _keuzelijsten(gemeente) -> tuple[list, list]:
    """The gemeente's aanbieders and voorzieningen as (pk, label) choices, labelled and ordered
    as their models (naam; "code – naam" by code), from one query: both lists together are a
    few dozen rows, read on every view of a filter form."""
    aanbieders = (
        Aanbieder.objects.filter(gemeente=gemeente)
        .annotate(soort=Value(0), label=F("naam"), volgorde=F("naam"))
        .order_by()  # the union is ordered as a whole (SQLite refuses an ORDER BY per part)
        .values_list("soort", "pk", "label", "volgorde")
    )
    voorzieningen = (
        Voorziening.objects.filter(gemeente=gemeente)
        .annotate(
            soort=Value(1),
            label=Concat("code", Value(" – "), "naam", output_field=CharField()),
            volgorde=F("code"),
        )
        .order_by()
        .values_list("soort", "pk", "label", "volgorde")
    )
    lijsten: tuple[list, list] = ([], [])
    for soort, pk, label, _volgorde in aanbieders.union(voorzieningen, all=True).order_by(
        "soort", "volgorde", "pk"
    ):
        lijsten[soort].append((pk, label))
    return lijsten


class SignaalForm(forms.Form):
    """Filters of the signals page; each applies to both lists (a person matches through an
    open commitment). The aanbieder and voorziening are chosen by pk from the gemeente's own
    (one query for both lists, checked against them without another), rendered by SnelleKeuze."""

    aanbieder = forms.TypedChoiceField(
        label=_("Aanbieder"), coerce=int, empty_value=None, required=False, widget=SNELLE_KEUZE
    )
    voorziening = forms.TypedChoiceField(
        label=_("Voorziening"), coerce=int, empty_value=None, required=False, widget=SNELLE_KEUZE
    )
    financiering = forms.ChoiceField(
        label=_("Financiering"),
        choices=[("", _("Alle")), *Financiering.choices],
        required=False,
        widget=SNELLE_KEUZE,
    )
    cohort = forms.IntegerField(
        label=_("Cohort"), required=False, min_value=2000, max_value=2100, widget=GETAL
    )

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        aanbieders, voorzieningen = _keuzelijsten(gemeente)
        self.fields["aanbieder"].choices = [("", _("Alle")), *aanbieders]
        self.fields["voorziening"].choices = [("", _("Alle")), *voorzieningen]

    def filters(self) -> dict:
        """Field lookups on Verplichting for the valid, filled-in filters (aanbieder and
        voorziening by pk)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
