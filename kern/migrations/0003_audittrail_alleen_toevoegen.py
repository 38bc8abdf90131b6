"""The database itself refuses to change or remove an audit record (PostgreSQL trigger).

The model already refuses save() of an existing row and delete(); this also stops
QuerySet.update(), QuerySet.delete() and plain SQL. TRUNCATE (test database flushes) is not a
row operation and stays possible. SQLite (make run without configuration) relies on the model.
"""

from django.db import migrations

MAAK = """
CREATE OR REPLACE FUNCTION kern_audittrail_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De audittrail wordt alleen aangevuld: % van een auditregel is niet toegestaan.', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER kern_auditrecord_alleen_toevoegen
    BEFORE UPDATE OR DELETE ON kern_auditrecord
    FOR EACH ROW EXECUTE FUNCTION kern_audittrail_alleen_toevoegen();
"""

VERWIJDER = """
DROP TRIGGER IF EXISTS kern_auditrecord_alleen_toevoegen ON kern_auditrecord;
DROP FUNCTION IF EXISTS kern_audittrail_alleen_toevoegen();
"""


def maak(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MAAK, params=None)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VERWIJDER, params=None)


class Migration(migrations.Migration):
    dependencies = [("kern", "0002_audit_actie_ingetrokken")]

    operations = [migrations.RunPython(maak, verwijder)]
