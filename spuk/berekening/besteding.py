"""R7/R9 besteding and R8/R9 open per cohort, read from the trigger-kept standen."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection

from inburgering.models import (
    Bestedingsmaandstand,
    Bestedingsstand,
    Factuur,
    Factuurstand,
    Openstand,
    Verplichting,
)
from inburgering.standen import open_bijdrage
from kern.sql import geld, plaatsen, rijen

from ..models import Regeling
from ._gedeeld import _filter, _maanden


def _besteding_per_cohort(gemeente_ids, peildatum, *, alle: bool = False):
    """besteding_vraag's rows: (gemeente_id, regeling, cohort, boekjaar, bedrag, aantal)."""
    return besteding_uit(rijen(*besteding_vraag(gemeente_ids, peildatum, alle=alle)))


def besteding_vraag(gemeente_ids, peildatum, *, alle: bool = False) -> tuple[str, list]:
    """R7/R9 besteding: invoices (datum <= peildatum) per regeling, cohort and boekjaar, on
    commitments (datum <= peildatum) financed by that regeling.

    Read from the Bestedingsstand (every invoice ever booked, kept by the database), less what
    the peildatum leaves out: the invoices on commitments of the months after its month (the
    Bestedingsmaandstand of those months), on commitments dated later in its own month, and
    invoices dated after it. For today's peildatum those are a few rows: no pass over the
    invoices or the commitments. A group is there when at least one invoice counts (as a sum
    over the invoices would have it). Each row also says how many invoices it sums (the
    drill-down's row count, spuk.selectors.bestedingstelling).
    """
    fb, fb_par = _filter("b.gemeente_id", gemeente_ids, alle)
    fm, fm_par = _filter("m.gemeente_id", gemeente_ids, alle)
    ff, ff_par = _filter("f.gemeente_id", gemeente_ids, alle)
    fv, fv_par = _filter("v.gemeente_id", gemeente_ids, alle)
    r_in, r_par = plaatsen(Regeling.values)
    maand, volgende = _maanden(peildatum)
    sql = f"""
        SELECT gemeente_id, financiering, cohort, boekjaar, SUM(bedrag), SUM(aantal) FROM (
            SELECT b.gemeente_id, b.financiering, b.cohort, b.boekjaar, b.bedrag, b.aantal
            FROM {Bestedingsstand._meta.db_table} b
            WHERE {fb} AND b.financiering IN ({r_in})
            UNION ALL
            SELECT m.gemeente_id, m.financiering, m.cohort, m.boekjaar, -m.bedrag, -m.aantal
            FROM {Bestedingsmaandstand._meta.db_table} m
            WHERE m.maand > %s AND {fm} AND m.financiering IN ({r_in})
            UNION ALL
            SELECT v.gemeente_id, v.financiering, v.cohort, f.boekjaar, -f.last, -1
            FROM {Verplichting._meta.db_table} v
            JOIN {Factuur._meta.db_table} f ON f.verplichting_id = v.id
            WHERE v.datum > %s AND v.datum < %s AND {fv} AND v.financiering IN ({r_in})
            UNION ALL
            SELECT v.gemeente_id, v.financiering, v.cohort, f.boekjaar, -f.last, -1
            FROM {Factuur._meta.db_table} f
            JOIN {Verplichting._meta.db_table} v ON v.id = f.verplichting_id
            WHERE f.datum > %s AND {ff} AND v.datum <= %s AND v.financiering IN ({r_in})
        ) besteding
        GROUP BY gemeente_id, financiering, cohort, boekjaar
        HAVING SUM(aantal) > 0
    """  # noqa: S608 (only placeholders and table names are formatted in)
    params = [
        *fb_par,
        *r_par,
        maand,
        *fm_par,
        *r_par,
        peildatum,
        volgende,
        *fv_par,
        *r_par,
        peildatum,
        *ff_par,
        peildatum,
        *r_par,
    ]
    return sql, params


def besteding_uit(rijen_: list[tuple]) -> list[tuple]:
    return [(g, r, c, j, geld(t), int(n)) for g, r, c, j, t, n in rijen_]


def _open_per_cohort(
    gemeente_ids, peildatum, *, alle: bool = False, regeling: str = Regeling.SPUK_IV
):
    """open_vraag's rows: (gemeente_id, cohort, open)."""
    return open_uit(rijen(*open_vraag(gemeente_ids, peildatum, alle=alle, regeling=regeling)))


def open_vraag(
    gemeente_ids, peildatum, *, alle: bool = False, regeling: str = Regeling.SPUK_IV
) -> tuple[str, list]:
    """R9 open per cohort of the SPUK-IV commitments (or of another regeling's, for its key
    figures): open(v) = max(0, bedrag - invoiced on the peildatum) while v is open on it (R8;
    a second formulation of Verplichting.objects.met_open_bedrag for speed, kept equal to it
    and to the rule by tests/spuk/test_besteding_op_peildatum.py).

    Read from the Openstand (every commitment's open part before closing, kept by the
    database): the rows dated up to the peildatum's month and not closed by its end. Only the
    commitments the peildatum sees otherwise are read one by one, by index: dated or closed
    later in its month, or invoiced after it; for each, its part on the peildatum replaces
    the part those rows hold."""
    fo, fo_par = _filter("o.gemeente_id", gemeente_ids, alle)
    ff, ff_par = _filter("f.gemeente_id", gemeente_ids, alle)
    fv, fv_par = _filter("v.gemeente_id", gemeente_ids, alle)
    maand, volgende = _maanden(peildatum)
    grootste = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    gefactureerd = "(COALESCE(s.gefactureerd, 0) - COALESCE(laat.bedrag, 0))"
    sql = f"""
        SELECT gemeente_id, cohort, SUM(bedrag) FROM (
            SELECT o.gemeente_id, o.cohort, o.open AS bedrag
            FROM {Openstand._meta.db_table} o
            WHERE {fo} AND o.financiering = %s AND o.maand <= %s AND o.gesloten_maand > %s
            UNION ALL
            SELECT v.gemeente_id, v.cohort,
                   CASE WHEN v.datum > %s OR v.gesloten_op <= %s THEN 0
                        ELSE {grootste}(v.bedrag - {gefactureerd}, 0) END
                   - CASE WHEN v.gesloten_op < %s THEN 0
                          ELSE {open_bijdrage("v", "s.gefactureerd")} END
            FROM {Verplichting._meta.db_table} v
            LEFT JOIN {Factuurstand._meta.db_table} s ON s.verplichting_id = v.id
            LEFT JOIN (
                SELECT f.verplichting_id, SUM(f.last) AS bedrag FROM {Factuur._meta.db_table} f
                WHERE f.datum > %s AND {ff}
                GROUP BY f.verplichting_id
            ) laat ON laat.verplichting_id = v.id
            WHERE v.financiering = %s AND v.datum < %s AND {fv}
              AND (v.gesloten_op IS NULL OR v.gesloten_op >= %s)
              AND v.id IN (
                SELECT v.id FROM {Verplichting._meta.db_table} v
                WHERE v.datum > %s AND v.datum < %s AND {fv}
                UNION
                SELECT v.id FROM {Verplichting._meta.db_table} v
                WHERE v.gesloten_op > %s AND v.gesloten_op < %s AND {fv}
                UNION
                SELECT f.verplichting_id FROM {Factuur._meta.db_table} f
                WHERE f.datum > %s AND {ff}
            )
        ) open_per_cohort
        GROUP BY gemeente_id, cohort
    """  # noqa: S608 (only placeholders, table names and fixed SQL are formatted in)
    params = [
        *fo_par,
        regeling,
        maand,
        maand,
        peildatum,
        peildatum,
        volgende,
        peildatum,
        *ff_par,
        regeling,
        volgende,
        *fv_par,
        maand,
        peildatum,
        volgende,
        *fv_par,
        peildatum,
        volgende,
        *fv_par,
        peildatum,
        *ff_par,
    ]
    return sql, params


def open_uit(rijen_: list[tuple]) -> list[tuple]:
    return [(g, c, geld(o)) for g, c, o in rijen_]


def open_van_regeling(gemeente_id: int, peildatum, regeling: str) -> Decimal:
    """R8 open of all commitments of one regeling on the peildatum (one query, summed in SQL)."""
    return sum(
        (o for _, _, o in _open_per_cohort([gemeente_id], peildatum, regeling=regeling)),
        Decimal("0.00"),
    )
