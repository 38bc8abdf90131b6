"""Issue 13: SiSa indicators get a kind (soort) and the control kind n.v.t.

Stored indicators get the kind of their key (amounts and counts were the only kinds), and the
old control kind "N" (no accountant's check) is written as the SiSa model writes it: "n.v.t.".
"""

from django.db import migrations, models

AANTALLEN = ["asiel_1", "asiel_2", "asiel_3", "gezin", "overig", "onderwijsroute"]


def vul_soort(apps, schema_editor):
    SisaIndicator = apps.get_model("rapportage", "SisaIndicator")
    SisaIndicator.objects.filter(sleutel__in=AANTALLEN).update(soort="aantal")
    SisaIndicator.objects.filter(aard_controle="N").update(aard_controle="n.v.t.")


def terug(apps, schema_editor):
    SisaIndicator = apps.get_model("rapportage", "SisaIndicator")
    SisaIndicator.objects.filter(aard_controle="n.v.t.").update(aard_controle="N")


class Migration(migrations.Migration):

    dependencies = [
        ('rapportage', '0003_bedraggrens'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='sisaindicator',
            name='sisaindicator_sleutel_geldig',
        ),
        migrations.AddField(
            model_name='sisaindicator',
            name='soort',
            field=models.CharField(choices=[('bedrag', 'bedrag'), ('aantal', 'aantal'), ('ja_nee', 'ja/nee'), ('tekst', 'tekst')], default='bedrag', max_length=8, verbose_name='soort'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='sisaindicator',
            name='aard_controle',
            field=models.CharField(choices=[('R', 'R: rechtmatigheid'), ('D1', 'D1: getrouwheid, eigen controle'), ('D2', 'D2: getrouwheid, controle door derde'), ('n.v.t.', 'n.v.t.: geen accountantscontrole')], max_length=6, verbose_name='aard controle'),
        ),
        migrations.AlterField(
            model_name='sisaindicator',
            name='sleutel',
            field=models.CharField(choices=[('toekenning', 'Toekenning jaar T'), ('besteding', 'Besteding jaar T'), ('reservering_uit', 'Reservering naar jaar T+1'), ('doorschuif_uit', 'Doorschuif naar jaar T+1'), ('terug_te_betalen', 'Terug te betalen'), ('asiel_1', 'Aantal asielstatushouders, inburgeringsjaar 1'), ('asiel_2', 'Aantal asielstatushouders, inburgeringsjaar 2'), ('asiel_3', 'Aantal asielstatushouders, inburgeringsjaar 3'), ('gezin', 'Aantal gezinsmigranten'), ('overig', 'Aantal overige migranten'), ('onderwijsroute', 'Aantal asielstatushouders in de onderwijsroute'), ('toekenning_cumulatief', 'Toekenning t/m jaar T'), ('besteding_cumulatief', 'Besteding t/m jaar T'), ('correctie_besteding', 'Correctie besteding jaar T-1'), ('eindverantwoording', 'Eindverantwoording Ja/Nee'), ('toekenning_bron', 'Grondslag van de toekenning (R5)')], max_length=30, verbose_name='sleutel'),
        ),
        migrations.RunPython(vul_soort, terug),
        migrations.AddConstraint(
            model_name='sisaindicator',
            constraint=models.CheckConstraint(condition=models.Q(('sleutel__in', ['toekenning', 'besteding', 'reservering_uit', 'doorschuif_uit', 'terug_te_betalen', 'asiel_1', 'asiel_2', 'asiel_3', 'gezin', 'overig', 'onderwijsroute', 'toekenning_cumulatief', 'besteding_cumulatief', 'correctie_besteding', 'eindverantwoording', 'toekenning_bron'])), name='sisaindicator_sleutel_geldig'),
        ),
        migrations.AddConstraint(
            model_name='sisaindicator',
            constraint=models.CheckConstraint(condition=models.Q(('aard_controle__in', ['R', 'D1', 'D2', 'n.v.t.'])), name='sisaindicator_aard_controle_geldig'),
        ),
        migrations.AddConstraint(
            model_name='sisaindicator',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('sleutel__in', ['toekenning', 'besteding', 'reservering_uit', 'doorschuif_uit', 'terug_te_betalen', 'toekenning_cumulatief', 'besteding_cumulatief', 'correctie_besteding']), ('soort', 'bedrag')), models.Q(('sleutel__in', ['asiel_1', 'asiel_2', 'asiel_3', 'gezin', 'overig', 'onderwijsroute']), ('soort', 'aantal')), models.Q(('sleutel__in', ['eindverantwoording']), ('soort', 'ja_nee')), models.Q(('sleutel__in', ['toekenning_bron']), ('soort', 'tekst')), _connector='OR'), name='sisaindicator_soort_past'),
        ),
    ]
