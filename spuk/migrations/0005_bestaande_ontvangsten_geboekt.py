"""R6: existing receipts keep the split the users see today.

Before booked splits existed, the parts of a receipt were recomputed with every run. This stores,
for every SPUK-IV receipt, the parts of the latest complete run that split it, so that existing
figures stay exactly the same. A receipt that no run has split yet is booked by the first
recomputation (spuk.services._schrijf), with the shares of that day.
"""

from django.db import migrations, models


def boek_bestaande_delen(apps, schema_editor):
    Herberekening = apps.get_model("spuk", "Herberekening")
    OntvangstDeel = apps.get_model("spuk", "OntvangstDeel")
    Ontvangstverdeling = apps.get_model("spuk", "Ontvangstverdeling")
    from django.utils import timezone

    nu = timezone.now()
    # The snapshot rows so far were split with their own run's shares.
    OntvangstDeel.objects.update(bedrag_huidig=models.F("bedrag"))
    # order_by(): the model's ordering would otherwise make DISTINCT give a gemeente per row.
    gemeenten = (
        OntvangstDeel.objects.filter(ontvangst__regeling="SPUK-IV")
        .order_by()
        .values_list("ontvangst__gemeente_id", flat=True)
        .distinct()
    )
    for gemeente_id in list(gemeenten):
        gedaan: set[int] = set()
        runs = Herberekening.objects.filter(gemeente_id=gemeente_id, status="voltooid").order_by(
            "-voltooid_op", "-id"
        )
        for run_id in runs.values_list("pk", flat=True):  # the latest run first
            rijen = list(
                OntvangstDeel.objects.filter(
                    herberekening_id=run_id, ontvangst__regeling="SPUK-IV"
                )
                .exclude(ontvangst_id__in=gedaan)
                .values_list("ontvangst_id", "cohort", "bedrag")
            )
            Ontvangstverdeling.objects.bulk_create(
                [
                    Ontvangstverdeling(
                        gemeente_id=gemeente_id,
                        ontvangst_id=pk,
                        cohort=cohort,
                        bedrag=bedrag,
                        geboekt_op=nu,
                    )
                    for pk, cohort, bedrag in rijen
                ],
                ignore_conflicts=True,
            )
            gedaan |= {pk for pk, _c, _b in rijen}


class Migration(migrations.Migration):
    dependencies = [("spuk", "0004_geboekte_verdeling")]

    operations = [migrations.RunPython(boek_bestaande_delen, migrations.RunPython.noop)]
