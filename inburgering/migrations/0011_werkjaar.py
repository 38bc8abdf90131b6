"""Issue 13: Factuur.werkjaar, the closed year T whose work a late invoice booked into T+1 is for.

As in 0010: SQLite rebuilds inburgering_factuur to add the CHECK constraint, so the standen
triggers of 0009 are dropped first and made again at the end; PostgreSQL keeps them.
"""
import importlib

import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models


def _0010():
    return importlib.import_module("inburgering.migrations.0010_bedraggrens")


class Migration(migrations.Migration):

    dependencies = [
        ('inburgering', '0010_bedraggrens'),
        ('kern', '0006_jaarafsluiting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            lambda a, s: _0010().sqlite_triggers_weg(a, s),
            lambda a, s: _0010().sqlite_triggers_terug(a, s),
        ),
        migrations.AddField(
            model_name='factuur',
            name='werkjaar',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='jaar van het werk'),
        ),
        migrations.AddConstraint(
            model_name='factuur',
            constraint=models.CheckConstraint(condition=models.Q(('werkjaar__isnull', True), ('werkjaar', django.db.models.expressions.CombinedExpression(models.F('boekjaar'), '-', models.Value(1))), _connector='OR'), name='factuur_werkjaar_voor_boekjaar'),
        ),
        migrations.RunPython(
            lambda a, s: _0010().sqlite_triggers_terug(a, s),
            lambda a, s: _0010().sqlite_triggers_weg(a, s),
        ),
    ]
