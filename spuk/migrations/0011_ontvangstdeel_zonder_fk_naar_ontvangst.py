"""OntvangstDeel.ontvangst without a database constraint (issue 17 item 1).

The snapshot rows are derived data, written anew by every recomputation; receipts are never
deleted. PostgreSQL checked the constraint at commit for every snapshot row written (most of
the rows of a full recomputation). The column and its index stay; only the constraint goes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("spuk", "0010_telstand"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ontvangstdeel",
            name="ontvangst",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="delen",
                to="spuk.ontvangst",
            ),
        ),
    ]
