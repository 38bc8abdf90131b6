# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""The Persoonstand (issue 17 item 3): the signal "gestopt met open" (persons who stopped, moved
or got an exemption while commitments are still open) reads each person's open commitments,
their count and R8 open amount, from one kept row instead of a sum over the person's commitments
for every person of that status; those persons are read from a partial index in the list's
order.

A commitment with a person and an R8 open amount above 0 (not closed, bedrag above what its
Factuurstand says is invoiced) has a part in its person's row (under its own gemeente): 1 and
bedrag - gefactureerd. The part depends on the commitment and its Factuurstand, so the triggers
take a commitment's old part off and put its new part on whenever one of the two changes: the
commitments (insert, update of person, gemeente, bedrag or closing, delete) and the
Factuurstand (which the invoice triggers keep). Each trigger reads the other table as it is, so
the order of a cascade does not matter (as in 0017 and 0020).

As in 0020: on PostgreSQL statement-level triggers with transition tables, ENABLE ALWAYS; on
SQLite row-level triggers, rounding every step to the cent. Then a first build, the same as
herbouw_standen's.
"""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

PS = "inburgering_persoonstand"
SLEUTEL = "inburgeraar_id, gemeente_id"
# What decides a commitment's part.
VELDEN = "{v}.inburgeraar_id, {v}.gemeente_id, {v}.bedrag, {v}.gesloten_op"


def _heeft_deel(v: str, gefactureerd: str) -> str:
    """A person's commitment with an R8 open amount above 0."""
    return (
        f"({v}.inburgeraar_id IS NOT NULL AND {v}.gesloten_op IS NULL"
        f" AND {v}.bedrag - {gefactureerd} > 0)"
    )


def _delen_pg(bron: str) -> str:
    """Add the parts in `bron` (rows: teken, the commitment's VELDEN, gefactureerd) to the
    Persoonstand, in key order (two transactions lock its rows in one order)."""
    open_ = "d.teken * (d.bedrag - d.gefactureerd)"
    return f"""
        INSERT INTO {PS} AS o ({SLEUTEL}, aantal, open)
        SELECT d.inburgeraar_id, d.gemeente_id, SUM(d.teken), SUM({open_})
        FROM ({bron}) d
        WHERE {_heeft_deel("d", "d.gefactureerd")}
        GROUP BY 1, 2
        HAVING SUM(d.teken) <> 0 OR SUM({open_}) <> 0
        ORDER BY 1, 2
        ON CONFLICT ({SLEUTEL}) DO UPDATE
            SET aantal = o.aantal + EXCLUDED.aantal, open = o.open + EXCLUDED.open;"""


def _deel_pg(teken: str, v: str, van: str, gefactureerd: str) -> str:
    return f"""SELECT {teken} AS teken, {VELDEN.format(v=v)},
               COALESCE({gefactureerd}, 0) AS gefactureerd
        {van}"""


def _verplichting_pg(v: str, transitie: str, teken: str, waar: str = "") -> str:
    return _deel_pg(
        teken,
        v,
        f"""FROM {transitie}
        LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = {v}.id {waar}""",
        "s.gefactureerd",
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
        JOIN inburgering_verplichting v ON v.id = {s}.verplichting_id {waar}""",
        "0" if nul else f"{s}.gefactureerd",
    )


_FS_GEWIJZIGD = (
    "JOIN nieuw n2 ON n2.verplichting_id = x.verplichting_id "
    "WHERE x.gefactureerd IS DISTINCT FROM n2.gefactureerd"
)
_FS_GEWIJZIGD_N = (
    "JOIN oud x2 ON x2.verplichting_id = n.verplichting_id "
    "WHERE x2.gefactureerd IS DISTINCT FROM n.gefactureerd"
)

_NAMEN_PG = [
    ("inburgering_verplichting", "inburgering_verplichting_persoonstand"),
    ("inburgering_factuurstand", "inburgering_factuurstand_persoonstand"),
]
_TRANSITIES = {
    "insert": "REFERENCING NEW TABLE AS nieuw",
    "update": "REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw",
    "delete": "REFERENCING OLD TABLE AS oud",
}

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_verplichting_persoonstand() RETURNS trigger
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

CREATE OR REPLACE FUNCTION inburgering_factuurstand_persoonstand() RETURNS trigger
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
""" + "".join(
    f"""
CREATE TRIGGER {functie}_{op} AFTER {op.upper()} ON {tabel} {transitie}
    FOR EACH STATEMENT EXECUTE FUNCTION {functie}();
ALTER TABLE {tabel} ENABLE ALWAYS TRIGGER {functie}_{op};
"""
    for tabel, functie in _NAMEN_PG
    for op, transitie in _TRANSITIES.items()
)

POSTGRESQL_WEG = "".join(
    f"DROP TRIGGER IF EXISTS {functie}_{op} ON {tabel};\n"
    for tabel, functie in _NAMEN_PG
    for op in _TRANSITIES
) + "".join(f"DROP FUNCTION IF EXISTS {functie}();\n" for _, functie in _NAMEN_PG)


# SQLite: row level, one commitment at a time; its Factuurstand read by a subquery.
def _deel_sqlite(teken: str, v: str, van: str, gefactureerd: str) -> str:
    """Add the part of commitment `v` (`van`: FROM ... WHERE ..., or WHERE true for OLD or
    NEW) times `teken` ("WHERE" before ON CONFLICT as in 0006)."""
    g = f"COALESCE({gefactureerd}, 0)"
    return f"""
    INSERT INTO {PS} ({SLEUTEL}, aantal, open)
    SELECT {v}.inburgeraar_id, {v}.gemeente_id, {teken}, ROUND({teken} * ({v}.bedrag - {g}), 2)
    {van} AND {_heeft_deel(v, g)}
    ON CONFLICT ({SLEUTEL}) DO UPDATE
        SET aantal = aantal + excluded.aantal, open = ROUND(open + excluded.open, 2);
"""


def _v_sqlite(v: str, teken: str) -> str:
    gefactureerd = (
        f"(SELECT s.gefactureerd FROM inburgering_factuurstand s WHERE s.verplichting_id = {v}.id)"
    )
    return _deel_sqlite(teken, v, "WHERE true", gefactureerd)


def _fs_sqlite(rij: str, teken: str, nul: bool = False) -> str:
    return _deel_sqlite(
        teken,
        "v",
        f"FROM inburgering_verplichting v WHERE v.id = {rij}.verplichting_id",
        "0" if nul else f"{rij}.gefactureerd",
    )


_V_KOLOMMEN = ("inburgeraar_id", "gemeente_id", "bedrag", "gesloten_op")
_V_GEWIJZIGD = " OR ".join(f"OLD.{k} IS NOT NEW.{k}" for k in _V_KOLOMMEN)

SQLITE = [
    "CREATE TRIGGER inburgering_verplichting_persoonstand_insert AFTER INSERT ON "
    f"inburgering_verplichting BEGIN {_v_sqlite('NEW', '1')} END",
    "CREATE TRIGGER inburgering_verplichting_persoonstand_delete AFTER DELETE ON "
    f"inburgering_verplichting BEGIN {_v_sqlite('OLD', '-1')} END",
    f"""CREATE TRIGGER inburgering_verplichting_persoonstand_update
    AFTER UPDATE OF {", ".join(_V_KOLOMMEN)} ON inburgering_verplichting WHEN {_V_GEWIJZIGD}
    BEGIN {_v_sqlite("OLD", "-1")} {_v_sqlite("NEW", "1")} END""",
    "CREATE TRIGGER inburgering_factuurstand_persoonstand_insert AFTER INSERT ON "
    "inburgering_factuurstand BEGIN "
    f"{_fs_sqlite('NEW', '-1', nul=True)} {_fs_sqlite('NEW', '1')} END",
    "CREATE TRIGGER inburgering_factuurstand_persoonstand_delete AFTER DELETE ON "
    "inburgering_factuurstand BEGIN "
    f"{_fs_sqlite('OLD', '-1')} {_fs_sqlite('OLD', '1', nul=True)} END",
    """CREATE TRIGGER inburgering_factuurstand_persoonstand_update
    AFTER UPDATE OF gefactureerd ON inburgering_factuurstand
    WHEN OLD.gefactureerd IS NOT NEW.gefactureerd
    """
    f"BEGIN {_fs_sqlite('OLD', '-1')} {_fs_sqlite('NEW', '1')} END",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {functie}_{op}" for _, functie in _NAMEN_PG for op in _TRANSITIES
]

# The first build: herbouw_standen's (inburgering/standen.py), for every gemeente.
BOUW = f"""
INSERT INTO {PS} ({SLEUTEL}, aantal, open)
SELECT v.inburgeraar_id, v.gemeente_id, COUNT(*),
       ROUND(SUM(v.bedrag - COALESCE(s.gefactureerd, 0)), 2)
FROM inburgering_verplichting v
LEFT JOIN inburgering_factuurstand s ON s.verplichting_id = v.id
WHERE {_heeft_deel("v", "COALESCE(s.gefactureerd, 0)")}
GROUP BY v.inburgeraar_id, v.gemeente_id
"""


def maak(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
    schema_editor.execute(BOUW, params=None)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
    else:
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0022_factuur_cohort"),
        ("kern", "0009_tijdelijk_wachtwoord"),
    ]

    operations = [
        migrations.CreateModel(
            name="Persoonstand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("aantal", models.IntegerField()),
                ("open", models.DecimalField(decimal_places=2, max_digits=14)),
                (
                    "gemeente",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
                (
                    "inburgeraar",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="persoonstanden",
                        to="inburgering.inburgeraar",
                    ),
                ),
            ],
            options={
                "verbose_name": "persoonstand",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("open__gt", Decimal("-1000000000000")),
                            ("open__lt", Decimal("1000000000000")),
                        ),
                        name="inburgering_persoonstand_open_grens",
                    ),
                    models.UniqueConstraint(
                        fields=("inburgeraar", "gemeente"), name="persoonstand_uniek"
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="inburgeraar",
            index=models.Index(
                condition=models.Q(
                    (
                        "huidige_status__in",
                        ("gestopt", "verhuisd", "ontheven", "vrijgesteld", "overleden", "afgerond"),
                    )
                ),
                fields=["gemeente", "status_sinds", "kenmerk"],
                name="inburgeraar_zonder_kosten_idx",
            ),
        ),
        migrations.RunPython(maak, verwijder),
    ]
