"""The audit trail keeps one index for its reads per gemeente, (gemeente, object_type,
object_id); the four single-column indexes Django made for gemeente_id, object_type and
object_id, and their two varchar_pattern_ops copies on PostgreSQL, are dropped: no query used
them, and every import paid for them on each of its audit rows.

Only the indexes are dropped (SeparateDatabaseAndState): Django's own AlterField would re-add
the gemeente foreign key on PostgreSQL, checking every row of the trail again, and on SQLite
remake the table, which drops the hash chain's triggers with it (migration 0008)."""

import django.db.models.deletion
from django.db import migrations, models

INDEXEN = [
    ("kern_auditrecord_gemeente_id_f3db903e", "gemeente_id", ""),
    ("kern_auditrecord_object_type_cf66ea93", "object_type", ""),
    ("kern_auditrecord_object_type_cf66ea93_like", "object_type", "varchar_pattern_ops"),
    ("kern_auditrecord_object_id_3290d05e", "object_id", ""),
    ("kern_auditrecord_object_id_3290d05e_like", "object_id", "varchar_pattern_ops"),
]


def verwijder(apps, schema_editor):
    for naam, _kolom, _klasse in INDEXEN:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{naam}"')


def herstel(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for naam, kolom, klasse in INDEXEN:
        if klasse and not postgres:
            continue
        schema_editor.execute(
            f'CREATE INDEX "{naam}" ON "kern_auditrecord" ("{kolom}" {klasse if postgres else ""})'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("kern", "0009_tijdelijk_wachtwoord"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditrecord",
                    name="gemeente",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="kern.gemeente",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditrecord",
                    name="object_id",
                    field=models.CharField(max_length=40, verbose_name="id"),
                ),
                migrations.AlterField(
                    model_name="auditrecord",
                    name="object_type",
                    field=models.CharField(max_length=60, verbose_name="soort gegeven"),
                ),
            ],
            database_operations=[migrations.RunPython(verwijder, herstel)],
        ),
    ]
