"""Read-only overviews: the btw for the BCF and the signals to act on."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.core.paginator import Paginator
from django.shortcuts import render
from django_tables2 import RequestConfig

from kern.paginering import PaginaMetTotaal
from kern.rechten import Recht
from kern.spreadsheet import VeiligeTableExport, bestandsantwoord, filteromschrijving, titelregel
from kern.views_base import gemeente_view

from .. import selectors
from ..btw import btw_werkboek
from ..filters import SignaalForm
from ..tables import GestoptMetOpenTable, ZonderFactuurTable
from .lijsten import BekendAantal


@gemeente_view(Recht.LEZEN)
def btw_overzicht(request, gemeente):
    """R8: per boekjaar and financing source the btw to claim from the BCF and the rest; with
    ?formaat=xlsx the same table as a workbook. One query."""
    rijen = selectors.btw_per_jaar(gemeente.pk)
    if request.GET.get("formaat") == "xlsx":
        return bestandsantwoord(btw_werkboek(rijen, gemeente), f"btw-bcf-{gemeente.code}.xlsx")
    totaal_compensabel = sum((r.compensabel for r in rijen), Decimal("0.00"))
    totaal_niet = sum((r.niet_compensabel for r in rijen), Decimal("0.00"))
    return render(
        request,
        "inburgering/btw.html",
        {
            "gemeente": gemeente,
            "rijen": rijen,
            "totaal_compensabel": totaal_compensabel,
            "totaal_niet": totaal_niet,
        },
    )


# --- signals -----------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def signalen(request, gemeente):
    """What to act on: filters for both lists, paging and sorting per list, an Excel export
    of each (its current filter), and per row the action (release, or the person)."""
    filter_form = SignaalForm(request.GET or None, gemeente=gemeente)
    filters = filter_form.filters()
    s = selectors.signalen(gemeente, filters=filters)
    terug = quote(request.get_full_path(), safe="")
    tabellen = {
        "zf": ZonderFactuurTable(s.zonder_factuur, gemeente=gemeente, terug=terug, prefix="zf-"),
        "gs": GestoptMetOpenTable(s.gestopt_met_open, gemeente=gemeente, prefix="gs-"),
    }
    # The list without recent invoice, in its own order, is read from an index
    # (verplichting_stil_idx): the page is 25 rows of it; unfiltered, its count comes from the
    # kept Stilstand. Sorted otherwise, and the other list (which filters on a computed figure),
    # the page is a pass over all rows: the page's keys come with the total (kern.paginering).
    for naam, tabel in tabellen.items():
        paginering = {"per_page": 25, "paginator_class": PaginaMetTotaal}
        if naam == "gs" and not filters:
            # Unfiltered, its rows are plain columns and the kept Persoonstand: the page's rows
            # come with the total, one query.
            paginering["rijen_mee"] = True
        if naam == "zf" and not request.GET.get("zf-sort"):
            if filters:
                paginering["paginator_class"] = Paginator
            else:
                paginering["paginator_class"] = BekendAantal
                paginering["aantal"] = selectors.stil_aantal(gemeente, s.grens)
        RequestConfig(request, paginate=paginering).configure(tabel)
    gekozen = request.GET.get("tabel")
    if request.GET.get("_export") == "xlsx" and gekozen in tabellen:
        export = VeiligeTableExport(
            "xlsx",
            tabellen[gekozen],
            exclude_columns=("actie",),
            dataset_kwargs={
                "title": "Signalen",
                "titelregel": titelregel(
                    str(tabellen[gekozen].attrs.get("caption") or "Signalen"),
                    gemeente,
                    filteromschrijving(filter_form),
                ),
            },
        )
        return export.response(f"signalen-{gekozen}-{gemeente.code}.xlsx")
    query = request.GET.copy()
    for naam in ("zf-page", "gs-page", "_export", "tabel"):
        query.pop(naam, None)
    return render(
        request,
        "inburgering/signalen.html",
        {
            "gemeente": gemeente,
            "signalen": s,
            "filter_form": filter_form,
            "zonder_factuur": tabellen["zf"],
            "gestopt_met_open": tabellen["gs"],
            "export_query": query.urlencode(),
        },
    )
