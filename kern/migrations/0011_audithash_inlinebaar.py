"""kern_audit_hash is declared STABLE instead of IMMUTABLE, with the same body, so every hash
stays what it was.

PostgreSQL only inlines an IMMUTABLE SQL function whose body is immutable too, and concat_ws is
STABLE (it calls the types' output functions): so the chain trigger and controleer_audittrail
called the function for every row, with its own executor start and parameter passing. STABLE
lets the planner put the expression in place. Measured in psql on the bench machine: 20,000
audit rows by one INSERT ... SELECT (trigger, hash and insert), medians of 6 interleaved runs,
284 -> 240 ms. No index or constraint uses the function (a STABLE one could not be used there)."""

from django.db import migrations

STABIEL = "ALTER FUNCTION kern_audit_hash(text, kern_auditrecord) STABLE"
TERUG = "ALTER FUNCTION kern_audit_hash(text, kern_auditrecord) IMMUTABLE"


def stabiel(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STABIEL)


def terug(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TERUG)


class Migration(migrations.Migration):
    dependencies = [
        ("kern", "0010_auditregel_zonder_losse_indexen"),
    ]

    operations = [migrations.RunPython(stabiel, terug)]
