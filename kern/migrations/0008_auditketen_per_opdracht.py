"""The audit hash chain, cheap for bulk inserts on PostgreSQL and present on SQLite too.

PostgreSQL: the row trigger of kern/0005 locked, read and updated the chain's head row for every
inserted row. In one import's transaction each next row then had to walk all earlier versions
of that one head row: 20,000 audit rows took 11-14 s. Now the trigger locks the head once per
gemeente and transaction (FOR UPDATE, held until commit) and carries the running number and
hash in a transaction-local setting (kern.auditkop_<gemeente>; set_config(..., true) reverts
with a rolled-back savepoint just as the lock and the rows do). One statement-level trigger
writes the head back once per statement. Every row is still numbered and hashed by the database
with the same kern_audit_hash, whoever inserts it, so existing hashes stay valid. A session
that sets that setting itself can only make rows that do not follow (or a head that does not
match), which controleer_audittrail reports like any other break.

SQLite: no sha256 in SQL, so the model chains in Python (kern.ketenhash.keten_sqlite) and
triggers here refuse a row whose number does not follow the head, move the head on every insert,
and refuse UPDATE and DELETE (DELETE only when the connection's kern_audittrail_leegmaken() says
1, which only the test suite's flush does). Existing rows are chained here first, in id order.
"""

from django.db import migrations, models
import kern.models


KETEN = """
CREATE OR REPLACE FUNCTION kern_audit_keten() RETURNS trigger AS $$
DECLARE
    kop_naam text := 'kern.auditkop_' || NEW.gemeente_id;
    kop text := current_setting(kop_naam, true);
    nummer bigint;
    vorige text;
BEGIN
    IF coalesce(kop, '') = '' THEN
        -- First row of this gemeente in this transaction: lock the head until commit.
        INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash)
            VALUES (NEW.gemeente_id, 0, '') ON CONFLICT (gemeente_id) DO NOTHING;
        SELECT volgnummer, laatste_hash INTO nummer, vorige
            FROM kern_auditketen WHERE gemeente_id = NEW.gemeente_id FOR UPDATE;
        PERFORM set_config('kern.auditkoppen',
            concat_ws(',', nullif(current_setting('kern.auditkoppen', true), ''),
                      NEW.gemeente_id), true);
    ELSE
        nummer := split_part(kop, '|', 1)::bigint;
        vorige := split_part(kop, '|', 2);
    END IF;
    NEW.volgnummer := nummer + 1;
    NEW.keten_hash := kern_audit_hash(vorige, NEW);
    PERFORM set_config(kop_naam, NEW.volgnummer || '|' || NEW.keten_hash, true);
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
            SET volgnummer = split_part(kop, '|', 1)::bigint, laatste_hash = split_part(kop, '|', 2)
            WHERE gemeente_id = g::bigint AND volgnummer <> split_part(kop, '|', 1)::bigint;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER kern_auditrecord_keten_kop
    AFTER INSERT ON kern_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION kern_audit_kop();
"""

# The per-row trigger and the strict append-only function of kern/0005 and kern/0003.
TERUG = """
DROP TRIGGER IF EXISTS kern_auditrecord_keten_kop ON kern_auditrecord;
DROP FUNCTION IF EXISTS kern_audit_kop();
CREATE OR REPLACE FUNCTION kern_audit_keten() RETURNS trigger AS $$
DECLARE
    vorige text;
    nummer bigint;
BEGIN
    INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash)
        VALUES (NEW.gemeente_id, 0, '') ON CONFLICT (gemeente_id) DO NOTHING;
    SELECT volgnummer, laatste_hash INTO nummer, vorige
        FROM kern_auditketen WHERE gemeente_id = NEW.gemeente_id FOR UPDATE;
    NEW.volgnummer := nummer + 1;
    NEW.keten_hash := kern_audit_hash(vorige, NEW);
    UPDATE kern_auditketen SET volgnummer = NEW.volgnummer, laatste_hash = NEW.keten_hash
        WHERE gemeente_id = NEW.gemeente_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

SQLITE = [
    """
    CREATE TRIGGER kern_auditrecord_keten_volgt BEFORE INSERT ON kern_auditrecord
    WHEN NEW.volgnummer IS NOT coalesce(
        (SELECT volgnummer FROM kern_auditketen WHERE gemeente_id = NEW.gemeente_id), 0) + 1
    BEGIN
        SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld via de hashketen: het volgnummer van de auditregel sluit niet aan.');
    END
    """,
    """
    CREATE TRIGGER kern_auditrecord_keten_kop AFTER INSERT ON kern_auditrecord
    BEGIN
        INSERT INTO kern_auditketen (gemeente_id, volgnummer, laatste_hash)
            VALUES (NEW.gemeente_id, NEW.volgnummer, NEW.keten_hash)
            ON CONFLICT (gemeente_id) DO UPDATE
            SET volgnummer = excluded.volgnummer, laatste_hash = excluded.laatste_hash;
    END
    """,
    """
    CREATE TRIGGER kern_auditrecord_niet_wijzigen BEFORE UPDATE ON kern_auditrecord
    BEGIN
        SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld: UPDATE van een auditregel is niet toegestaan.');
    END
    """,
    """
    CREATE TRIGGER kern_auditrecord_niet_verwijderen BEFORE DELETE ON kern_auditrecord
    WHEN kern_audittrail_leegmaken() IS NOT 1
    BEGIN
        SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld: DELETE van een auditregel is niet toegestaan.');
    END
    """,
    """
    CREATE TRIGGER kern_auditketen_niet_verwijderen BEFORE DELETE ON kern_auditketen
    WHEN kern_audittrail_leegmaken() IS NOT 1
    BEGIN
        SELECT RAISE(ABORT, 'De audittrail wordt alleen aangevuld: DELETE van de kop van de auditketen is niet toegestaan.');
    END
    """,
]

SQLITE_WEG = [
    "DROP TRIGGER IF EXISTS kern_auditrecord_keten_volgt",
    "DROP TRIGGER IF EXISTS kern_auditrecord_keten_kop",
    "DROP TRIGGER IF EXISTS kern_auditrecord_niet_wijzigen",
    "DROP TRIGGER IF EXISTS kern_auditrecord_niet_verwijderen",
    "DROP TRIGGER IF EXISTS kern_auditketen_niet_verwijderen",
]


def _keten_bestaand_sqlite(apps, schema_editor):
    """Chain the rows that exist (oldest first per gemeente) before the triggers refuse UPDATE."""
    from kern.ketenhash import VELDEN, regelhash

    AuditRecord = apps.get_model("kern", "AuditRecord")
    AuditKeten = apps.get_model("kern", "AuditKeten")
    koppen = {}
    rijen = AuditRecord.objects.order_by("gemeente_id", "id").values_list("id", *VELDEN)
    with schema_editor.connection.cursor() as cursor:
        for pk, *waarden in rijen.iterator(chunk_size=2000):
            rij = dict(zip(VELDEN, waarden, strict=True))
            nummer, vorige = koppen.get(rij["gemeente_id"], (0, ""))
            rij["volgnummer"] = nummer + 1
            keten_hash = regelhash(vorige, rij)
            cursor.execute(
                "UPDATE kern_auditrecord SET volgnummer = %s, keten_hash = %s WHERE id = %s",
                [rij["volgnummer"], keten_hash, pk],
            )
            koppen[rij["gemeente_id"]] = (rij["volgnummer"], keten_hash)
    AuditKeten.objects.all().delete()
    AuditKeten.objects.bulk_create(
        AuditKeten(gemeente_id=g, volgnummer=n, laatste_hash=h) for g, (n, h) in koppen.items()
    )


def maak(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KETEN, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        _keten_bestaand_sqlite(apps, schema_editor)
        for sql in SQLITE:
            schema_editor.execute(sql, params=None)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TERUG, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_WEG:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("kern", "0007_auditregel_geraadpleegd"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditrecord",
            name="tijdstip",
            field=models.DateTimeField(
                db_index=True,
                default=kern.models.nu,
                editable=False,
                verbose_name="tijdstip",
            ),
        ),
        migrations.RunPython(maak, verwijder),
    ]
