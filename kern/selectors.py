"""Reads for the kern pages: the audit trail and the users of a gemeente."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import AuditRecord, Gemeente, Rol, Roltoekenning


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
