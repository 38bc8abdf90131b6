"""Helpers for the raw SQL that PostgreSQL (production, the suite) and SQLite (`make run`) share.

Raw SQL is only written where the ORM would cost a pass per row (reports, the recomputation);
these helpers keep the two databases' differences in one place.
"""

from decimal import Decimal

CENT = Decimal("0.01")


def geld(waarde) -> Decimal:
    """A money figure from raw SQL as a Decimal with 2 decimals.

    PostgreSQL hands back Decimals. SQLite sums NUMERIC columns as an int when every value is
    a whole number and as a float otherwise; str() of either is exact for sums of 2-decimal
    amounts (repr of a float is the shortest string that reads back the same)."""
    return Decimal(str(waarde if waarde is not None else 0)).quantize(CENT)
