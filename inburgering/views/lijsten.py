"""The lists: inburgeraars, verplichtingen, facturen (sortable, paged, filtered, to Excel)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext_lazy as _lazy
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from kern.bsn_zoeken import BsnVeiligZoeken
from kern.paginering import BekendAantal
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

    def actieve_filters(self) -> dict | None:
        """The filled-in filters of a valid filter form (None when it is not valid)."""
        form = self.filterset.form
        if not form.is_bound:
            return {}
        if not form.is_valid():
            return None
        return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}

    def stand_telling(self) -> selectors.Telling | None:
        """The selection's count and totals from the kept standen, when they can answer for
        the filters in use; None: count and sum the rows."""
        return None

    @property
    def telling(self) -> selectors.Telling | None:
        if not hasattr(self, "_telling"):
            self._telling = self.stand_telling()
        return self._telling

    def get_table_pagination(self, table):
        paginering = super().get_table_pagination(table)
        if paginering is not False and self.telling is not None:
            paginering = {
                **(paginering if isinstance(paginering, dict) else {}),
                "paginator_class": BekendAantal,
                "aantal": self.telling.aantal,
            }
        return paginering

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
        if self.actieve_filters() == {}:
            # Every person: the gemeente's commitments (kept standen) less the group contracts
            # (no person; an indexed few).
            alle = selectors.verplichtingtelling(self.gemeente).totalen
            groep = selectors.totalen(
                selectors.verplichtingen(self.gemeente).filter(inburgeraar__isnull=True)
            )
            totalen = selectors.Totalen(
                verplicht=alle.verplicht - groep.verplicht,
                gefactureerd=alle.gefactureerd - groep.gefactureerd,
                open=alle.open - groep.open,
                vrijgevallen=alle.vrijgevallen - groep.vrijgevallen,
            )
        else:
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

    def stand_telling(self):
        filters = self.actieve_filters()
        if filters is None or not set(filters) <= set(selectors.OPENSTAND_FILTERS):
            return None
        return selectors.verplichtingtelling(
            self.gemeente, **{selectors.OPENSTAND_FILTERS[k]: v for k, v in filters.items()}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.telling is not None:
            totalen = self.telling.totalen
        else:
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

    def stand_telling(self):
        filters = self.actieve_filters()
        if filters is None or not set(filters) <= set(selectors.FACTUURSTAND_FILTERS):
            return None
        return selectors.factuurtelling(
            self.gemeente, **{selectors.FACTUURSTAND_FILTERS[k]: v for k, v in filters.items()}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One number: a line under the filters, not a card.
        context["totaalregel"] = (
            "Totaal van deze selectie",
            self.telling.bedrag
            if self.telling is not None
            else selectors.factuurtotaal(self.object_list),
        )
        context["btw_url"] = _url("btw", self.gemeente)
        return context
