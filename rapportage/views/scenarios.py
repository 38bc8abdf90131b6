"""Prognose and scenarios: named assumptions, five years side by side, Excel."""

from dataclasses import replace
from datetime import date

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kern.eenmalig import verwerk_formulier
from kern.rechten import Recht
from kern.views_base import geheel_getal, gemeente_view, heeft
from spuk.models import STANDAARD_BETAALRITMES, Betaalritme, Parameter
from uitvoering.selectors import uitvoering_per_jaar

from .. import exports, grafiek, scenario, selectors, services
from ..forms import ScenarioForm, scenario_initial, standaard_aannames
from ..models import Scenario
from ._basis import MAX_SCENARIOS, XLSX, download


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


def _r7_posities(gemeente) -> list:
    """The SPUK-IV years of the current recomputation (one query), for the starting position."""
    return list(
        selectors.jaarsaldi(selectors.huidige_herberekening(gemeente)).filter(regeling="SPUK-IV")
    )


def startpositie(posities: list, startjaar: int):
    """R7 position a scenario starts from: the last real year before its first year (or None)."""
    eerder = [p for p in posities if p.jaar < startjaar]
    return eerder[-1] if eerder else None


def _uitkomsten(scenarios, betaalritmes, posities):
    """Each scenario's five years; its own betaalritmes, or else the gemeente's; starting from
    the R7 reservering or doorschuif of the last real year, as the recomputation has it now."""
    uitkomsten = []
    for s in scenarios:
        aannames = scenario.uit_json(s.aannames)
        if not aannames.betaalritmes:
            aannames = replace(aannames, betaalritmes=betaalritmes)
        if (start := startpositie(posities, aannames.startjaar)) is not None:
            aannames = replace(
                aannames, reservering_in=start.reservering_uit, doorschuif_in=start.doorschuif_uit
            )
        uitkomsten.append((s, scenario.bereken(aannames), start))
    return uitkomsten


def _gekozen_scenarios(request, alle: list[Scenario]) -> list[Scenario]:
    """Up to three scenarios in the order asked for (the first is the reference)."""
    per_id = {s.pk: s for s in alle}
    ids = [i for i in (geheel_getal(s) for s in request.GET.getlist("s")) if i in per_id]
    gekozen = [per_id[i] for i in dict.fromkeys(ids)]
    return (gekozen or alle)[:MAX_SCENARIOS]


@gemeente_view(Recht.LEZEN)
def scenarios(request, gemeente):
    alle = list(Scenario.objects.filter(gemeente=gemeente))
    gekozen = _gekozen_scenarios(request, alle)
    uitkomsten = _uitkomsten(gekozen, _betaalritmes(gemeente), _r7_posities(gemeente))
    jaren = [j.jaar for j in uitkomsten[0][1]] if uitkomsten else []
    tabel = []
    if uitkomsten:
        referentie = uitkomsten[0][1]
        for label, sleutel in exports.SCENARIO_CIJFERS:
            for index, (s, jaarcijfers, _start) in enumerate(uitkomsten):
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
            "gekozen": {s.pk for s, _, _ in uitkomsten},
            "uitkomsten": uitkomsten,
            "jaren": jaren,
            "tabel": tabel,
            "referentie": uitkomsten[0][0] if uitkomsten else None,
            # The saldo per year of each scenario as a chart; the same figures are in the table.
            "grafieken": _naast_elkaar(uitkomsten),
            "aantal_scenarios": len(uitkomsten),
            # Scenarios are no financial data: everyone who reads may make and compare them.
            "mag_muteren": heeft(request, Recht.LEZEN),
            "querystring": request.GET.urlencode(),
        },
    )


@gemeente_view(Recht.LEZEN)
def scenarios_xlsx(request, gemeente):
    alle = list(Scenario.objects.filter(gemeente=gemeente))
    gekozen = _gekozen_scenarios(request, alle)
    uitkomsten = [
        (s.naam, jaren)
        for s, jaren, _ in _uitkomsten(gekozen, _betaalritmes(gemeente), _r7_posities(gemeente))
    ]
    return download(
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
    startjaar = geheel_getal(request.POST.get("startjaar")) if request.method == "POST" else None
    startjaar = startjaar if startjaar and 2022 <= startjaar <= 2100 else initial["startjaar"]
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        startjaar=startjaar,
        betaalritmes=betaalritmes,
    )
    # Reading rights suffice to save: a scenario is no financial data (beleidsmedewerker too).
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            opgeslagen = services.bewaar_scenario(
                gemeente=gemeente,
                naam=form.cleaned_data["naam"],
                aannames=form.aannames_json(),
                gebruiker=request.user,
                scenario=obj,
            )
            lijst = reverse("rapportage:scenarios", kwargs={"gemeente": gemeente.code})
            return f"{lijst}?s={opgeslagen.pk}"

        melding = f"Scenario '{form.cleaned_data['naam']}' is opgeslagen."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return render(
        request,
        "rapportage/scenario_form.html",
        {
            "gemeente": gemeente,
            "form": form,
            "scenario": obj,
            "mag_muteren": heeft(request, Recht.LEZEN),
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


def _naast_elkaar(uitkomsten) -> list:
    """The saldo per year of each scenario as a chart, all on one scale so they compare side by
    side; the same figures are in the table."""
    saldi = [j.saldo for _, jaarcijfers, _ in uitkomsten for j in jaarcijfers]
    schaal = max((abs(w) for w in saldi), default=None) or None
    negatief = any(w < 0 for w in saldi)
    return [
        (
            f"grafiek-{s.pk}",
            s.naam,
            grafiek.staafgrafiek(
                [(str(j.jaar), j.saldo, grafiek.euro(j.saldo)) for j in jaarcijfers],
                schaal=schaal,
                met_negatief=negatief,
                breedte=grafiek.SMAL - 60,  # half a page at 1400 px, text at its own size
            ),
        )
        for s, jaarcijfers, _ in uitkomsten
    ]
