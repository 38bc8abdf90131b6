"""The dashboard: open commitments, inflow, route mix, R10 costs and signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count

from inburgering.models import (
    Aanbieder,
    Inburgeraar,
    Stilstand,
    Verplichtingstand,
    Voorziening,
)
from inburgering.regels import maanden_terug
from inburgering.selectors import signalen as signaal_selectie
from kern.sql import ingebed
from spuk.models import Herberekening

from ._sql import _rijen
from .saldi import NUL, cohortsaldi, huidige_herberekening, jaarsaldi, per_herberekening


def verplichtingen_voor_dashboard(
    gemeente, cohort: int | None = None, vandaag: date | None = None
) -> tuple[list, dict, dict]:
    """From the kept standen, without a pass over the commitments: open commitments by
    provider and kind (largest first, for one cohort or all) and per cohort the invoiced and
    open amounts of SPUK commitments of asielstatushouders (for the cost per statushouder,
    R10) from the Verplichtingstand; and the two signal counts with the definitions of
    inburgering.selectors.signalen (a test keeps them equal): the commitments silent since
    before the limit from the Stilstand, the persons who stopped by that selector's own
    query."""
    vandaag = vandaag or date.today()
    maanden = int(getattr(settings, "SIGNAAL_MAANDEN_ZONDER_FACTUUR", 4))
    gestopt_sql, gestopt_parameters = ingebed(
        signaal_selectie(gemeente, vandaag=vandaag).gestopt_met_open.order_by().values("pk"),
        "gestopt",
    )
    cohort_filter = "" if cohort is None else "AND g.cohort = %(cohort)s"
    groep = Verplichtingstand._meta.db_table
    rijen = _rijen(
        f"""
        SELECT 'open' AS deel, a.naam AS aanbieder__naam, vz.code AS voorziening__code,
            vz.naam AS voorziening__naam, o.financiering, CAST(NULL AS INTEGER) AS cohort,
            CAST(SUM(o.aantal) AS INTEGER) AS aantal, SUM(o.totaal) AS totaal,
            CAST(NULL AS NUMERIC) AS gefactureerd
        FROM (
            SELECT g.aanbieder_id, g.voorziening_id, g.financiering,
                SUM(g.aantal) AS aantal, SUM(g.open) AS totaal
            FROM {groep} g
            WHERE g.gemeente_id = %(gemeente)s AND g.is_open AND g.aantal <> 0 {cohort_filter}
            GROUP BY g.aanbieder_id, g.voorziening_id, g.financiering
        ) o
        JOIN {Aanbieder._meta.db_table} a ON a.id = o.aanbieder_id
        JOIN {Voorziening._meta.db_table} vz ON vz.id = o.voorziening_id
        GROUP BY a.naam, vz.code, vz.naam, o.financiering
        UNION ALL
        SELECT 'asiel', NULL, NULL, NULL, NULL, g.asiel_cohort, CAST(SUM(g.aantal) AS INTEGER),
            SUM(g.open), SUM(g.gefactureerd)
        FROM {groep} g
        WHERE g.gemeente_id = %(gemeente)s AND g.financiering IN ('SPUK-IV', 'SPUK-OR')
            AND g.asiel_cohort <> 0 AND g.aantal <> 0
        GROUP BY g.asiel_cohort
        UNION ALL
        -- Open is open and not closed (R8: a closed commitment's open amount is 0).
        SELECT 'signaal', NULL, NULL, NULL, NULL, NULL,
            CAST((SELECT COALESCE(SUM(s.aantal), 0) FROM {Stilstand._meta.db_table} s
                  WHERE s.gemeente_id = %(gemeente)s AND s.stil_sinds < %(grens)s)
                 AS INTEGER),
            (SELECT COUNT(*) FROM ({gestopt_sql}) gestopt),
            NULL
        ORDER BY deel, totaal DESC, aanbieder__naam, voorziening__code
        """,  # noqa: S608 - table names from the models, values as parameters
        {
            "gemeente": gemeente.pk,
            "cohort": cohort,
            "grens": maanden_terug(vandaag, maanden),
            **gestopt_parameters,
        },
        met_verplichtingen=False,
    )
    open_per_aanbieder = [r for r in rijen if r["deel"] == "open"]
    asiel_per_cohort = {r["cohort"]: r for r in rijen if r["deel"] == "asiel"}
    (signaal,) = [r for r in rijen if r["deel"] == "signaal"]
    signalen = {"zonder_factuur": signaal["aantal"], "gestopt_met_open": int(signaal["totaal"])}
    return open_per_aanbieder, asiel_per_cohort, signalen


@dataclass
class Dashboard:
    herberekening: Herberekening | None
    cohorten: list
    jaren: list
    open_per_aanbieder: list[dict]
    instroom: list[dict]
    routemix: list[dict]
    kosten_per_asiel: list[dict]
    signalen: dict = field(default_factory=dict)
    # The cohorts of the register's persons (the page's cohort choice).
    cohortkeuzes: list[int] = field(default_factory=list)
    # All cohorts and years of the run, whatever `cohort` and `jaar` chose (the page's year
    # choice, and what spuk.selectors.kerncijfers_per_regeling takes instead of its queries),
    # and the years per regeling.
    alle_cohorten: list = field(default_factory=list)
    alle_jaren: list = field(default_factory=list)
    jaren_per_regeling: dict = field(default_factory=dict)


def personen_per_groep(gemeente) -> list[tuple[int, str, str, int]]:
    """The register's persons counted per cohort, doelgroep and huidige_leerroute, in one
    query: what the dashboard's inflow, route mix, cost per asielstatushouder and cohort
    choices count, each before its own pass over the persons."""
    return list(
        Inburgeraar.objects.filter(gemeente=gemeente)
        .order_by()
        .values_list("cohort", "doelgroep", "huidige_leerroute")
        .annotate(n=Count("id"))
    )


def instroom_per_cohort(gemeente, cohort: int | None = None, groepen=None) -> list[dict]:
    """Inflow per cohort and doelgroep: [{"cohort", "asiel", "gezin", "overig", "totaal"}].
    `groepen`: personen_per_groep(gemeente), when already read."""
    groepen = personen_per_groep(gemeente) if groepen is None else groepen
    per_cohort: dict[int, dict] = {}
    for c, doelgroep, _route, n in groepen:
        if cohort is not None and c != cohort:
            continue
        rij = per_cohort.setdefault(
            c, {"cohort": c, "asiel": 0, "gezin": 0, "overig": 0, "totaal": 0}
        )
        if doelgroep in ("asiel", "gezin", "overig"):
            rij[doelgroep] += n
        rij["totaal"] += n
    return [per_cohort[c] for c in sorted(per_cohort)]


def routemix(gemeente, cohort: int | None = None, groepen=None) -> list[dict]:
    """Current leerroute of asielstatushouders against the national mix (percent).
    `groepen`: personen_per_groep(gemeente), when already read."""
    from ..scenario import ROUTEMIX_LANDELIJK

    groepen = personen_per_groep(gemeente) if groepen is None else groepen
    asiel = [
        (route, n)
        for c, doelgroep, route, n in groepen
        if doelgroep == "asiel" and cohort in (None, c)
    ]
    totaal = sum(n for _route, n in asiel)
    telling = {r: sum(n for route, n in asiel if route == r) for r in ROUTEMIX_LANDELIJK}
    return [
        {
            "route": route,
            "aantal": telling[route],
            "procent": (Decimal(telling[route] * 100) / totaal).quantize(Decimal("0.1"))
            if totaal
            else Decimal("0.0"),
            "landelijk": ROUTEMIX_LANDELIJK[route],
        }
        for route in ROUTEMIX_LANDELIJK
    ]


def kosten_per_asielstatushouder(gemeente, asiel_per_cohort: dict, groepen=None) -> list[dict]:
    """R10 kosten per cohort: invoices plus open SPUK commitments of asielstatushouders (from
    verplichtingen_voor_dashboard), divided by the number of asielstatushouders of the cohort.
    `groepen`: personen_per_groep(gemeente), when already read."""
    groepen = personen_per_groep(gemeente) if groepen is None else groepen
    aantallen: dict[int, int] = {}
    for c, doelgroep, _route, n in groepen:
        if doelgroep == "asiel":
            aantallen[c] = aantallen.get(c, 0) + n
    uitkomst = []
    for cohort in sorted(aantallen):
        r = asiel_per_cohort.get(cohort, {})
        kosten = (r.get("gefactureerd") or NUL) + (r.get("totaal") or NUL)
        uitkomst.append(
            {
                "cohort": cohort,
                "aantal": aantallen[cohort],
                "kosten": kosten,
                "per_persoon": (kosten / aantallen[cohort]).quantize(Decimal("0.01")),
            }
        )
    return uitkomst


def _verplichtingen_bij_herberekening(gemeente, herberekening, cohort: int | None):
    """verplichtingen_voor_dashboard, kept in the cache per completed recomputation
    (saldi.per_herberekening)."""
    if herberekening is None or herberekening.voltooid_op is None:
        return verplichtingen_voor_dashboard(gemeente, cohort)
    return per_herberekening(
        "rapportage-dashboard",
        herberekening.pk,
        herberekening.voltooid_op,
        gemeente.pk,
        cohort,
        bereken=lambda: verplichtingen_voor_dashboard(gemeente, cohort),
    )


def dashboard(gemeente, *, jaar: int | None = None, cohort: int | None = None) -> Dashboard:
    herberekening = huidige_herberekening(gemeente)
    # The run's cohorts and years once, in cohortsaldi's and jaarsaldi's order: the chosen
    # cohort and year, the year choice and the key figures all come from these rows.
    alle_cohorten = list(cohortsaldi(herberekening))
    cohorten = [c for c in alle_cohorten if cohort in (None, c.cohort)]
    alle_jaren = list(jaarsaldi(herberekening))
    jaren = [j for j in alle_jaren if jaar in (None, j.jaar)]
    jaren_per_regeling: dict[str, list] = {}
    for j in alle_jaren:
        jaren_per_regeling.setdefault(j.regeling, []).append(j)
    open_per_aanbieder, asiel_per_cohort, signalen = _verplichtingen_bij_herberekening(
        gemeente, herberekening, cohort
    )
    groepen = personen_per_groep(gemeente)
    return Dashboard(
        herberekening=herberekening,
        cohorten=cohorten,
        jaren=jaren,
        open_per_aanbieder=open_per_aanbieder,
        instroom=instroom_per_cohort(gemeente, cohort, groepen),
        routemix=routemix(gemeente, cohort, groepen),
        kosten_per_asiel=[
            k
            for k in kosten_per_asielstatushouder(gemeente, asiel_per_cohort, groepen)
            if cohort in (None, k["cohort"])
        ],
        signalen=signalen,
        cohortkeuzes=sorted({c for c, _doelgroep, _route, _n in groepen}),
        alle_cohorten=alle_cohorten,
        alle_jaren=alle_jaren,
        jaren_per_regeling=jaren_per_regeling,
    )
