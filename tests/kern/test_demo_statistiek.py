"""make run loads the demo into fresh tables: the planner has their statistics at once."""

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_de_demo_laat_statistieken_na_voor_de_planner():
    """Without them PostgreSQL took the demo's thousands of commitments for one until
    autovacuum's next round, and the signal list read every commitment again per row (3 s)."""
    if connection.vendor != "postgresql":
        pytest.skip("vraagt PostgreSQL")
    call_command("demo_gemeente", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('inburgering_verplichting', 'inburgering_factuur', 'inburgering_factuurstand')"
        )
        geschat = dict(cursor.fetchall())
    assert len(geschat) == 3
    assert all(rijen > 100 for rijen in geschat.values()), geschat
