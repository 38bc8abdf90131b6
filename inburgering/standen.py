"""The standen (Factuurstand, Bestedingsstand, Bestedingsmaandstand, Factuurmaandstand,
Openstand, Verplichtingstand, Stilstand, Persoonstand): running totals of the invoices and the
open commitments, kept by the database; each commitment's Stilte (its latest invoice date next
to its gemeente, nummer, datum and whether it is open, for the signal list); and each invoice's
cohort (its commitment's, for a cohort's invoice page).

Triggers (migrations 0006, 0009, 0017, 0018, 0019, 0020, 0022, 0023 and 0024) keep them
current; this module rebuilds them from the invoices, for a new installation, after a restore,
or to prove the triggers right (tests compare the two). `manage.py herbouw_standen` runs it
by hand. Both sum the last of each invoice (R8: bedrag - btw when the btw is compensable, else
bedrag; the database column `last`); the Bestedingsstand also its bedrag (`bruto`), the
Openstand also the commitments' bedrag and count (`verplicht`, `aantal`); the
Verplichtingstand, the Stilstand and the Persoonstand count and sum the commitments themselves
(with their Factuurstand and person).
"""

from __future__ import annotations

from django.db import connection, transaction

from .models import (
    Bestedingsmaandstand,
    Bestedingsstand,
    Factuur,
    Factuurmaandstand,
    Factuurstand,
    Inburgeraar,
    Openstand,
    Persoonstand,
    Stilstand,
    Stilte,
    Verplichting,
    Verplichtingstand,
)

F_TABEL = Factuur._meta.db_table
V_TABEL = Verplichting._meta.db_table
FS_TABEL = Factuurstand._meta.db_table
BS_TABEL = Bestedingsstand._meta.db_table
BM_TABEL = Bestedingsmaandstand._meta.db_table
OS_TABEL = Openstand._meta.db_table
FM_TABEL = Factuurmaandstand._meta.db_table
VS_TABEL = Verplichtingstand._meta.db_table
ST_TABEL = Stilstand._meta.db_table
PS_TABEL = Persoonstand._meta.db_table
Z_TABEL = Stilte._meta.db_table
I_TABEL = Inburgeraar._meta.db_table


def herbouw_standen(gemeente_ids: list[int] | None = None) -> None:
    """Rebuild the standen of some gemeenten (default: all) from their invoices, atomically."""
    if gemeente_ids is not None and not gemeente_ids:
        return
    filter_, parameters = "1 = 1", []
    if gemeente_ids is not None:
        filter_ = "gemeente_id IN (" + ", ".join(["%s"] * len(gemeente_ids)) + ")"
        parameters = list(gemeente_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No invoice may be booked halfway through: it would be counted twice or not at all.
            cursor.execute(f"LOCK TABLE {F_TABEL} IN SHARE MODE")
            # Nor a commitment changed: the Openstand reads them.
            cursor.execute(f"LOCK TABLE {V_TABEL} IN SHARE MODE")
            # Nor a person's cohort or doelgroep: the Verplichtingstand reads them.
            cursor.execute(f"LOCK TABLE {I_TABEL} IN SHARE MODE")
        if "cohort" in _kolommen(cursor, F_TABEL):  # from migration 0022 on
            _herbouw_factuur_cohort(cursor, filter_, parameters)
        last = _last_kolom(cursor)
        cursor.execute(f"DELETE FROM {FS_TABEL} WHERE {filter_}", parameters)  # noqa: S608
        cursor.execute(f"DELETE FROM {BS_TABEL} WHERE {filter_}", parameters)  # noqa: S608
        cursor.execute(
            f"""
            INSERT INTO {FS_TABEL} (verplichting_id, gemeente_id, gefactureerd,
                                    laatste_factuurdatum)
            SELECT verplichting_id, MIN(gemeente_id), ROUND(SUM({last}), 2), MAX(datum)
            FROM {F_TABEL} WHERE {filter_}
            GROUP BY verplichting_id
            """,  # noqa: S608 (only table names and placeholders are formatted in)
            parameters,
        )
        # The gross invoice total from migration 0018 on (earlier migrations rebuild too).
        bruto = (
            ("", "")
            if "bruto" not in _kolommen(cursor, BS_TABEL)
            else (
                ", bruto",
                ", ROUND(SUM(f.bedrag), 2)",
            )
        )
        cursor.execute(
            f"""
            INSERT INTO {BS_TABEL} (gemeente_id, financiering, cohort, boekjaar, bedrag, aantal
                                    {bruto[0]})
            SELECT v.gemeente_id, v.financiering, v.cohort, f.boekjaar, ROUND(SUM(f.{last}), 2),
                   COUNT(*) {bruto[1]}
            FROM {F_TABEL} f JOIN {V_TABEL} v ON v.id = f.verplichting_id
            WHERE {filter_.replace("gemeente_id", "v.gemeente_id")}
            GROUP BY v.gemeente_id, v.financiering, v.cohort, f.boekjaar
            """,  # noqa: S608 (only table names and placeholders are formatted in)
            parameters,
        )
        if OS_TABEL in connection.introspection.table_names(cursor):  # from migration 0016 on
            _herbouw_maand_en_open(cursor, filter_, parameters)
        if FM_TABEL in connection.introspection.table_names(cursor):  # from migration 0019 on
            _herbouw_factuurmaand(cursor, filter_, parameters)
        if VS_TABEL in connection.introspection.table_names(cursor):  # from migration 0020 on
            _herbouw_verplichtingstand(cursor, filter_, parameters)
        if PS_TABEL in connection.introspection.table_names(cursor):  # from migration 0023 on
            _herbouw_persoonstand(cursor, filter_, parameters)
        if Z_TABEL in connection.introspection.table_names(cursor):  # from migration 0024 on
            _herbouw_stilte(cursor, filter_, parameters)


def _herbouw_factuur_cohort(cursor, filter_: str, parameters: list) -> None:
    """Factuur.cohort from the commitments; the same rule as the triggers of 0022 (the cohort of
    the invoice's commitment). Only rows that differ are written, before the standen are rebuilt
    (the invoices' update triggers follow the write, and the rebuild below redoes them anyway)."""
    cohort = f"(SELECT v.cohort FROM {V_TABEL} v WHERE v.id = f.verplichting_id)"  # noqa: S608
    anders = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    cursor.execute(
        f"""
        UPDATE {F_TABEL} AS f SET cohort = {cohort}
        WHERE {filter_.replace("gemeente_id", "f.gemeente_id")} AND f.cohort {anders} {cohort}
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )


def _herbouw_stilte(cursor, filter_: str, parameters: list) -> None:
    """The Stilte from the commitments and their (just rebuilt) Factuurstand, whose
    laatste_factuurdatum is the latest invoice date; the same rules as the triggers of 0024."""
    cursor.execute(f"DELETE FROM {Z_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO {Z_TABEL} (verplichting_id, gemeente_id, nummer, datum, laatste_factuurdatum,
                               is_open)
        SELECT v.id, v.gemeente_id, v.nummer, v.datum, s.laatste_factuurdatum,
               v.gesloten_op IS NULL
        FROM {V_TABEL} v LEFT JOIN {FS_TABEL} s ON s.verplichting_id = v.id
        WHERE {filter_.replace("gemeente_id", "v.gemeente_id")}
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )


def _herbouw_persoonstand(cursor, filter_: str, parameters: list) -> None:
    """The Persoonstand from the commitments and their (just rebuilt) Factuurstand; the same
    rule as the triggers of migration 0023: per person and gemeente, the commitments with an
    R8 open amount above 0, counted and their open amounts summed."""
    gefactureerd = "COALESCE(s.gefactureerd, 0)"
    cursor.execute(f"DELETE FROM {PS_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO {PS_TABEL} (inburgeraar_id, gemeente_id, aantal, open)
        SELECT v.inburgeraar_id, v.gemeente_id, COUNT(*),
               ROUND(SUM(v.bedrag - {gefactureerd}), 2)
        FROM {V_TABEL} v LEFT JOIN {FS_TABEL} s ON s.verplichting_id = v.id
        WHERE {filter_.replace("gemeente_id", "v.gemeente_id")}
          AND v.inburgeraar_id IS NOT NULL AND v.gesloten_op IS NULL
          AND v.bedrag - {gefactureerd} > 0
        GROUP BY v.inburgeraar_id, v.gemeente_id
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )


def _herbouw_factuurmaand(cursor, filter_: str, parameters: list) -> None:
    """The Factuurmaandstand from the invoices; the same rules as the triggers of 0019."""
    maand, factuurmaand = maand_van("v.datum"), maand_van("f.datum")
    cursor.execute(f"DELETE FROM {FM_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO {FM_TABEL} (gemeente_id, financiering, boekjaar, maand, factuurmaand,
                                bedrag, aantal)
        SELECT v.gemeente_id, v.financiering, f.boekjaar, {maand}, {factuurmaand},
               ROUND(SUM(f.last), 2), COUNT(*)
        FROM {F_TABEL} f JOIN {V_TABEL} v ON v.id = f.verplichting_id
        WHERE {filter_.replace("gemeente_id", "v.gemeente_id")}
        GROUP BY v.gemeente_id, v.financiering, f.boekjaar, {maand}, {factuurmaand}
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )


def _herbouw_verplichtingstand(cursor, filter_: str, parameters: list) -> None:
    """The Verplichtingstand and the Stilstand from the commitments, their (just rebuilt)
    Factuurstand and their persons; the same rules as the triggers of migration 0020."""
    v_filter = filter_.replace("gemeente_id", "v.gemeente_id")
    gefactureerd = "COALESCE(s.gefactureerd, 0)"
    is_open = f"(v.gesloten_op IS NULL AND v.bedrag - {gefactureerd} > 0)"
    asiel_cohort = "CASE WHEN p.doelgroep = 'asiel' THEN p.cohort ELSE 0 END"
    bron = f"""FROM {V_TABEL} v LEFT JOIN {FS_TABEL} s ON s.verplichting_id = v.id
        LEFT JOIN {I_TABEL} p ON p.id = v.inburgeraar_id
        WHERE {v_filter}"""
    cursor.execute(f"DELETE FROM {VS_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(f"DELETE FROM {ST_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO {VS_TABEL} (gemeente_id, aanbieder_id, voorziening_id, financiering, cohort,
                                asiel_cohort, is_open, aantal, open, gefactureerd)
        SELECT v.gemeente_id, v.aanbieder_id, v.voorziening_id, v.financiering, v.cohort,
               {asiel_cohort}, {is_open}, COUNT(*),
               ROUND(SUM(CASE WHEN v.gesloten_op IS NULL
                         THEN {open_bijdrage("v", "s.gefactureerd")} ELSE 0 END), 2),
               ROUND(SUM({gefactureerd}), 2)
        {bron}
        GROUP BY v.gemeente_id, v.aanbieder_id, v.voorziening_id, v.financiering, v.cohort,
                 {asiel_cohort}, {is_open}
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )
    cursor.execute(
        f"""
        INSERT INTO {ST_TABEL} (gemeente_id, stil_sinds, aantal)
        SELECT v.gemeente_id, COALESCE(s.laatste_factuurdatum, v.datum), COUNT(*)
        {bron} AND {is_open}
        GROUP BY v.gemeente_id, COALESCE(s.laatste_factuurdatum, v.datum)
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )


def _herbouw_maand_en_open(cursor, filter_: str, parameters: list) -> None:
    """The Bestedingsmaandstand from the invoices and the Openstand from the commitments and
    their (just rebuilt) Factuurstand; the same rules as the triggers of migration 0017."""
    v_filter = filter_.replace("gemeente_id", "v.gemeente_id")
    maand = maand_van("v.datum")
    gesloten = f"COALESCE({maand_van('v.gesloten_op')}, %s)"
    cursor.execute(f"DELETE FROM {BM_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(f"DELETE FROM {OS_TABEL} WHERE {filter_}", parameters)  # noqa: S608
    cursor.execute(
        f"""
        INSERT INTO {BM_TABEL} (gemeente_id, maand, financiering, cohort, boekjaar, bedrag, aantal)
        SELECT v.gemeente_id, {maand}, v.financiering, v.cohort, f.boekjaar,
               ROUND(SUM(f.last), 2), COUNT(*)
        FROM {F_TABEL} f JOIN {V_TABEL} v ON v.id = f.verplichting_id
        WHERE {v_filter}
        GROUP BY v.gemeente_id, {maand}, v.financiering, v.cohort, f.boekjaar
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        parameters,
    )
    # The commitments' bedrag and count from migration 0018 on.
    telling = (
        ("", "")
        if "verplicht" not in _kolommen(cursor, OS_TABEL)
        else (
            ", verplicht, aantal",
            ", ROUND(SUM(v.bedrag), 2), COUNT(*)",
        )
    )
    cursor.execute(
        f"""
        INSERT INTO {OS_TABEL} (gemeente_id, financiering, maand, cohort, gesloten_maand, open
                                {telling[0]})
        SELECT v.gemeente_id, v.financiering, {maand}, v.cohort, {gesloten},
               ROUND(SUM({open_bijdrage("v", "s.gefactureerd")}), 2) {telling[1]}
        FROM {V_TABEL} v LEFT JOIN {FS_TABEL} s ON s.verplichting_id = v.id
        WHERE {v_filter}
        GROUP BY v.gemeente_id, v.financiering, {maand}, v.cohort, {gesloten}
        """,  # noqa: S608 (only table names, fixed SQL and placeholders are formatted in)
        [Openstand.NOOIT_GESLOTEN, *parameters, Openstand.NOOIT_GESLOTEN],
    )


def maand_van(kolom: str) -> str:
    """The first day of the month of a date column (the `maand` of the Openstand and the
    Bestedingsmaandstand)."""
    if connection.vendor == "sqlite":
        return f"date({kolom}, 'start of month')"
    return f"CAST(date_trunc('month', {kolom}) AS date)"


def open_bijdrage(v: str, gefactureerd: str) -> str:
    """R8 open of commitment `v` (a table alias) before closing, as the Openstand holds it:
    max(0, bedrag - gefactureerd) (SQL, both databases)."""
    grootste = "MAX" if connection.vendor == "sqlite" else "GREATEST"
    return f"{grootste}({v}.bedrag - COALESCE({gefactureerd}, 0), 0)"


def _kolommen(cursor, tabel: str) -> set[str]:
    return {k.name for k in connection.introspection.get_table_description(cursor, tabel)}


def _last_kolom(cursor) -> str:
    """The invoice column to sum: `last`, or `bedrag` while migration 0006 runs its first
    build on a database where 0008 has not yet added the last (there, both are the same)."""
    return "last" if "last" in _kolommen(cursor, F_TABEL) else "bedrag"
