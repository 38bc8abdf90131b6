"""The P&C overview: begroting, realisatie, prognose and the difference per stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Subquery, Sum

from kern.geld import rond_af
from spuk.models import JaarSaldo
from uitvoering.selectors import uitvoering_details

from ..models import Begrotingsregel, PcMoment, Stroom
from ..scenario import SPREIDING_STANDAARD
from ._sql import _groter, _kleiner, _rijen
from .saldi import NUL, huidige_herberekeningen, per_herberekening

LEERROUTE_CODES = ("B1", "Z", "OR", "ALFA")
HONDERD = Decimal(100)


def _cumulatief(spreiding: tuple[int, int, int] | None, k: int) -> Decimal:
    """The share of a commitment expected to be invoiced by the end of the k-th year after the
    year it was made (k = 0: that year itself): the national cost study's spreading over three
    years (p1/p2/p3 percent) for the voorzieningen it covers, everything within the first year
    for any other kind (`spreiding` None). This is the rule; the SQL is generated from it."""
    if k < 0:
        return NUL
    if spreiding is None or k >= 2:
        return Decimal(1)
    p1, p2, _p3 = spreiding
    return Decimal(p1 if k == 0 else p1 + p2) / HONDERD


# The spreading per voorziening code: the leerroutes share one; MB, PVT, MAP and TOLK have theirs.
_SPREIDING_PER_CODE = dict.fromkeys(LEERROUTE_CODES, SPREIDING_STANDAARD["leerroute"]) | {
    code: SPREIDING_STANDAARD[code] for code in ("MB", "PVT", "MAP", "TOLK")
}
# k = jaar - the year of the commitment's datum, for which a share can differ: -1 stands for
# every later commitment, 3 for every earlier one (all shares are constant beyond these).
_JAREN_NA_START = (-1, 0, 1, 2, 3)


def _per_jaar_sql(expressie) -> str:
    """SQL for commitment v in `jaar`: expressie(spreiding, k) (SQL text) for its kind's
    spreading and k = jaar - the year of v.datum; the parameters are _eerste_januari(jaar).

    One CASE finds the year by comparing v.datum with the 1st of January of each year (not by
    taking its year), and within it the kind by its code, so each commitment is placed once and
    evaluates only its own branch's arithmetic: the EXTRACTs and the code CASEs for every share
    were most of the prognose query on the bench's 20,000 commitments (issue 17)."""

    def per_code(k: int) -> str:
        anders = expressie(None, k)
        codes: dict[str, list[str]] = {}
        for code, spreiding in _SPREIDING_PER_CODE.items():
            codes.setdefault(expressie(spreiding, k), []).append(code)
        takken = " ".join(
            f"WHEN v.voorziening_code IN ({', '.join(map(repr, groep))}) THEN {sql}"
            for sql, groep in codes.items()
            if sql != anders
        )
        return f"CASE {takken} ELSE {anders} END" if takken else anders

    takken = " ".join(
        f"WHEN v.datum >= %(jan_{i})s THEN {per_code(k)}"
        for i, k in enumerate(_JAREN_NA_START[:-1])
    )
    return f"CASE {takken} ELSE {per_code(_JAREN_NA_START[-1])} END"


def _eerste_januari(jaar: int) -> dict[str, date]:
    """The parameters of _per_jaar_sql: jan_i is 1 January of the year k = _JAREN_NA_START[i]
    before `jaar` (jan_0 = 1 January of jaar + 1); a datum on or after it has k at most that."""
    return {f"jan_{i}": date(jaar - k, 1, 1) for i, k in enumerate(_JAREN_NA_START)}


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
    expects by then); never more than what is open.

    "Never more than what is open" needs no term of its own in the SQL: the query reads only
    commitments still open, whose open amount is max(0, bedrag - gefactureerd), and every
    backlog below is at most bedrag x eind - gefactureerd <= bedrag - gefactureerd (eind <= 1,
    bedrag >= 0), so max(0, backlog) never exceeds it. Leaving the LEAST with open_bedrag out
    spares each commitment that CASE and comparison (issue 17); the hypothesis test in
    tests/rapportage/test_pc.py keeps the min with the open amount and checks it to the cent."""
    if jaar < vandaag.year:
        return {}

    def nog_te_factureren(spreiding, k: int) -> str:
        eind, begin = _cumulatief(spreiding, k), _cumulatief(spreiding, k - 1)
        if jaar == vandaag.year:
            # Only the part of the year still to come: this year's slice of the spreading times
            # the share of the year left, never more than the backlog to the year-end share.
            # Without it a prognose on 1 December expected all backlog to be invoiced in
            # December. Without a slice this year, nothing (the smaller of the two is <= 0).
            # The slice times the share left in parentheses: one constant that the planner
            # folds, so one multiplication per commitment instead of two.
            if eind == begin:
                return "0"
            achterstand = _kleiner(
                f"v.bedrag * {eind} - v.gefactureerd", f"v.bedrag * ({eind - begin} * %(rest)s)"
            )
        else:
            # Without a share in `jaar`, what is done by its start is at least what it expects.
            if eind == begin:
                return "0"
            achterstand = f"v.bedrag * {eind} - {_groter('v.gefactureerd', f'v.bedrag * {begin}')}"
        return _groter(achterstand, "0")

    vanaf, tot = _jaren_met_verwachting(jaar)
    rijen = _rijen(
        f"""
        SELECT v.financiering, SUM({_per_jaar_sql(nog_te_factureren)}) AS verwacht
        FROM verplichting v
        WHERE v.gesloten_op IS NULL AND v.datum >= %(vanaf)s AND v.datum < %(tot)s
        GROUP BY v.financiering
        """,  # noqa: S608 - expressions built from module constants, values as parameters
        {
            "gemeente": gemeente.pk,
            "rest": rest_van_jaar(vandaag),
            "vanaf": vanaf,
            "tot": tot,
            **_eerste_januari(jaar),
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
    # The R7 besteding of `jaar` in the current recomputation, in one query with its choice;
    # the run's id and completion come along: they are the key of the prognose in the cache.
    saldi = list(
        JaarSaldo.objects.filter(
            herberekening=Subquery(huidige_herberekeningen(gemeente).values("pk")[:1]), jaar=jaar
        ).values_list("regeling", "besteding", "herberekening_id", "herberekening__voltooid_op")
    )
    besteding = {regeling: bedrag for regeling, bedrag, _run, _voltooid in saldi}
    uitvoering = next(
        (u for u in uitvoering_details(gemeente, met_facturen=False) if u.jaar == jaar), None
    )
    if uitvoering is not None and uitvoering.heeft_budget:
        begroting[(Stroom.UITVOERING.value, "origineel")] = uitvoering.budget_basis
        begroting[(Stroom.UITVOERING.value, "wijziging")] = uitvoering.budget_wijzigingen
    kosten_uitvoering = uitvoering.kosten if uitvoering else NUL
    run = saldi[0][2:] if saldi else None  # (id, voltooid_op) of the run the saldi are from
    verwacht = _verwacht_bij_herberekening(gemeente, jaar, vandaag, run)
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


def _verwacht_bij_herberekening(
    gemeente, jaar: int, vandaag: date, run: tuple[int, datetime | None] | None
) -> dict[str, Decimal]:
    """_verwacht_te_factureren, kept in the cache per completed recomputation `run` (its id
    and voltooid_op; saldi.per_herberekening), so as current as the R7 realisatie beside it,
    which comes from that run. Its one pass over the open commitments was two thirds of the
    page's server time on the bench's 20,000 open commitments of the spreading's years, and no
    cheaper pass was found (issue 17); now only the first view after a change makes it. Without
    saldi of `jaar` in a completed run (no recomputation yet, or a year it holds no saldi for),
    every view makes it, as before."""
    if run is None or run[1] is None:
        return _verwacht_te_factureren(gemeente, jaar, vandaag)
    herberekening_id, voltooid_op = run
    return per_herberekening(
        "rapportage-pc-verwacht",
        herberekening_id,
        voltooid_op,
        gemeente.pk,
        jaar,
        vandaag,
        bereken=lambda: _verwacht_te_factureren(gemeente, jaar, vandaag),
    )


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
