"""R1 Money: rounding to cents and splitting an amount over weights. Pure, no Django.

Every split in the product (receipts over cohort ledgers R6, shared costs over gemeenten R11,
toekenning over cohorts R9) goes through `verdeel`, so the parts always add up exactly.
"""

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NUL = Decimal("0.00")


def rond_af(bedrag: Decimal) -> Decimal:
    """R1: round to whole cents, half up (only where a rule says so)."""
    return Decimal(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)


def verdeel(bedrag: Decimal, gewichten: Sequence[Decimal | int]) -> list[Decimal]:
    """R1 splitting: split `bedrag` over `gewichten` in whole cents.

    Each part gets floor(|A| * w / sum(w)) cents; the leftover cents go one by one to the parts
    with the largest remainder, ties to the earlier part. A negative amount is split as minus the
    split of its absolute value; with sum(w) = 0 everything goes to the first part.

    >>> verdeel(Decimal("100.00"), [1, 1, 1])
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    """
    if not gewichten:
        raise ValueError("verdeel heeft minstens één gewicht nodig")
    bedrag = Decimal(bedrag)
    if bedrag < 0:
        return [-deel for deel in verdeel(-bedrag, gewichten)]
    gewichten = [Decimal(w) for w in gewichten]
    if any(w < 0 for w in gewichten):
        raise ValueError("gewichten mogen niet negatief zijn")
    totaal_gewicht = sum(gewichten)
    centen = int((bedrag / CENT).to_integral_value())
    if totaal_gewicht == 0:
        return [bedrag.quantize(CENT)] + [NUL] * (len(gewichten) - 1)
    exact = [Decimal(centen) * w / totaal_gewicht for w in gewichten]
    delen = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    over = centen - sum(delen)
    # Largest remainder first; sorted() is stable, so ties keep the rule's order.
    volgorde = sorted(range(len(delen)), key=lambda i: exact[i] - delen[i], reverse=True)
    for i in volgorde[:over]:
        delen[i] += 1
    return [(Decimal(d) * CENT).quantize(CENT) for d in delen]
