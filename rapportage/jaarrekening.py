"""The jaarrekening overview and `balans --json`: BBV positions per regeling on 31-12-T.

Two queries whatever the data size: the R7 years of one recomputation (the same JaarSaldo rows
`saldi` prints) and the receipts summed per regeling in SQL. The figures come from the pure
spuk.balans.balanspositie, so the command, the page and the Excel export show the same numbers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spuk.balans import NUL, BalansPositie, balanspositie
from spuk.models import Herberekening, JaarSaldo, Ontvangst
from spuk.selectors import bedrag_tekst


def einde_jaar(jaar: int) -> date:
    return date(jaar, 12, 31)


def ontvangsten_tot_en_met(gemeente, jaar: int):
    """The receipts behind ontvangen_cumulatief: for a year up to T, dated on or before 31-12-T
    (a receipt for T paid in T+1 is not yet cash on the balance date)."""
    return Ontvangst.objects.filter(
        gemeente=gemeente, jaar__lte=jaar, datum__lte=einde_jaar(jaar)
    ).order_by("regeling", "jaar", "datum", "id")


def balansposities(gemeente, herberekening: Herberekening | None, jaar: int) -> list[BalansPositie]:
    """One BalansPositie per regeling with an R7 year up to T, sorted by regeling."""
    if herberekening is None:
        return []
    per_regeling: dict[str, list[JaarSaldo]] = {}
    for saldo in JaarSaldo.objects.filter(herberekening=herberekening, jaar__lte=jaar):
        per_regeling.setdefault(saldo.regeling, []).append(saldo)
    # Summed in Python: a gemeente has a few receipts a year, and SQLite would add the decimals
    # as binary floats.
    ontvangen: dict[str, Decimal] = {}
    for regeling, bedrag in ontvangsten_tot_en_met(gemeente, jaar).values_list(
        "regeling", "bedrag"
    ):
        ontvangen[regeling] = ontvangen.get(regeling, NUL) + bedrag
    posities = []
    for regeling in sorted(per_regeling):
        positie = balanspositie(
            regeling=regeling,
            jaar=jaar,
            r7_jaren=per_regeling[regeling],
            ontvangen=ontvangen.get(regeling, NUL),
        )
        if positie is not None:
            posities.append(positie)
    return posities


def als_json(*, gemeente_code: str, jaar: int, posities: list[BalansPositie]) -> dict:
    """The JSON of `balans --json` (WERKBOEK.md): keys exactly these, amounts as "1234.50"."""
    return {
        "gemeente": gemeente_code,
        "jaar": jaar,
        "regelingen": [
            {
                "regeling": p.regeling,
                **{veld: bedrag_tekst(getattr(p, veld)) for veld in BalansPositie.BEDRAGEN},
            }
            for p in posities
        ],
    }
