# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""The Verplichtingstand and the Stilstand (issue 17 item 3): the dashboard's open commitments
per aanbieder, its R10 costs per cohort and its signal "zonder recente factuur" without a pass
over the commitments.

Every commitment has one part in each: in the Verplichtingstand (count, R8 open, gefactureerd)
under its gemeente, aanbieder, voorziening, financiering, cohort, the cohort of its person when
an asielstatushouder (else 0) and whether its open amount is above 0; in the Stilstand (count)
under its gemeente and the date of its latest invoice (or its datum), only when its open
amount is above 0. A part depends on the commitment, its Factuurstand and its person, so the
triggers take a commitment's old part off and put its new part on whenever one of the three
changes: the commitments (insert, update, delete), the Factuurstand (which the invoice triggers
keep) and a person's cohort or doelgroep. Each trigger reads the other tables as they are, so
the order of a cascade does not matter (as in 0017).

As in 0017/0019: on PostgreSQL statement-level triggers with transition tables (the person's
a row-level one with a WHEN, as most updates of a person leave both untouched), ENABLE ALWAYS;
on SQLite row-level triggers, rounding every step to the cent. Then a first build
(herbouw_standen).
"""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

VS = "inburgering_verplichtingstand"
ST = "inburgering_stilstand"
VS_SLEUTEL = (
    "gemeente_id, aanbieder_id, voorziening_id, financiering, cohort, asiel_cohort, is_open"
)
ST_SLEUTEL = "gemeente_id, stil_sinds"
# What decides a commitment's part.
VELDEN = (
    "{v}.gemeente_id, {v}.aanbieder_id, {v}.voorziening_id, {v}.financiering, {v}.cohort, "
    "{v}.bedrag, {v}.gesloten_op, {v}.datum, {v}.inburgeraar_id"
)


def _is_open(v: str, gefactureerd: str) -> str:
    """R8: open above 0 (not closed, bedrag above what is invoiced)."""
    return f"({v}.gesloten_op IS NULL AND {v}.bedrag - {gefactureerd} > 0)"


def _delen_pg(bron: str) -> str:
    """Add the parts in `bron` (rows: teken, the commitment's columns as v_*, gefactureerd,
    laatste, doelgroep, p_cohort) to both standen (PostgreSQL)."""
    v = "d"
    open_ = (
        f"CASE WHEN d.gesloten_op IS NULL THEN GREATEST(d.bedrag - d.gefactureerd, 0) ELSE 0 END"
    )
    return f"""
        INSERT INTO {VS} AS o ({VS_SLEUTEL}, aantal, open, gefactureerd)
        SELECT d.gemeente_id, d.aanbieder_id, d.voorziening_id, d.financiering, d.cohort,
               CASE WHEN d.doelgroep = 'asiel' THEN d.p_cohort ELSE 0 END,
               {_is_open(v, "d.gefactureerd")},
               SUM(d.teken), SUM(d.teken * {open_}), SUM(d.teken * d.gefactureerd)
        FROM ({bron}) d
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING SUM(d.teken) <> 0 OR SUM(d.teken * {open_}) <> 0
            OR SUM(d.teken * d.gefactureerd) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT ({VS_SLEUTEL}) DO UPDATE
            SET aantal = o.aantal + EXCLUDED.aantal, open = o.open + EXCLUDED.open,
                gefactureerd = o.gefactureerd + EXCLUDED.gefactureerd;
        INSERT INTO {ST} AS o ({ST_SLEUTEL}, aantal)
        SELECT d.gemeente_id, COALESCE(d.laatste, d.datum), SUM(d.teken)
        FROM ({bron}) d
        WHERE {_is_open(v, "d.gefactureerd")}
        GROUP BY 1, 2 HAVING SUM(d.teken) <> 0 ORDER BY 1, 2
        ON CONFLICT ({ST_SLEUTEL}) DO UPDATE SET aantal = o.aantal + EXCLUDED.aantal;"""


def _deel_pg(teken: str, v: str, van: str, gefactureerd: str, laatste: str, persoon: str) -> str:
    """One side of a change as a `bron` row set: commitments `v` from `van` (FROM and WHERE),
    with their invoiced amount, latest invoice date and person (an alias or OLD/NEW)."""
    return f"""SELECT {teken} AS teken, {v}.gemeente_id, {v}.aanbieder_id, {v}.voorziening_id,
               {v}.financiering, {v}.cohort, {v}.bedrag, {v}.gesloten_op, {v}.datum,
               COALESCE({gefactureerd}, 0) AS gefactureerd, {laatste} AS laatste,
               {persoon}.doelgroep AS doelgroep, {persoon}.cohort AS p_cohort
        {van}"""


def _verplichting_pg(v: str, transitie: str, teken: str, waar: str = "") -> str:
    return _deel_pg(
        teken,
        v,
        f"""FROM {transitie}
        LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = {v}.id
        LEFT JOIN inburgering_inburgeraar p ON p.id = {v}.inburgeraar_id {waar}""",
        "s.gefactureerd",
        "s.laatste_factuurdatum",
        "p",
    )


_GEWIJZIGD = (
    f"JOIN nieuw n ON n.id = x.id WHERE ({VELDEN.format(v='x')}) IS DISTINCT FROM "
    f"({VELDEN.format(v='n')})"
)
_GEWIJZIGD_N = (
    f"JOIN oud x ON x.id = n.id WHERE ({VELDEN.format(v='x')}) IS DISTINCT FROM "
    f"({VELDEN.format(v='n')})"
)


def _factuurstand_pg(transitie: str, s: str, teken: str, nul: bool = False, waar: str = "") -> str:
    """A side of a Factuurstand change: its commitments with the stand of `s` in `transitie`
    (or, `nul`, with none)."""
    return _deel_pg(
        teken,
        "v",
        f"""FROM {transitie}
        JOIN inburgering_verplichting v ON v.id = {s}.verplichting_id
        LEFT JOIN inburgering_inburgeraar p ON p.id = v.inburgeraar_id {waar}""",
        "0" if nul else f"{s}.gefactureerd",
        "NULL::date" if nul else f"{s}.laatste_factuurdatum",
        "p",
    )


_FS_GEWIJZIGD = (
    "JOIN nieuw n2 ON n2.verplichting_id = x.verplichting_id WHERE "
    "(x.gefactureerd, x.laatste_factuurdatum) IS DISTINCT FROM "
    "(n2.gefactureerd, n2.laatste_factuurdatum)"
)
_FS_GEWIJZIGD_N = (
    "JOIN oud x2 ON x2.verplichting_id = n.verplichting_id WHERE "
    "(x2.gefactureerd, x2.laatste_factuurdatum) IS DISTINCT FROM "
    "(n.gefactureerd, n.laatste_factuurdatum)"
)


def _persoon_pg(persoon: str, teken: str) -> str:
    return _deel_pg(
        teken,
        "v",
        f"""FROM inburgering_verplichting v
        LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = v.id
        WHERE v.inburgeraar_id = {persoon}.id""",
        "s.gefactureerd",
        "s.laatste_factuurdatum",
        persoon,
    )


POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_verplichting_verplichtingstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_delen_pg(_verplichting_pg("n", "nieuw n", "1"))}
    ELSIF TG_OP = 'DELETE' THEN
        {_delen_pg(_verplichting_pg("x", "oud x", "-1"))}
    ELSE
        {
    _delen_pg(
        _verplichting_pg("x", "oud x", "-1", _GEWIJZIGD)
        + " UNION ALL "
        + _verplichting_pg("n", "nieuw n", "1", _GEWIJZIGD_N)
    )
}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_verplichting_verplichtingstand_insert
    AFTER INSERT ON inburgering_verplichting REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_verplichtingstand();
CREATE TRIGGER inburgering_verplichting_verplichtingstand_update
    AFTER UPDATE ON inburgering_verplichting REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_verplichtingstand();
CREATE TRIGGER inburgering_verplichting_verplichtingstand_delete
    AFTER DELETE ON inburgering_verplichting REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_verplichting_verplichtingstand();

CREATE OR REPLACE FUNCTION inburgering_factuurstand_verplichtingstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {
    _delen_pg(
        _factuurstand_pg("nieuw n", "n", "-1", nul=True)
        + " UNION ALL "
        + _factuurstand_pg("nieuw n", "n", "1")
    )
}
    ELSIF TG_OP = 'DELETE' THEN
        {
    _delen_pg(
        _factuurstand_pg("oud x", "x", "-1")
        + " UNION ALL "
        + _factuurstand_pg("oud x", "x", "1", nul=True)
    )
}
    ELSE
        {
    _delen_pg(
        _factuurstand_pg("oud x", "x", "-1", waar=_FS_GEWIJZIGD)
        + " UNION ALL "
        + _factuurstand_pg("nieuw n", "n", "1", waar=_FS_GEWIJZIGD_N)
    )
}
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_factuurstand_verplichtingstand_insert
    AFTER INSERT ON inburgering_factuurstand REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_verplichtingstand();
CREATE TRIGGER inburgering_factuurstand_verplichtingstand_update
    AFTER UPDATE ON inburgering_factuurstand REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_verplichtingstand();
CREATE TRIGGER inburgering_factuurstand_verplichtingstand_delete
    AFTER DELETE ON inburgering_factuurstand REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION inburgering_factuurstand_verplichtingstand();

CREATE OR REPLACE FUNCTION inburgering_inburgeraar_verplichtingstand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {_delen_pg(_persoon_pg("OLD", "-1") + " UNION ALL " + _persoon_pg("NEW", "1"))}
    RETURN NULL;
END;
$$;

CREATE TRIGGER inburgering_inburgeraar_verplichtingstand
    AFTER UPDATE OF cohort, doelgroep ON inburgering_inburgeraar
    FOR EACH ROW
    WHEN (OLD.cohort IS DISTINCT FROM NEW.cohort OR OLD.doelgroep IS DISTINCT FROM NEW.doelgroep)
    EXECUTE FUNCTION inburgering_inburgeraar_verplichtingstand();

ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_verplichtingstand_insert;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_verplichtingstand_update;
ALTER TABLE inburgering_verplichting
    ENABLE ALWAYS TRIGGER inburgering_verplichting_verplichtingstand_delete;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_verplichtingstand_insert;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_verplichtingstand_update;
ALTER TABLE inburgering_factuurstand
    ENABLE ALWAYS TRIGGER inburgering_factuurstand_verplichtingstand_delete;
ALTER TABLE inburgering_inburgeraar ENABLE ALWAYS TRIGGER inburgering_inburgeraar_verplichtingstand;
"""

POSTGRESQL_WEG = """
DROP TRIGGER IF EXISTS inburgering_verplichting_verplichtingstand_insert
    ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_verplichtingstand_update
    ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_verplichting_verplichtingstand_delete
    ON inburgering_verplichting;
DROP TRIGGER IF EXISTS inburgering_factuurstand_verplichtingstand_insert
    ON inburgering_factuurstand;
DROP TRIGGER IF EXISTS inburgering_factuurstand_verplichtingstand_update
    ON inburgering_factuurstand;
DROP TRIGGER IF EXISTS inburgering_factuurstand_verplichtingstand_delete
    ON inburgering_factuurstand;
DROP TRIGGER IF EXISTS inburgering_inburgeraar_verplichtingstand ON inburgering_inburgeraar;
DROP FUNCTION IF EXISTS inburgering_verplichting_verplichtingstand();
DROP FUNCTION IF EXISTS inburgering_factuurstand_verplichtingstand();
DROP FUNCTION IF EXISTS inburgering_inburgeraar_verplichtingstand();
"""


# SQLite: row level, one commitment at a time; its Factuurstand and person read by subqueries.
def _fs_sqlite(v: str, kolom: str) -> str:
    return f"(SELECT s.{kolom} FROM inburgering_factuurstand s WHERE s.verplichting_id = {v}.id)"


def _p_sqlite(v: str, kolom: str) -> str:
    return f"(SELECT p.{kolom} FROM inburgering_inburgeraar p WHERE p.id = {v}.inburgeraar_id)"


def _deel_sqlite(
    teken: str, v: str, van: str, gefactureerd: str, laatste: str, doelgroep: str, p_cohort: str
) -> str:
    """Add the part of commitment(s) `v` (`van`: FROM ... WHERE ..., or WHERE true for OLD or
    NEW) times `teken` to both standen (SQLite; "WHERE" before ON CONFLICT as in 0006)."""
    g = f"COALESCE({gefactureerd}, 0)"
    open_ = f"CASE WHEN {v}.gesloten_op IS NULL THEN MAX({v}.bedrag - {g}, 0) ELSE 0 END"
    return f"""
    INSERT INTO {VS} ({VS_SLEUTEL}, aantal, open, gefactureerd)
    SELECT {v}.gemeente_id, {v}.aanbieder_id, {v}.voorziening_id, {v}.financiering, {v}.cohort,
           CASE WHEN {doelgroep} = 'asiel' THEN {p_cohort} ELSE 0 END, {_is_open(v, g)},
           {teken}, ROUND({teken} * {open_}, 2), ROUND({teken} * {g}, 2)
    {van}
    ON CONFLICT ({VS_SLEUTEL}) DO UPDATE
        SET aantal = aantal + excluded.aantal, open = ROUND(open + excluded.open, 2),
            gefactureerd = ROUND(gefactureerd + excluded.gefactureerd, 2);
    INSERT INTO {ST} ({ST_SLEUTEL}, aantal)
    SELECT {v}.gemeente_id, COALESCE({laatste}, {v}.datum), {teken}
    {van} AND {_is_open(v, g)}
    ON CONFLICT ({ST_SLEUTEL}) DO UPDATE SET aantal = aantal + excluded.aantal;
"""


def _v_sqlite(v: str, teken: str) -> str:
    return _deel_sqlite(
        teken,
        v,
        "WHERE true",
        _fs_sqlite(v, "gefactureerd"),
        _fs_sqlite(v, "laatste_factuurdatum"),
        _p_sqlite(v, "doelgroep"),
        _p_sqlite(v, "cohort"),
    )


def _fs_deel_sqlite(rij: str, teken: str, nul: bool = False) -> str:
    v = "v"
    return _deel_sqlite(
        teken,
        v,
        f"FROM inburgering_verplichting v WHERE v.id = {rij}.verplichting_id",
        "0" if nul else f"{rij}.gefactureerd",
        "NULL" if nul else f"{rij}.laatste_factuurdatum",
        _p_sqlite(v, "doelgroep"),
        _p_sqlite(v, "cohort"),
    )


def _persoon_sqlite(persoon: str, teken: str) -> str:
    v = "v"
    return _deel_sqlite(
        teken,
        v,
        f"FROM inburgering_verplichting v WHERE v.inburgeraar_id = {persoon}.id",
        _fs_sqlite(v, "gefactureerd"),
        _fs_sqlite(v, "laatste_factuurdatum"),
        f"{persoon}.doelgroep",
        f"{persoon}.cohort",
    )


_V_KOLOMMEN = (
    "gemeente_id, aanbieder_id, voorziening_id, financiering, cohort, bedrag, gesloten_op, "
    "datum, inburgeraar_id"
)
_V_GEWIJZIGD = " OR ".join(
    f"OLD.{k} IS NOT NEW.{k}" for k in (k.strip() for k in _V_KOLOMMEN.split(","))
)

SQLITE = [
    "CREATE TRIGGER inburgering_verplichting_verplichtingstand_insert AFTER INSERT ON "
    f"inburgering_verplichting BEGIN {_v_sqlite('NEW', '1')} END",
    "CREATE TRIGGER inburgering_verplichting_verplichtingstand_delete AFTER DELETE ON "
    f"inburgering_verplichting BEGIN {_v_sqlite('OLD', '-1')} END",
    f"""CREATE TRIGGER inburgering_verplichting_verplichtingstand_update
    AFTER UPDATE OF {_V_KOLOMMEN} ON inburgering_verplichting WHEN {_V_GEWIJZIGD}
    BEGIN {_v_sqlite("OLD", "-1")} {_v_sqlite("NEW", "1")} END""",
    "CREATE TRIGGER inburgering_factuurstand_verplichtingstand_insert AFTER INSERT ON "
    "inburgering_factuurstand BEGIN "
    f"{_fs_deel_sqlite('NEW', '-1', nul=True)} {_fs_deel_sqlite('NEW', '1')} END",
    "CREATE TRIGGER inburgering_factuurstand_verplichtingstand_delete AFTER DELETE ON "
    "inburgering_factuurstand BEGIN "
    f"{_fs_deel_sqlite('OLD', '-1')} {_fs_deel_sqlite('OLD', '1', nul=True)} END",
    """CREATE TRIGGER inburgering_factuurstand_verplichtingstand_update
    AFTER UPDATE OF gefactureerd, laatste_factuurdatum ON inburgering_factuurstand
    WHEN OLD.gefactureerd IS NOT NEW.gefactureerd
      OR OLD.laatste_factuurdatum IS NOT NEW.laatste_factuurdatum
    """
    f"BEGIN {_fs_deel_sqlite('OLD', '-1')} {_fs_deel_sqlite('NEW', '1')} END",
    """CREATE TRIGGER inburgering_inburgeraar_verplichtingstand
    AFTER UPDATE OF cohort, doelgroep ON inburgering_inburgeraar
    WHEN OLD.cohort IS NOT NEW.cohort OR OLD.doelgroep IS NOT NEW.doelgroep
    """
    f"BEGIN {_persoon_sqlite('OLD', '-1')} {_persoon_sqlite('NEW', '1')} END",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_verplichting_verplichtingstand_insert",
        "inburgering_verplichting_verplichtingstand_delete",
        "inburgering_verplichting_verplichtingstand_update",
        "inburgering_factuurstand_verplichtingstand_insert",
        "inburgering_factuurstand_verplichtingstand_delete",
        "inburgering_factuurstand_verplichtingstand_update",
        "inburgering_inburgeraar_verplichtingstand",
    )
]


def maak(apps, schema_editor):
    from inburgering.standen import herbouw_standen

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
    herbouw_standen()


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
    else:
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0019_factuurmaandstand"),
        ("kern", "0009_tijdelijk_wachtwoord"),
    ]

    operations = [
        migrations.CreateModel(
            name="Stilstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stil_sinds", models.DateField()),
                ("aantal", models.IntegerField()),
                (
                    "gemeente",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
            ],
            options={
                "verbose_name": "stilstand",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("gemeente", "stil_sinds"), name="stilstand_uniek"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Verplichtingstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("financiering", models.CharField(max_length=12)),
                ("cohort", models.PositiveSmallIntegerField()),
                ("asiel_cohort", models.PositiveSmallIntegerField()),
                ("is_open", models.BooleanField()),
                ("aantal", models.IntegerField()),
                ("open", models.DecimalField(decimal_places=2, max_digits=14)),
                ("gefactureerd", models.DecimalField(decimal_places=2, max_digits=14)),
                (
                    "aanbieder",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inburgering.aanbieder",
                    ),
                ),
                (
                    "gemeente",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
                (
                    "voorziening",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inburgering.voorziening",
                    ),
                ),
            ],
            options={
                "verbose_name": "verplichtingstand",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("open__gt", Decimal("-1000000000000")),
                            ("open__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_verplichtingstand_open_grens",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("gefactureerd__gt", Decimal("-1000000000000")),
                            ("gefactureerd__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_verplichtingstand_gefactureerd_grens",
                    ),
                    models.UniqueConstraint(
                        fields=(
                            "gemeente",
                            "aanbieder",
                            "voorziening",
                            "financiering",
                            "cohort",
                            "asiel_cohort",
                            "is_open",
                        ),
                        name="verplichtingstand_uniek",
                    ),
                ],
            },
        ),
        migrations.RunPython(maak, verwijder),
    ]
