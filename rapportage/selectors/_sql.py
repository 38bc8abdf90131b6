"""The report queries: the CTE of commitments with R8's open amount, and how they run."""

from __future__ import annotations

from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import F

from inburgering.models import Verplichting
from kern.sql import geld, ingebed


def _verplichtingen_cte(gemeente_id: int) -> tuple[str, dict]:
    """The CTE `verplichting` of the report queries: the gemeente's commitments with R8's open
    amount, compiled from Verplichting.objects.met_open_bedrag (the one definition), which
    reads what is invoiced from the Factuurstand: no pass over the invoices."""
    verplichtingen = (
        Verplichting.objects.filter(gemeente_id=gemeente_id)
        .met_open_bedrag()
        .order_by()
        .values(
            "id",
            "bedrag",
            "datum",
            "cohort",
            "financiering",
            "gesloten_op",
            "aanbieder_id",
            "voorziening_id",
            "inburgeraar_id",
            "gefactureerd",
            "open_bedrag",
            voorziening_code=F("voorziening__code"),
            laatste_factuur=F("factuurstand__laatste_factuurdatum"),
        )
    )
    sql, parameters = ingebed(verplichtingen, "r8")
    return f"WITH verplichting AS ({sql})\n", parameters


# The money columns of the report queries: SQLite hands their sums back as int or float.
GELDKOLOMMEN = frozenset({"totaal", "gefactureerd", "verwacht"})


def _rijen(sql: str, parameters: dict, met_verplichtingen: bool = True) -> list[dict]:
    """Run a report query; the SQL is plain SQL that PostgreSQL and SQLite (make run) share.
    Money columns come back as Decimals with 2 decimals on both. `met_verplichtingen`: with
    the CTE `verplichting` before it (a query on the standen alone needs none)."""
    # PostgreSQL's JIT compiler judges these plans expensive and spends longer compiling them
    # than running them (measured: 350 of 730 ms for the dashboard on 150,000 invoices).
    # The settings are local to a transaction; a query on the standen alone sets none and
    # needs no transaction of its own (a SAVEPOINT and its RELEASE: two round trips fewer).
    with (
        transaction.atomic() if met_verplichtingen else nullcontext(),
        connection.cursor() as cursor,
    ):
        if connection.vendor == "postgresql" and met_verplichtingen:
            # And work_mem: the default 4 MB made the dashboard's grouping of 50,000
            # commitments sort on disk (external merge, 3.6 MB); in memory it hashes
            # (EXPLAIN ANALYZE 95 -> 58 ms with the one-pass query). Both local to this
            # transaction (set_config(..., true) is SET LOCAL), in one statement.
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)"
            )
        cte, cte_parameters = (
            _verplichtingen_cte(parameters["gemeente"]) if met_verplichtingen else ("", {})
        )
        cursor.execute(cte + sql, {**parameters, **cte_parameters})
        namen = [kolom[0] for kolom in cursor.description]
        return [
            {
                naam: geld(waarde) if naam in GELDKOLOMMEN and waarde is not None else waarde
                for naam, waarde in zip(namen, rij, strict=True)
            }
            for rij in cursor.fetchall()
        ]


# The larger and smaller of two non-NULL amounts. A CASE WHEN a > b THEN a ELSE b END repeats
# both operands, and nested it repeats them exponentially: the P&C prognose evaluated its
# spreading CASE about twenty times per commitment (670 of 790 ms on 50,000 commitments).
# GREATEST/LEAST (PostgreSQL) and the scalar max/min (SQLite) evaluate each operand once; for
# non-NULL operands they give the same value.
def _groter(a: str, b: str) -> str:
    functie = "max" if connection.vendor == "sqlite" else "GREATEST"
    return f"{functie}({a}, {b})"


def _kleiner(a: str, b: str) -> str:
    functie = "min" if connection.vendor == "sqlite" else "LEAST"
    return f"{functie}({a}, {b})"
