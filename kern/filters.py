"""The audit trail filter: period, kind of data, action, user and free text."""

import django_filters
from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from .audit import BSN_AUDITZOEKERS
from .audit_weergave import soort_label
from .forms import PeriodeDatumField
from .formulieren import SnelleKeuze
from .models import AuditRecord
from .selectors import betrokken_gebruikers, soorten_in_trail

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
# The choice lists render through SnelleKeuze: Django's Select includes a template per option,
# on every view of the trail (about 4 ms a view of the page bench's audit trail).
TONEN = "tonen"


class DatumFilter(django_filters.DateFilter):
    field_class = PeriodeDatumField


class GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        naam = obj.get_full_name()
        return f"{naam} ({obj.username})" if naam else obj.username


class GebruikerFilter(django_filters.ModelChoiceFilter):
    field_class = GebruikerKeuze


class AuditFilter(django_filters.FilterSet):
    van = DatumFilter(
        field_name="tijdstip", lookup_expr="date__gte", label=_("Vanaf datum"), required=False
    )
    tot = DatumFilter(
        field_name="tijdstip", lookup_expr="date__lte", label=_("Tot en met datum"), required=False
    )
    soort = django_filters.ChoiceFilter(
        field_name="object_type",
        label=_("Soort gegeven"),
        empty_label=_("Alle soorten"),
        widget=SnelleKeuze(attrs=SELECT),
    )
    actie = django_filters.ChoiceFilter(
        choices=AuditRecord.Actie.choices,
        label=_("Actie"),
        empty_label=_("Alle acties"),
        widget=SnelleKeuze(attrs=SELECT),
    )
    gebruiker = GebruikerFilter(
        queryset=None,
        label=_("Gebruiker"),
        empty_label=_("Alle gebruikers"),
        widget=SnelleKeuze(attrs=SELECT),
    )
    # Reads (API calls, one row each) outnumber changes by far: hidden unless asked for, or
    # unless the action chosen is geraadpleegd. Applied in `qs`, so also on an unfiltered page.
    raadplegingen = django_filters.ChoiceFilter(
        choices=[(TONEN, _("Tonen"))],
        label=_("Raadplegingen"),
        empty_label=_("Verbergen"),
        method="geen_filter",
        widget=SnelleKeuze(attrs=SELECT),
    )
    # A search on a whole BSN arrives as its keyed hash (kern.bsn_zoeken), never as the BSN.
    bsn = django_filters.CharFilter(method="op_bsn", widget=forms.HiddenInput)
    zoek = django_filters.CharFilter(
        method="zoek_tekst",
        label=_("Zoeken"),
        help_text=_(
            "In omschrijving, kenmerk, reden, bron en gewijzigde waarden, of een volledig BSN."
        ),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )

    class Meta:
        model = AuditRecord
        fields: list[str] = []

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.filters["soort"].extra["choices"] = [
            (soort, soort_label(soort)) for soort in soorten_in_trail(gemeente)
        ]
        self.filters["gebruiker"].queryset = betrokken_gebruikers(gemeente)

    @property
    def form(self):
        form = super().form
        # Every filter is optional: no "(niet verplicht)" after each label.
        form.alles_optioneel = True
        return form

    @property
    def qs(self):
        if not hasattr(self, "_zichtbaar"):
            self._zichtbaar = super().qs
            if not self.toont_raadplegingen:
                self._zichtbaar = self._zichtbaar.exclude(actie=AuditRecord.Actie.GERAADPLEEGD)
        return self._zichtbaar

    @property
    def toont_raadplegingen(self) -> bool:
        if not self.is_bound or not self.form.is_valid():
            return False
        gekozen = self.form.cleaned_data
        return (
            gekozen.get("raadplegingen") == TONEN
            or gekozen.get("actie") == AuditRecord.Actie.GERAADPLEEGD
        )

    @property
    def ongefilterd(self) -> bool:
        """Nothing narrows the trail but the choice to show the reads: its count is then the
        kept one of its chain's head (kern.selectors.aantal_in_trail)."""
        if not self.is_bound:
            return True
        if not self.form.is_valid():
            return False
        return all(
            waarde in (None, "")
            for naam, waarde in self.form.cleaned_data.items()
            if naam != "raadplegingen"
        )

    def geen_filter(self, queryset, name, value):
        return queryset  # `qs` applies it

    def op_bsn(self, queryset, name, value):
        if not value:
            return queryset
        gevonden = Q(pk__in=[])
        for zoeker in BSN_AUDITZOEKERS:
            gevonden |= zoeker(self.gemeente, value)
        return queryset.filter(gevonden)

    def zoek_tekst(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.annotate(_wijzigingen_tekst=Cast("wijzigingen", TextField())).filter(
            Q(object_omschrijving__icontains=value)
            | Q(object_id__iexact=value)
            | Q(reden__icontains=value)
            | Q(bron__icontains=value)
            | Q(_wijzigingen_tekst__icontains=value)
        )
