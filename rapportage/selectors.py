"""Reads for reporting. Every figure comes from the stored results of the SPUK recomputation
(spuk.Herberekening and its snapshot rows) or from SQL aggregation over the source rows; none
is recomputed here by other means. Each function issues a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DecimalField, F, Q, Sum

from inburgering.models import (
    Aanbieder,
    Inburgeraar,
    Verplichting,
    Voorziening,
)
from inburgering.regels import maanden_terug
from inburgering.selectors import signalen as signaal_selectie
from kern.geld import rond_af
from kern.sql import geld, ingebed, jaar_van
from spuk.models import CohortSaldo, Herberekening, JaarSaldo, Telling
from spuk.selectors import facturen_in_besteding
from uitvoering.selectors import uitvoering_details

from .models import Begrotingsregel, PcMoment, Stroom
from .scenario import SPREIDING_STANDAARD

NUL = Decimal("0.00")
GELD = DecimalField(max_digits=16, decimal_places=2)
FRACTIE = DecimalField(max_digits=7, decimal_places=4)


def huidige_herberekening(gemeente) -> Herberekening | None:
    """The latest completed recomputation: the figures every report shows."""
    return (
        Herberekening.objects.filter(gemeente=gemeente, status=Herberekening.Status.VOLTOOID)
        .order_by("-voltooid_op", "-id")
        .first()
    )


def jaarsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return JaarSaldo.objects.none()
    return JaarSaldo.objects.filter(herberekening=herberekening).order_by("regeling", "jaar")


def cohortsaldi(herberekening: Herberekening | None):
    if herberekening is None:
        return CohortSaldo.objects.none()
    return CohortSaldo.objects.filter(herberekening=herberekening).order_by("cohort")


def tellingen(herberekening: Herberekening | None):
    if herberekening is None:
        return Telling.objects.none()
    return Telling.objects.filter(herberekening=herberekening).order_by("jaar")


# --- Open commitments (R8) -----------------------------------------------------------------


def _verplichtingen_cte(gemeente_id: int) -> tuple[str, dict]:
    """The CTE `verplichting` of the report queries: the gemeente's commitments with R8's open
    amount, compiled from Verplichting.objects.met_open_bedrag (the one definition), which
    reads what is invoiced from the Factuurstand: no pass over the invoices."""
    verplichtingen = (
        Verplichting.objects.filter(gemeente_id=gemeente_id)
        .met_open_bedrag()
        .order_by()
        .values(
            "id",
            "bedrag",
            "datum",
            "cohort",
            "financiering",
            "gesloten_op",
            "aanbieder_id",
            "voorziening_id",
            "inburgeraar_id",
            "gefactureerd",
            "open_bedrag",
            voorziening_code=F("voorziening__code"),
            laatste_factuur=F("factuurstand__laatste_factuurdatum"),
        )
    )
    sql, parameters = ingebed(verplichtingen, "r8")
    return f"WITH verplichting AS ({sql})\n", parameters


# The money columns of the report queries: SQLite hands their sums back as int or float.
GELDKOLOMMEN = frozenset({"totaal", "gefactureerd", "verwacht"})


def _rijen(sql: str, parameters: dict) -> list[dict]:
    """Run a report query; the SQL is plain SQL that PostgreSQL and SQLite (make run) share.
    Money columns come back as Decimals with 2 decimals on both."""
    # PostgreSQL's JIT compiler judges these plans expensive and spends longer compiling them
    # than running them (measured: 350 of 730 ms for the dashboard on 150,000 invoices).
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # And work_mem: the default 4 MB made the dashboard's grouping of 50,000
            # commitments sort on disk (external merge, 3.6 MB); in memory it hashes
            # (EXPLAIN ANALYZE 95 -> 58 ms with the one-pass query). Both local to this
            # transaction (set_config(..., true) is SET LOCAL), in one statement.
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)"
            )
        cte, cte_parameters = _verplichtingen_cte(parameters["gemeente"])
        cursor.execute(cte + sql, {**parameters, **cte_parameters})
        namen = [kolom[0] for kolom in cursor.description]
        return [
            {
                naam: geld(waarde) if naam in GELDKOLOMMEN and waarde is not None else waarde
                for naam, waarde in zip(namen, rij, strict=True)
            }
            for rij in cursor.fetchall()
        ]


# The larger and smaller of two non-NULL amounts. A CASE WHEN a > b THEN a ELSE b END repeats
# both operands, and nested it repeats them exponentially: the P&C prognose evaluated its
# spreading CASE about twenty times per commitment (670 of 790 ms on 50,000 commitments).
# GREATEST/LEAST (PostgreSQL) and the scalar max/min (SQLite) evaluate each operand once; for
# non-NULL operands they give the same value.
def _groter(a: str, b: str) -> str:
    functie = "max" if connection.vendor == "sqlite" else "GREATEST"
    return f"{functie}({a}, {b})"


def _kleiner(a: str, b: str) -> str:
    functie = "min" if connection.vendor == "sqlite" else "LEAST"
    return f"{functie}({a}, {b})"


def verplichtingen_voor_dashboard(
    gemeente, cohort: int | None = None, vandaag: date | None = None
) -> tuple[list, dict, dict]:
    """In one pass over the commitments and their Factuurstand: open commitments by provider
    and kind (largest first, for one cohort or all); per cohort the invoiced and open amounts
    of SPUK commitments of asielstatushouders (for the cost per statushouder, R10); and the two
    signal counts with the definitions of inburgering.selectors.signalen (a test keeps them
    equal; the persons who stopped are counted by that selector's own query)."""
    vandaag = vandaag or date.today()
    maanden = int(getattr(settings, "SIGNAAL_MAANDEN_ZONDER_FACTUUR", 4))
    gestopt_sql, gestopt_parameters = ingebed(
        signaal_selectie(gemeente, vandaag=vandaag).gestopt_met_open.order_by().values("pk"),
        "gestopt",
    )
    cohort_filter = "" if cohort is None else "AND g.v_cohort = %(cohort)s"
    rijen = _rijen(
        f"""
        -- The one pass: every commitment once, with its person, summed into a few hundred
        -- groups that the three parts below read. Before, the commitments were materialised
        -- (50,000 rows, spilling to disk) and read three times, twice joined to the persons.
        , groep AS (
            SELECT v.aanbieder_id, v.voorziening_id, v.financiering, v.cohort AS v_cohort,
                p.cohort AS p_cohort,
                CASE WHEN p.doelgroep = 'asiel' THEN 1 ELSE 0 END AS asiel,
                CASE WHEN v.open_bedrag > 0 THEN 1 ELSE 0 END AS is_open,
                SUM(CASE WHEN v.gesloten_op IS NULL
                          AND COALESCE(v.laatste_factuur, v.datum) < %(grens)s
                    THEN 1 ELSE 0 END) AS stil,
                COUNT(*) AS aantal, SUM(v.open_bedrag) AS open_bedrag,
                SUM(v.gefactureerd) AS gefactureerd
            FROM verplichting v
            LEFT JOIN {Inburgeraar._meta.db_table} p ON p.id = v.inburgeraar_id
            GROUP BY v.aanbieder_id, v.voorziening_id, v.financiering, v.cohort, p.cohort,
                CASE WHEN p.doelgroep = 'asiel' THEN 1 ELSE 0 END,
                CASE WHEN v.open_bedrag > 0 THEN 1 ELSE 0 END
        )
        SELECT 'open' AS deel, a.naam AS aanbieder__naam, vz.code AS voorziening__code,
            vz.naam AS voorziening__naam, o.financiering, CAST(NULL AS INTEGER) AS cohort,
            CAST(SUM(o.aantal) AS INTEGER) AS aantal, SUM(o.totaal) AS totaal,
            CAST(NULL AS NUMERIC) AS gefactureerd
        FROM (
            -- Grouped by ids first, then by the names over those few groups: grouping every
            -- commitment by text sorted 45,000 rows (spilling to disk) for 8 groups.
            SELECT g.aanbieder_id, g.voorziening_id, g.financiering,
                SUM(g.aantal) AS aantal, SUM(g.open_bedrag) AS totaal
            FROM groep g
            WHERE g.is_open = 1 {cohort_filter}
            GROUP BY g.aanbieder_id, g.voorziening_id, g.financiering
        ) o
        JOIN {Aanbieder._meta.db_table} a ON a.id = o.aanbieder_id
        JOIN {Voorziening._meta.db_table} vz ON vz.id = o.voorziening_id
        GROUP BY a.naam, vz.code, vz.naam, o.financiering
        UNION ALL
        SELECT 'asiel', NULL, NULL, NULL, NULL, g.p_cohort, CAST(SUM(g.aantal) AS INTEGER),
            SUM(g.open_bedrag), SUM(g.gefactureerd)
        FROM groep g
        WHERE g.financiering IN ('SPUK-IV', 'SPUK-OR') AND g.asiel = 1
        GROUP BY g.p_cohort
        UNION ALL
        -- Open is open and not closed (R8: a closed commitment's open amount is 0).
        SELECT 'signaal', NULL, NULL, NULL, NULL, NULL,
            CAST(SUM(CASE WHEN g.is_open = 1 THEN g.stil END) AS INTEGER),
            (SELECT COUNT(*) FROM ({gestopt_sql}) gestopt),
            NULL
        FROM groep g
        ORDER BY deel, totaal DESC, aanbieder__naam, voorziening__code
        """,  # noqa: S608 - table names from the models, values as parameters
        {
            "gemeente": gemeente.pk,
            "cohort": cohort,
            "grens": maanden_terug(vandaag, maanden),
            **gestopt_parameters,
        },
    )
    open_per_aanbieder = [r for r in rijen if r["deel"] == "open"]
    asiel_per_cohort = {r["cohort"]: r for r in rijen if r["deel"] == "asiel"}
    (signaal,) = [r for r in rijen if r["deel"] == "signaal"]
    signalen = {"zonder_factuur": signaal["aantal"], "gestopt_met_open": int(signaal["totaal"])}
    return open_per_aanbieder, asiel_per_cohort, signalen


# --- The P&C overview ---------------------------------------------------------------------

LEERROUTE_CODES = ("B1", "Z", "OR", "ALFA")


def _cumulatief_sql(jaren_na_start: str) -> str:
    """The share of a commitment expected to be invoiced by the end of its n-th year after the
    year it was made (national cost study spreading; within one year for everything else).
    Codes and percentages are constants of this module, never user input.

    Simple CASEs (CASE x WHEN ...) evaluate the year and the code once per commitment; a
    searched CASE with the year in every branch computed it up to eleven times."""
    groepen = [(LEERROUTE_CODES, SPREIDING_STANDAARD["leerroute"])] + [
        ((code,), SPREIDING_STANDAARD[code]) for code in ("MB", "PVT", "MAP", "TOLK")
    ]

    def per_code(aandeel) -> str:
        takken = " ".join(
            f"WHEN '{code}' THEN {aandeel(p1, p2) / 100}"
            for codes, (p1, p2, _p3) in groepen
            for code in codes
        )
        return f"CASE v.voorziening_code {takken} ELSE 1 END"

    return (
        f"CASE WHEN {jaren_na_start} < 0 THEN 0 ELSE CASE {jaren_na_start} "
        f"WHEN 0 THEN {per_code(lambda p1, p2: p1)} "
        f"WHEN 1 THEN {per_code(lambda p1, p2: p1 + p2)} ELSE 1 END END"
    )


def rest_van_jaar(vandaag: date) -> Decimal:
    """The share of the calendar year after `vandaag` (31 December: 0), to 4 decimals."""
    dagen = (date(vandaag.year, 12, 31) - date(vandaag.year - 1, 12, 31)).days
    return (Decimal((date(vandaag.year, 12, 31) - vandaag).days) / dagen).quantize(
        Decimal("0.0001")
    )


def _verwacht_te_factureren(gemeente, jaar: int, vandaag: date) -> dict[str, Decimal]:
    """Per stream: what its open commitments will still invoice in `jaar` (from `vandaag`).

    Expected by the end of `jaar`: bedrag x the cumulative spreading share; minus what is done
    by the start of `jaar` (invoiced so far, or for a future year at least what the spreading
    expects by then); never more than what is open."""
    if jaar < vandaag.year:
        return {}
    n = f"(%(jaar)s - {jaar_van('v.datum')})"
    n_vorig = f"(%(jaar)s - 1 - {jaar_van('v.datum')})"
    al_gedaan = (
        "v.gefactureerd"
        if jaar == vandaag.year
        else _groter("v.gefactureerd", f"v.bedrag * {_cumulatief_sql(n_vorig)}")
    )
    achterstand = f"v.bedrag * {_cumulatief_sql(n)} - {al_gedaan}"
    if jaar == vandaag.year:
        # Only the part of the year still to come: this year's slice of the spreading times the
        # share of the year left, never more than the backlog to the year-end share. Without it
        # a prognose on 1 December expected all backlog to be invoiced in December.
        schijf = f"v.bedrag * ({_cumulatief_sql(n)} - {_cumulatief_sql(n_vorig)}) * %(rest)s"
        achterstand = _kleiner(achterstand, schijf)
    nog_te_factureren = _kleiner("v.open_bedrag", _groter(achterstand, "0"))
    rijen = _rijen(
        f"""
        SELECT v.financiering, SUM({nog_te_factureren}) AS verwacht
        FROM verplichting v
        WHERE v.gesloten_op IS NULL
        GROUP BY v.financiering
        """,  # noqa: S608 - expressions built from module constants, values as parameters
        {"gemeente": gemeente.pk, "jaar": jaar, "rest": rest_van_jaar(vandaag)},
    )
    return {r["financiering"]: Decimal(r["verwacht"] or 0).quantize(Decimal("0.01")) for r in rijen}


# The amounts of a P&C line, in the order the page, the totals and the JSON show them.
PC_BEDRAGEN = ("origineel", "wijzigingen", "begroting", "realisatie", "prognose", "verschil")


@dataclass(frozen=True)
class PcRegel:
    stroom: str
    naam: str
    origineel: Decimal
    wijzigingen: Decimal
    realisatie: Decimal
    prognose: Decimal

    @property
    def begroting(self) -> Decimal:
        return self.origineel + self.wijzigingen

    @property
    def verschil(self) -> Decimal:
        """Begroting minus prognose: positive is expected underspending."""
        return self.begroting - self.prognose

    def als_json(self) -> dict:
        return {
            "stroom": self.stroom,
            "naam": self.naam,
            **{k: f"{getattr(self, k):.2f}" for k in PC_BEDRAGEN},
        }


def pc_overzicht(gemeente, jaar: int, vandaag: date | None = None) -> list[PcRegel]:
    """Per budget stream: begroting (original + changes), realisatie to date, prognose to year
    end (realisatie plus what open commitments will invoice this year), and the difference.

    Realisatie of SPUK-IV and SPUK-OR is the R7 besteding of the current recomputation.
    Uitvoering counts each euro once: its costs are the R11 cost lines (the same as `saldi` and
    the Uitvoering page), not also the invoices on UITVOERING commitments, which those lines
    already cover. The cost lines are full-year amounts, so the realisatie of the current year
    is the part of the year gone by and the prognose the whole year. The begroting of uitvoering
    is the uitvoeringsbudget with its changes, as on the Uitvoering page, when one is recorded.
    """
    vandaag = vandaag or date.today()
    begroting = {
        (r["stroom"], r["soort"]): r["s"]
        for r in Begrotingsregel.objects.filter(gemeente=gemeente, jaar=jaar)
        .values("stroom", "soort")
        .annotate(s=Sum("bedrag"))
    }
    herberekening = huidige_herberekening(gemeente)
    besteding = {js.regeling: js.besteding for js in jaarsaldi(herberekening).filter(jaar=jaar)}
    uitvoering = next((u for u in uitvoering_details(gemeente) if u.jaar == jaar), None)
    if uitvoering is not None and uitvoering.heeft_budget:
        begroting[(Stroom.UITVOERING.value, "origineel")] = uitvoering.budget_basis
        begroting[(Stroom.UITVOERING.value, "wijziging")] = uitvoering.budget_wijzigingen
    kosten_uitvoering = uitvoering.kosten if uitvoering else NUL
    verwacht = _verwacht_te_factureren(gemeente, jaar, vandaag)
    regels = []
    for stroom in Stroom:
        if stroom == Stroom.UITVOERING:
            gerealiseerd = uitvoering_tot_nu(kosten_uitvoering, jaar, vandaag)
            prognose = kosten_uitvoering if jaar >= vandaag.year else gerealiseerd
        else:
            gerealiseerd = besteding.get(stroom, NUL) if jaar <= vandaag.year else NUL
            prognose = gerealiseerd + verwacht.get(stroom.value, NUL)
        regels.append(
            PcRegel(
                stroom=stroom.value,
                naam=str(stroom.label),
                origineel=begroting.get((stroom.value, "origineel"), NUL),
                wijzigingen=begroting.get((stroom.value, "wijziging"), NUL),
                realisatie=gerealiseerd,
                prognose=prognose,
            )
        )
    return regels


def uitvoering_tot_nu(kosten_jaar: Decimal, jaar: int, vandaag: date) -> Decimal:
    """Realisatie tot nu of uitvoering: the full-year R11 costs of a past year, nothing of a
    future year, and of the current year the part gone by (rounded half up to cents)."""
    if jaar < vandaag.year:
        return kosten_jaar
    if jaar > vandaag.year:
        return NUL
    return rond_af(kosten_jaar * (1 - rest_van_jaar(vandaag)))


def pc_cijfers(gemeente, jaar: int, vandaag: date | None = None) -> dict:
    """The P&C overview as stored in a PcStand (amounts as strings)."""
    vandaag = vandaag or date.today()
    return {
        "jaar": jaar,
        "peildatum": vandaag.isoformat(),
        "stromen": [r.als_json() for r in pc_overzicht(gemeente, jaar, vandaag)],
    }


def pc_momenten_label(moment: str) -> str:
    return str(PcMoment(moment).label)


# --- The dashboard ------------------------------------------------------------------------


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


def instroom_per_cohort(gemeente, cohort: int | None = None) -> list[dict]:
    """Inflow per cohort and doelgroep: [{"cohort", "asiel", "gezin", "overig", "totaal"}]."""
    qs = Inburgeraar.objects.filter(gemeente=gemeente)
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return list(
        qs.values("cohort")
        .annotate(
            asiel=Count("id", filter=Q(doelgroep="asiel")),
            gezin=Count("id", filter=Q(doelgroep="gezin")),
            overig=Count("id", filter=Q(doelgroep="overig")),
            totaal=Count("id"),
        )
        .order_by("cohort")
    )


def routemix(gemeente, cohort: int | None = None) -> list[dict]:
    """Current leerroute of asielstatushouders against the national mix (percent)."""
    from .scenario import ROUTEMIX_LANDELIJK

    qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    telling = qs.aggregate(
        totaal=Count("id"),
        **{route: Count("id", filter=Q(huidige_leerroute=route)) for route in ROUTEMIX_LANDELIJK},
    )
    totaal = telling.pop("totaal")
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


def kosten_per_asielstatushouder(gemeente, asiel_per_cohort: dict) -> list[dict]:
    """R10 kosten per cohort: invoices plus open SPUK commitments of asielstatushouders (from
    verplichtingen_voor_dashboard), divided by the number of asielstatushouders of the cohort."""
    aantallen = dict(
        Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel")
        .values("cohort")
        .annotate(n=Count("id"))
        .values_list("cohort", "n")
    )
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
    """verplichtingen_voor_dashboard, kept in the cache per completed recomputation.

    Every service that changes a commitment, an invoice or a status announces it
    (kern.signals.meld_wijziging) and the spuk app recomputes; a new completed run is a new
    key. So the cached pass over all commitments is as current as the R9 figures beside it, and
    only the first view after a change pays for it. The date is in the key for the signals.
    """
    if herberekening is None or herberekening.voltooid_op is None:
        return verplichtingen_voor_dashboard(gemeente, cohort)
    sleutel = ":".join(
        str(deel)
        for deel in (
            "rapportage-dashboard",
            gemeente.pk,
            herberekening.pk,
            herberekening.voltooid_op.timestamp(),
            cohort,
            date.today().isoformat(),
        )
    )
    return cache.get_or_set(
        sleutel, lambda: verplichtingen_voor_dashboard(gemeente, cohort), timeout=24 * 3600
    )


def dashboard(gemeente, *, jaar: int | None = None, cohort: int | None = None) -> Dashboard:
    herberekening = huidige_herberekening(gemeente)
    cohorten = cohortsaldi(herberekening)
    jaren = jaarsaldi(herberekening)
    if cohort is not None:
        cohorten = cohorten.filter(cohort=cohort)
    if jaar is not None:
        jaren = jaren.filter(jaar=jaar)
    open_per_aanbieder, asiel_per_cohort, signalen = _verplichtingen_bij_herberekening(
        gemeente, herberekening, cohort
    )
    return Dashboard(
        herberekening=herberekening,
        cohorten=list(cohorten),
        jaren=list(jaren),
        open_per_aanbieder=open_per_aanbieder,
        instroom=instroom_per_cohort(gemeente, cohort),
        routemix=routemix(gemeente, cohort),
        kosten_per_asiel=[
            k
            for k in kosten_per_asielstatushouder(gemeente, asiel_per_cohort)
            if cohort in (None, k["cohort"])
        ],
        signalen=signalen,
    )


# --- SiSa drill-down: the rows behind a figure -----------------------------------------------


def facturen_achter_besteding(gemeente, regeling: str, jaar: int, peildatum: date):
    """R7 besteding(t): invoices with boekjaar t on commitments charged to the regeling, as
    known on the peildatum of the recomputation (spuk.selectors.facturen_in_besteding, the
    selection the figure is kept equal to)."""
    return (
        facturen_in_besteding(gemeente, peildatum, regeling=regeling, boekjaar=jaar)
        .select_related("verplichting", "aanbieder", "verplichting__inburgeraar")
        .order_by("datum", "factuurnummer")
    )


def personen_achter_telling(gemeente, jaar: int, sleutel: str, peildatum: date):
    """The persons behind an R3 count of year t, with the SQL and the end-status configuration
    of the SPUK recomputation itself (spuk.berekening), so the list matches the count."""
    from spuk.berekening import eindstatussen, personen_met_telgegevens

    if sleutel.startswith("asiel_"):
        qs = Inburgeraar.objects.filter(
            gemeente=gemeente, doelgroep="asiel", cohort=jaar - int(sleutel[-1]) + 1
        )
    elif sleutel == "onderwijsroute":
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep="asiel", cohort=jaar)
    else:
        qs = Inburgeraar.objects.filter(gemeente=gemeente, doelgroep=sleutel, cohort=jaar)
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    qs = personen_met_telgegevens(qs, peildatum, config).filter(
        Q(eind_jaar__isnull=True) | Q(eind_jaar__gt=jaar)
    )
    if sleutel == "onderwijsroute":
        qs = qs.filter(route_1="OR")
    return qs.order_by("kenmerk")


# --- SiSa -----------------------------------------------------------------------------------


def sisa_regels(gemeente, jaar: int, herberekening: Herberekening | None):
    """The SiSa lines of year T: definitions of that year (defaults where none are stored)
    with the R7 amounts and R3 counts of the given recomputation, the cumulative amounts and
    the correction over T-1 (rapportage.sisa_cijfers). A fixed number of queries."""
    from .models import SisaIndicator, SisaRegeling
    from .sisa import regelingen_van_jaar, standaard_indicatoren, standaard_regeling
    from .sisa import sisa_regels as combineer
    from .sisa_cijfers import correcties, cumulatieve_bedragen

    saldi = {js.regeling: js for js in jaarsaldi(herberekening).filter(jaar=jaar)}
    telling = tellingen(herberekening).filter(jaar=jaar).first()
    opgeslagen = {r.regeling: r for r in SisaRegeling.objects.filter(jaar=jaar)}
    indicatoren = list(SisaIndicator.objects.filter(jaar=jaar))
    codes = regelingen_van_jaar(jaar, set(saldi))
    met_indicatoren = {i.regeling for i in indicatoren}
    for code in codes:
        if code not in met_indicatoren:
            indicatoren += standaard_indicatoren(jaar, code)
    return combineer(
        jaar=jaar,
        regelingen=[opgeslagen.get(c) or standaard_regeling(jaar, c) for c in codes],
        indicatoren=indicatoren,
        saldi=saldi,
        telling=telling,
        cumulatief=cumulatieve_bedragen(herberekening, jaar),
        correcties=correcties(gemeente, jaar, herberekening.peildatum) if herberekening else {},
    )
