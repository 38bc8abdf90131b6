"""Rebuild the standen (Factuurstand, Bestedingsstand, ..., the Stilte) from the invoices.

    python manage.py herbouw_standen [--gemeente GM0397]

The database keeps them current by itself; this is for after a restore of only some tables,
or to check: it reports how many rows differed from the rebuilt figures.
"""

from django.core.management.base import BaseCommand

from inburgering.models import (
    Bestedingsstand,
    Factuur,
    Factuurstand,
    Persoonstand,
    Stilte,
)
from inburgering.standen import herbouw_standen
from kern.opdrachtregel import gemeente_ids_optie
from kern.opmaak import aantal

STILTE = ("verplichting_id", "gemeente_id", "nummer", "datum", "laatste_factuurdatum", "is_open")


def _momentopname(gemeente_ids):
    filter_ = {} if gemeente_ids is None else {"gemeente_id__in": gemeente_ids}
    return {
        *Factuurstand.objects.filter(**filter_)
        .exclude(gefactureerd=0, laatste_factuurdatum=None)
        .values_list("verplichting_id", "gefactureerd", "laatste_factuurdatum"),
        *Bestedingsstand.objects.filter(aantal__gt=0, **filter_).values_list(
            "gemeente_id", "financiering", "cohort", "boekjaar", "bedrag", "aantal", "bruto"
        ),
        *(("stilte", *rij) for rij in Stilte.objects.filter(**filter_).values_list(*STILTE)),
        *(
            ("factuur", pk, cohort)
            for pk, cohort in Factuur.objects.filter(**filter_).values_list("pk", "cohort")
        ),
        # Each person's open commitments (migration 0023); an emptied row is no difference.
        *(
            ("persoon", *rij)
            for rij in Persoonstand.objects.filter(**filter_)
            .exclude(aantal=0, open=0)
            .values_list("inburgeraar_id", "gemeente_id", "aantal", "open")
        ),
    }


class Command(BaseCommand):
    help = "Bouwt de factuur- en bestedingsstanden opnieuw op uit de facturen."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="CBS-code; zonder: alle gemeenten")

    def handle(self, *args, gemeente=None, **options):
        gemeente_ids = gemeente_ids_optie(gemeente)
        voor = _momentopname(gemeente_ids)
        herbouw_standen(gemeente_ids)
        na = _momentopname(gemeente_ids)
        verschil = len(voor ^ na)
        self.stdout.write(
            f"Standen opnieuw opgebouwd: {aantal(len(na), 'rij', 'rijen')}, {verschil} "
            f"{'verschilde' if verschil == 1 else 'verschilden'} van de stand "
            "die de database bijhield."
        )
