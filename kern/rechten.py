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


class _Toekenningen:
    """A user's roles, read in one query with their gemeenten: every page needs them (its
    gemeente by code, the rights there, the gemeente switcher), so a page reads them once."""

    def __init__(self, gebruiker):
        self.rechten: dict[int, frozenset[Recht]] = {}
        self.rollen: dict[int, list[str]] = {}
        self.per_code: dict[str, Gemeente] = {}
        # In the order of zichtbare_gemeenten (Gemeente's ordering) and, per gemeente, by role.
        toekenningen = (
            Roltoekenning.objects.filter(gebruiker=gebruiker)
            .select_related("gemeente")
            .order_by("gemeente__naam", "gemeente_id", "rol")
        )
        for t in toekenningen:
            self.rechten[t.gemeente_id] = (
                self.rechten.get(t.gemeente_id, frozenset()) | (ROL_RECHTEN[t.rol])
            )
            self.rollen.setdefault(t.gemeente_id, []).append(t.rol)
            self.per_code.setdefault(t.gemeente.code, t.gemeente)


def _toekenningen(gebruiker) -> _Toekenningen:
    """Cached per user object (so per request); `_rechten_cache = None` forgets it."""
    cache = getattr(gebruiker, "_rechten_cache", None)
    if cache is None:
        cache = gebruiker._rechten_cache = _Toekenningen(gebruiker)
    return cache


def rechten(gebruiker, gemeente: Gemeente) -> frozenset[Recht]:
    """The union of the rights of every role the user holds in this gemeente (cached per user)."""
    return _toekenningen(gebruiker).rechten.get(gemeente.pk, frozenset())


def toegekende_gemeente(gebruiker, code: str) -> Gemeente | None:
    """The gemeente with this code if the user holds a role there (no query of its own)."""
    return _toekenningen(gebruiker).per_code.get(code)


def gemeenten_van(gebruiker) -> list[Gemeente]:
    """What zichtbare_gemeenten returns, in the same order, from the cached roles."""
    if not gebruiker.is_authenticated:
        return []
    return list(_toekenningen(gebruiker).per_code.values())


def rollen(gebruiker, gemeente: Gemeente) -> list[str]:
    """The user's roles in this gemeente (values of Rol), ordered by value."""
    return list(_toekenningen(gebruiker).rollen.get(gemeente.pk, []))


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
