"""The controller's audit trail: a filterable, exportable list and one record's history."""

from dataclasses import replace

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from .audit_weergave import soort_label, veldwijzigingen
from .bsn_zoeken import BsnVeiligZoeken
from .filters import TONEN, AuditFilter
from .models import AuditRecord
from .paginering import BekendAantal
from .rechten import Recht
from .selectors import aantal_in_trail, auditregels, geschiedenis
from .spreadsheet import VeiligeTableExport, filteromschrijving, titelregel
from .tables import AuditTabel, gebruikersnaam, korte_waarde
from .views_base import GemeenteMixin, VastePaginagrootte, gemeente_view


class AuditTrailView(
    BsnVeiligZoeken, VastePaginagrootte, GemeenteMixin, ExportMixin, SingleTableMixin, FilterView
):
    recht = Recht.AUDIT_LEZEN
    template_name = "kern/audittrail.html"
    table_class = AuditTabel
    filterset_class = AuditFilter
    export_formats = ("xlsx",)
    export_class = VeiligeTableExport  # text cells as strings (formula injection)
    # A filter that matches nothing shows an empty table, not every row.
    strict = True

    def get_queryset(self):
        return auditregels(self.gemeente)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["gemeente"] = self.gemeente
        return kwargs

    def get_table_kwargs(self):
        return {"gemeente": self.gemeente}

    def get_table_pagination(self, table):
        # Unfiltered, the count is known from the chain's head: no COUNT(*) over the trail.
        paginering = super().get_table_pagination(table)
        if paginering is not False and self.filterset.ongefilterd:
            paginering = {
                **(paginering if isinstance(paginering, dict) else {}),
                "paginator_class": BekendAantal,
                "aantal": aantal_in_trail(self.gemeente, self.filterset.toont_raadplegingen),
            }
        return paginering

    def get_export_filename(self, export_format):
        return f"audittrail-{self.gemeente.code}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_dataset_kwargs(self):
        return {
            "title": "Audittrail",
            "titelregel": titelregel(
                "Audittrail", self.gemeente, filteromschrijving(self.filterset.form)
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query["_export"] = "xlsx"
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["op_bsn_gezocht"] = bool(self.request.GET.get("bsn"))
        toont = self.filterset.toont_raadplegingen
        wissel = self.request.GET.copy()
        wissel.pop("page", None)
        wissel.pop("raadplegingen", None)
        if not toont:
            wissel["raadplegingen"] = TONEN
        elif wissel.get("actie") == AuditRecord.Actie.GERAADPLEEGD:
            wissel.pop("actie")
        context["toont_raadplegingen"] = toont
        context["wissel_raadplegingen"] = wissel.urlencode()
        return context


audittrail = AuditTrailView.as_view()


@gemeente_view(Recht.AUDIT_LEZEN)
def audit_record(request, gemeente, object_type: str, object_id: str):
    """Everything that happened to one record, oldest first, with old → new per field."""
    regels = list(geschiedenis(gemeente, object_type, object_id))
    if not regels:
        # Also for an id of another gemeente: the trail is filtered by this gemeente.
        raise Http404("Geen geschiedenis gevonden.")
    stappen = [
        {
            "regel": regel,
            "door": gebruikersnaam(regel.gebruiker),
            # Short values on one line, as in the audit trail's table (kern.tables).
            "wijzigingen": [
                replace(w, oud=korte_waarde(w.oud), nieuw=korte_waarde(w.nieuw))
                for w in veldwijzigingen(object_type, regel.wijzigingen)
            ],
        }
        for regel in regels
    ]
    return render(
        request,
        "kern/audit_record.html",
        {
            "gemeente": gemeente,
            "soort": soort_label(object_type),
            "omschrijving": regels[-1].object_omschrijving,
            "object_id": object_id,
            "stappen": stappen,
        },
    )
