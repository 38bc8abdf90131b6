"""What the spuk app hears from the others (which never import spuk).

A change a SPUK figure depends on (kern.signals.meld_wijziging from inburgering's services and
the import) schedules one recomputation after commit (spuk.planning). A new gemeente gets the
standard betaalritmes.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from kern.models import Gemeente
from kern.signals import gegevens_gewijzigd

from .planning import plan_herberekening_na_commit


@receiver(gegevens_gewijzigd, dispatch_uid="spuk_plan_herberekening")
def bij_wijziging(sender, gemeente_id: int, oorzaak: str = "", **kwargs) -> None:
    plan_herberekening_na_commit(gemeente_id=gemeente_id, oorzaak=oorzaak)


@receiver(post_save, sender=Gemeente, dispatch_uid="spuk_standaard_betaalritmes")
def standaard_betaalritmes(sender, instance, created, raw=False, **kwargs) -> None:
    """A new gemeente gets the standard betaalritmes (a beheerder can change them)."""
    if created and not raw:
        from .berekening import zorg_voor_betaalritmes

        zorg_voor_betaalritmes([instance.pk])
