"""The demo's invoices (inburgering/demo.py): per commitment a plan of invoices up to today,
spread as DOMEIN.md describes, and the end of the SPUK-OR on 31-12-2025."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .models import (
    Factuur,
    Verplichting,
    Verplichtingsmutatie,
)

CENT = Decimal("0.01")
EINDE_SPUK_OR = date(2025, 12, 31)
# Invoices of a leerroute spread over its three years (DOMEIN.md: 46% / 30% / 24%); maatschappelijke
# begeleiding is mostly given in the first year (bronnen/001, table 4.5: 75% / 20% / 5%).
SPREIDING = (Decimal("0.46"), Decimal("0.30"), Decimal("0.24"))
SPREIDING_MB = (Decimal("0.75"), Decimal("0.20"), Decimal("0.05"))


def _factuurplan(rnd, verplichtingen, stops, vandaag) -> dict[int, list[tuple[date, Decimal]]]:
    """Per commitment its invoices up to today: a leerroute quarterly from about three months
    after the start, 46/30/24 over three years; maatschappelijke begeleiding from the first
    month, mostly in the first year; the other voorzieningen once, in the first year. People who
    stopped are invoiced only until they stopped. Never more than the commitment."""
    plan = {}
    for v in verplichtingen:
        code = v.voorziening.code
        if v.inburgeraar_id is None:
            delen = [(date(2025, 12, 15), (v.bedrag / 2).quantize(CENT))]
        elif code in ("PVT", "MAP", "TOLK", "OVERIG_VZ"):
            delen = [(v.datum + timedelta(days=rnd.randrange(60, 300)), v.bedrag)]
        elif code == "MB":  # quarterly: months without an invoice stay a signal
            delen = _reeks(rnd, v, SPREIDING_MB, per_jaar=(4, 4, 1), eerste_dag=30)
        else:
            delen = _reeks(rnd, v, SPREIDING, per_jaar=(4, 4, 4), eerste_dag=90)
        if v.inburgeraar_id in stops:
            stop = stops[v.inburgeraar_id][0]
            delen = [(d, b) for d, b in delen if d < stop]
        plan[v.pk] = []
        totaal = Decimal("0.00")
        for moment, deel in delen:
            bedrag = min(deel, v.bedrag - totaal)
            if moment > vandaag or bedrag <= 0:
                break
            totaal += bedrag
            plan[v.pk].append((moment, bedrag))
    return plan


def _reeks(rnd, v, spreiding, *, per_jaar, eerste_dag) -> list[tuple[date, Decimal]]:
    """Each year's share of the commitment in equal invoices; the last takes the rounding."""
    delen = []
    for jaar, (aandeel, aantal) in enumerate(zip(spreiding, per_jaar, strict=True)):
        deel = (v.bedrag * aandeel / aantal).quantize(CENT, ROUND_HALF_UP)
        for i in range(aantal):
            dagen = eerste_dag + 365 * jaar + 365 // aantal * i + rnd.randrange(0, 20)
            delen.append((v.datum + timedelta(days=dagen), deel))
    moment, deel = delen[-1]
    delen[-1] = (moment, deel + v.bedrag - sum(b for _, b in delen))
    return delen


def _einde_spuk_or(verplichtingen, plan, stops, volgnummer, vandaag):
    """SPUK-OR ends with 2025: every SPUK-OR commitment still open then is closed on
    31 December 2025 with its rest released. Where invoices are still to come, a SPUK-IV
    commitment for that rest, naming the old one, takes them (R8: a correction is a new row,
    nothing is deleted)."""
    nieuw, mutaties = [], []
    if vandaag <= EINDE_SPUK_OR:
        return nieuw, mutaties
    for v in verplichtingen:
        vrijval = stops.get(v.inburgeraar_id, (None, None))[1]
        if v.financiering != "SPUK-OR" or (vrijval is not None and vrijval <= EINDE_SPUK_OR):
            continue
        later = [(d, b) for d, b in plan[v.pk] if d > EINDE_SPUK_OR]
        plan[v.pk] = [(d, b) for d, b in plan[v.pk] if d <= EINDE_SPUK_OR]
        rest = v.bedrag - sum(b for _, b in plan[v.pk])
        if rest <= 0:
            continue
        reden = "SPUK-OR eindigt met 2025; er komen geen facturen meer op deze verplichting."
        if later:
            volgnummer += 1
            vervolg = Verplichting(
                gemeente_id=v.gemeente_id,
                nummer=f"V{EINDE_SPUK_OR.year + 1}-{volgnummer:05d}",
                inburgeraar_id=v.inburgeraar_id,
                voorziening=v.voorziening,
                classificatie=v.classificatie,
                aanbieder_id=v.aanbieder_id,
                tarief_id=v.tarief_id,
                bedrag=rest,
                datum=EINDE_SPUK_OR + timedelta(days=1),
                financiering="SPUK-IV",
                cohort=v.cohort,
                omschrijving=f"Vervolg van {v.nummer}: SPUK-OR is geëindigd, verder uit SPUK-IV",
            )
            nieuw.append((vervolg, later))
            reden = (
                "SPUK-OR eindigt met 2025; de rest loopt door als verplichting "
                f"{vervolg.nummer} uit SPUK-IV."
            )
        v.gesloten_op = EINDE_SPUK_OR
        mutaties.append(
            Verplichtingsmutatie(
                verplichting=v,
                soort=Verplichtingsmutatie.Soort.VRIJVAL,
                datum=EINDE_SPUK_OR,
                bedrag_oud=v.bedrag,
                bedrag_nieuw=v.bedrag,
                vrijgevallen=rest,
                reden=reden,
            )
        )
    return nieuw, mutaties


def _facturen(plan, verplichtingen) -> list[Factuur]:
    """The planned invoices as rows, numbered per gemeente."""
    facturen = []
    for v in verplichtingen:
        for moment, bedrag in plan.get(v.pk, []):
            facturen.append(
                Factuur(
                    gemeente_id=v.gemeente_id,
                    verplichting=v,
                    aanbieder_id=v.aanbieder_id,
                    factuurnummer=f"D{moment.year}-{len(facturen) + 1:06d}",
                    datum=moment,
                    bedrag=bedrag,
                    boekjaar=moment.year,
                )
            )
    return facturen
