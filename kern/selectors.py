"""Reads for the kern pages: the audit trail and the users of a gemeente."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import AuditKeten, AuditRecord, Gemeente, Rol, Roltoekenning


def auditregels(gemeente: Gemeente) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(gemeente=gemeente).select_related("gebruiker")


def aantal_in_trail(gemeente: Gemeente, met_raadplegingen: bool) -> int:
    """The number of rows in this gemeente's trail, with or without the reads, from the head of
    its hash chain (one row): its running number counts every row (gapless; rows are never
    removed) and it counts the reads (kern/0012). COUNT(*) read every row of the trail."""
    kop = AuditKeten.objects.filter(gemeente=gemeente).values_list("volgnummer", "raadplegingen")
    volgnummer, raadplegingen = kop.first() or (0, 0)
    return volgnummer if met_raadplegingen else volgnummer - raadplegingen


def geschiedenis(gemeente: Gemeente, object_type: str, object_id: str) -> QuerySet[AuditRecord]:
    """Every audit record of one object, oldest first, so the story reads top to bottom."""
    return (
        auditregels(gemeente)
        .filter(object_type=object_type, object_id=object_id)
        .order_by("tijdstip", "id")
    )


def soorten_in_trail(gemeente: Gemeente) -> list[str]:
    """The kinds of record in this gemeente's trail, in order (the audit filter's choices).

    A skip scan on the index (gemeente, object_type, object_id): each step asks the index for
    the next kind, one probe per kind. SELECT DISTINCT read every row of the trail for the
    dozen kinds (60,000 rows on the page bench: 12 ms, growing with every change)."""
    tabel = AuditRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE soort(s) AS (
                SELECT MIN(object_type) FROM {tabel} WHERE gemeente_id = %s
                UNION ALL
                SELECT (SELECT MIN(object_type) FROM {tabel}
                        WHERE gemeente_id = %s AND object_type > soort.s)
                FROM soort WHERE soort.s IS NOT NULL
            )
            SELECT s FROM soort WHERE s IS NOT NULL ORDER BY s
            """,  # noqa: S608 - the table name from the model, values as parameters
            [gemeente.pk, gemeente.pk],
        )
        return [rij[0] for rij in cursor.fetchall()]


def rollen_buiten_beheer(door) -> QuerySet[Roltoekenning]:
    """Grants in gemeenten where `door` is no beheerder: a user holding one is not theirs to
    deactivate or reset. kern.services refuses on it; the beheer page shows it per user."""
    beheerd = Roltoekenning.objects.filter(gebruiker=door, rol=Rol.BEHEERDER).values("gemeente")
    return Roltoekenning.objects.exclude(gemeente__in=beheerd)


def gebruikers_van_gemeente(gemeente: Gemeente, beheerder=None) -> QuerySet:
    """Users holding a role here, with only their grants for this gemeente prefetched.

    Grants in other gemeenten stay invisible: a beheerder manages only its own gemeente. With
    `beheerder`, each user has `buiten_beheer`: a role in a gemeente where that beheerder is
    none, so the account is not theirs to deactivate or reset.
    """
    gebruikers = get_user_model().objects.filter(roltoekenningen__gemeente=gemeente)
    if beheerder is not None:
        gebruikers = gebruikers.annotate(
            buiten_beheer=Exists(rollen_buiten_beheer(beheerder).filter(gebruiker=OuterRef("pk")))
        )
    return (
        gebruikers.distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related(
            Prefetch(
                "roltoekenningen",
                queryset=Roltoekenning.objects.filter(gemeente=gemeente).order_by("rol"),
                to_attr="rollen_hier",
            )
        )
    )


def betrokken_gebruikers(gemeente: Gemeente) -> QuerySet:
    """Users who hold a role here or appear in this gemeente's trail (for the audit filter)."""
    in_trail = AuditRecord.objects.filter(gemeente=gemeente).values("gebruiker_id")
    return (
        get_user_model()
        .objects.filter(Q(roltoekenningen__gemeente=gemeente) | Q(pk__in=in_trail))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
