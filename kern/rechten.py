"""Who may do what, per gemeente.

A user sees only the gemeenten granted to them; for everything else the product answers 404,
so that not even the existence of another gemeente's data leaks. Within a granted gemeente an
action the user's roles do not allow answers 403.
"""

from enum import StrEnum

from django.db.models import QuerySet

from .models import Gemeente, Rol, Roltoekenning


class Recht(StrEnum):
    LEZEN = "lezen"
    AUDIT_LEZEN = "audit_lezen"
    STATUS_WIJZIGEN = "status_wijzigen"
    FINANCIEEL_MUTEREN = "financieel_muteren"
    BEHEREN = "beheren"


ROL_RECHTEN: dict[str, frozenset[Recht]] = {
    Rol.BEHEERDER: frozenset(Recht),
    Rol.FINANCIEEL_ADVISEUR: frozenset(
        {Recht.LEZEN, Recht.STATUS_WIJZIGEN, Recht.FINANCIEEL_MUTEREN}
    ),
    Rol.BELEIDSMEDEWERKER: frozenset({Recht.LEZEN}),
    Rol.CONSULENT: frozenset({Recht.LEZEN, Recht.STATUS_WIJZIGEN}),
    Rol.CONTROLLER: frozenset({Recht.LEZEN, Recht.AUDIT_LEZEN}),
}


def zichtbare_gemeenten(gebruiker) -> QuerySet[Gemeente]:
    if not gebruiker.is_authenticated:
        return Gemeente.objects.none()
    return Gemeente.objects.filter(roltoekenningen__gebruiker=gebruiker).distinct()


def rechten(gebruiker, gemeente: Gemeente) -> frozenset[Recht]:
    """The union of the rights of every role the user holds in this gemeente (cached per user)."""
    cache = getattr(gebruiker, "_rechten_cache", None)
    if cache is None:
        cache = {}
        for gemeente_id, rol in Roltoekenning.objects.filter(gebruiker=gebruiker).values_list(
            "gemeente_id", "rol"
        ):
            cache[gemeente_id] = cache.get(gemeente_id, frozenset()) | ROL_RECHTEN[rol]
        gebruiker._rechten_cache = cache
    return cache.get(gemeente.pk, frozenset())


def heeft_recht(gebruiker, gemeente: Gemeente, recht: Recht) -> bool:
    return recht in rechten(gebruiker, gemeente)


# Shared, national data (the SiSa definitions of a year) belongs to no gemeente: a beheerder of
# one gemeente may not change what every gemeente uses. It has its own role, a Django group
# granted with `manage.py landelijk_beheer GEBRUIKER`.
LANDELIJK_BEHEER = "landelijk beheer"


def is_landelijk_beheerder(gebruiker) -> bool:
    if not gebruiker.is_authenticated:
        return False
    if not hasattr(gebruiker, "_landelijk_beheer"):
        gebruiker._landelijk_beheer = gebruiker.groups.filter(name=LANDELIJK_BEHEER).exists()
    return gebruiker._landelijk_beheer
