"""P&C overviews: begroting, realisatie and prognose; saved stands, comparison, Excel."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kern.eenmalig import verwerk_formulier
from kern.rechten import Recht
from kern.views_base import geheel_getal, gemeente_view, heeft

from .. import exports, selectors, services
from ..forms import BegrotingForm, PcStandForm
from ..models import Begrotingsregel, PcStand
from ._basis import XLSX, download, jaar_geldig


@gemeente_view(Recht.LEZEN)
def pc(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    regels = selectors.pc_overzicht(gemeente, jaar)
    standen = list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar).select_related("opgeslagen_door")
    )
    return render(
        request,
        "rapportage/pc.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "regels": regels,
            "totaal": {
                k: sum((getattr(r, k) for r in regels), start=selectors.NUL)
                for k in selectors.PC_BEDRAGEN
            },
            "begrotingsregels": Begrotingsregel.objects.filter(
                gemeente=gemeente, jaar=jaar
            ).select_related("door"),
            "standen": standen,
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def pc_begroting(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    form = BegrotingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            services.boek_begroting(
                gemeente=gemeente, jaar=jaar, gebruiker=request.user, **form.gegevens
            )
            return reverse("rapportage:pc", kwargs={"gemeente": gemeente.code, "jaar": jaar})

        if antwoord := verwerk_formulier(request, form, actie, "De begroting is bijgewerkt."):
            return antwoord
    return render(
        request, "rapportage/pc_begroting.html", {"gemeente": gemeente, "jaar": jaar, "form": form}
    )


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def pc_stand_opslaan(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    form = PcStandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        opgeslagen = {}

        def actie() -> str:
            stand = opgeslagen["stand"] = services.sla_pc_stand_op(
                gemeente=gemeente, jaar=jaar, gebruiker=request.user, **form.gegevens
            )
            return reverse(
                "rapportage:pc_stand", kwargs={"gemeente": gemeente.code, "pk": stand.pk}
            )

        def melding() -> str:
            return f"De stand '{opgeslagen['stand'].get_moment_display()} {jaar}' is opgeslagen."

        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return render(
        request,
        "rapportage/pc_stand_opslaan.html",
        {"gemeente": gemeente, "jaar": jaar, "form": form},
    )


@gemeente_view(Recht.LEZEN)
def pc_stand(request, gemeente, pk: int):
    stand = get_object_or_404(
        PcStand.objects.select_related("opgeslagen_door"), gemeente=gemeente, pk=pk
    )
    return render(request, "rapportage/pc_stand.html", {"gemeente": gemeente, "stand": stand})


@gemeente_view(Recht.LEZEN)
def pc_stand_xlsx(request, gemeente, pk: int):
    stand = get_object_or_404(PcStand, gemeente=gemeente, pk=pk)
    titel = f"{stand.get_moment_display()} {stand.jaar}"
    return download(
        exports.pc_xlsx(gemeente, titel, stand.cijfers),
        f"pc-{gemeente.code}-{stand.jaar}-{stand.moment}-{stand.pk}.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def pc_xlsx(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    cijfers = selectors.pc_cijfers(gemeente, jaar)
    return download(
        exports.pc_xlsx(gemeente, f"Financieel overzicht inburgering {jaar}", cijfers),
        f"pc-{gemeente.code}-{jaar}.xlsx",
        XLSX,
    )


def _gekozen_standen(request, gemeente, jaar):
    ids = [i for i in (geheel_getal(s) for s in request.GET.getlist("stand")) if i][:5]
    standen = list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar, pk__in=ids).order_by(
            "opgeslagen_op", "id"
        )
    )
    return standen


@gemeente_view(Recht.LEZEN)
def pc_vergelijk(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    alle = list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar).order_by("opgeslagen_op", "id")
    )
    standen = _gekozen_standen(request, gemeente, jaar)
    rijen = []
    if standen:
        for i, stroom in enumerate(standen[0].cijfers["stromen"]):
            for naam, sleutel in exports.PC_KOLOMMEN[1:]:
                waarden = [s.cijfers["stromen"][i][sleutel] for s in standen]
                rijen.append({"stroom": stroom["naam"], "cijfer": naam, "waarden": waarden})
    return render(
        request,
        "rapportage/pc_vergelijk.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "alle": alle,
            "standen": standen,
            "gekozen": {s.pk for s in standen},
            "rijen": rijen,
            "querystring": request.GET.urlencode(),
        },
    )


@gemeente_view(Recht.LEZEN)
def pc_vergelijk_xlsx(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    # Without a choice: every stand of the year.
    standen = _gekozen_standen(request, gemeente, jaar) or list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar).order_by("opgeslagen_op", "id")
    )
    kolommen = [f"{s.get_moment_display()} ({s.opgeslagen_op:%d-%m-%Y})" for s in standen]
    return download(
        exports.pc_vergelijking_xlsx(gemeente, jaar, standen, kolommen),
        f"pc-{gemeente.code}-{jaar}-vergelijking.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def pc_meerjaren(request, gemeente, jaar: int):
    """The meerjarenraming T+1..T+3 per stream, baten and lasten apart, with a chosen scenario."""
    from datetime import date

    from ..meerjaren import meerjarenraming
    from ..models import Scenario
    from ..scenario import uit_json

    jaar_geldig(jaar)
    scenarios = list(Scenario.objects.filter(gemeente=gemeente))
    gekozen = next(
        (s for s in scenarios if s.pk == geheel_getal(request.GET.get("scenario"))), None
    )
    regels = meerjarenraming(
        gemeente, jaar, date.today(), aannames=uit_json(gekozen.aannames) if gekozen else None
    )
    jaren = sorted({r.jaar for r in regels})
    return render(
        request,
        "rapportage/pc_meerjaren.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "jaren": jaren,
            "per_stroom": [
                (stroom, [r for r in regels if r.stroom == stroom])
                for stroom in dict.fromkeys(r.stroom for r in regels)
            ],
            "totaal": [
                {
                    "jaar": j,
                    "baten": sum((r.baten for r in regels if r.jaar == j), selectors.NUL),
                    "lasten": sum((r.lasten for r in regels if r.jaar == j), selectors.NUL),
                }
                for j in jaren
            ],
            "scenarios": scenarios,
            "gekozen": gekozen,
        },
    )
