"""django-tables2 tables: sortable, paged, exportable to Excel (amounts stay numbers there)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kern.opmaak import NBSP, euro
from kern.snelle_tabel import Paden, SnelleTabel

# Utrecht's numeric-column modifiers right-align amounts; app-bedrag keeps them on one line.
BEDRAG_ATTRS = {
    "td": {
        "class": "utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data app-bedrag"
    },
    "th": {"class": "utrecht-table__header-cell--numeric-column app-bedrag"},
}


# Columns that give way on a narrow screen (static/css/app.css: app-prio-breed below 1440 px,
# app-prio-laag below 1200 px, app-prio-midden below 1024 px), so no list scrolls sideways at
# 1024 px; the export keeps every column.
def prioriteit(attrs: dict | None, klasse: str) -> dict:
    attrs = {k: dict(v) for k, v in (attrs or {}).items()}
    for deel in ("td", "th"):
        attrs.setdefault(deel, {})
        attrs[deel]["class"] = f"{attrs[deel].get('class', '')} {klasse}".strip()
    return attrs


BREED = "app-prio-breed"  # only on screens of 1440 px and more
LAAG = "app-prio-laag"
MIDDEN = "app-prio-midden"
CODE_ATTRS = {"td": {"class": "app-code"}, "th": {"class": "app-code"}}

# Financing sources as a ledger writes them: short, never wrapping.
FINANCIERING_KORT = {
    "SPUK-IV": _("SPUK-IV"),
    "SPUK-OR": _("SPUK-OR"),
    "UITVOERING": _("Uitvoeringsbudget"),
    "OVERIG": _("Ander budget"),
}


class BedragColumn(tables.Column):
    """Dutch notation on screen; a plain Decimal in the export so Excel can add it up."""

    def __init__(self, *args, prio: str = "", **kwargs):
        kwargs.setdefault("attrs", prioriteit(BEDRAG_ATTRS, prio) if prio else BEDRAG_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return euro(value, NBSP)  # kern.opmaak: € 1.234,56 with a non-breaking space

    def value(self, value):
        return value


class DatumColumn(tables.DateColumn):
    def __init__(self, *args, prio: str = "", **kwargs):
        kwargs.setdefault("format", "d-m-Y")
        kwargs.setdefault("attrs", prioriteit({}, f"app-datum {prio}".strip()))
        super().__init__(*args, **kwargs)


class FinancieringColumn(tables.Column):
    """The short name of the financing source on screen; the code in the export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", CODE_ATTRS)
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        # django-tables2 passes a choice field's label; the short name goes by the code.
        code = bound_column.accessor.resolve(record)
        return FINANCIERING_KORT.get(code, value)

    def value(self, value):
        return value


def voorziening_kolom(accessor: str) -> tables.Column:
    """The voorziening by its Dutch name (OVERIG_VZ means nothing to a reader)."""
    return tables.Column(verbose_name=_("Voorziening"), accessor=accessor)


class InburgeraarTable(SnelleTabel):
    kenmerk = tables.Column(verbose_name=_("Kenmerk"), attrs=CODE_ATTRS)
    bsn_gemaskeerd = tables.Column(
        verbose_name=_("BSN"), orderable=False, default="", attrs=prioriteit(CODE_ATTRS, LAAG)
    )
    doelgroep = tables.Column(verbose_name=_("Doelgroep"))
    cohort = tables.Column(verbose_name=_("Cohort"), localize=False)
    huidige_leerroute = tables.Column(verbose_name=_("Leerroute"), default="")
    huidige_status = tables.Column(verbose_name=_("Status"))
    status_sinds = DatumColumn(verbose_name=_("Sinds"))
    verplicht = BedragColumn(verbose_name=_("Verplicht"))
    gefactureerd = BedragColumn(verbose_name=_("Gefactureerd"))
    vrijgevallen = BedragColumn(verbose_name=_("Vrijgevallen"), prio=LAAG)
    open_bedrag = BedragColumn(verbose_name=_("Open"))

    class Meta:
        empty_text = _("Geen inburgeraars gevonden.")
        attrs = {"caption": _("Inburgeraars")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        self.pad = Paden(gemeente)
        super().__init__(*args, **kwargs)

    def value_kenmerk(self, value):
        return value  # the export gets the plain text, not the link

    def render_kenmerk(self, record, value):
        url = self.pad("inburgering:inburgeraar", record.pk)
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class VerplichtingTable(SnelleTabel):
    nummer = tables.Column(verbose_name=_("Nummer"), attrs=CODE_ATTRS)
    inburgeraar = tables.Column(
        verbose_name=_("Inburgeraar"),
        accessor="inburgeraar__kenmerk",
        default=_("groepscontract"),
        attrs=CODE_ATTRS,
    )
    voorziening = voorziening_kolom("voorziening__naam")
    aanbieder = tables.Column(verbose_name=_("Aanbieder"), accessor="aanbieder__naam")
    financiering = FinancieringColumn(verbose_name=_("Financiering"))
    cohort = tables.Column(verbose_name=_("Cohort"), localize=False, attrs=prioriteit({}, LAAG))
    datum = DatumColumn(verbose_name=_("Datum"))
    bedrag = BedragColumn(verbose_name=_("Verplicht"))
    gefactureerd = BedragColumn(verbose_name=_("Gefactureerd"), prio=LAAG)
    vrijgevallen = BedragColumn(verbose_name=_("Vrijgevallen"), prio=LAAG)
    open_bedrag = BedragColumn(verbose_name=_("Open"))
    gesloten_op = DatumColumn(verbose_name=_("Gesloten op"), default="", prio=BREED)

    class Meta:
        empty_text = _("Geen verplichtingen gevonden.")
        attrs = {"caption": _("Verplichtingen")}

    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        self.pad = Paden(gemeente)
        super().__init__(*args, **kwargs)

    def value_nummer(self, value):
        return value  # the export gets the plain text, not the link

    def render_nummer(self, record, value):
        url = self.pad("inburgering:verplichting", record.pk)
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)

    def value_inburgeraar(self, value):
        return value  # the export gets the plain text, not the link

    def render_inburgeraar(self, record, value):
        url = self.pad("inburgering:inburgeraar", record.inburgeraar_id)
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class FactuurTable(SnelleTabel):
    factuurnummer = tables.Column(verbose_name=_("Factuurnummer"), attrs=CODE_ATTRS)
    omschrijving = tables.Column(
        verbose_name=_("Omschrijving"), default="", attrs=prioriteit({}, LAAG)
    )
    aanbieder = tables.Column(verbose_name=_("Aanbieder"), accessor="aanbieder__naam")
    verplichting = tables.Column(
        verbose_name=_("Verplichting"), accessor="verplichting__nummer", attrs=CODE_ATTRS
    )
    inburgeraar = tables.Column(
        verbose_name=_("Inburgeraar"),
        accessor="verplichting__inburgeraar__kenmerk",
        default=_("groepscontract"),
        attrs=prioriteit(CODE_ATTRS, MIDDEN),
    )
    voorziening = voorziening_kolom("verplichting__voorziening__naam")
    financiering = FinancieringColumn(
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
        self.pad = Paden(gemeente)
        super().__init__(*args, **kwargs)

    def value_verplichting(self, value):
        return value  # the export gets the plain text, not the link

    def render_verplichting(self, record, value):
        url = self.pad("inburgering:verplichting", record.verplichting_id)
        return format_html('<a class="utrecht-link" href="{}">{}</a>', url, value)


class ZonderFactuurTable(VerplichtingTable):
    """Signal: open commitments with no invoice for months; the action is the release."""

    financiering = FinancieringColumn(
        verbose_name=_("Financiering"), attrs=prioriteit(CODE_ATTRS, LAAG)
    )
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
        url = self.pad("inburgering:vrijval", record.pk)
        return format_html(
            '<a class="utrecht-link" href="{}?volgende={}">Vrijgeven'
            '<span class="visueel-verborgen"> van {}</span></a>',
            url,
            self.terug,
            record.nummer,
        )


class GestoptMetOpenTable(SnelleTabel):
    """Signal: people with no further costs who still have open commitments."""

    kenmerk = tables.Column(verbose_name=_("Inburgeraar"), attrs=CODE_ATTRS)
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
        self.pad = Paden(gemeente)
        super().__init__(*args, **kwargs)

    def value_kenmerk(self, value):
        return value

    def render_kenmerk(self, record, value):
        url = self.pad("inburgering:inburgeraar", record.pk)
        return format_html(
            '<a class="utrecht-link" href="{}#open-verplichtingen">{}</a>', url, value
        )

    def render_actie(self, record):
        url = self.pad("inburgering:alles_vrijgeven", record.pk)
        return format_html(
            '<a class="utrecht-link" href="{}">Alles vrijgeven'
            '<span class="visueel-verborgen"> van {}</span></a>',
            url,
            record.kenmerk,
        )
