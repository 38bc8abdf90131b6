"""`manage.py saldi --gemeente CODE [--peildatum YYYY-MM-DD] --json` (WERKBOEK.md contract)."""

import json

from django.core.management.base import BaseCommand

from kern.opdrachtregel import gemeente_optie, peildatum_optie
from rapportage.contract import saldi_json


class Command(BaseCommand):
    help = "De SPUK-saldi van een gemeente na herberekening, als JSON."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--peildatum", help="JJJJ-MM-DD; standaard vandaag")
        parser.add_argument("--json", action="store_true", help="Druk de saldi af als JSON")

    def handle(self, *args, gemeente, peildatum=None, **options):
        gemeente_obj = gemeente_optie(gemeente)
        datum = peildatum_optie(peildatum)
        uitkomst = saldi_json(gemeente_obj, datum, oorzaak="saldi (opdrachtregel)")
        self.stdout.write(json.dumps(uitkomst, indent=2, ensure_ascii=False))
