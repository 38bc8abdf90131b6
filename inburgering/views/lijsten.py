"""The lists: inburgeraars, verplichtingen, facturen (sortable, paged, filtered, to Excel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext_lazy as _lazy
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from kern.bsn_zoeken import BsnVeiligZoeken
from kern.rechten import Recht
from kern.spreadsheet import VeiligeTableExport, filteromschrijving, titelregel
from kern.views_base import GemeenteMixin, VastePaginagrootte

from .. import selectors
from ..filters import FactuurFilter, InburgeraarFilter, VerplichtingFilter
from ..tables import FactuurTable, InburgeraarTable, VerplichtingTable
from ._gedeeld import _url


class Lijst(
    BsnVeiligZoeken, VastePaginagrootte, GemeenteMixin, ExportMixin, SingleTableMixin, FilterView
):
    """A sortable, paged, filtered list whose current (filtered) rows export to Excel."""

    recht = Recht.LEZEN
    # Only the table pages: with ListView's paginate_by the view paged the rows as well, and
    # each paginator counted every row of the selection (two COUNT(*)s per page).
    table_pagination = {"per_page": 25}
    export_formats = (TableExport.XLSX,)
    export_class = VeiligeTableExport  # text cells as strings (formula injection)
    export_trigger_param = "_export"
    template_name = "inburgering/lijst.html"
    titel = ""
    # The selector that gives the rows for a gemeente (a staticmethod in each list).
    selector: Callable
    # (URL name, label) of the "new" button above the list, if the list has one.
    nieuw: tuple[str, str] | None = None

    def get_queryset(self):
        return self.selector(self.gemeente)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "gemeente": self.gemeente}

    def get_table_kwargs(self):
        return {"gemeente": self.gemeente}

    def get_export_filename(self, export_format):
        return f"{self.export_name}-{self.gemeente.code}.{export_format}"

    def get_dataset_kwargs(self):
        # Line 1 of the export says whose rows these are, how they were filtered and when.
        return {
            "title": str(self.titel)[:31],
            "titelregel": titelregel(
                str(self.titel), self.gemeente, filteromschrijving(self.filterset.form)
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["_export"] = "xlsx"
        if self.nieuw is not None:
            url_naam, label = self.nieuw
            context["nieuw"] = (_url(url_naam, self.gemeente), label)
        context.update(
            titel=self.titel,
            export_query=query.urlencode(),
            op_bsn_gezocht=bool(self.request.GET.get("bsn")),
            catalogus_url=_url("catalogus", self.gemeente),
        )
        return context


class InburgeraarLijst(Lijst):
    filterset_class = InburgeraarFilter
    table_class = InburgeraarTable
    selector = staticmethod(selectors.inburgeraars)
    titel = _lazy("Inburgeraars")
    export_name = "inburgeraars"
    nieuw = ("inburgeraar_nieuw", _lazy("Nieuwe inburgeraar"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The totals of the filtered persons' commitments: one aggregate query.
        personen = self.object_list.order_by().values("pk")
        totalen = selectors.totalen(
            selectors.verplichtingen(self.gemeente).filter(inburgeraar__in=personen)
        )
        context["kaarten"] = [
            ("Verplicht", totalen.verplicht),
            ("Gefactureerd", totalen.gefactureerd),
            ("Vrijgevallen", totalen.vrijgevallen),
            ("Open", totalen.open),
        ]
        context["peildatum"] = date.today()
        return context


class VerplichtingLijst(Lijst):
    filterset_class = VerplichtingFilter
    table_class = VerplichtingTable
    selector = staticmethod(selectors.verplichtingen)
    titel = _lazy("Verplichtingen")
    export_name = "verplichtingen"
    nieuw = ("verplichting_nieuw", _lazy("Nieuwe verplichting"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totalen = selectors.totalen(self.object_list)
        context["kaarten"] = [
            ("Verplicht", totalen.verplicht),
            ("Gefactureerd", totalen.gefactureerd),
            ("Vrijgevallen", totalen.vrijgevallen),
            ("Open", totalen.open),
        ]
        context["peildatum"] = date.today()
        return context


class FactuurLijst(Lijst):
    filterset_class = FactuurFilter
    table_class = FactuurTable
    selector = staticmethod(selectors.facturen)
    titel = _lazy("Facturen")
    export_name = "facturen"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kaarten"] = [
            ("Totaal van deze selectie", selectors.factuurtotaal(self.object_list))
        ]
        context["btw_url"] = _url("btw", self.gemeente)
        return context
