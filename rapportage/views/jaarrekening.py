"""The jaarrekening overview: BBV positions per regeling on 31-12-T, drill-down and Excel.

The same figures as `balans --json` (rapportage.jaarrekening), from the current recomputation.
"""

from decimal import Decimal

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from kern.rechten import Recht
from kern.views_base import gemeente_view
from spuk.balans import NUL
from spuk.models import Regeling

from .. import exports, selectors
from ..jaarrekening import FIGUREN, balansposities, einde_jaar, ontvangsten_tot_en_met
from ._basis import PER_PAGINA, XLSX, download, jaar_geldig


@gemeente_view(Recht.LEZEN)
def jaarrekening(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    herberekening = selectors.huidige_herberekening(gemeente)
    posities = balansposities(gemeente, herberekening, jaar)
    return render(
        request,
        "rapportage/jaarrekening.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "herberekening": herberekening,
            "posities": [
                (p, [(veld, FIGUREN[veld][0], getattr(p, veld)) for veld in p.BEDRAGEN])
                for p in posities
            ],
        },
    )


@gemeente_view(Recht.LEZEN)
def jaarrekening_xlsx(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    herberekening = selectors.huidige_herberekening(gemeente)
    posities = balansposities(gemeente, herberekening, jaar)
    return download(
        exports.jaarrekening_xlsx(gemeente, jaar, herberekening, posities),
        f"jaarrekening-{gemeente.code}-{jaar}.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def jaarrekening_herkomst(request, gemeente, jaar: int, regeling: str, figuur: str):
    """The rows behind one position: the R7 years, the receipts, or both side by side."""
    jaar_geldig(jaar)
    if regeling not in Regeling.values or figuur not in FIGUREN:
        raise Http404("Onbekende regeling of post.")
    herberekening = selectors.huidige_herberekening(gemeente)
    positie = next(
        (p for p in balansposities(gemeente, herberekening, jaar) if p.regeling == regeling),
        None,
    )
    saldi = list(selectors.jaarsaldi(herberekening).filter(regeling=regeling, jaar__lte=jaar))
    ontvangsten = ontvangsten_tot_en_met(gemeente, jaar).filter(regeling=regeling)
    context = {
        "gemeente": gemeente,
        "jaar": jaar,
        "regeling": regeling,
        "figuur": figuur,
        "label": FIGUREN[figuur][0],
        "uitleg": FIGUREN[figuur][1],
        "waarde": getattr(positie, figuur) if positie else None,
        "herberekening": herberekening,
        "saldi": saldi,
        "balansdatum": einde_jaar(jaar),
    }
    if figuur == "ontvangen_cumulatief":
        context["pagina"] = Paginator(ontvangsten, PER_PAGINA).get_page(request.GET.get("pagina"))
    elif figuur == "nog_te_ontvangen":
        per_jaar: dict[int, Decimal] = {}
        for ontvangst_jaar, bedrag in ontvangsten.values_list("jaar", "bedrag"):
            per_jaar[ontvangst_jaar] = per_jaar.get(ontvangst_jaar, NUL) + bedrag
        context["per_jaar"] = [
            (
                s.jaar,
                s.toekenning,
                per_jaar.get(s.jaar, NUL),
                s.toekenning - per_jaar.get(s.jaar, NUL),
            )
            for s in saldi
        ]
    return render(request, "rapportage/jaarrekening_herkomst.html", context)
