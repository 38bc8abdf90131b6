"""Reporting pages: landing, dashboard, SiSa (with drill-down and freezing), P&C, scenarios.

Every page reads through rapportage.selectors (a fixed number of queries) and writes through
rapportage.services. Reading needs LEZEN; changing needs the right named at each view.
"""

from dataclasses import replace
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from inburgering.models import Inburgeraar
from kern.rechten import Recht
from kern.views_base import gemeente_view, heeft
from spuk.models import STANDAARD_BETAALRITMES, Beschikking, Betaalritme, Parameter
from uitvoering.selectors import uitvoering_per_jaar

from . import exports, grafiek, scenario, selectors, services
from .forms import (
    BegrotingForm,
    BevriezenForm,
    PcStandForm,
    ScenarioForm,
    SisaIndicatorFormSet,
    SisaRegelingForm,
    scenario_initial,
    standaard_aannames,
)
from .models import (
    AANTAL_SLEUTELS,
    Begrotingsregel,
    PcStand,
    Regeling,
    Scenario,
    SisaBevriezing,
    SisaIndicator,
    SisaRegeling,
    Sleutel,
)
from .sisa import als_json, verschillen

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SCENARIOS = 3
PER_PAGINA = 50


def _vereis(request, recht: Recht) -> None:
    if not heeft(request, recht):
        raise PermissionDenied("Uw rol staat deze handeling niet toe.")


def _jaar_geldig(jaar: int) -> None:
    if not 2021 <= jaar <= 2100:
        raise Http404("Geen jaar van de Wet inburgering 2021.")


def _download(inhoud, bestandsnaam: str, soort: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord


def _int_of_none(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError:
        return None


# --- Landing --------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def overzicht(request, gemeente):
    vandaag = date.today()
    herberekening = selectors.huidige_herberekening(gemeente)
    jaren = sorted(
        {js.jaar for js in selectors.jaarsaldi(herberekening)} | {vandaag.year - 1, vandaag.year},
        reverse=True,
    )
    bevroren = {b.jaar: b for b in SisaBevriezing.objects.filter(gemeente=gemeente)}
    return render(
        request,
        "rapportage/overzicht.html",
        {
            "gemeente": gemeente,
            "herberekening": herberekening,
            "jaren": [(j, bevroren.get(j)) for j in jaren],
            "pc_jaren": [vandaag.year + 1, vandaag.year, vandaag.year - 1],
            "aantal_scenarios": Scenario.objects.filter(gemeente=gemeente).count(),
        },
    )


# --- Dashboard ------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def dashboard(request, gemeente):
    jaar = _int_of_none(request.GET.get("jaar"))
    cohort = _int_of_none(request.GET.get("cohort"))
    d = selectors.dashboard(gemeente, jaar=jaar, cohort=cohort)
    euro = grafiek.euro
    routemix_items = []
    for r in d.routemix:
        routemix_items.append((r["route"], r["procent"], f"{r['procent']}% eigen"))
        routemix_items.append((r["route"], r["landelijk"], f"{r['landelijk']}% landelijk"))
    kosten_items = []
    for k in d.kosten_per_asiel:
        kosten_items.append((str(k["cohort"]), k["per_persoon"], f"{euro(k['per_persoon'])} eigen"))
        kosten_items.append(
            (
                str(k["cohort"]),
                scenario.KOSTEN_PER_ASIELSTATUSHOUDER_LANDELIJK,
                f"{euro(scenario.KOSTEN_PER_ASIELSTATUSHOUDER_LANDELIJK)} landelijk",
            )
        )
    context = {
        "gemeente": gemeente,
        "d": d,
        "jaar": jaar,
        "cohort": cohort,
        "grafiek_cohorten": grafiek.staafgrafiek(
            [(str(c.cohort), c.vrije_ruimte, euro(c.vrije_ruimte)) for c in d.cohorten]
        ),
        "grafiek_jaren": grafiek.staafgrafiek(
            [(f"{j.regeling} {j.jaar}", j.saldo, euro(j.saldo)) for j in d.jaren]
        ),
        "grafiek_instroom": grafiek.staafgrafiek(
            [(str(i["cohort"]), i["totaal"], str(i["totaal"])) for i in d.instroom]
        ),
        "grafiek_routemix": grafiek.staafgrafiek(routemix_items, reeksen=2),
        "grafiek_kosten": grafiek.staafgrafiek(kosten_items, reeksen=2),
        "landelijk_per_asiel": scenario.KOSTEN_PER_ASIELSTATUSHOUDER_LANDELIJK,
        "jaarkeuzes": sorted({j.jaar for j in selectors.jaarsaldi(d.herberekening)}),
        # order_by: without it the model's default ordering joins the DISTINCT.
        "cohortkeuzes": list(
            Inburgeraar.objects.filter(gemeente=gemeente)
            .order_by("cohort")
            .values_list("cohort", flat=True)
            .distinct()
        ),
    }
    return render(request, "rapportage/dashboard.html", context)


# --- SiSa -----------------------------------------------------------------------------------


def _sisa_huidig(gemeente, jaar: int):
    herberekening = selectors.huidige_herberekening(gemeente)
    regels = selectors.sisa_regels(gemeente, jaar, herberekening)
    peildatum = herberekening.peildatum if herberekening else date.today()
    return herberekening, regels, peildatum


@gemeente_view(Recht.LEZEN)
def sisa(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    services.zorg_voor_sisa_definities(jaar=jaar)
    herberekening, regels, peildatum = _sisa_huidig(gemeente, jaar)
    bevriezing = SisaBevriezing.objects.filter(gemeente=gemeente, jaar=jaar).first()
    huidig = als_json(gemeente_code=gemeente.code, jaar=jaar, peildatum=peildatum, regels=regels)
    return render(
        request,
        "rapportage/sisa.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "herberekening": herberekening,
            "regels": regels,
            "bevriezing": bevriezing,
            "verschillen": verschillen(bevriezing.gegevens, huidig) if bevriezing else [],
            "heeft_voorbeeld": any(
                r.indicator.is_voorbeeld or r.regeling.is_voorbeeld for r in regels
            ),
            "mag_bevriezen": heeft(request, Recht.FINANCIEEL_MUTEREN) and bevriezing is None,
        },
    )


@gemeente_view(Recht.LEZEN)
def sisa_xlsx(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    _, regels, peildatum = _sisa_huidig(gemeente, jaar)
    return _download(
        exports.sisa_xlsx(gemeente, jaar, peildatum, regels),
        f"sisa-{gemeente.code}-{jaar}.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def sisa_csv(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    _, regels, _ = _sisa_huidig(gemeente, jaar)
    return _download(
        exports.sisa_csv(gemeente, regels).encode("utf-8"),
        f"sisa-{gemeente.code}-{jaar}.csv",
        "text/csv; charset=utf-8",
    )


@gemeente_view(Recht.LEZEN)
def sisa_bevriezen(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    if request.method == "POST":
        _vereis(request, Recht.FINANCIEEL_MUTEREN)
    bevriezing = SisaBevriezing.objects.filter(gemeente=gemeente, jaar=jaar).first()
    form = BevriezenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and bevriezing is None and form.is_valid():
        herberekening, regels, peildatum = _sisa_huidig(gemeente, jaar)
        gegevens = als_json(
            gemeente_code=gemeente.code, jaar=jaar, peildatum=peildatum, regels=regels
        )
        try:
            services.bevries_sisa(
                gemeente=gemeente,
                jaar=jaar,
                gegevens=gegevens,
                gebruiker=request.user,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"De SiSa {jaar} is bevroren.")
            return redirect("rapportage:sisa", gemeente=gemeente.code, jaar=jaar)
    return render(
        request,
        "rapportage/sisa_bevriezen.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "form": form,
            "bevriezing": bevriezing,
            "mag_bevriezen": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.LEZEN)
def sisa_herkomst(request, gemeente, jaar: int, regeling: str, sleutel: str):
    """The auditor's drill-down: the rows behind one SiSa figure."""
    _jaar_geldig(jaar)
    if regeling not in Regeling.values or sleutel not in Sleutel.values:
        raise Http404("Onbekende regeling of indicator.")
    herberekening = selectors.huidige_herberekening(gemeente)
    context = {
        "gemeente": gemeente,
        "jaar": jaar,
        "regeling": regeling,
        "sleutel": sleutel,
        "sleutel_label": Sleutel(sleutel).label,
        "herberekening": herberekening,
    }
    saldo = selectors.jaarsaldi(herberekening).filter(regeling=regeling, jaar=jaar).first()
    peildatum = herberekening.peildatum if herberekening else date.today()
    context["saldo"] = saldo
    if sleutel == Sleutel.BESTEDING:
        pagina = Paginator(
            selectors.facturen_achter_besteding(gemeente, regeling, jaar, peildatum), PER_PAGINA
        ).get_page(request.GET.get("pagina"))
        context.update(soort="facturen", pagina=pagina)
    elif sleutel == Sleutel.TOEKENNING:
        context.update(
            soort="toekenning",
            beschikkingen=Beschikking.objects.filter(
                gemeente=gemeente, regeling=regeling, jaar=jaar
            ),
            telling=selectors.tellingen(herberekening).filter(jaar=jaar).first(),
        )
    elif sleutel in AANTAL_SLEUTELS:
        telling = selectors.tellingen(herberekening).filter(jaar=jaar).first()
        pagina = Paginator(
            selectors.personen_achter_telling(
                gemeente,
                jaar,
                sleutel,
                peildatum,
            ),
            PER_PAGINA,
        ).get_page(request.GET.get("pagina"))
        context.update(
            soort="personen",
            pagina=pagina,
            geteld=getattr(telling, sleutel, 0) if telling else 0,
        )
    else:
        context.update(
            soort="saldi",
            saldi=selectors.jaarsaldi(herberekening).filter(regeling=regeling, jaar__lte=jaar),
        )
    return render(request, "rapportage/sisa_herkomst.html", context)


@gemeente_view(Recht.LEZEN)
def sisa_indicatoren(request, gemeente, jaar: int):
    """The SiSa definitions of a year (national): read by all, maintained by a beheerder."""
    _jaar_geldig(jaar)
    services.zorg_voor_sisa_definities(jaar=jaar)
    mag_wijzigen = heeft(request, Recht.BEHEREN)
    if request.method == "POST":
        _vereis(request, Recht.BEHEREN)
    regelingen = list(SisaRegeling.objects.filter(jaar=jaar))
    post = request.POST if request.method == "POST" else None
    regelingforms = [
        SisaRegelingForm(post, instance=r, prefix=f"r-{r.regeling}") for r in regelingen
    ]
    formset = SisaIndicatorFormSet(
        post, queryset=SisaIndicator.objects.filter(jaar=jaar), prefix="i"
    )
    if post is not None and all(f.is_valid() for f in regelingforms) and formset.is_valid():
        for f in [*regelingforms, *formset.forms]:
            if f.has_changed():
                gegevens = {veld: f.cleaned_data[veld] for veld in f.changed_data}
                services.wijzig_sisa_definitie(
                    obj=SisaIndicator.objects.get(pk=f.instance.pk)
                    if isinstance(f.instance, SisaIndicator)
                    else SisaRegeling.objects.get(pk=f.instance.pk),
                    gegevens=gegevens,
                    gebruiker=request.user,
                    gemeente=gemeente,
                )
        messages.success(request, f"De SiSa-definities {jaar} zijn opgeslagen.")
        return redirect("rapportage:sisa_indicatoren", gemeente=gemeente.code, jaar=jaar)
    return render(
        request,
        "rapportage/sisa_indicatoren.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "regelingforms": regelingforms,
            "formset": formset,
            "mag_wijzigen": mag_wijzigen,
        },
    )


# --- P&C ------------------------------------------------------------------------------------


@gemeente_view(Recht.LEZEN)
def pc(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
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
                for k in (
                    "origineel",
                    "wijzigingen",
                    "begroting",
                    "realisatie",
                    "prognose",
                    "verschil",
                )
            },
            "begrotingsregels": Begrotingsregel.objects.filter(
                gemeente=gemeente, jaar=jaar
            ).select_related("door"),
            "standen": standen,
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
            "begroting_form": BegrotingForm(),
            "stand_form": PcStandForm(),
        },
    )


@gemeente_view(Recht.LEZEN)
def pc_begroting(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    form = BegrotingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _vereis(request, Recht.FINANCIEEL_MUTEREN)
        if form.is_valid():
            try:
                services.boek_begroting(
                    gemeente=gemeente, jaar=jaar, gebruiker=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for veld, fouten in exc.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                messages.success(request, "De begroting is bijgewerkt.")
                return redirect("rapportage:pc", gemeente=gemeente.code, jaar=jaar)
    return render(
        request, "rapportage/pc_begroting.html", {"gemeente": gemeente, "jaar": jaar, "form": form}
    )


@gemeente_view(Recht.LEZEN)
def pc_stand_opslaan(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    form = PcStandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _vereis(request, Recht.FINANCIEEL_MUTEREN)
        if form.is_valid():
            stand = services.sla_pc_stand_op(
                gemeente=gemeente, jaar=jaar, gebruiker=request.user, **form.cleaned_data
            )
            messages.success(
                request, f"De stand '{stand.get_moment_display()} {jaar}' is opgeslagen."
            )
            return redirect("rapportage:pc_stand", gemeente=gemeente.code, pk=stand.pk)
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
    return _download(
        exports.pc_xlsx(gemeente, titel, stand.cijfers),
        f"pc-{gemeente.code}-{stand.jaar}-{stand.moment}-{stand.pk}.xlsx",
        XLSX,
    )


@gemeente_view(Recht.LEZEN)
def pc_xlsx(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
    cijfers = selectors.pc_cijfers(gemeente, jaar)
    return _download(
        exports.pc_xlsx(gemeente, f"Financieel overzicht inburgering {jaar}", cijfers),
        f"pc-{gemeente.code}-{jaar}.xlsx",
        XLSX,
    )


def _gekozen_standen(request, gemeente, jaar):
    ids = [i for i in (_int_of_none(s) for s in request.GET.getlist("stand")) if i][:5]
    standen = list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar, pk__in=ids).order_by(
            "opgeslagen_op", "id"
        )
    )
    return standen


@gemeente_view(Recht.LEZEN)
def pc_vergelijk(request, gemeente, jaar: int):
    _jaar_geldig(jaar)
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
    _jaar_geldig(jaar)
    # Without a choice: every stand of the year.
    standen = _gekozen_standen(request, gemeente, jaar) or list(
        PcStand.objects.filter(gemeente=gemeente, jaar=jaar).order_by("opgeslagen_op", "id")
    )
    kolommen = [f"{s.get_moment_display()} ({s.opgeslagen_op:%d-%m-%Y})" for s in standen]
    return _download(
        exports.pc_vergelijking_xlsx(gemeente, jaar, standen, kolommen),
        f"pc-{gemeente.code}-{jaar}-vergelijking.xlsx",
        XLSX,
    )


# --- Scenarios ------------------------------------------------------------------------------


def _betaalritmes(gemeente) -> list[scenario.Betaalritme]:
    eigen = [
        scenario.Betaalritme(r.vanaf_cohort, r.tot_en_met_cohort, (r.jaar1, r.jaar2, r.jaar3))
        for r in Betaalritme.objects.filter(gemeente=gemeente)
    ]
    return eigen or [
        scenario.Betaalritme(v, t, (a, b, c)) for v, t, a, b, c in STANDAARD_BETAALRITMES
    ]


def _laatste_parameters(gemeente) -> dict:
    """The latest entered SPUK parameters, as the starting point of a new scenario."""
    uitkomst = {}
    for p in Parameter.objects.filter(gemeente=gemeente, inburgeringsjaar__in=[None, 1]).order_by(
        "jaar"
    ):
        if p.categorie in ("trajectbedrag", "gezin", "overig", "onderwijsroute"):
            uitkomst[p.categorie] = f"{p.bedrag:.2f}"
    return uitkomst


def _uitkomsten(scenarios, betaalritmes):
    """Each scenario's five years; its own betaalritmes, or else the gemeente's."""
    uitkomsten = []
    for s in scenarios:
        aannames = scenario.uit_json(s.aannames)
        if not aannames.betaalritmes:
            aannames = replace(aannames, betaalritmes=betaalritmes)
        uitkomsten.append((s, scenario.bereken(aannames)))
    return uitkomsten


def _gekozen_scenarios(request, alle: list[Scenario]) -> list[Scenario]:
    """Up to three scenarios in the order asked for (the first is the reference)."""
    per_id = {s.pk: s for s in alle}
    ids = [i for i in (_int_of_none(s) for s in request.GET.getlist("s")) if i in per_id]
    gekozen = [per_id[i] for i in dict.fromkeys(ids)]
    return (gekozen or alle)[:MAX_SCENARIOS]


@gemeente_view(Recht.LEZEN)
def scenarios(request, gemeente):
    alle = list(Scenario.objects.filter(gemeente=gemeente))
    gekozen = _gekozen_scenarios(request, alle)
    uitkomsten = _uitkomsten(gekozen, _betaalritmes(gemeente))
    jaren = [j.jaar for j in uitkomsten[0][1]] if uitkomsten else []
    tabel = []
    if uitkomsten:
        referentie = uitkomsten[0][1]
        for label, sleutel in exports.SCENARIO_CIJFERS:
            for index, (s, jaarcijfers) in enumerate(uitkomsten):
                waarden = [getattr(j, sleutel) for j in jaarcijfers]
                verschil = (
                    [w - getattr(r, sleutel) for w, r in zip(waarden, referentie, strict=False)]
                    if index > 0
                    else None
                )
                tabel.append(
                    {
                        "label": label,
                        "scenario": s.naam,
                        "eerste": index == 0,
                        "waarden": waarden,
                        "verschil": verschil,
                    }
                )
    return render(
        request,
        "rapportage/scenarios.html",
        {
            "gemeente": gemeente,
            "alle": alle,
            "gekozen": {s.pk for s, _ in uitkomsten},
            "uitkomsten": uitkomsten,
            "jaren": jaren,
            "tabel": tabel,
            "referentie": uitkomsten[0][0] if uitkomsten else None,
            "aantal_scenarios": len(uitkomsten),
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
            "querystring": request.GET.urlencode(),
        },
    )


@gemeente_view(Recht.LEZEN)
def scenarios_xlsx(request, gemeente):
    alle = list(Scenario.objects.filter(gemeente=gemeente))
    gekozen = _gekozen_scenarios(request, alle)
    uitkomsten = [(s.naam, jaren) for s, jaren in _uitkomsten(gekozen, _betaalritmes(gemeente))]
    return _download(
        exports.scenarios_xlsx(gemeente, uitkomsten), f"scenarios-{gemeente.code}.xlsx", XLSX
    )


def _scenario_formulier(request, gemeente, obj: Scenario | None):
    betaalritmes = _betaalritmes(gemeente)
    if obj is not None:
        initial = scenario_initial(obj.aannames)
        initial["naam"] = obj.naam
    else:
        startjaar = date.today().year + 1
        instroom = {
            r["cohort"]: {"asiel": r["asiel"], "gezin": r["gezin"], "overig": r["overig"]}
            for r in selectors.instroom_per_cohort(gemeente)
            if startjaar - ScenarioForm.COHORTEN_VOOR <= r["cohort"] < startjaar
        }
        uitvoering = next(iter(reversed(uitvoering_per_jaar(gemeente))), None)
        initial = scenario_initial(
            standaard_aannames(
                startjaar=startjaar,
                instroom=instroom,
                parameters=_laatste_parameters(gemeente),
                uitvoering=uitvoering,
            )
        )
    startjaar = _int_of_none(request.POST.get("startjaar")) if request.method == "POST" else None
    startjaar = startjaar if startjaar and 2022 <= startjaar <= 2100 else initial["startjaar"]
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        startjaar=startjaar,
        betaalritmes=betaalritmes,
    )
    if request.method == "POST":
        _vereis(request, Recht.FINANCIEEL_MUTEREN)
        if form.is_valid():
            try:
                opgeslagen = services.bewaar_scenario(
                    gemeente=gemeente,
                    naam=form.cleaned_data["naam"],
                    aannames=form.aannames_json(),
                    gebruiker=request.user,
                    scenario=obj,
                )
            except ValidationError as exc:
                for veld, fouten in exc.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
            else:
                messages.success(request, f"Scenario '{opgeslagen.naam}' is opgeslagen.")
                return redirect(
                    reverse("rapportage:scenarios", kwargs={"gemeente": gemeente.code})
                    + f"?s={opgeslagen.pk}"
                )
    return render(
        request,
        "rapportage/scenario_form.html",
        {
            "gemeente": gemeente,
            "form": form,
            "scenario": obj,
            "mag_muteren": heeft(request, Recht.FINANCIEEL_MUTEREN),
        },
    )


@gemeente_view(Recht.LEZEN)
def scenario_nieuw(request, gemeente):
    return _scenario_formulier(request, gemeente, None)


@gemeente_view(Recht.LEZEN)
def scenario_wijzig(request, gemeente, pk: int):
    return _scenario_formulier(
        request, gemeente, get_object_or_404(Scenario, gemeente=gemeente, pk=pk)
    )
