"""Issue 11, the model layer: vestigingsdatum and stelsel (R3), the statuses doelgroep and
tijdelijk_vrijgesteld, btw on invoices with the last (R8) computed by the database, and
`vervangt` on commitments (the SPUK-OR rest refinanced to SPUK-IV).

Existing persons came to live here on their startdatum and fall under the Wi2021: their
figures stay exactly as they were. The standen triggers follow in 0009.

SQLite rebuilds a table to add a generated column or a constraint, and refuses to drop the old
one while a trigger names it: its standen triggers are dropped first (0009 makes them again).
"""
import importlib

import django.db.models.deletion
import django.db.models.expressions
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models



def _0006():
    return importlib.import_module("inburgering.migrations.0006_standen_triggers")


def sqlite_triggers_weg(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _0006().SQLITE_WEG:
            schema_editor.execute(sql, params=None)


def sqlite_triggers_terug(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _0006().SQLITE:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('inburgering', '0007_tarief_ingang_uniek'),
        ('kern', '0004_formulierinzending_naar_kern'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(sqlite_triggers_weg, sqlite_triggers_terug),
        migrations.RemoveConstraint(
            model_name='statuswijziging',
            name='statuswijziging_status_geldig',
        ),
        migrations.AddField(
            model_name='factuur',
            name='btw',
            field=models.DecimalField(decimal_places=2, default=Decimal('0.00'), db_default=Decimal('0.00'), max_digits=14, verbose_name='btw'),
        ),
        migrations.AddField(
            model_name='factuur',
            name='btw_compensabel',
            field=models.BooleanField(default=True, db_default=True, verbose_name='btw compensabel (BCF)'),
        ),
        migrations.AddField(
            model_name='verplichting',
            name='vervangt',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='vervangen_door', to='inburgering.verplichting', verbose_name='vervangt verplichting'),
        ),
        migrations.AddField(
            model_name='inburgeraar',
            name='stelsel',
            field=models.CharField(choices=[('Wi2021', 'Wet inburgering 2021'), ('Wi2013', 'Wet inburgering 2013')], db_default='Wi2021', default='Wi2021', max_length=6, verbose_name='stelsel'),
        ),
        migrations.AddField(
            model_name='inburgeraar',
            name='vestigingsdatum',
            field=models.DateField(help_text='Datum waarop de inburgeraar in deze gemeente kwam wonen.', null=True, verbose_name='vestigingsdatum'),
        ),
        migrations.RunSQL(
            "UPDATE inburgering_inburgeraar SET vestigingsdatum = startdatum",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='inburgeraar',
            name='vestigingsdatum',
            field=models.DateField(help_text='Datum waarop de inburgeraar in deze gemeente kwam wonen.', verbose_name='vestigingsdatum'),
        ),
        migrations.AddField(
            model_name='statuswijziging',
            name='doelgroep',
            field=models.CharField(blank=True, choices=[('asiel', 'Asielstatushouder'), ('gezin', 'Gezinsmigrant'), ('overig', 'Overige migrant')], max_length=10, verbose_name='nieuwe doelgroep'),
        ),
        migrations.AlterField(
            model_name='inburgeraar',
            name='huidige_status',
            field=models.CharField(choices=[('actief', 'Actief'), ('overstap', 'Overstap naar andere leerroute'), ('gestopt', 'Gestopt'), ('verhuisd', 'Verhuisd naar andere gemeente'), ('ontheven', 'Ontheven'), ('vrijgesteld', 'Vrijgesteld'), ('tijdelijk_vrijgesteld', 'Tijdelijk vrijgesteld'), ('doelgroep', 'Doelgroep gewijzigd'), ('aow', 'AOW-leeftijd bereikt'), ('overleden', 'Overleden'), ('afgerond', 'Afgerond')], default='actief', max_length=25, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='statuswijziging',
            name='status',
            field=models.CharField(choices=[('actief', 'Actief'), ('overstap', 'Overstap naar andere leerroute'), ('gestopt', 'Gestopt'), ('verhuisd', 'Verhuisd naar andere gemeente'), ('ontheven', 'Ontheven'), ('vrijgesteld', 'Vrijgesteld'), ('tijdelijk_vrijgesteld', 'Tijdelijk vrijgesteld'), ('doelgroep', 'Doelgroep gewijzigd'), ('aow', 'AOW-leeftijd bereikt'), ('overleden', 'Overleden'), ('afgerond', 'Afgerond')], max_length=25, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='factuur',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('bedrag__gt', 0), ('btw__gte', 0), ('btw__lte', models.F('bedrag'))), models.Q(('bedrag__lt', 0), ('btw__gte', models.F('bedrag')), ('btw__lte', 0)), _connector='OR'), name='factuur_btw_binnen_bedrag'),
        ),
        migrations.AddConstraint(
            model_name='inburgeraar',
            constraint=models.CheckConstraint(condition=models.Q(('vestigingsdatum__gte', models.F('startdatum'))), name='inburgeraar_vestiging_niet_voor_start'),
        ),
        migrations.AddConstraint(
            model_name='inburgeraar',
            constraint=models.CheckConstraint(condition=models.Q(('stelsel__in', ['Wi2021', 'Wi2013'])), name='inburgeraar_stelsel_geldig'),
        ),
        migrations.AddConstraint(
            model_name='statuswijziging',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['actief', 'overstap', 'gestopt', 'verhuisd', 'ontheven', 'vrijgesteld', 'tijdelijk_vrijgesteld', 'doelgroep', 'aow', 'overleden', 'afgerond'])), name='statuswijziging_status_geldig'),
        ),
        migrations.AddConstraint(
            model_name='statuswijziging',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'doelgroep'), ('doelgroep__in', ['asiel', 'gezin', 'overig'])), models.Q(models.Q(('status', 'doelgroep'), _negated=True), ('doelgroep', '')), _connector='OR'), name='statuswijziging_doelgroep_bij_status_doelgroep'),
        ),
        migrations.AddField(
            model_name='factuur',
            name='last',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(btw_compensabel=True, then=django.db.models.expressions.CombinedExpression(models.F('bedrag'), '-', models.F('btw'))), default=models.F('bedrag')), output_field=models.DecimalField(decimal_places=2, max_digits=14), verbose_name='last'),
        ),
    ]
