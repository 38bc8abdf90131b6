"""The P&C overview: begroting, realisatie, prognose and the difference per stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from kern.geld import rond_af
from kern.sql import jaar_van
from uitvoering.selectors import uitvoering_details

from ..models import Begrotingsregel, PcMoment, Stroom
from ..scenario import SPREIDING_STANDAARD
from ._sql import _groter, _kleiner, _rijen
from .saldi import NUL, huidige_herberekening, jaarsaldi

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


def _jaren_met_verwachting(jaar: int) -> tuple[date, date]:
    """The commitment dates whose expectation in `jaar` can be above 0: made in `jaar` or in
    the spreading's years before it. Any other one adds 0 to _verwacht_te_factureren, so
    leaving it out changes no sum: made after `jaar`, its share by the end of `jaar` is 0, so
    its backlog is 0 minus what is done, never above 0; made in or before `jaar` minus the
    number of spreading years, its share is 1 at the start and at the end of `jaar`, so this
    year's slice is 0 and the backlog is bedrag minus at least bedrag. Through the (gemeente,
    datum) index the query then reads only those commitments."""
    jaren = len(SPREIDING_STANDAARD["leerroute"])
    return date(jaar - jaren + 1, 1, 1), date(jaar + 1, 1, 1)


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
    vanaf, tot = _jaren_met_verwachting(jaar)
    rijen = _rijen(
        f"""
        SELECT v.financiering, SUM({nog_te_factureren}) AS verwacht
        FROM verplichting v
        WHERE v.gesloten_op IS NULL AND v.datum >= %(vanaf)s AND v.datum < %(tot)s
        GROUP BY v.financiering
        """,  # noqa: S608 - expressions built from module constants, values as parameters
        {
            "gemeente": gemeente.pk,
            "jaar": jaar,
            "rest": rest_van_jaar(vandaag),
            "vanaf": vanaf,
            "tot": tot,
        },
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
