"""Persons imported before the import started every history at regels.begin_stand have no
status_sinds when they have no status change: they are actief since their startdatum, as a
person registered in the browser. Persons with a change got its date already."""

from django.db import migrations
from django.db.models import F


def zet_sinds(apps, schema_editor):
    Inburgeraar = apps.get_model("inburgering", "Inburgeraar")
    Inburgeraar.objects.filter(status_sinds__isnull=True, statuswijzigingen__isnull=True).update(
        status_sinds=F("startdatum")
    )


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0013_factuurlijst_index")]

    operations = [migrations.RunPython(zet_sinds, migrations.RunPython.noop)]
