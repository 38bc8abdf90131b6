"""Besteding per month of one budget year, for the dashboard's "are we on course?" chart.

The same invoices as R7's besteding (spuk.selectors.facturen_in_besteding: their `last`,
boekjaar t, on commitments of the regeling, both dated on or before the peildatum), read from
the Factuurmaandstand (inburgering.models, kept by the database) up to the end of the
peildatum's month, less, through indexes, what of that month lies after the peildatum: one
query, no pass over the invoices.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from inburgering.models import Factuur, Factuurmaandstand, Verplichting
from kern.sql import geld

NUL = Decimal("0.00")

# The figures of facturen_in_besteding(gemeente, peildatum, regeling=, boekjaar=) by invoice
# date: (1) the stand's rows of commitments and invoices both dated up to the end of the
# peildatum's month, less what of those lies after the peildatum: (2) the invoices dated after
# it (one by one through the (gemeente, boekjaar, datum) index) and (3) the invoices up to it
# on commitments dated after it (through the (gemeente, datum) index); (2) and (3) are
# disjoint, and with a peildatum of today both are usually empty. A month's invoices can be
# tens of thousands (the bench dates 23,000 on one day); none of them is read one by one.
_SQL = f"""
    SELECT m.factuurmaand, m.bedrag FROM {Factuurmaandstand._meta.db_table} m
    WHERE m.gemeente_id = %s AND m.financiering = %s AND m.boekjaar = %s
      AND m.maand <= %s AND m.factuurmaand <= %s AND m.aantal <> 0
    UNION ALL
    SELECT f.datum, -f.last FROM {Factuur._meta.db_table} f
    JOIN {Verplichting._meta.db_table} v ON v.id = f.verplichting_id
    WHERE f.gemeente_id = %s AND f.boekjaar = %s AND f.datum > %s AND f.datum < %s
      AND v.datum < %s AND v.financiering = %s
    UNION ALL
    SELECT f.datum, -f.last FROM {Verplichting._meta.db_table} v
    JOIN {Factuur._meta.db_table} f ON f.verplichting_id = v.id
    WHERE v.gemeente_id = %s AND v.datum > %s AND v.datum < %s AND v.financiering = %s
      AND f.datum <= %s AND f.boekjaar = %s AND f.gemeente_id = %s
"""  # noqa: S608 (only table names are formatted in)


def besteding_per_maand(gemeente, regeling: str, jaar: int, peildatum: date) -> list[Decimal]:
    """Twelve amounts (January .. December of `jaar`), up to the peildatum's month in the
    current year. A late invoice (dated in the next year, boekjaar `jaar`) counts in December."""
    maanden = 12 if peildatum.year > jaar else peildatum.month
    bedragen = [NUL] * maanden
    g = getattr(gemeente, "pk", gemeente)
    maand = peildatum.replace(day=1)
    volgende = (maand + timedelta(days=31)).replace(day=1)
    parameters = [
        *(g, regeling, jaar, maand, maand),
        *(g, jaar, peildatum, volgende, volgende, regeling),
        *(g, peildatum, volgende, regeling, peildatum, jaar, g),
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
