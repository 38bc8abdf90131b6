"""Helpers for the raw SQL that PostgreSQL (production, the suite) and SQLite (`make run`) share.

Raw SQL is only written where the ORM would cost a pass per row (reports, the recomputation);
these helpers keep the two databases' differences in one place. Values always travel as
parameters; only placeholders, table names and these fragments are formatted into SQL.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection

CENT = Decimal("0.01")


def geld(waarde) -> Decimal:
    """A money figure from raw SQL as a Decimal with 2 decimals.

    PostgreSQL hands back Decimals. SQLite sums NUMERIC columns as an int when every value is
    a whole number and as a float otherwise; str() of either is exact for sums of 2-decimal
    amounts (str of a float is the shortest text that reads back the same)."""
    return Decimal(str(waarde if waarde is not None else 0)).quantize(CENT)


def jaar_van(kolom: str) -> str:
    """The year of a date column as an integer."""
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {kolom}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {kolom}) AS INTEGER)"


def plaatsen(waarden: Iterable) -> tuple[str, list]:
    """Positional placeholders for `IN (...)`: ("%s, %s", [a, b]). Never empty: an empty list
    becomes one value that matches no code, so `IN ()` (invalid SQL) cannot occur."""
    waarden = list(waarden) or [""]
    return ", ".join(["%s"] * len(waarden)), waarden


def benoemde_plaatsen(naam: str, waarden: Iterable) -> tuple[str, dict]:
    """The same with named parameters ("%(naam_0)s, ..."), for SQL with named parameters."""
    parameters = {f"{naam}_{i}": waarde for i, waarde in enumerate(list(waarden) or [""])}
    return ", ".join(f"%({sleutel})s" for sleutel in parameters), parameters


def ingebed(queryset, naam: str) -> tuple[str, dict]:
    """The compiled SQL of a QuerySet with named parameters, to embed in raw SQL (as a CTE or
    subquery), so that a figure defined by the ORM is defined once (e.g. R8's open amount)."""
    sql, parameters = queryset.query.sql_with_params()
    nummers = iter(range(len(parameters)))

    def benoem(treffer: re.Match) -> str:
        return "%%" if treffer.group() == "%%" else f"%({naam}_{next(nummers)})s"

    sql = re.sub(r"%%|%s", benoem, sql)
    return sql, {f"{naam}_{i}": waarde for i, waarde in enumerate(parameters)}


def wacht_op_slot(naamruimte: int, sleutel: int) -> None:
    """A PostgreSQL advisory lock held until the transaction ends: writers that take the same
    (naamruimte, sleutel) take turns. SQLite (`make run`) lets one writer in at a time itself."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [naamruimte, sleutel])


def wacht_op_sloten(naamruimte: int, sleutels: Iterable[int]) -> None:
    """wacht_op_slot for many sleutels in one round trip, in ascending order (a fixed order, so
    two writers that take overlapping sets never deadlock): unnest hands the sorted array's
    elements to the lock function one by one, in array order."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s::int, s)) FROM unnest(%s::int[]) AS s",
            [naamruimte, sorted(set(sleutels))],
        )
