"""Issue 14: the audit trail cannot be emptied and any change or removal is detectable (the hash
chain of migration kern/0005, verified by manage.py controleer_audittrail)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from inburgering import services
from kern.auditketen import controleer_keten
from kern.models import AuditRecord

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # triggers and SQL of kern/0005


@pytest.fixture
def trail(gemeente, andere_gemeente):
    for g in (gemeente, andere_gemeente):
        for n in range(4):
            services.registreer_inburgeraar(
                gemeente=g, kenmerk=f"K{n}", doelgroep="gezin", startdatum=date(2025, 1, 1)
            )
    return AuditRecord.objects.filter(gemeente=gemeente).order_by("volgnummer")


def _als_eigenaar(sql: str, *params) -> None:
    """What someone with the table owner's rights could do: set the triggers aside."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def test_elke_gemeente_heeft_een_doorlopende_keten(trail, capsys):
    assert list(trail.values_list("volgnummer", flat=True)) == [1, 2, 3, 4]
    assert all(len(h) == 64 for h in trail.values_list("keten_hash", flat=True))
    call_command("controleer_audittrail")
    assert "De hashketen van 8 auditregels klopt." in capsys.readouterr().out


def test_een_gewijzigde_regel_valt_op(trail):
    regel = trail[1]
    _als_eigenaar("UPDATE kern_auditrecord SET reden = 'anders' WHERE id = %s", regel.pk)
    _, breuken = controleer_keten()
    assert [b.gemeente for b in breuken] == ["GM0397"]
    assert "auditregel 2" in breuken[0].melding
    with pytest.raises(CommandError, match="niet ongeschonden"):
        call_command("controleer_audittrail")


def test_een_verwijderde_regel_valt_op(trail):
    _als_eigenaar("DELETE FROM kern_auditrecord WHERE id = %s", trail[1].pk)
    _, breuken = controleer_keten()
    assert breuken and "auditregel 3" in breuken[0].melding


def test_verwijderde_nieuwste_regels_vallen_op(trail):
    _als_eigenaar("DELETE FROM kern_auditrecord WHERE id = %s", trail[3].pk)
    _, breuken = controleer_keten()
    assert len(breuken) == 1 and "eindigt bij regel 3, maar er zijn 4" in breuken[0].melding


@pytest.mark.django_db(transaction=True)
def test_truncate_van_de_audittrail_wordt_geweigerd(trail):
    # Transactional: TRUNCATE refuses a table with pending trigger events of the same
    # transaction, so the rows are committed first, as in production.
    with transaction.atomic(), connection.cursor() as cursor:
        # The test suite allows the flush between tests; an ordinary session does not.
        cursor.execute("SET LOCAL kern.audittrail_leegmaken = ''")
        with (
            pytest.raises(DatabaseError, match="TRUNCATE is niet toegestaan"),
            transaction.atomic(),
        ):
            cursor.execute("TRUNCATE kern_auditrecord CASCADE")
    assert AuditRecord.objects.count() == 8


def test_update_en_delete_blijven_geweigerd(trail):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=trail[0].pk).update(reden="weg")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=trail[0].pk).delete()


def test_de_applicatierol_kan_de_audittrail_niet_uitschakelen_of_legen(trail):
    """The role of scripts/db-rollen.sh: owns nothing, only SELECT/INSERT/UPDATE/DELETE."""
    import uuid

    rol = f"app_test_{uuid.uuid4().hex[:8]}"  # created inside the test's transaction: rolled back
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{rol}" NOSUPERUSER NOCREATEDB NOCREATEROLE')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{rol}"')
        cursor.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{rol}"'
        )
        cursor.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{rol}"')
        cursor.execute(f'SET LOCAL ROLE "{rol}"')
        for poging in (
            "ALTER TABLE kern_auditrecord DISABLE TRIGGER kern_auditrecord_alleen_toevoegen",
            "SET session_replication_role = replica",
            "TRUNCATE kern_auditrecord CASCADE",
            "DROP TRIGGER kern_auditrecord_keten ON kern_auditrecord",
            "DELETE FROM kern_auditrecord",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(poging)
        # What the application does do still works: adding to the trail.
        services.registreer_inburgeraar(
            gemeente=trail[0].gemeente, kenmerk="K9", doelgroep="gezin", startdatum=date(2025, 1, 1)
        )
        cursor.execute("RESET ROLE")
    assert controleer_keten()[1] == []
