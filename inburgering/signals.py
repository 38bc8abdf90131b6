"""Every new gemeente gets the default catalogue of voorzieningen (WERKBOEK.md defaults)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from kern.models import Gemeente

from .codes import STANDAARD_VOORZIENINGEN
from .models import Voorziening


@receiver(post_save, sender=Gemeente, dispatch_uid="inburgering_standaard_catalogus")
def standaard_catalogus(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Voorziening.objects.bulk_create(
            [
                Voorziening(gemeente=instance, code=code, naam=naam, classificatie=classificatie)
                for code, (naam, classificatie) in STANDAARD_VOORZIENINGEN.items()
            ],
            ignore_conflicts=True,
        )
