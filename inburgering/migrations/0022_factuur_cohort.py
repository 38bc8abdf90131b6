# ruff: noqa: S608 (trigger SQL: only fixed table, column and function names are formatted in)
"""Factuur.cohort (issue 17 item 3): the cohort of the invoice's commitment, kept on the invoice
itself, so that a cohort's invoices newest first (the spuk page "cohort besteed") are read from
one index, factuur_cohort_idx, 50 rows for a page, instead of every invoice of the cohort joined
to its commitment and sorted.

Kept by the database, never by Python: a new invoice takes its commitment's cohort, whatever the
insert wrote (PostgreSQL: BEFORE INSERT row trigger; SQLite: right after the insert); a write of
another value (on SQLite: with verplichting_id, as every ORM save) or a move to another
commitment is corrected the same way; a commitment's new cohort is written into its invoices
just before the commitment changes (BEFORE UPDATE OF cohort: the invoices' update triggers of
0006-0021 then read the commitment as it was, and leave the standen as they are). ENABLE ALWAYS on PostgreSQL, like
the standen. Then a first build (herbouw_standen fills the column).

The column is added with plain ALTER TABLE ADD COLUMN (SeparateDatabaseAndState): on SQLite
Django's AddField remakes the table, and the triggers on it of 0006-0021 would be lost.
"""

from django.db import migrations, models

V = "inburgering_verplichting"
F_ = "inburgering_factuur"
COHORT_VAN = "(SELECT v.cohort FROM inburgering_verplichting v WHERE v.id = {})"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION inburgering_factuur_cohort() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Depth 2 (inside a trigger): the commitment's trigger below writes its coming cohort.
    IF TG_OP = 'INSERT' OR pg_trigger_depth() = 1 THEN
        NEW.cohort := {COHORT_VAN.format("NEW.verplichting_id")};
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inburgering_factuur_cohort_insert BEFORE INSERT ON {F_}
    FOR EACH ROW EXECUTE FUNCTION inburgering_factuur_cohort();
CREATE TRIGGER inburgering_factuur_cohort_update BEFORE UPDATE OF cohort, verplichting_id ON {F_}
    FOR EACH ROW EXECUTE FUNCTION inburgering_factuur_cohort();

-- BEFORE the commitment changes: the invoices' update triggers (the standen) then still read
-- the commitment as it was and change nothing; the commitment's own triggers move the standen.
CREATE OR REPLACE FUNCTION inburgering_verplichting_cohort_naar_facturen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {F_} f SET cohort = NEW.cohort
    WHERE f.verplichting_id = NEW.id AND f.cohort IS DISTINCT FROM NEW.cohort;
    RETURN NEW;
END;
$$;

CREATE TRIGGER inburgering_verplichting_cohort_update BEFORE UPDATE OF cohort ON {V}
    FOR EACH ROW WHEN (NEW.cohort IS DISTINCT FROM OLD.cohort)
    EXECUTE FUNCTION inburgering_verplichting_cohort_naar_facturen();

ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_cohort_insert;
ALTER TABLE {F_} ENABLE ALWAYS TRIGGER inburgering_factuur_cohort_update;
ALTER TABLE {V} ENABLE ALWAYS TRIGGER inburgering_verplichting_cohort_update;
"""

POSTGRESQL_WEG = f"""
DROP TRIGGER IF EXISTS inburgering_factuur_cohort_insert ON {F_};
DROP TRIGGER IF EXISTS inburgering_factuur_cohort_update ON {F_};
DROP TRIGGER IF EXISTS inburgering_verplichting_cohort_update ON {V};
DROP FUNCTION IF EXISTS inburgering_factuur_cohort();
DROP FUNCTION IF EXISTS inburgering_verplichting_cohort_naar_facturen();
"""

_ZET = f"UPDATE {F_} SET cohort = {COHORT_VAN.format('NEW.verplichting_id')} WHERE id = NEW.id;"

# SQLite: row level, right after the write (a BEFORE trigger cannot change NEW there). Without
# a trigger depth to tell the commitment's trigger from another writer, the correction follows
# inserts and writes of verplichting_id (every ORM save), not a bare UPDATE of cohort alone.
SQLITE = [
    f"CREATE TRIGGER inburgering_factuur_cohort_insert AFTER INSERT ON {F_} "
    f"WHEN NEW.cohort IS NOT {COHORT_VAN.format('NEW.verplichting_id')} BEGIN {_ZET} END",
    f"CREATE TRIGGER inburgering_factuur_cohort_update AFTER UPDATE OF verplichting_id "
    f"ON {F_} WHEN NEW.cohort IS NOT {COHORT_VAN.format('NEW.verplichting_id')} "
    f"BEGIN {_ZET} END",
    f"""CREATE TRIGGER inburgering_verplichting_cohort_update BEFORE UPDATE OF cohort ON {V}
    WHEN NEW.cohort IS NOT OLD.cohort
    BEGIN
    UPDATE {F_} SET cohort = NEW.cohort WHERE verplichting_id = NEW.id AND cohort IS NOT NEW.cohort;
    END""",
]
SQLITE_WEG = [
    f"DROP TRIGGER IF EXISTS {naam}"
    for naam in (
        "inburgering_factuur_cohort_insert",
        "inburgering_factuur_cohort_update",
        "inburgering_verplichting_cohort_update",
    )
]


def kolom_erbij(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{F_}" ADD COLUMN "cohort" smallint NULL CHECK ("cohort" >= 0)')


def kolom_weg(apps, schema_editor):
    schema_editor.execute(f'ALTER TABLE "{F_}" DROP COLUMN "cohort"')


def maak(apps, schema_editor):
    from inburgering.standen import herbouw_standen

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    else:
        for sql in [*SQLITE_WEG, *SQLITE]:
            schema_editor.execute(sql, params=None)
        # SQLite fires a table's triggers newest first: the invoice triggers of 0006-0021 are
        # made again, so that the cohort's correcting UPDATE comes after them and finds their
        # standen in place (subtracts and adds the same).
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name NOT LIKE %s ORDER BY rowid",
                [F_, "%_cohort_%"],
            )
            andere = cursor.fetchall()
        for naam, sql in andere:
            schema_editor.execute(f'DROP TRIGGER "{naam}"', params=None)
            schema_editor.execute(sql, params=None)
    herbouw_standen()


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_WEG, params=None)
    else:
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0021_verplichting_laatste_factuurdatum")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(kolom_erbij, kolom_weg)],
            state_operations=[
                migrations.AddField(
                    model_name="factuur",
                    name="cohort",
                    field=models.PositiveSmallIntegerField(editable=False, null=True),
                ),
            ],
        ),
        migrations.RunPython(maak, verwijder),
        migrations.AddIndex(
            model_name="factuur",
            index=models.Index(
                fields=["gemeente", "cohort", "-datum", "factuurnummer", "id"],
                name="factuur_cohort_idx",
            ),
        ),
    ]
