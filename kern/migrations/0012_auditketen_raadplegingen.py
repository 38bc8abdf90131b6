"""The head of a gemeente's audit chain also counts its reads (actie geraadpleegd), so that the
audit trail's page, unfiltered, knows its count without a pass over the trail: its running
number is the number of rows (gapless, rows are never removed), minus the reads when they are
hidden. COUNT(*) over the page bench's 60,000 audit rows took 10-14 ms of the page's 35-48 ms
(in-process, loaded machine), and grows with every import and every API call.

PostgreSQL: kern_audit_keten carries the count in the transaction-local setting next to the
number and hash (number|hash|reads) and kern_audit_kop writes it back with them, once per
statement, as in kern/0008. SQLite: the insert trigger that moves the head adds 1 for a read.
The column is added with plain SQL: on SQLite Django's AddField would remake kern_auditketen
and lose its DELETE trigger (kern/0008). Existing heads are counted once here.
"""

import importlib

from django.db import migrations, models

KETEN = """
CREATE OR REPLACE FUNCTION kern_audit_keten() RETURNS trigger AS $$
DECLARE
    kop_naam text := 'kern.auditkop_' || NEW.gemeente_id;
    kop text := current_setting(kop_naam, true);
    nummer bigint;
    vorige text;
    raadplegingen bigint;
BEGIN
    IF coalesce(kop, '') = '' THEN
        -- First row of this gemeente in this transaction: lock the head until commit.
        INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash)
            VALUES (NEW.gemeente_id, 0, '') ON CONFLICT (gemeente_id) DO NOTHING;
        SELECT k.volgnummer, k.laatste_hash, k.raadplegingen INTO nummer, vorige, raadplegingen
            FROM kern_auditketen k WHERE k.gemeente_id = NEW.gemeente_id FOR UPDATE;
        PERFORM set_config('kern.auditkoppen',
            concat_ws(',', nullif(current_setting('kern.auditkoppen', true), ''),
                      NEW.gemeente_id), true);
    ELSE
        nummer := split_part(kop, '|', 1)::bigint;
        vorige := split_part(kop, '|', 2);
        raadplegingen := split_part(kop, '|', 3)::bigint;
    END IF;
    NEW.volgnummer := nummer + 1;
    NEW.keten_hash := kern_audit_hash(vorige, NEW);
    IF NEW.actie = 'geraadpleegd' THEN
        raadplegingen := raadplegingen + 1;
    END IF;
    PERFORM set_config(kop_naam,
        NEW.volgnummer || '|' || NEW.keten_hash || '|' || raadplegingen, true);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION kern_audit_kop() RETURNS trigger AS $$
DECLARE
    g text;
    kop text;
BEGIN
    FOREACH g IN ARRAY string_to_array(nullif(current_setting('kern.auditkoppen', true), ''), ',')
    LOOP
        kop := current_setting('kern.auditkop_' || g, true);
        UPDATE kern_auditketen
            SET volgnummer = split_part(kop, '|', 1)::bigint, laatste_hash = split_part(kop, '|', 2),
                raadplegingen = split_part(kop, '|', 3)::bigint
            WHERE gemeente_id = g::bigint AND volgnummer <> split_part(kop, '|', 1)::bigint;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

KOLOM = "ALTER TABLE kern_auditketen ADD COLUMN raadplegingen bigint NOT NULL DEFAULT 0"
TEL = """
UPDATE kern_auditketen SET raadplegingen = (
    SELECT count(*) FROM kern_auditrecord a
    WHERE a.gemeente_id = kern_auditketen.gemeente_id AND a.actie = 'geraadpleegd')
"""

SQLITE_KOP = """
CREATE TRIGGER kern_auditrecord_keten_kop AFTER INSERT ON kern_auditrecord
BEGIN
    INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash, raadplegingen)
        VALUES (NEW.gemeente_id, NEW.volgnummer, NEW.keten_hash, NEW.actie = 'geraadpleegd')
        ON CONFLICT (gemeente_id) DO UPDATE
        SET volgnummer = excluded.volgnummer, laatste_hash = excluded.laatste_hash,
            raadplegingen = raadplegingen + excluded.raadplegingen;
END
"""

_0008 = importlib.import_module("kern.migrations.0008_auditketen_per_opdracht")


def maak(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    schema_editor.execute(KOLOM, params=None)
    schema_editor.execute(TEL, params=None)
    if vendor == "postgresql":
        schema_editor.execute(KETEN, params=None)
    else:
        schema_editor.execute("DROP TRIGGER kern_auditrecord_keten_kop", params=None)
        schema_editor.execute(SQLITE_KOP, params=None)


def verwijder(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # kern/0008's two functions (its trigger still exists).
        schema_editor.execute(_0008.KETEN.split("CREATE TRIGGER")[0], params=None)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER kern_auditrecord_keten_kop", params=None)
        schema_editor.execute(_0008.SQLITE[1], params=None)
    else:
        return
    schema_editor.execute("ALTER TABLE kern_auditketen DROP COLUMN raadplegingen", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("kern", "0011_audithash_inlinebaar"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditketen",
                    name="raadplegingen",
                    field=models.BigIntegerField(db_default=0, editable=False),
                ),
            ],
            database_operations=[migrations.RunPython(maak, verwijder)],
        ),
    ]
