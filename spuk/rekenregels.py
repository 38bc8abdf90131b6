"""The SPUK money rules R3-R7, R9 and R10 of REKENREGELS.md. Pure: no Django, Decimals in and out.

The recomputation (spuk.services) aggregates the register in SQL into small groups (persons per
cohort, doelgroep and end year) and hands those groups to these functions; every split goes
through kern.geld.verdeel (R1), so parts always add up to the amount they split.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kern.geld import NUL, rond_af, verdeel

ASIEL, GEZIN, OVERIG, ONDERWIJSROUTE = "asiel", "gezin", "overig", "onderwijsroute"
# R4: the onderwijsroute component inside SPUK-IV exists from this budget year on.
ONDERWIJSROUTE_COMPONENT_VANAF = 2026

# R3 default: statuses that end the count on their date ("op_datum": the count stops in the
# year of the status itself) or after their year ("na_jaar": AOW in year t still counts in t).
OP_DATUM, NA_JAAR = "op_datum", "na_jaar"
STANDAARD_EINDSTATUSSEN: Mapping[str, str] = {
    "ontheven": OP_DATUM,
    "vrijgesteld": OP_DATUM,
    "overleden": OP_DATUM,
    "verhuisd": OP_DATUM,
    "aow": NA_JAAR,
}


# --- R3 who counts ------------------------------------------------------------------------


def inburgeringsjaar(jaar: int, cohort: int) -> int:
    """R3: k = t - cohort + 1."""
    return jaar - cohort + 1


def eerste_jaar_zonder_telling(status: str, datum: date, eindstatussen=STANDAARD_EINDSTATUSSEN):
    """R3: the first year in which a status no longer lets the person count (None: no effect).

    Ontheffing, vrijstelling, death or moving out on or before 31-12-t end the count in t;
    reaching AOW age in year t still counts in t, not after.
    """
    soort = eindstatussen.get(status)
    if soort == OP_DATUM:
        return datum.year
    if soort == NA_JAAR:
        return datum.year + 1
    return None


def telt_mee(*, doelgroep: str, cohort: int, jaar: int, eind_jaar: int | None) -> bool:
    """R3: does a person count on 31 December of `jaar`?

    `eind_jaar` is the first year the person no longer counts (the earliest over the status
    history, see eerste_jaar_zonder_telling), or None while nothing ended the count.
    Stopping, switching route or completing does not end the count.
    """
    k = inburgeringsjaar(jaar, cohort)
    if doelgroep == ASIEL:
        if not 1 <= k <= 3:
            return False
    elif k != 1:
        return False
    return eind_jaar is None or jaar < eind_jaar


# --- R4 amounts per person ----------------------------------------------------------------


def bedrag_asiel_afgeleid(trajectbedrag: Decimal, ritme: Sequence[Decimal], k: int) -> Decimal:
    """R4: bedrag(t, asiel, k) = round_half_up(trajectbedrag(c) * ritme(c)[k]), c = t - k + 1.

    >>> bedrag_asiel_afgeleid(Decimal("15900.00"), [Decimal("0.61"), Decimal("0.31"),
    ...                       Decimal("0.08")], 2)
    Decimal('4929.00')
    """
    if not 1 <= k <= 3:
        raise ValueError("inburgeringsjaar moet 1, 2 of 3 zijn")
    return rond_af(Decimal(trajectbedrag) * Decimal(ritme[k - 1]))


@dataclass(frozen=True)
class Parameters:
    """The yearly parameters of one gemeente, as plain data.

    bedragen: (jaar, categorie, k) -> bedrag (k = 1 for gezin/overig/onderwijsroute);
    trajectbedragen: cohort -> trajectbedrag; ritmes: (vanaf, tot_en_met or None, (r1, r2, r3)).
    """

    bedragen: Mapping[tuple[int, str, int], Decimal]
    trajectbedragen: Mapping[int, Decimal]
    ritmes: Sequence[tuple[int, int | None, tuple[Decimal, Decimal, Decimal]]]

    def ritme(self, cohort: int) -> tuple[Decimal, Decimal, Decimal] | None:
        for vanaf, tot, ritme in sorted(self.ritmes, key=lambda r: r[0], reverse=True):
            if cohort >= vanaf and (tot is None or cohort <= tot):
                return ritme
        return None

    def _laatst_ingevoerd(self, jaar: int, categorie: str, k: int) -> Decimal | None:
        jaren = [t for (t, cat, kk) in self.bedragen if cat == categorie and kk == k and t <= jaar]
        return self.bedragen[(max(jaren), categorie, k)] if jaren else None

    def bedrag(self, jaar: int, categorie: str, k: int = 1, *, vooruit: bool = False) -> Decimal:
        """R4 bedrag(t, categorie, k).

        An entered parameter first; for asiel else derived from the cohort's trajectbedrag and
        betaalritme. `vooruit` (projected years, R9 verwacht) falls back to the latest year
        entered when neither exists. Without any parameter the amount is 0.
        """
        if categorie == ONDERWIJSROUTE and jaar < ONDERWIJSROUTE_COMPONENT_VANAF:
            return NUL
        gevonden = self.bedragen.get((jaar, categorie, k))
        if gevonden is not None:
            return gevonden
        if categorie == ASIEL:
            cohort = jaar - k + 1
            trajectbedrag = self.trajectbedragen.get(cohort)
            ritme = self.ritme(cohort)
            if trajectbedrag is not None and ritme is not None:
                return bedrag_asiel_afgeleid(trajectbedrag, ritme, k)
        if vooruit:
            laatste = self._laatst_ingevoerd(jaar, categorie, k)
            if laatste is not None:
                return laatste
        return NUL


@dataclass(frozen=True)
class Groep:
    """Persons of the register with the same cohort, doelgroep, end year and route in year 1.

    `onderwijsroute`: the leerroute on 31-12 of the cohort year is OR; `or_2`, `or_3`: the same
    on 31-12 of inburgeringsjaar 2 and 3 (the SPUK-OR raming of R5 counts any k).
    R3: `begin_jaar` is the year of the vestigingsdatum when the person moved in after the
    cohort year (counts here from then on); `doelgroepen` the doelgroep on 31-12 of
    inburgeringsjaar 1, 2, 3 when a `doelgroep` status changed it; `gepauzeerd` whether a
    temporary vrijstelling holds on 31-12 of inburgeringsjaar 1, 2, 3; `wi2013` persons under
    the Wet inburgering 2013 (they are in the register, so their cohort is listed, but never
    count).
    """

    cohort: int
    doelgroep: str
    eind_jaar: int | None
    onderwijsroute: bool
    aantal: int
    or_2: bool = False
    or_3: bool = False
    begin_jaar: int | None = None
    doelgroepen: tuple[str, str, str] | None = None
    gepauzeerd: tuple[bool, bool, bool] = (False, False, False)
    wi2013: bool = False  # R3: under the Wet inburgering 2013: in the register, never counted

    def onderwijsroute_in(self, k: int) -> bool:
        """Is the leerroute on 31-12 of inburgeringsjaar k the Onderwijsroute?"""
        return (self.onderwijsroute, self.or_2, self.or_3)[k - 1] if 1 <= k <= 3 else False

    def doelgroep_in(self, k: int) -> str:
        """R3: the doelgroep that holds on 31-12 of inburgeringsjaar k (the cohort stays)."""
        if self.doelgroepen is not None and 1 <= k <= 3:
            return self.doelgroepen[k - 1]
        return self.doelgroep

    def telt_in(self, jaar: int) -> bool:
        """R3: do these persons count here on 31-12-`jaar`? The doelgroep of that date decides
        the years (asiel k = 1..3, gezin/overig k = 1); not before the year they came to live
        here, not while a temporary vrijstelling holds, not after the count ended."""
        k = inburgeringsjaar(jaar, self.cohort)
        if self.wi2013 or not 1 <= k <= 3:
            return False
        if self.begin_jaar is not None and jaar < self.begin_jaar:
            return False
        if self.gepauzeerd[k - 1]:
            return False
        return telt_mee(
            doelgroep=self.doelgroep_in(k), cohort=self.cohort, jaar=jaar, eind_jaar=self.eind_jaar
        )


@dataclass(frozen=True)
class TellingJaar:
    """R3 count of year t and the R4 computed toekenning with its cohort shares."""

    jaar: int
    asiel_1: int = 0
    asiel_2: int = 0
    asiel_3: int = 0
    gezin: int = 0
    overig: int = 0
    onderwijsroute: int = 0
    aandeel_t: Decimal = NUL
    aandeel_t1: Decimal = NUL
    aandeel_t2: Decimal = NUL

    @property
    def berekende_toekenning(self) -> Decimal:
        return self.aandeel_t + self.aandeel_t1 + self.aandeel_t2

    @property
    def aandelen(self) -> list[Decimal]:
        """The R4 cohort shares in the order R6 names them: cohort t, t-1, t-2."""
        return [self.aandeel_t, self.aandeel_t1, self.aandeel_t2]


def telling(jaar: int, groepen: Iterable[Groep], parameters: Parameters) -> TellingJaar:
    """R3 + R4: who counts on 31-12-`jaar`, and the computed toekenning split in cohort shares.

    Cohort t gets the k = 1 parts (asiel, gezin, overig, onderwijsroute), cohort t-1 the k = 2
    parts, cohort t-2 the k = 3 parts. The onderwijsroute component counts from 2026 only, but
    the number of k = 1 asielstatushouders on the Onderwijsroute is reported for every year.
    """
    aantallen = {"asiel_1": 0, "asiel_2": 0, "asiel_3": 0, GEZIN: 0, OVERIG: 0, ONDERWIJSROUTE: 0}
    aandelen = [NUL, NUL, NUL]
    bedragen: dict[tuple[str, int], Decimal] = {}  # the year's amounts, each looked up once

    def bedrag(categorie: str, k: int) -> Decimal:
        if (categorie, k) not in bedragen:
            bedragen[(categorie, k)] = parameters.bedrag(jaar, categorie, k)
        return bedragen[(categorie, k)]

    for groep in groepen:
        if not groep.telt_in(jaar):
            continue
        k = inburgeringsjaar(jaar, groep.cohort)
        doelgroep = groep.doelgroep_in(k)
        if doelgroep == ASIEL:
            aantallen[f"asiel_{k}"] += groep.aantal
            aandelen[k - 1] += groep.aantal * bedrag(ASIEL, k)
            if k == 1 and groep.onderwijsroute:
                aantallen[ONDERWIJSROUTE] += groep.aantal
                aandelen[0] += groep.aantal * bedrag(ONDERWIJSROUTE, 1)
        else:
            aantallen[doelgroep] += groep.aantal
            aandelen[0] += groep.aantal * bedrag(doelgroep, 1)
    return TellingJaar(
        jaar=jaar,
        **aantallen,
        aandeel_t=aandelen[0],
        aandeel_t1=aandelen[1],
        aandeel_t2=aandelen[2],
    )


# --- R5 which toekenning counts -------------------------------------------------------------


@dataclass(frozen=True)
class BeschikkingFeit:
    soort: str  # voorlopig, nader, definitief
    datum: date
    id: int
    bedrag: Decimal


BRON_VOLGORDE = ("definitief", "nader", "voorlopig")
RAMING = "raming"
GEEN = "geen"


def kies_toekenning(beschikkingen: Iterable[BeschikkingFeit], raming: Decimal | None):
    """R5: the definitieve beschikking; else the latest nader voorlopige (by datum, then id);
    else the (latest) voorlopige; else the computed amount (R4, or the SPUK-OR raming) as a
    raming; without a raming (None: the parameters for it are missing) 0 with bron `geen`.

    Returns (bedrag, bron) with bron one of definitief, nader, voorlopig, raming, geen.
    """
    beschikkingen = list(beschikkingen)
    for soort in BRON_VOLGORDE:
        van_soort = [b for b in beschikkingen if b.soort == soort]
        if van_soort:
            laatste = max(van_soort, key=lambda b: (b.datum, b.id))
            return laatste.bedrag, soort
    if raming is None:
        return NUL, GEEN
    return raming, RAMING


# The SPUK-OR was a separate specific grant for budget years 2022 up to 2025 (R5).
SPUK_OR_JAREN = range(2022, 2026)
OR_BUDGET, OR_AANTAL = "or_landelijk_budget", "or_landelijk_aantal"


def or_aantal(jaar: int, groepen: Iterable[Groep]) -> int:
    """R5 n(t): the asielstatushouders whose leerroute on 31-12-t is OR and who count here on
    that date (R3, any inburgeringsjaar k)."""
    n = 0
    for groep in groepen:
        k = inburgeringsjaar(jaar, groep.cohort)
        if groep.telt_in(jaar) and groep.doelgroep_in(k) == ASIEL and groep.onderwijsroute_in(k):
            n += groep.aantal
    return n


def or_raming(jaar: int, n: int | Callable[[], int], parameters: Parameters) -> Decimal | None:
    """R5 SPUK-OR raming (2022-2025): round_half_up(landelijk budget(t) * n / N(t)), with the
    yearly parameters or_landelijk_budget and or_landelijk_aantal. None (no raming) outside
    those years or when a parameter is missing or N is 0.

    `n` may be a function that counts it (or_aantal, a pass over every group): it is only
    called when there is a raming to make, which most gemeenten and years have not.

    >>> p = Parameters({(2024, OR_BUDGET, 1): Decimal("1000000.00"),
    ...                 (2024, OR_AANTAL, 1): Decimal("3000")}, {}, [])
    >>> or_raming(2024, 2, p)
    Decimal('666.67')
    """
    if jaar not in SPUK_OR_JAREN:
        return None
    budget = parameters.bedragen.get((jaar, OR_BUDGET, 1))
    totaal = parameters.bedragen.get((jaar, OR_AANTAL, 1))
    if budget is None or not totaal:
        return None
    if callable(n):
        n = n()
    return rond_af(Decimal(budget) * n / Decimal(totaal))


# --- R6 split of a receipt --------------------------------------------------------------------


def splits_ontvangst(bedrag: Decimal, jaar: int, aandelen: Sequence[Decimal]) -> dict[int, Decimal]:
    """R6: split a receipt for year t over cohorts t, t-1, t-2 (in that order) with the R4
    cohort shares of year t as weights (R1; all to cohort t when the shares are all zero)."""
    delen = verdeel(bedrag, list(aandelen))
    return {jaar: delen[0], jaar - 1: delen[1], jaar - 2: delen[2]}


def herverdeling(
    geboekt: Mapping[int, Decimal], huidig: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """R6 herverdeling: per cohort ledger, what moves so that the booked parts of the receipts
    of one year (plus earlier herverdelingen) become a split of the same receipts with today's
    shares: huidig(c) - geboekt(c), for the cohorts where that is not 0.

    Both sides split the same receipts, so the parts add up to 0; anything else is refused.
    """
    cohorten = sorted(set(geboekt) | set(huidig), reverse=True)
    delen = {c: huidig.get(c, NUL) - geboekt.get(c, NUL) for c in cohorten}
    if sum(delen.values(), NUL) != 0:
        raise ValueError("de delen van een herverdeling tellen niet op tot 0")
    return {c: d for c, d in delen.items() if d}


# --- R7 reservering and doorschuif ------------------------------------------------------------


def begrotingsjaren(jaartallen: Iterable[int]) -> list[int]:
    """R7: the budget years run without gaps from the first year with a beschikking, an
    ontvangst or a besteding to the last (a year in between gets its raming and besteding 0)."""
    jaren = set(jaartallen)
    if not jaren:
        return []
    return list(range(min(jaren), max(jaren) + 1))


@dataclass(frozen=True)
class JaarInvoer:
    jaar: int
    toekenning: Decimal
    besteding: Decimal


@dataclass(frozen=True)
class JaarBalans:
    jaar: int
    toekenning: Decimal
    reservering_in: Decimal
    doorschuif_in: Decimal
    beschikbaar: Decimal
    besteding: Decimal
    saldo: Decimal
    reservering_uit: Decimal
    doorschuif_uit: Decimal
    terug_te_betalen: Decimal


def jaarbalansen(
    jaren: Sequence[JaarInvoer],
    cap: Decimal = Decimal("1"),
    *,
    reservering_in: Decimal = NUL,
    doorschuif_in: Decimal = NUL,
) -> list[JaarBalans]:
    """R7: the budget year balances of one regeling, years in order.

    The first year starts with reservering_in = doorschuif_in = 0, unless a prognosis starts
    from the position of the last real year (rapportage.scenario).

    beschikbaar = toekenning + reservering_in - doorschuif_in; saldo = beschikbaar - besteding.
    A positive saldo is reserved up to cap x toekenning (rounded half up to cents) and the rest
    repaid; a negative saldo is charged to the next year (doorschuif).
    """
    balansen: list[JaarBalans] = []
    for invoer in sorted(jaren, key=lambda j: j.jaar):
        beschikbaar = invoer.toekenning + reservering_in - doorschuif_in
        saldo = beschikbaar - invoer.besteding
        if saldo >= 0:
            plafond = max(NUL, rond_af(Decimal(cap) * invoer.toekenning))
            reservering_uit = min(saldo, plafond)
            terug = saldo - reservering_uit
            doorschuif_uit = NUL
        else:
            doorschuif_uit = -saldo
            reservering_uit = terug = NUL
        balansen.append(
            JaarBalans(
                jaar=invoer.jaar,
                toekenning=invoer.toekenning,
                reservering_in=reservering_in,
                doorschuif_in=doorschuif_in,
                beschikbaar=beschikbaar,
                besteding=invoer.besteding,
                saldo=saldo,
                reservering_uit=reservering_uit,
                doorschuif_uit=doorschuif_uit,
                terug_te_betalen=terug,
            )
        )
        reservering_in, doorschuif_in = reservering_uit, doorschuif_uit
    return balansen


# --- R9 cohort room -------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRuimte:
    cohort: int
    toegekend: Decimal
    verwacht: Decimal
    ontvangen: Decimal
    besteed: Decimal
    open: Decimal

    @property
    def vrije_ruimte(self) -> Decimal:
        """R9: toegekend + verwacht - besteed - open."""
        return self.toegekend + self.verwacht - self.besteed - self.open


def toegekend_per_cohort(
    toekenningen: Mapping[int, Decimal], aandelen: Mapping[int, Sequence[Decimal]], tot_jaar: int
) -> dict[int, Decimal]:
    """R9 toegekend(c): per year t <= tot_jaar, the R5 toekenning split (R1) over cohorts
    t, t-1, t-2 with the R4 shares of t as weights, summed per cohort."""
    per_cohort: dict[int, Decimal] = {}
    for jaar, bedrag in toekenningen.items():
        if jaar > tot_jaar:
            continue
        for cohort, deel in splits_ontvangst(bedrag, jaar, aandelen.get(jaar, (NUL,) * 3)).items():
            per_cohort[cohort] = per_cohort.get(cohort, NUL) + deel
    return per_cohort


def verwacht_voor_cohort(
    cohort: int,
    groepen: Iterable[Groep],
    parameters: Parameters,
    vandaag_jaar: int,
) -> Decimal:
    """R9 verwacht(c): for t from T+1 to c+2, the R4 amount of the persons of cohort c who still
    count, with the parameters of t (or the latest year entered)."""
    totaal = NUL
    groepen = [g for g in groepen if g.cohort == cohort]
    for jaar in range(vandaag_jaar + 1, cohort + 3):
        k = inburgeringsjaar(jaar, cohort)
        for groep in groepen:
            if groep.telt_in(jaar):
                doelgroep = groep.doelgroep_in(k)
                totaal += groep.aantal * parameters.bedrag(jaar, doelgroep, k, vooruit=True)
    return totaal


# --- R10 coverage per inburgeraar -----------------------------------------------------------


@dataclass(frozen=True)
class OpbrengstJaar:
    jaar: int
    inburgeringsjaar: int
    bedrag: Decimal
    onderwijsroute: Decimal
    geprojecteerd: bool


def opbrengst_per_jaar(
    *,
    doelgroep: str,
    cohort: int,
    eind_jaar: int | None,
    leerroute_jaar_1: str,
    parameters: Parameters,
    vandaag_jaar: int,
    begin_jaar: int | None = None,
    doelgroepen: tuple[str, str, str] | None = None,
    gepauzeerd: tuple[bool, bool, bool] = (False, False, False),
) -> list[OpbrengstJaar]:
    """R10 opbrengst(p) per year the person counts here (R3; past and projected):
    bedrag(t, doelgroep on 31-12-t, k) plus the onderwijsroute component in year 1 where it
    applies."""
    persoon = Groep(
        cohort,
        doelgroep,
        eind_jaar,
        leerroute_jaar_1 == "OR",
        1,
        begin_jaar=begin_jaar,
        doelgroepen=doelgroepen,
        gepauzeerd=gepauzeerd,
    )
    jaren = []
    for jaar in range(cohort, cohort + 3):
        if not persoon.telt_in(jaar):
            continue
        k = inburgeringsjaar(jaar, cohort)
        doelgroep_k = persoon.doelgroep_in(k)
        vooruit = jaar > vandaag_jaar
        bedrag = parameters.bedrag(jaar, doelgroep_k, k, vooruit=vooruit)
        component = NUL
        if doelgroep_k == ASIEL and k == 1 and leerroute_jaar_1 == "OR":
            component = parameters.bedrag(jaar, ONDERWIJSROUTE, 1, vooruit=vooruit)
        jaren.append(OpbrengstJaar(jaar, k, bedrag, component, vooruit))
    return jaren


@dataclass(frozen=True)
class Dekking:
    opbrengst: Decimal
    kosten: Decimal

    @property
    def dekking(self) -> Decimal:
        """R10: opbrengst - kosten (negative: to be covered from another budget)."""
        return self.opbrengst - self.kosten


def dekking(opbrengsten: Iterable[Decimal], kosten: Iterable[Decimal]) -> Dekking:
    """R10: dekking(p) = sum of what p brings in - (invoices + open commitments of p)."""
    return Dekking(opbrengst=sum(opbrengsten, NUL), kosten=sum(kosten, NUL))
