"""Reads for the kern pages: the audit trail and the users of a gemeente."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from .models import AuditRecord, Gemeente, Roltoekenning


def auditregels(gemeente: Gemeente) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(gemeente=gemeente).select_related("gebruiker")


def geschiedenis(gemeente: Gemeente, object_type: str, object_id: str) -> QuerySet[AuditRecord]:
    """Every audit record of one object, oldest first, so the story reads top to bottom."""
    return (
        auditregels(gemeente)
        .filter(object_type=object_type, object_id=object_id)
        .order_by("tijdstip", "id")
    )


def soorten_in_trail(gemeente: Gemeente) -> list[str]:
    return list(
        AuditRecord.objects.filter(gemeente=gemeente)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


def gebruikers_van_gemeente(gemeente: Gemeente) -> QuerySet:
    """Users holding a role here, with only their grants for this gemeente prefetched.

    Grants in other gemeenten stay invisible: a beheerder manages only its own gemeente.
    """
    return (
        get_user_model()
        .objects.filter(roltoekenningen__gemeente=gemeente)
        .distinct()
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
