"""django-tables2 tables: sortable, paged, exportable to Excel (amounts stay numbers there)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .regels import formatteer

# Utrecht's numeric-column modifiers right-align amounts; app-bedrag keeps them on one line.
BEDRAG_ATTRS = {
    "td": {
        "class": "utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data app-bedrag"
    },
    "th": {"class": "utrecht-table__header-cell--numeric-column app-bedrag"},
}


class BedragColumn(tables.Column):
    """Dutch notation on screen; a plain Decimal in the export so Excel can add it up."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", BEDRAG_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatteer(value).replace("€ ", "€\u00a0")

    def value(self, value):
        return value


class DatumColumn(tables.DateColumn):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "d-m-Y")
        super().__init__(*args, **kwargs)


class InburgeraarTable(tables.Table):
    kenmerk = tables.Column(verbose_name=_("Kenmerk"))
    bsn_gemaskeerd = tables.Column(verbose_name=_("BSN"), orderable=False, default="")
    doelgroep = tables.Column(verbose_name=_("Doelgroep"))
    cohort = tables.Column(verbose_name=_("Cohort"), localize=False)
    huidige_leerroute = tables.Column(verbose_name=_("Leerroute"), default="")
    huidige_status = tables.Column(verbose_name=_("Status"))
    status_sinds = DatumColumn(verbose_name=_("Sinds"))
    verplicht = BedragColumn(verbose_name=_("Verplicht"))
    gefactureerd = BedragColumn(verbose_name=_("Gefactureerd"))
    vrijgevallen = BedragColumn(verbose_name=_("Vrijgevallen"))
    open_bedrag = BedragColumn(verbose_name=_("Open"))

    class Meta:
        empty_text = _("Geen inburgeraars gevonden.")
        attrs = {"caption": _("Inburgeraars")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        super().__init__(*args, **kwargs)

    def value_kenmerk(self, value):
        return value  # the export gets the plain text, not the link

    def render_kenmerk(self, record, value):
        url = reverse(
            "inburgering:inburgeraar", kwargs={"gemeente": self.gemeente.code, "pk": record.pk}
        )
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class VerplichtingTable(tables.Table):
    nummer = tables.Column(verbose_name=_("Nummer"))
    inburgeraar = tables.Column(
        verbose_name=_("Inburgeraar"), accessor="inburgeraar__kenmerk", default=_("groepscontract")
    )
    voorziening = tables.Column(verbose_name=_("Voorziening"), accessor="voorziening__code")
    aanbieder = tables.Column(verbose_name=_("Aanbieder"), accessor="aanbieder__naam")
    financiering = tables.Column(verbose_name=_("Financiering"))
    cohort = tables.Column(verbose_name=_("Cohort"), localize=False)
    datum = DatumColumn(verbose_name=_("Datum"))
    bedrag = BedragColumn(verbose_name=_("Verplicht"))
    gefactureerd = BedragColumn(verbose_name=_("Gefactureerd"))
    vrijgevallen = BedragColumn(verbose_name=_("Vrijgevallen"))
    open_bedrag = BedragColumn(verbose_name=_("Open"))
    gesloten_op = DatumColumn(verbose_name=_("Gesloten op"), default="")

    class Meta:
        empty_text = _("Geen verplichtingen gevonden.")
        attrs = {"caption": _("Verplichtingen")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        super().__init__(*args, **kwargs)

    def value_nummer(self, value):
        return value  # the export gets the plain text, not the link

    def render_nummer(self, record, value):
        url = reverse(
            "inburgering:verplichting", kwargs={"gemeente": self.gemeente.code, "pk": record.pk}
        )
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)

    def value_inburgeraar(self, value):
        return value  # the export gets the plain text, not the link

    def render_inburgeraar(self, record, value):
        url = reverse(
            "inburgering:inburgeraar",
            kwargs={"gemeente": self.gemeente.code, "pk": record.inburgeraar_id},
        )
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class FactuurTable(tables.Table):
    factuurnummer = tables.Column(verbose_name=_("Factuurnummer"))
    aanbieder = tables.Column(verbose_name=_("Aanbieder"), accessor="aanbieder__naam")
    verplichting = tables.Column(verbose_name=_("Verplichting"), accessor="verplichting__nummer")
    inburgeraar = tables.Column(
        verbose_name=_("Inburgeraar"),
        accessor="verplichting__inburgeraar__kenmerk",
        default=_("groepscontract"),
    )
    voorziening = tables.Column(
        verbose_name=_("Voorziening"), accessor="verplichting__voorziening__code"
    )
    financiering = tables.Column(
        verbose_name=_("Financiering"), accessor="verplichting__financiering"
    )
    datum = DatumColumn(verbose_name=_("Factuurdatum"))
    boekjaar = tables.Column(verbose_name=_("Boekjaar"), localize=False)
    bedrag = BedragColumn(verbose_name=_("Bedrag"))

    class Meta:
        empty_text = _("Geen facturen gevonden.")
        attrs = {"caption": _("Facturen")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        super().__init__(*args, **kwargs)

    def value_verplichting(self, value):
        return value  # the export gets the plain text, not the link

    def render_verplichting(self, record, value):
        url = reverse(
            "inburgering:verplichting",
            kwargs={"gemeente": self.gemeente.code, "pk": record.verplichting_id},
        )
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class ZonderFactuurTable(VerplichtingTable):
    """Signal: open commitments with no invoice for months; the action is the release."""

    laatste_factuur = DatumColumn(verbose_name=_("Laatste factuur"), default=_("nog geen"))
    stil_sinds = DatumColumn(verbose_name=_("Stil sinds"))
    actie = tables.Column(
        verbose_name=_("Actie"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        empty_text = _("Geen signalen.")
        attrs = {"caption": _("Open verplichtingen zonder recente factuur")}
        sequence = (
            "nummer",
            "inburgeraar",
            "voorziening",
            "aanbieder",
            "financiering",
            "laatste_factuur",
            "stil_sinds",
            "open_bedrag",
            "actie",
        )
        exclude = ("cohort", "datum", "bedrag", "gefactureerd", "vrijgevallen", "gesloten_op")

    def __init__(self, *args, terug: str = "", **kwargs):
        self.terug = terug
        super().__init__(*args, **kwargs)

    def render_actie(self, record):
        url = reverse(
            "inburgering:vrijval", kwargs={"gemeente": self.gemeente.code, "pk": record.pk}
        )
        return format_html(
            '<a class="utrecht-link" href="{}?volgende={}">Vrijgeven'
            '<span class="visueel-verborgen"> van {}</span></a>',
            url,
            self.terug,
            record.nummer,
        )


class GestoptMetOpenTable(tables.Table):
    """Signal: people with no further costs who still have open commitments."""

    kenmerk = tables.Column(verbose_name=_("Inburgeraar"))
    huidige_status = tables.Column(verbose_name=_("Status"))
    status_sinds = DatumColumn(verbose_name=_("Sinds"))
    cohort = tables.Column(verbose_name=_("Cohort"), localize=False)
    aantal_open = tables.Column(verbose_name=_("Open verplichtingen"))
    open_bedrag = BedragColumn(verbose_name=_("Open bedrag"))
    actie = tables.Column(
        verbose_name=_("Actie"), empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        empty_text = _("Geen signalen.")
        attrs = {"caption": _("Gestopt, verhuisd of ontheven, met open verplichtingen")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        super().__init__(*args, **kwargs)

    def value_kenmerk(self, value):
        return value

    def render_kenmerk(self, record, value):
        url = reverse(
            "inburgering:inburgeraar", kwargs={"gemeente": self.gemeente.code, "pk": record.pk}
        )
        return format_html(
            '<a class="utrecht-link" href="{}#open-verplichtingen">{}</a>', url, value
        )

    def render_actie(self, record):
        url = reverse(
            "inburgering:alles_vrijgeven", kwargs={"gemeente": self.gemeente.code, "pk": record.pk}
        )
        return format_html(
            '<a class="utrecht-link" href="{}">Alles vrijgeven'
            '<span class="visueel-verborgen"> van {}</span></a>',
            url,
            record.kenmerk,
        )
