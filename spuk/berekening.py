"""Reading the source rows for a recomputation: SQL aggregates, a handful of queries per batch.

Everything is grouped in the database (persons per cohort/doelgroep/end year, invoices per
regeling/boekjaar and per cohort, open amounts per cohort); Python only receives the small
aggregated groups and the few beschikkingen and ontvangsten, and applies spuk.rekenregels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    IntegerField,
    Min,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from inburgering.codes import Status, Stelsel
from inburgering.models import (
    Bestedingsmaandstand,
    Bestedingsstand,
    Factuur,
    Factuurstand,
    Inburgeraar,
    Openstand,
    Statuswijziging,
    Verplichting,
)
from inburgering.standen import open_bijdrage
from kern.geld import NUL
from kern.sql import geld, jaar_van, plaatsen

from . import rekenregels as rr
from .models import (
    STANDAARD_BETAALRITMES,
    Beschikking,
    Betaalritme,
    Cohortrekening,
    Herverdelingsdeel,
    Ontvangst,
    Ontvangstverdeling,
    Parameter,
    Regeling,
    Regelinginstelling,
    Telstatus,
)

GELD = DecimalField(max_digits=16, decimal_places=2)
# R3: the statuses whose latest one on 31 December says what holds then (route, doelgroep,
# temporary vrijstelling), and the value that pauses the count.
PAUZE = Status.TIJDELIJK_VRIJGESTELD.value
GEEN_STATUS = "''"
BIJ_JAAREINDE = ", ".join(
    f"'{s.value}'"
    for s in (Status.OVERSTAP, Status.DOELGROEP, Status.TIJDELIJK_VRIJGESTELD, Status.ACTIEF)
)
NUL_GELD = Value(Decimal("0.00"), output_field=GELD)


@dataclass
class Bronnen:
    """The aggregated source figures of one gemeente for one peildatum."""

    gemeente_id: int
    peildatum: date
    groepen: list[rr.Groep] = field(default_factory=list)
    parameters: rr.Parameters | None = None
    beschikkingen: dict[tuple[str, int], list[rr.BeschikkingFeit]] = field(
        default_factory=lambda: defaultdict(list)
    )
    ontvangsten: list[tuple[int, str, int, Decimal]] = field(default_factory=list)
    # R6: the booked cohort parts per receipt, and the herverdelingen (jaar, cohort, bedrag).
    geboekt: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    herverdeeld: list[tuple[int, int, Decimal]] = field(default_factory=list)
    besteding: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    besteed_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    open_per_cohort: dict[int, Decimal] = field(default_factory=dict)
    caps: dict[str, Decimal] = field(default_factory=dict)
    grootboek_cohort: dict[int, str] = field(default_factory=dict)


def eindstatussen(gemeente_ids) -> dict[int, dict[str, str]]:
    """R3 configuration per gemeente: status -> wijze; the default list where none is set."""
    per_gemeente: dict[int, dict[str, str]] = {}
    for gemeente_id, status, wijze in Telstatus.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "status", "wijze"):
        per_gemeente.setdefault(gemeente_id, {})[status] = wijze
    return {g: per_gemeente.get(g, dict(rr.STANDAARD_EINDSTATUSSEN)) for g in gemeente_ids}


def eind_jaar_expressie(config: dict[str, str]):
    """SQL for R3's first year without count of one status row (NULL when it has no effect)."""
    op_datum = [s for s, w in config.items() if w == rr.OP_DATUM]
    na_jaar = [s for s, w in config.items() if w == rr.NA_JAAR]
    return Case(
        When(status__in=op_datum, then=ExtractYear("datum")),
        When(status__in=na_jaar, then=ExtractYear("datum") + 1),
        default=None,
        output_field=IntegerField(),
    )


def personen_met_telgegevens(queryset, peildatum: date, config: dict[str, str]):
    """Annotate persons with what R3 needs: eind_jaar, begin_jaar (the year they moved in, when
    after the cohort year) and per inburgeringsjaar k = 1..3 what holds on 31 December of it:
    route_k (the last overstap, else the leerroute at the start), doelgroep_k (the last
    `doelgroep` status, else the registered doelgroep) and pauze_k (the last of
    tijdelijk_vrijgesteld / actief). groep_van() turns one into an rr.Groep."""
    statussen = Statuswijziging.objects.filter(inburgeraar=OuterRef("pk"), datum__lte=peildatum)
    eind = (
        statussen.filter(status__in=list(config))
        .annotate(eind=eind_jaar_expressie(config))
        .values("inburgeraar")
        .annotate(m=Min("eind"))
        .values("m")
    )

    def laatste(k: int, statuslijst, veld: str):
        """The `veld` of the last status of `statuslijst` up to 31-12 of inburgeringsjaar k."""
        return Subquery(
            statussen.filter(status__in=statuslijst, datum__year__lte=OuterRef("cohort") + (k - 1))
            .order_by("-datum", "-id")
            .values(veld)[:1],
            output_field=CharField(),
        )

    per_k = {}
    for k in (1, 2, 3):
        per_k[f"route_{k}"] = Coalesce(laatste(k, [Status.OVERSTAP], "leerroute"), F("leerroute"))
        per_k[f"doelgroep_{k}"] = Coalesce(
            laatste(k, [Status.DOELGROEP], "doelgroep"), F("doelgroep")
        )
        per_k[f"pauze_{k}"] = laatste(k, [Status.TIJDELIJK_VRIJGESTELD, Status.ACTIEF], "status")
    return queryset.annotate(
        eind_jaar=Subquery(eind, output_field=IntegerField()),
        begin_jaar=Case(
            When(vestigingsdatum__year__gt=F("cohort"), then=ExtractYear("vestigingsdatum")),
            default=None,
            output_field=IntegerField(),
        ),
        **per_k,
    )


def groep_van(persoon) -> rr.Groep:
    """The R3 group (of one) of a person annotated by personen_met_telgegevens."""
    doelgroepen = tuple(getattr(persoon, f"doelgroep_{k}") for k in (1, 2, 3))
    return rr.Groep(
        persoon.cohort,
        persoon.doelgroep,
        persoon.eind_jaar,
        persoon.route_1 == "OR",
        1,
        persoon.route_2 == "OR",
        persoon.route_3 == "OR",
        begin_jaar=persoon.begin_jaar,
        doelgroepen=None if set(doelgroepen) == {persoon.doelgroep} else doelgroepen,
        gepauzeerd=tuple(getattr(persoon, f"pauze_{k}") == PAUZE for k in (1, 2, 3)),
        wi2013=persoon.stelsel != Stelsel.WI2021,
    )


def _filter(kolom: str, gemeente_ids, alle: bool) -> tuple[str, list]:
    """`kolom IN (...)` for a batch, or no filter at all when the batch is every gemeente."""
    if alle:
        return "1 = 1", []
    tekst, waarden = plaatsen(gemeente_ids)
    return f"{kolom} IN ({tekst})", waarden


def groepen_per_gemeente(
    gemeente_ids, peildatum, configs, *, alle: bool = False
) -> dict[int, list[rr.Groep]]:
    """R3 in SQL: persons grouped by gemeente, cohort, doelgroep, first year without count and
    whether their leerroute on 31 December of the cohort year is the Onderwijsroute.

    Joins (not correlated subqueries), so that 200,000 persons cost one pass over the register.
    The ORM twin for single persons and lists is personen_met_telgegevens; a test keeps both equal.
    """
    per_gemeente: dict[int, list[rr.Groep]] = defaultdict(list)
    per_config: dict[tuple, list[int]] = defaultdict(list)
    for gemeente_id in gemeente_ids:
        per_config[tuple(sorted(configs[gemeente_id].items()))].append(gemeente_id)
    for config, ids in per_config.items():
        op_datum = [st for st, w in config if w == rr.OP_DATUM]
        na_jaar = [st for st, w in config if w == rr.NA_JAAR]
        # Without a gemeente filter only when one configuration covers the whole batch.
        zonder_filter = alle and len(per_config) == 1
        fi, fi_par = _filter("i.gemeente_id", ids, zonder_filter)
        fp, fp_par = _filter("p.gemeente_id", ids, zonder_filter)
        op_in, op_par = plaatsen(op_datum)
        na_in, na_par = plaatsen(na_jaar)
        alle_in, alle_par = plaatsen(op_datum + na_jaar)
        # The last status of each kind per year-end bucket: b = 0 up to 31-12 of the cohort
        # year, 1 and 2 the two years after. What holds on 31-12 of inburgeringsjaar k is the
        # latest bucket up to k-1: the leerroute (overstap), the doelgroep (status doelgroep)
        # and whether a temporary vrijstelling holds (the last of tijdelijk_vrijgesteld/actief).
        jaar = jaar_van("s.datum")
        bak = f"CASE WHEN {jaar} <= i.cohort THEN 0 ELSE {jaar} - i.cohort END"
        soort = "CASE s.status WHEN 'overstap' THEN 'r' WHEN 'doelgroep' THEN 'd' ELSE 'p' END"

        def tot(kolom: str, k: int, anders: str) -> str:
            return f"COALESCE({', '.join(f'r.{kolom}{b}' for b in range(k - 1, -1, -1))}, {anders})"

        per_k = ",\n".join(
            f"CASE WHEN {tot('r', k, 'p.leerroute')} = 'OR' THEN 1 ELSE 0 END AS or_{k}, "
            f"{tot('d', k, 'p.doelgroep')} AS dg_{k}, "
            f"CASE WHEN {tot('p', k, GEEN_STATUS)} = '{PAUZE}' THEN 1 ELSE 0 END AS pz_{k}"
            for k in (1, 2, 3)
        )
        laatste = ",\n".join(
            f"MAX(CASE WHEN soort = '{c}' AND b = {b} THEN {kolom} END) AS {c}{b}"
            for c, kolom in (("r", "leerroute"), ("d", "doelgroep"), ("p", "status"))
            for b in (0, 1, 2)
        )
        vestiging = jaar_van("p.vestigingsdatum")
        sql = f"""
            SELECT p.gemeente_id, p.cohort, p.doelgroep, e.eind_jaar,
                   CASE WHEN {vestiging} > p.cohort THEN {vestiging} END AS begin_jaar,
                   CASE WHEN p.stelsel = '{Stelsel.WI2021.value}' THEN 0 ELSE 1 END AS wi2013,
                   {per_k},
                   COUNT(*)
            FROM {Inburgeraar._meta.db_table} p
            LEFT JOIN (
                SELECT s.inburgeraar_id,
                       MIN(CASE WHEN s.status IN ({op_in}) THEN {jaar_van("s.datum")}
                                WHEN s.status IN ({na_in}) THEN {jaar_van("s.datum")} + 1 END)
                           AS eind_jaar
                FROM {Statuswijziging._meta.db_table} s
                JOIN {Inburgeraar._meta.db_table} i ON i.id = s.inburgeraar_id
                WHERE {fi} AND s.datum <= %s AND s.status IN ({alle_in})
                GROUP BY s.inburgeraar_id
            ) e ON e.inburgeraar_id = p.id
            LEFT JOIN (
                SELECT inburgeraar_id, {laatste}
                FROM (
                    SELECT s.inburgeraar_id, s.leerroute, s.doelgroep, s.status,
                           {soort} AS soort, {bak} AS b,
                           ROW_NUMBER() OVER (
                               PARTITION BY s.inburgeraar_id, {soort}, {bak}
                               ORDER BY s.datum DESC, s.id DESC
                           ) AS nr
                    FROM {Statuswijziging._meta.db_table} s
                    JOIN {Inburgeraar._meta.db_table} i ON i.id = s.inburgeraar_id
                    WHERE {fi} AND s.status IN ({BIJ_JAAREINDE})
                      AND s.datum <= %s AND {jaar_van("s.datum")} <= i.cohort + 2
                ) laatste WHERE nr = 1
                GROUP BY inburgeraar_id
            ) r ON r.inburgeraar_id = p.id
            WHERE {fp}
            GROUP BY p.gemeente_id, p.cohort, p.doelgroep, e.eind_jaar, begin_jaar, wi2013,
                     or_1, dg_1, pz_1, or_2, dg_2, pz_2, or_3, dg_3, pz_3
        """  # noqa: S608 (only placeholders, table names and fixed codes are formatted in)
        params = [*op_par, *na_par, *fi_par, peildatum, *alle_par, *fi_par, peildatum, *fp_par]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for rij in cursor.fetchall():
                gemeente_id, cohort, doelgroep, eind, begin, wi2013, *per_k, aantal = rij
                routes, doelgroepen, pauzes = per_k[0::3], per_k[1::3], per_k[2::3]
                per_gemeente[gemeente_id].append(
                    rr.Groep(
                        cohort,
                        doelgroep,
                        eind,
                        bool(routes[0]),
                        aantal,
                        bool(routes[1]),
                        bool(routes[2]),
                        begin_jaar=begin,
                        doelgroepen=(
                            None if set(doelgroepen) == {doelgroep} else tuple(doelgroepen)
                        ),
                        gepauzeerd=tuple(bool(pz) for pz in pauzes),
                        wi2013=bool(wi2013),
                    )
                )
    return per_gemeente


def zorg_voor_betaalritmes(gemeente_ids) -> None:
    """A gemeente without betaalritmes gets the standard ones (61/31/8 to 2025, 40/30/30 after)."""
    met = set(
        Betaalritme.objects.filter(gemeente_id__in=gemeente_ids).values_list(
            "gemeente_id", flat=True
        )
    )
    nieuw = [
        Betaalritme(
            gemeente_id=g, vanaf_cohort=vanaf, tot_en_met_cohort=tot, jaar1=r1, jaar2=r2, jaar3=r3
        )
        for g in gemeente_ids
        if g not in met
        for vanaf, tot, r1, r2, r3 in STANDAARD_BETAALRITMES
    ]
    if nieuw:
        Betaalritme.objects.bulk_create(nieuw, ignore_conflicts=True)


def parameters_per_gemeente(gemeente_ids) -> dict[int, rr.Parameters]:
    zorg_voor_betaalritmes(gemeente_ids)
    bedragen: dict[int, dict] = defaultdict(dict)
    traject: dict[int, dict] = defaultdict(dict)
    for g, jaar, cat, k, bedrag in Parameter.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "jaar", "categorie", "inburgeringsjaar", "bedrag"):
        if cat == Parameter.Categorie.TRAJECTBEDRAG:
            traject[g][jaar] = bedrag
        else:
            bedragen[g][(jaar, cat, k or 1)] = bedrag
    ritmes: dict[int, list] = defaultdict(list)
    for g, vanaf, tot, r1, r2, r3 in Betaalritme.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "vanaf_cohort", "tot_en_met_cohort", "jaar1", "jaar2", "jaar3"):
        ritmes[g].append((vanaf, tot, (r1, r2, r3)))
    return {
        g: rr.Parameters(bedragen=bedragen[g], trajectbedragen=traject[g], ritmes=ritmes[g])
        for g in gemeente_ids
    }


def lees_bronnen(
    gemeente_ids: list[int], peildatum: date, *, alle: bool = False
) -> dict[int, Bronnen]:
    """All aggregated inputs of a recomputation for a batch of gemeenten (fixed query count).

    `alle`: the batch is every gemeente, so the big aggregates need no gemeente filter.
    """
    bronnen = {g: Bronnen(gemeente_id=g, peildatum=peildatum) for g in gemeente_ids}
    configs = eindstatussen(gemeente_ids)
    for g, groepen in groepen_per_gemeente(gemeente_ids, peildatum, configs, alle=alle).items():
        if g in bronnen:  # a gemeente added during an unfiltered run waits for the next
            bronnen[g].groepen = groepen
    for g, parameters in parameters_per_gemeente(gemeente_ids).items():
        bronnen[g].parameters = parameters

    _beschikkingen(bronnen, gemeente_ids, peildatum)
    _ontvangsten(bronnen, gemeente_ids, peildatum)

    for g, regeling, cohort, jaar, bedrag in _besteding_per_cohort(
        gemeente_ids, peildatum, alle=alle
    ):
        if g in bronnen:  # R7 per regeling and boekjaar; R9 besteed per SPUK-IV cohort
            b = bronnen[g]
            b.besteding[(regeling, jaar)] = b.besteding.get((regeling, jaar), NUL) + bedrag
            if regeling == Regeling.SPUK_IV:
                b.besteed_per_cohort[cohort] = b.besteed_per_cohort.get(cohort, NUL) + bedrag
    for g, cohort, open_ in _open_per_cohort(gemeente_ids, peildatum, alle=alle):
        if g in bronnen:
            bronnen[g].open_per_cohort[cohort] = open_

    _instellingen(bronnen, gemeente_ids)
    return bronnen


def _beschikkingen(bronnen: dict[int, Bronnen], gemeente_ids, peildatum) -> None:
    """R5: the beschikkingen up to the peildatum."""
    for g, regeling, jaar, soort, datum, pk, bedrag in Beschikking.objects.filter(
        gemeente_id__in=gemeente_ids, datum__lte=peildatum
    ).values_list("gemeente_id", "regeling", "jaar", "soort", "datum", "id", "bedrag"):
        bronnen[g].beschikkingen[(regeling, jaar)].append(
            rr.BeschikkingFeit(soort, datum, pk, bedrag)
        )


def _ontvangsten(bronnen: dict[int, Bronnen], gemeente_ids, peildatum) -> None:
    """R6: the receipts, their booked cohort parts and the herverdelingen."""
    for g, pk, regeling, jaar, bedrag in (
        Ontvangst.objects.filter(gemeente_id__in=gemeente_ids, datum__lte=peildatum)
        .order_by("id")
        .values_list("gemeente_id", "id", "regeling", "jaar", "bedrag")
    ):
        bronnen[g].ontvangsten.append((pk, regeling, jaar, bedrag))
    for g, pk, cohort, bedrag in Ontvangstverdeling.objects.filter(
        gemeente_id__in=gemeente_ids, ontvangst__datum__lte=peildatum
    ).values_list("gemeente_id", "ontvangst_id", "cohort", "bedrag"):
        bronnen[g].geboekt.setdefault(pk, {})[cohort] = bedrag
    for g, jaar, cohort, bedrag in Herverdelingsdeel.objects.filter(
        herverdeling__gemeente_id__in=gemeente_ids, herverdeling__datum__lte=peildatum
    ).values_list("herverdeling__gemeente_id", "herverdeling__jaar", "cohort", "bedrag"):
        bronnen[g].herverdeeld.append((jaar, cohort, bedrag))


def _instellingen(bronnen: dict[int, Bronnen], gemeente_ids) -> None:
    """R7's reservering cap per regeling and the ledger account per cohort."""
    for g, regeling, cap in Regelinginstelling.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "regeling", "reservering_cap"):
        bronnen[g].caps[regeling] = cap
    for g, cohort, rekening in Cohortrekening.objects.filter(
        gemeente_id__in=gemeente_ids
    ).values_list("gemeente_id", "cohort", "grootboekrekening"):
        bronnen[g].grootboek_cohort[cohort] = rekening


# --- From sources to figures (pure, on the aggregated groups) --------------------------------


@dataclass
class Uitkomst:
    tellingen: list[rr.TellingJaar]
    jaren: list[tuple[str, rr.JaarBalans, str]]  # regeling, balans, bron
    cohorten: list[tuple[rr.CohortRuimte]]
    # ontvangst_id, cohort, booked part, part with this run's shares, rekening
    ontvangstdelen: list[tuple[int, int, Decimal, Decimal, str]]
    # R6: receipts that had no booked parts yet, split now: (ontvangst_id, cohort, bedrag)
    te_boeken: list[tuple[int, int, Decimal]] = field(default_factory=list)


def bereken(b: Bronnen) -> Uitkomst:
    """Apply R3-R7 and R9 to the aggregated sources of one gemeente."""
    vandaag_jaar = b.peildatum.year
    eerste = min((g.cohort for g in b.groepen), default=None)
    tellingen_cache: dict[int, rr.TellingJaar] = {}

    def telling(jaar: int) -> rr.TellingJaar:
        if jaar not in tellingen_cache:
            tellingen_cache[jaar] = rr.telling(jaar, b.groepen, b.parameters)
        return tellingen_cache[jaar]

    tellingen = [telling(t) for t in range(eerste, vandaag_jaar + 1)] if eerste else []

    def toekenning(regeling: str, jaar: int):
        if regeling == Regeling.SPUK_IV:
            raming = telling(jaar).berekende_toekenning
        else:  # R5: the SPUK-OR raming from the national parameters, or none
            raming = rr.or_raming(jaar, rr.or_aantal(jaar, b.groepen), b.parameters)
        return rr.kies_toekenning(b.beschikkingen.get((regeling, jaar), []), raming)

    jaren = []
    for regeling in Regeling.values:
        jaartallen = (
            {j for (r, j) in b.beschikkingen if r == regeling}
            | {j for (_, r, j, _) in b.ontvangsten if r == regeling}
            | {j for (r, j) in b.besteding if r == regeling}
        )
        invoer, bronnen = [], {}
        for jaar in rr.begrotingsjaren(jaartallen):
            bedrag, bron = toekenning(regeling, jaar)
            bronnen[jaar] = bron
            invoer.append(rr.JaarInvoer(jaar, bedrag, b.besteding.get((regeling, jaar), NUL)))
        cap = b.caps.get(regeling, Decimal("1"))
        jaren += [(regeling, bal, bronnen[bal.jaar]) for bal in rr.jaarbalansen(invoer, cap)]

    # R6: SPUK-IV receipts on the cohort ledgers as booked (a booked split never moves),
    # beside a split with this run's shares; a receipt not booked yet is split now.
    ontvangstdelen, te_boeken = [], []
    ontvangen: dict[int, Decimal] = defaultdict(lambda: NUL)
    for pk, regeling, jaar, bedrag in b.ontvangsten:
        if regeling != Regeling.SPUK_IV:
            continue
        huidig = rr.splits_ontvangst(bedrag, jaar, telling(jaar).aandelen)
        geboekt = b.geboekt.get(pk)
        if geboekt is None:
            geboekt = boekbare_delen(huidig, jaar)
            te_boeken += [(pk, cohort, deel) for cohort, deel in geboekt.items()]
        for cohort in sorted(set(geboekt) | set(huidig), reverse=True):
            deel, deel_huidig = geboekt.get(cohort, NUL), huidig.get(cohort, NUL)
            if deel or deel_huidig or cohort == jaar:
                rekening = b.grootboek_cohort.get(cohort, "")
                ontvangstdelen.append((pk, cohort, deel, deel_huidig, rekening))
                ontvangen[cohort] += deel
    for _jaar, cohort, bedrag in b.herverdeeld:
        ontvangen[cohort] += bedrag

    cohorten = []
    if eerste:
        toekenningen = {
            t: toekenning(Regeling.SPUK_IV, t)[0] for t in range(eerste, vandaag_jaar + 1)
        }
        aandelen = {t: telling(t).aandelen for t in toekenningen}
        toegekend = rr.toegekend_per_cohort(toekenningen, aandelen, vandaag_jaar)
        for cohort in range(eerste, vandaag_jaar + 1):
            cohorten.append(
                rr.CohortRuimte(
                    cohort=cohort,
                    toegekend=toegekend.get(cohort, NUL),
                    verwacht=rr.verwacht_voor_cohort(cohort, b.groepen, b.parameters, vandaag_jaar),
                    ontvangen=ontvangen.get(cohort, NUL),
                    besteed=b.besteed_per_cohort.get(cohort, NUL),
                    open=b.open_per_cohort.get(cohort, NUL),
                )
            )
    return Uitkomst(tellingen, jaren, cohorten, ontvangstdelen, te_boeken)


def boekbare_delen(delen: dict[int, Decimal], jaar: int) -> dict[int, Decimal]:
    """The parts of an R6 split that are booked: those not 0, and always cohort t (so that a
    booked receipt always has a row on its own year's ledger)."""
    return {cohort: deel for cohort, deel in delen.items() if deel or cohort == jaar}


# --- R6 booking and herverdeling: the current shares, read from the register ----------------


def huidige_aandelen(gemeente_id: int, jaren, peildatum: date) -> dict[int, list[Decimal]]:
    """The R4 cohort shares of the years `jaren` from the register as it is on `peildatum`
    (the weights a receipt booked now is split with, R6). A fixed number of queries."""
    groepen = groepen_per_gemeente([gemeente_id], peildatum, eindstatussen([gemeente_id]))
    parameters = parameters_per_gemeente([gemeente_id])[gemeente_id]
    per_gemeente = groepen.get(gemeente_id, [])
    return {jaar: rr.telling(jaar, per_gemeente, parameters).aandelen for jaar in set(jaren)}


@dataclass(frozen=True)
class HerverdelingRegel:
    cohort: int
    geboekt: Decimal  # booked parts plus earlier herverdelingen
    huidig: Decimal  # a split of the same receipts with today's shares
    verschuiving: Decimal  # what the herverdeling books (huidig - geboekt)


@dataclass(frozen=True)
class HerverdelingVoorstel:
    jaar: int
    ontvangst_ids: list[int]
    regels: list[HerverdelingRegel]

    @property
    def delen(self) -> dict[int, Decimal]:
        return {r.cohort: r.verschuiving for r in self.regels if r.verschuiving}

    @property
    def is_nodig(self) -> bool:
        return bool(self.delen)


def herverdeling_voorstel(gemeente_id: int, jaar: int, peildatum: date) -> HerverdelingVoorstel:
    """R6: per cohort ledger of year `jaar`, the booked parts of the SPUK-IV receipts of that
    year (plus earlier herverdelingen) against a split of the same receipts with the shares of
    today, and what a herverdeling moves. Used for the preview and by the booking service."""
    ontvangsten = list(
        Ontvangst.objects.filter(
            gemeente_id=gemeente_id, regeling=Regeling.SPUK_IV, jaar=jaar, datum__lte=peildatum
        )
        .order_by("id")
        .values_list("id", "bedrag")
    )
    aandelen = huidige_aandelen(gemeente_id, [jaar], peildatum)[jaar]
    geboekt: dict[int, Decimal] = defaultdict(lambda: NUL)
    huidig: dict[int, Decimal] = defaultdict(lambda: NUL)
    per_ontvangst: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, cohort, bedrag in Ontvangstverdeling.objects.filter(
        ontvangst_id__in=[pk for pk, _ in ontvangsten]
    ).values_list("ontvangst_id", "cohort", "bedrag"):
        per_ontvangst[pk][cohort] = bedrag
    for pk, bedrag in ontvangsten:
        nu = rr.splits_ontvangst(bedrag, jaar, aandelen)
        # A receipt not booked yet will be booked with today's shares: nothing to move.
        for cohort, deel in (per_ontvangst.get(pk) or nu).items():
            geboekt[cohort] += deel
        for cohort, deel in nu.items():
            huidig[cohort] += deel
    for cohort, bedrag in Herverdelingsdeel.objects.filter(
        herverdeling__gemeente_id=gemeente_id,
        herverdeling__jaar=jaar,
        herverdeling__datum__lte=peildatum,
    ).values_list("cohort", "bedrag"):
        geboekt[cohort] += bedrag
    delen = rr.herverdeling(geboekt, huidig)
    regels = [
        HerverdelingRegel(c, geboekt.get(c, NUL), huidig.get(c, NUL), delen.get(c, NUL))
        for c in sorted(set(geboekt) | set(huidig), reverse=True)
        if geboekt.get(c) or huidig.get(c) or c in delen
    ]
    return HerverdelingVoorstel(jaar, [pk for pk, _ in ontvangsten], regels)


def _maanden(peildatum: date) -> tuple[date, date]:
    """The first day of the peildatum's month and of the month after it."""
    maand = peildatum.replace(day=1)
    return maand, (maand + timedelta(days=32)).replace(day=1)


def _besteding_per_cohort(gemeente_ids, peildatum, *, alle: bool = False):
    """R7/R9 besteding: invoices (datum <= peildatum) per regeling, cohort and boekjaar, on
    commitments (datum <= peildatum) financed by that regeling.

    Read from the Bestedingsstand (every invoice ever booked, kept by the database), less what
    the peildatum leaves out: the invoices on commitments of the months after its month (the
    Bestedingsmaandstand of those months), on commitments dated later in its own month, and
    invoices dated after it. For today's peildatum those are a few rows: no pass over the
    invoices or the commitments. A group is there when at least one invoice counts (as a sum
    over the invoices would have it).
    """
    fb, fb_par = _filter("b.gemeente_id", gemeente_ids, alle)
    fm, fm_par = _filter("m.gemeente_id", gemeente_ids, alle)
    ff, ff_par = _filter("f.gemeente_id", gemeente_ids, alle)
    fv, fv_par = _filter("v.gemeente_id", gemeente_ids, alle)
    r_in, r_par = plaatsen(Regeling.values)
    maand, volgende = _maanden(peildatum)
    sql = f"""
        SELECT gemeente_id, financiering, cohort, boekjaar, SUM(bedrag) FROM (
            SELECT b.gemeente_id, b.financiering, b.cohort, b.boekjaar, b.bedrag, b.aantal
            FROM {Bestedingsstand._meta.db_table} b
            WHERE {fb} AND b.financiering IN ({r_in})
            UNION ALL
            SELECT m.gemeente_id, m.financiering, m.cohort, m.boekjaar, -m.bedrag, -m.aantal
            FROM {Bestedingsmaandstand._meta.db_table} m
            WHERE m.maand > %s AND {fm} AND m.financiering IN ({r_in})
            UNION ALL
            SELECT v.gemeente_id, v.financiering, v.cohort, f.boekjaar, -f.last, -1
            FROM {Verplichting._meta.db_table} v
            JOIN {Factuur._meta.db_table} f ON f.verplichting_id = v.id
            WHERE v.datum > %s AND v.datum < %s AND {fv} AND v.financiering IN ({r_in})
            UNION ALL
            SELECT v.gemeente_id, v.financiering, v.cohort, f.boekjaar, -f.last, -1
            FROM {Factuur._meta.db_table} f
            JOIN {Verplichting._meta.db_table} v ON v.id = f.verplichting_id
            WHERE f.datum > %s AND {ff} AND v.datum <= %s AND v.financiering IN ({r_in})
        ) besteding
        GROUP BY gemeente_id, financiering, cohort, boekjaar
        HAVING SUM(aantal) > 0
    """  # noqa: S608 (only placeholders and table names are formatted in)
    params = [
        *fb_par,
        *r_par,
        maand,
        *fm_par,
        *r_par,
        peildatum,
        volgende,
        *fv_par,
        *r_par,
        peildatum,
        *ff_par,
        peildatum,
        *r_par,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(g, r, c, j, geld(t)) for g, r, c, j, t in cursor.fetchall()]


def _open_per_cohort(
    gemeente_ids, peildatum, *, alle: bool = False, regeling: str = Regeling.SPUK_IV
):
    """R9 open per cohort of the SPUK-IV commitments (or of another regeling's, for its key
    figures): open(v) = max(0, bedrag - invoiced on the peildatum) while v is open on it (R8;
    a second formulation of Verplichting.objects.met_open_bedrag for speed, kept equal to it
    and to the rule by tests/spuk/test_besteding_op_peildatum.py).

    Read from the Openstand (every commitment's open part before closing, kept by the
    database): the rows dated up to the peildatum's month and not closed by its end. Only the
    commitments the peildatum sees otherwise are read one by one, by index: dated or closed
    later in its month, or invoiced after it; for each, its part on the peildatum replaces
    the part those rows hold."""
    fo, fo_par = _filter("o.gemeente_id", gemeente_ids, alle)
    ff, ff_par = _filter("f.gemeente_id", gemeente_ids, alle)
    fv, fv_par = _filter("v.gemeente_id", gemeente_ids, alle)
    maand, volgende = _maanden(peildatum)
    grootste = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    gefactureerd = "(COALESCE(s.gefactureerd, 0) - COALESCE(laat.bedrag, 0))"
    sql = f"""
        SELECT gemeente_id, cohort, SUM(bedrag) FROM (
            SELECT o.gemeente_id, o.cohort, o.open AS bedrag
            FROM {Openstand._meta.db_table} o
            WHERE {fo} AND o.financiering = %s AND o.maand <= %s AND o.gesloten_maand > %s
            UNION ALL
            SELECT v.gemeente_id, v.cohort,
                   CASE WHEN v.datum > %s OR v.gesloten_op <= %s THEN 0
                        ELSE {grootste}(v.bedrag - {gefactureerd}, 0) END
                   - CASE WHEN v.gesloten_op < %s THEN 0
                          ELSE {open_bijdrage("v", "s.gefactureerd")} END
            FROM {Verplichting._meta.db_table} v
            LEFT JOIN {Factuurstand._meta.db_table} s ON s.verplichting_id = v.id
            LEFT JOIN (
                SELECT f.verplichting_id, SUM(f.last) AS bedrag FROM {Factuur._meta.db_table} f
                WHERE f.datum > %s AND {ff}
                GROUP BY f.verplichting_id
            ) laat ON laat.verplichting_id = v.id
            WHERE v.financiering = %s AND v.datum < %s AND {fv}
              AND (v.gesloten_op IS NULL OR v.gesloten_op >= %s)
              AND v.id IN (
                SELECT v.id FROM {Verplichting._meta.db_table} v
                WHERE v.datum > %s AND v.datum < %s AND {fv}
                UNION
                SELECT v.id FROM {Verplichting._meta.db_table} v
                WHERE v.gesloten_op > %s AND v.gesloten_op < %s AND {fv}
                UNION
                SELECT f.verplichting_id FROM {Factuur._meta.db_table} f
                WHERE f.datum > %s AND {ff}
            )
        ) open_per_cohort
        GROUP BY gemeente_id, cohort
    """  # noqa: S608 (only placeholders, table names and fixed SQL are formatted in)
    params = [
        *fo_par,
        regeling,
        maand,
        maand,
        peildatum,
        peildatum,
        volgende,
        peildatum,
        *ff_par,
        regeling,
        volgende,
        *fv_par,
        maand,
        peildatum,
        volgende,
        *fv_par,
        peildatum,
        volgende,
        *fv_par,
        peildatum,
        *ff_par,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(g, c, geld(o)) for g, c, o in cursor.fetchall()]


def open_van_regeling(gemeente_id: int, peildatum, regeling: str) -> Decimal:
    """R8 open of all commitments of one regeling on the peildatum (one query, summed in SQL)."""
    return sum(
        (o for _, _, o in _open_per_cohort([gemeente_id], peildatum, regeling=regeling)),
        Decimal("0.00"),
    )
