"""Issue 14: the audit trail cannot be emptied and any change or removal is detectable (the hash
chain of migrations kern/0005 and kern/0008, verified by manage.py controleer_audittrail), on
PostgreSQL and on SQLite; issue 17: a bulk insert is chained in one go, and just as verifiable."""

import contextlib
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from inburgering import services
from kern.auditketen import controleer_keten
from kern.models import AuditKeten, AuditRecord
from tests import conftest

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(gemeente, andere_gemeente):
    for g in (gemeente, andere_gemeente):
        for n in range(4):
            services.registreer_inburgeraar(
                gemeente=g, kenmerk=f"K{n}", doelgroep="gezin", startdatum=date(2025, 1, 1)
            )
    return AuditRecord.objects.filter(gemeente=gemeente).order_by("volgnummer")


def _als_eigenaar(sql: str, *params) -> None:
    """What someone with the table owner's rights could do: set the triggers aside (on SQLite:
    drop them and put them back, inside the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'kern_auditrecord'"
        )
        triggers = cursor.fetchall()
        for naam, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{naam}"')
        cursor.execute(sql, params)
        for _, maak in triggers:
            cursor.execute(maak)


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


@pytest.mark.postgres
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


def test_update_en_delete_blijven_geweigerd(trail, monkeypatch):
    monkeypatch.setitem(conftest.AUDITTRAIL_LEEGMAKEN, "sqlite", 0)  # as outside the test suite
    with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
        AuditRecord.objects.filter(pk=trail[0].pk).update(reden="weg")
    with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
        AuditRecord.objects.filter(pk=trail[0].pk).delete()
    with pytest.raises(DatabaseError, match="alleen aangevuld"), transaction.atomic():
        AuditRecord.objects.filter(gemeente=trail[0].gemeente).delete()
    assert controleer_keten()[1] == []


def _regels(gemeente, aantal, reden="bulk"):
    return [
        AuditRecord(
            gemeente=gemeente,
            actie=AuditRecord.Actie.GEIMPORTEERD,
            object_type="inburgeraar",
            object_id=str(n),
            object_omschrijving=f"K{n:05d}",
            wijzigingen={"bedrag": {"oud": None, "nieuw": f"{n}.50"}},
            reden=f"{reden} {n}",
        )
        for n in range(aantal)
    ]


def test_een_bulk_insert_wordt_in_volgorde_geketend_en_blijft_controleerbaar(
    trail, gemeente, andere_gemeente
):
    """One import writes thousands of rows in a few statements: numbered in the order written,
    after the rows already there, each gemeente its own chain, and still verifiable row by row."""
    regels = _regels(gemeente, 2_500)
    # Two gemeenten in one statement: each gets its own chain.
    AuditRecord.objects.bulk_create(regels[:1_000] + _regels(andere_gemeente, 3), batch_size=1_000)
    AuditRecord.objects.bulk_create(regels[1_000:], batch_size=1_000)
    rijen = list(
        AuditRecord.objects.filter(gemeente=gemeente, reden__startswith="bulk")
        .order_by("volgnummer")
        .values_list("volgnummer", "reden")
    )
    assert rijen == [(5 + n, f"bulk {n}") for n in range(2_500)]  # 4 before, then in order
    assert AuditKeten.objects.get(gemeente=gemeente).volgnummer == 2_504
    assert AuditKeten.objects.get(gemeente=andere_gemeente).volgnummer == 7
    assert controleer_keten() == (2_511, [])

    _als_eigenaar(
        "UPDATE kern_auditrecord SET reden = 'anders' WHERE gemeente_id = %s AND volgnummer = 1200",
        gemeente.pk,
    )
    _als_eigenaar(
        "DELETE FROM kern_auditrecord WHERE gemeente_id = %s AND volgnummer = 2000", gemeente.pk
    )
    _, breuken = controleer_keten()
    meldingen = [b.melding for b in breuken]
    assert [b.gemeente for b in breuken] == ["GM0397", "GM0397"]
    assert "auditregel 1200 " in meldingen[0] and "auditregel 2001 " in meldingen[1]


def test_een_regel_buiten_de_applicatie_om_wordt_geketend_of_geweigerd(trail, gemeente):
    """A plain INSERT cannot slip past the chain: PostgreSQL chains it, SQLite (no sha256 in
    SQL) refuses a row whose number does not follow."""
    invoegen = (
        "INSERT INTO kern_auditrecord (tijdstip, gemeente_id, actie, object_type, object_id, "
        "object_omschrijving, wijzigingen, reden, bron, keten_hash) "
        "VALUES (%s, %s, 'gewijzigd', 'x', '1', 'stil', '{}', '', '', '')"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(invoegen, [trail[0].tijdstip, gemeente.pk])
            assert AuditRecord.objects.get(object_omschrijving="stil").volgnummer == 5
            assert controleer_keten()[1] == []
        else:
            with pytest.raises(DatabaseError, match="sluit niet aan"), transaction.atomic():
                cursor.execute(invoegen, [trail[0].tijdstip, gemeente.pk])


@pytest.mark.postgres
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


def test_een_teruggedraaide_savepoint_laat_de_keten_heel(trail, gemeente):
    """Rows of a rolled-back savepoint are gone, and so is their place in the chain: the next
    rows follow on the rows that stayed (also for a gemeente whose chain the savepoint began)."""
    from kern.models import Gemeente

    nieuw = Gemeente.objects.create(code="GM0003", naam="Appingedam")
    with contextlib.suppress(RuntimeError), transaction.atomic():
        AuditRecord.objects.bulk_create(_regels(gemeente, 3) + _regels(nieuw, 2))
        raise RuntimeError
    AuditRecord.objects.bulk_create(_regels(gemeente, 2) + _regels(nieuw, 1))
    assert AuditKeten.objects.get(gemeente=gemeente).volgnummer == 6
    assert list(
        AuditRecord.objects.filter(gemeente=nieuw).values_list("volgnummer", flat=True)
    ) == [1]
    assert controleer_keten()[1] == []


# One fixed row, hashed by kern_audit_hash as migration kern/0005 defined it (IMMUTABLE): the
# digest every stored chain was built with.
_VASTE_RIJ = (
    "ROW(1, '2026-01-02 03:04:05.678901+00', 'geimporteerd', 'factuur', '42', 'F0001 €', "
    '\'{"bedrag": {"oud": null, "nieuw": "1234.56"}}\', \'Tabblad Facturen, rij 2\', '
    "'groot.xlsx', 7, 3, '', 5)::kern_auditrecord"
)


@pytest.mark.postgres
def test_de_hashfunctie_wordt_ingevoegd_en_geeft_dezelfde_hash():
    """kern/0011: STABLE, so the planner inlines the function (the trigger of an import's 20,000
    rows called it once per row), with the same body, so a stored chain still verifies."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kern_audit_hash('abc', {_VASTE_RIJ})")  # noqa: S608
        assert cursor.fetchone()[0] == (
            "3efc64309eb3838726126b44b9de426d06caaf0912720f4ee1850aff12faf6cd"
        )
        cursor.execute("EXPLAIN VERBOSE SELECT kern_audit_hash('', a) FROM kern_auditrecord a")
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "sha256(" in plan and "kern_audit_hash(" not in plan


def _raadplegingen(gemeente, aantal):
    return [
        AuditRecord(
            gemeente=gemeente,
            actie=AuditRecord.Actie.GERAADPLEEGD,
            object_type="verplichting",
            object_id="lijst",
            object_omschrijving="GET-LIJST",
        )
        for _ in range(aantal)
    ]


def test_de_kop_telt_de_raadplegingen_voor_het_aantal_van_de_audittrail(
    trail, gemeente, andere_gemeente
):
    """kern/0012: the head counts the reads, so kern.selectors.aantal_in_trail gives the trail's
    count without a pass over it: reads and changes mixed in one statement, two gemeenten in
    one statement, one row at a time, and several statements in one transaction."""
    from kern.audit import registreer_raadpleging
    from kern.selectors import aantal_in_trail

    with transaction.atomic():
        AuditRecord.objects.bulk_create(
            _regels(gemeente, 3) + _raadplegingen(gemeente, 5) + _raadplegingen(andere_gemeente, 2)
        )
        AuditRecord.objects.bulk_create(_raadplegingen(gemeente, 1) + _regels(gemeente, 2))
    for _ in range(2):
        registreer_raadpleging(
            gebruiker=None,
            gemeente=gemeente,
            object_type="inburgeraar",
            object_id="1",
            omschrijving="K1",
            bron="api",
        )
    for g in (gemeente, andere_gemeente):
        rijen = AuditRecord.objects.filter(gemeente=g)
        assert aantal_in_trail(g, met_raadplegingen=True) == rijen.count()
        assert aantal_in_trail(g, met_raadplegingen=False) == (
            rijen.exclude(actie=AuditRecord.Actie.GERAADPLEEGD).count()
        )
    assert AuditKeten.objects.get(gemeente=gemeente).raadplegingen == 8
    assert AuditKeten.objects.get(gemeente=andere_gemeente).raadplegingen == 2
    assert controleer_keten()[1] == []


def test_een_gewijzigd_aantal_raadplegingen_in_de_kop_valt_op(trail, gemeente):
    AuditRecord.objects.bulk_create(_raadplegingen(gemeente, 2))
    AuditKeten.objects.filter(gemeente=gemeente).update(raadplegingen=5)
    _, breuken = controleer_keten()
    assert [b.gemeente for b in breuken] == ["GM0397"]
    assert "telt 5 raadplegingen, maar er zijn 2 raadplegingen vastgelegd" in breuken[0].melding
