"""Helpers for the raw SQL that PostgreSQL (production, the suite) and SQLite (`make run`) share.

Raw SQL is only written where the ORM would cost a pass per row (reports, the recomputation);
these helpers keep the two databases' differences in one place. Values always travel as
parameters; only placeholders, table names and these fragments are formatted into SQL.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import Field

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


def tekst_samen(expressie: str) -> str:
    """The aggregate that joins a group's texts `expressie` with ";" (in no particular order;
    NULL for a group without any): string_agg on PostgreSQL, group_concat on SQLite."""
    if connection.vendor == "sqlite":
        return f"group_concat({expressie}, ';')"
    return f"string_agg({expressie}, ';')"


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
        cursor.execute(*sloten_sql(naamruimte, sleutels))


def sloten_sql(naamruimte: int, sleutels: Iterable[int]) -> tuple[str, list]:
    """The statement of wacht_op_sloten (PostgreSQL only), to send along with others (samen)."""
    return (
        "SELECT count(pg_advisory_xact_lock(%s::int, s)) FROM unnest(%s::int[]) AS s",
        [naamruimte, sorted(set(sleutels))],
    )


def samen(opdrachten: Mapping[str, tuple[str, Sequence]]) -> dict[str, list[tuple]]:
    """The rows of several statements by name (an empty list for one without rows), executed
    in order; on PostgreSQL in one round trip.

    psycopg's client-side cursor (Django's default, no server-side binding) sends the
    statements as one query text and hands back their results one after the other (nextset).
    Elsewhere (SQLite, server-side binding) each statement is executed on its own, with the
    same outcome. Every statement gets its parameters, so a literal % is written %% in all."""
    namen = list(opdrachten)
    uit: dict[str, list[tuple]] = {}
    if not namen:
        return uit
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _client_side(cursor) and len(namen) > 1:
            cursor.execute(
                ";\n".join(opdrachten[naam][0] for naam in namen),
                [waarde for naam in namen for waarde in opdrachten[naam][1]],
            )
            for naam in namen:
                uit[naam] = cursor.fetchall() if cursor.description is not None else []
                cursor.nextset()
            return uit
        for naam in namen:
            sql, waarden = opdrachten[naam]
            cursor.execute(sql, list(waarden))
            uit[naam] = cursor.fetchall() if cursor.description is not None else []
    return uit


def rijen(sql: str, waarden: Sequence) -> list[tuple]:
    """The rows of one statement (samen for one)."""
    return samen({"": (sql, waarden)})[""]


def _client_side(cursor) -> bool:
    import psycopg

    return isinstance(cursor.cursor, psycopg.ClientCursor)


def omzetter(veld: Field) -> Callable:
    """The conversion the ORM applies to `veld`'s column value as this database hands it back
    (SQLite: dates, datetimes, decimals, booleans; both: JSON); the value itself where there is
    none. Raw SQL that selects the column then reads what a values_list reads."""
    kolom = veld.get_col(veld.model._meta.db_table)
    functies = connection.ops.get_db_converters(kolom) + kolom.get_db_converters(connection)
    if not functies:
        return _zelf

    def omzet(waarde):
        for functie in functies:
            waarde = functie(waarde, kolom, connection)
        return waarde

    return omzet


def _zelf(waarde):
    return waarde


def omgezet(rijen: list[tuple], omzetters: Sequence[Callable]) -> list[tuple]:
    """The rows with one omzetter per column applied; as they are when none converts."""
    if all(omzet is _zelf for omzet in omzetters):
        return rijen
    return [tuple(omzet(w) for omzet, w in zip(omzetters, rij, strict=True)) for rij in rijen]
