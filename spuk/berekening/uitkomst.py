"""From sources to figures (pure, on the aggregated groups)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kern.geld import NUL

from .. import rekenregels as rr
from ..models import Regeling
from .bronnen import Bronnen


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
            raming = rr.or_raming(jaar, lambda: rr.or_aantal(jaar, b.groepen), b.parameters)
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
    # The receipts of a year are mostly the same amount (the monthly advances): each amount is
    # split once per year (the split is only read below).
    splitsingen: dict[tuple[Decimal, int], dict[int, Decimal]] = {}
    for pk, regeling, jaar, bedrag in b.ontvangsten:
        if regeling != Regeling.SPUK_IV:
            continue
        huidig = splitsingen.get((bedrag, jaar))
        if huidig is None:
            huidig = rr.splits_ontvangst(bedrag, jaar, telling(jaar).aandelen)
            splitsingen[(bedrag, jaar)] = huidig
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
