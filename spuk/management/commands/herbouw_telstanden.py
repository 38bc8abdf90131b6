"""Rebuild the Telstand (R3's groups kept between recomputations) of one or all gemeenten.

    python manage.py herbouw_telstanden [--gemeente GM0397]

The database raises a gemeente's Telversie at every change of its register by itself, so a
stale Telstand is never read; this is for after a restore of only some tables or a load with
the triggers disabled. It counts the groups again for today.
"""

from django.core.management.base import BaseCommand

from kern.opdrachtregel import gemeente_ids_optie
from kern.opmaak import aantal
from spuk.berekening import herbouw_telstanden
from spuk.models import Telstand


class Command(BaseCommand):
    help = "Bouwt de telstanden (de groepen van R3) opnieuw op uit het register."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="CBS-code; zonder: alle gemeenten")

    def handle(self, *args, gemeente=None, **options):
        gemeente_ids = gemeente_ids_optie(gemeente)
        weg = herbouw_telstanden(gemeente_ids)
        filter_ = {} if gemeente_ids is None else {"gemeente_id__in": gemeente_ids}
        nu = Telstand.objects.filter(**filter_).count()
        self.stdout.write(
            f"Telstanden opnieuw opgebouwd: {aantal(weg, 'telstand', 'telstanden')} verwijderd, "
            f"{aantal(nu, 'telstand', 'telstanden')} opnieuw geteld."
        )
