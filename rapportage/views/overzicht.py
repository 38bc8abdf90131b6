"""The reporting landing page and the dashboard of the beleidsmedewerker."""

from datetime import date
from decimal import Decimal

from django.shortcuts import render

from kern.rechten import Recht
from kern.views_base import geheel_getal, gemeente_view
from spuk.kerncijfers import totaalrij
from spuk.selectors import kerncijfers_per_regeling
from uitvoering.selectors import uitvoering_details

from .. import grafiek, scenario, selectors
from ..besteding import besteding_per_maand
from ..grafiek import uitvoeringsgrafiek
from ..models import Scenario, SisaBevriezing


@gemeente_view(Recht.LEZEN)
def overzicht(request, gemeente):
    vandaag = date.today()
    herberekening = selectors.huidige_herberekening(gemeente)
    # Only the years and the freeze dates are shown: not whole saldo rows, nor the frozen
    # figures (gegevens, a JSON document per year).
    jaren = sorted(
        set(selectors.jaarsaldi(herberekening).values_list("jaar", flat=True))
        | {vandaag.year - 1, vandaag.year},
        reverse=True,
    )
    bevroren = {
        b.jaar: b
        for b in SisaBevriezing.objects.filter(gemeente=gemeente).only("jaar", "bevroren_op")
    }
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


@gemeente_view(Recht.LEZEN)
def dashboard(request, gemeente):
    jaar = geheel_getal(request.GET.get("jaar"))
    cohort = geheel_getal(request.GET.get("cohort"))
    d = selectors.dashboard(gemeente, jaar=jaar, cohort=cohort)
    euro = grafiek.euro
    routemix_items = []
    for r in d.routemix:
        eigen = f"{r['procent']}".replace(".", ",")
        routemix_items.append((r["route"], r["procent"], f"{eigen}% eigen"))
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
        # The run's years and cohorts as the dashboard already read them: no second query for
        # the same rows.
        "kerncijfers": kerncijfers_per_regeling(
            d.herberekening, d.jaren_per_regeling, d.alle_cohorten
        )
        if d.herberekening
        else [],
        "cohort_totaal": totaalrij(d.cohorten),
        "jaar": jaar,
        "cohort": cohort,
        "grafiek_cohorten": grafiek.cohortgrafiek(d.cohorten),
        "grafiek_jaren": grafiek.watervalgrafiek([j for j in d.jaren if j.regeling == "SPUK-IV"]),
        **_maandbesteding(gemeente, d, jaar),
        **_uitvoering(gemeente),
        "grafiek_instroom": grafiek.staafgrafiek(
            [(str(i["cohort"]), i["totaal"], str(i["totaal"])) for i in d.instroom]
        ),
        "grafiek_routemix": grafiek.staafgrafiek(routemix_items, reeksen=2),
        "grafiek_kosten": grafiek.staafgrafiek(kosten_items, reeksen=2),
        "landelijk_per_asiel": scenario.KOSTEN_PER_ASIELSTATUSHOUDER_LANDELIJK,
        "jaarkeuzes": sorted({j.jaar for j in d.alle_jaren}),
        "cohortkeuzes": d.cohortkeuzes,
    }
    return render(request, "rapportage/dashboard.html", context)


def _uitvoering(gemeente) -> dict:
    """The uitvoeringsbudget against its costs (R11) per year, as on the uitvoering page.
    Without the UITVOERING invoices and the begeleide inburgeraars: the dashboard shows
    neither, and a year with only those has no budget and no kosten, so it is left out either
    way (one or two queries fewer)."""
    jaren = [
        d for d in uitvoering_details(gemeente, met_facturen=False) if d.heeft_budget or d.kosten
    ]
    return {"uitvoering": jaren, "grafiek_uitvoering": uitvoeringsgrafiek(jaren)}


def _maandbesteding(gemeente, d, jaar: int | None) -> dict:
    """SPUK-IV besteding per month of the chosen (or the peildatum's) year against its budget:
    beschikbaar of R7 (toekenning plus reservering in, less doorschuif in)."""
    if d.herberekening is None:
        return {}
    peildatum = d.herberekening.peildatum
    jaar = jaar or peildatum.year
    saldo = next((j for j in d.jaren if j.regeling == "SPUK-IV" and j.jaar == jaar), None)
    per_maand = besteding_per_maand(gemeente, "SPUK-IV", jaar, peildatum)  # always: fixed count
    if saldo is None:
        return {}
    cumulatief, totaal = [], Decimal("0.00")
    for i, bedrag in enumerate(per_maand):
        totaal += bedrag
        cumulatief.append((grafiek.MAANDEN[i], bedrag, totaal))
    return {
        "maand_jaar": jaar,
        "maand_budget": saldo.beschikbaar,
        "maand_rijen": cumulatief,
        "grafiek_maand": grafiek.cumulatieve_lijn(per_maand, saldo.beschikbaar),
    }
