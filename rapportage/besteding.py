"""Besteding per month of one budget year, for the dashboard's "are we on course?" chart.

The same invoices as R7's besteding (spuk.selectors.facturen_in_besteding: their `last`,
boekjaar t, on commitments of the regeling, both dated on or before the peildatum), read from
the Factuurmaandstand (inburgering.models, kept by the database) for the months before the
peildatum's month, and one by one, through an index, for the invoices and commitments dated in
that month up to the peildatum: one query, no pass over the invoices.
"""

from datetime import date
from decimal import Decimal

from django.db import connection

from inburgering.models import Factuur, Factuurmaandstand, Verplichting
from kern.sql import geld

NUL = Decimal("0.00")

# The figures of facturen_in_besteding(gemeente, peildatum, regeling=, boekjaar=) by invoice
# date: the stand's rows of commitments and invoices both dated before the peildatum's month,
# then the invoices dated in that month (on commitments up to the peildatum), then the invoices
# dated before it on commitments dated in it (up to the peildatum). The three are disjoint.
_SQL = f"""
    SELECT m.factuurmaand, m.bedrag FROM {Factuurmaandstand._meta.db_table} m
    WHERE m.gemeente_id = %s AND m.financiering = %s AND m.boekjaar = %s
      AND m.maand < %s AND m.factuurmaand < %s AND m.aantal <> 0
    UNION ALL
    SELECT f.datum, f.last FROM {Factuur._meta.db_table} f
    JOIN {Verplichting._meta.db_table} v ON v.id = f.verplichting_id
    WHERE f.gemeente_id = %s AND f.datum >= %s AND f.datum <= %s AND f.boekjaar = %s
      AND v.datum <= %s AND v.financiering = %s
    UNION ALL
    SELECT f.datum, f.last FROM {Verplichting._meta.db_table} v
    JOIN {Factuur._meta.db_table} f ON f.verplichting_id = v.id
    WHERE v.gemeente_id = %s AND v.datum >= %s AND v.datum <= %s AND v.financiering = %s
      AND f.datum < %s AND f.boekjaar = %s AND f.gemeente_id = %s
"""  # noqa: S608 (only table names are formatted in)


def besteding_per_maand(gemeente, regeling: str, jaar: int, peildatum: date) -> list[Decimal]:
    """Twelve amounts (January .. December of `jaar`), up to the peildatum's month in the
    current year. A late invoice (dated in the next year, boekjaar `jaar`) counts in December."""
    maanden = 12 if peildatum.year > jaar else peildatum.month
    bedragen = [NUL] * maanden
    g = getattr(gemeente, "pk", gemeente)
    maand = peildatum.replace(day=1)
    parameters = [
        *(g, regeling, jaar, maand, maand),
        *(g, maand, peildatum, jaar, peildatum, regeling),
        *(g, maand, peildatum, regeling, maand, jaar, g),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_SQL, parameters)
        rijen = cursor.fetchall()
    for datum, bedrag in rijen:
        # A date on PostgreSQL, its ISO text on SQLite.
        kalenderjaar, maand_nr = int(str(datum)[:4]), int(str(datum)[5:7])
        index = 11 if kalenderjaar > jaar else maand_nr - 1
        if index < maanden:
            bedragen[index] += geld(bedrag)
    return bedragen
