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


# What each figure is called on the page and in Excel, and how it follows from R7 (BBV terms).
FIGUREN = {
    "toekenning_cumulatief": (
        "Toekenning t/m T",
        "De som van de toekenningen (R5: beschikking of raming) van alle jaren t/m T.",
    ),
    "ontvangen_cumulatief": (
        "Ontvangen t/m 31-12-T",
        "Alle ontvangsten voor een jaar t/m T die op of vóór 31 december T zijn ontvangen; "
        "terugvorderingen tellen negatief.",
    ),
    "besteding_cumulatief": (
        "Besteding t/m T",
        "De som van de besteding (R7: facturen met boekjaar t/m T, creditnota's negatief).",
    ),
    "nog_te_besteden": (
        "Nog te besteden (overlopende passiva)",
        "De reservering uit jaar T (R7), verantwoord als overlopend passief (art. 49b BBV).",
    ),
    "doorschuif": (
        "Doorschuif naar T+1",
        "Wat in jaar T meer is besteed dan beschikbaar was en ten laste van T+1 komt (R7).",
    ),
    "terug_te_betalen": (
        "Terug te betalen",
        "De som van wat in de jaren t/m T boven het reserveringsplafond uitkwam (R7).",
    ),
    "nog_te_ontvangen": (
        "Nog te ontvangen",
        "Toekenning t/m T min ontvangen t/m 31-12-T; negatief is vooruit ontvangen.",
    ),
}
