"""The snapshot rows' runs and gemeenten without a database constraint, and OntvangstDeel's
receipt without an index (issue 17 item 1; why: spuk.models, above JaarSaldo).

PostgreSQL checked one constraint per snapshot row at commit (some 68,000 per full
recomputation of all gemeenten) and kept an index on the receipt that no read uses. The columns
and the indexes on run and gemeente stay.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("kern", "0010_auditregel_zonder_losse_indexen"),
        ("spuk", "0011_ontvangstdeel_zonder_fk_naar_ontvangst"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cohortsaldo",
            name="gemeente",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="kern.gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="cohortsaldo",
            name="herberekening",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cohortsaldi",
                to="spuk.herberekening",
            ),
        ),
        migrations.AlterField(
            model_name="jaarsaldo",
            name="gemeente",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="kern.gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="jaarsaldo",
            name="herberekening",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="jaarsaldi",
                to="spuk.herberekening",
            ),
        ),
        migrations.AlterField(
            model_name="ontvangstdeel",
            name="herberekening",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ontvangstdelen",
                to="spuk.herberekening",
            ),
        ),
        migrations.AlterField(
            model_name="ontvangstdeel",
            name="ontvangst",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delen",
                to="spuk.ontvangst",
            ),
        ),
        migrations.AlterField(
            model_name="telling",
            name="gemeente",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="kern.gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="telling",
            name="herberekening",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tellingen",
                to="spuk.herberekening",
            ),
        ),
    ]
