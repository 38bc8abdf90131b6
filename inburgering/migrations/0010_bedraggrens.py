"""Issue 14.3: every money column is bounded by kern.invoer's MAX_BEDRAG (|amount| < 10^12).

SQLite rebuilds a table to add a CHECK constraint, and the rebuild of inburgering_factuur,
inburgering_verplichting and the standen tables fails (or silently loses the triggers) while the
standen triggers of 0009 name them: they are dropped first and made again, exactly as in 0009,
at the end. PostgreSQL adds the constraints in place and keeps its triggers.
"""
import importlib

from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def _0009():
    return importlib.import_module("inburgering.migrations.0009_standen_met_last")


def sqlite_triggers_weg(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _0009().SQLITE_WEG:
            schema_editor.execute(sql, params=None)


def sqlite_triggers_terug(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in [*_0009().SQLITE_WEG, *_0009().SQLITE]:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('inburgering', '0009_standen_met_last'),
        ('kern', '0006_jaarafsluiting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_weg, sqlite_triggers_terug),
        migrations.AddConstraint(
            model_name='bestedingsstand',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag__gt', Decimal('-1000000000000')), ('bedrag__lt', Decimal('1000000000000'))), name='inburgering_bestedingsstand_bedrag_grens'),
        ),
        migrations.AddConstraint(
            model_name='factuur',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag__gt', Decimal('-1000000000000')), ('bedrag__lt', Decimal('1000000000000'))), name='inburgering_factuur_bedrag_grens'),
        ),
        migrations.AddConstraint(
            model_name='factuur',
            constraint=models.CheckConstraint(condition=models.Q(('btw__gt', Decimal('-1000000000000')), ('btw__lt', Decimal('1000000000000'))), name='inburgering_factuur_btw_grens'),
        ),
        migrations.AddConstraint(
            model_name='factuurstand',
            constraint=models.CheckConstraint(condition=models.Q(('gefactureerd__gt', Decimal('-1000000000000')), ('gefactureerd__lt', Decimal('1000000000000'))), name='inburgering_factuurstand_gefactureerd_grens'),
        ),
        migrations.AddConstraint(
            model_name='tarief',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag__gt', Decimal('-1000000000000')), ('bedrag__lt', Decimal('1000000000000'))), name='inburgering_tarief_bedrag_grens'),
        ),
        migrations.AddConstraint(
            model_name='verplichting',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag__gt', Decimal('-1000000000000')), ('bedrag__lt', Decimal('1000000000000'))), name='inburgering_verplichting_bedrag_grens'),
        ),
        migrations.AddConstraint(
            model_name='verplichtingsmutatie',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag_oud__gt', Decimal('-1000000000000')), ('bedrag_oud__lt', Decimal('1000000000000'))), name='inburgering_verplichtingsmutatie_bedrag_oud_grens'),
        ),
        migrations.AddConstraint(
            model_name='verplichtingsmutatie',
            constraint=models.CheckConstraint(condition=models.Q(('bedrag_nieuw__gt', Decimal('-1000000000000')), ('bedrag_nieuw__lt', Decimal('1000000000000'))), name='inburgering_verplichtingsmutatie_bedrag_nieuw_grens'),
        ),
        migrations.AddConstraint(
            model_name='verplichtingsmutatie',
            constraint=models.CheckConstraint(condition=models.Q(('vrijgevallen__gt', Decimal('-1000000000000')), ('vrijgevallen__lt', Decimal('1000000000000'))), name='inburgering_verplichtingsmutatie_vrijgevallen_grens'),
        ),
        migrations.RunPython(sqlite_triggers_terug, sqlite_triggers_weg),
    ]
