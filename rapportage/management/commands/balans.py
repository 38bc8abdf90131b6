"""`balans --gemeente CODE --jaar T --json`: BBV positions per regeling on 31-12-T (WERKBOEK.md).

The SPUK figures are recomputed first, exactly as `saldi` does, so the positions come from the
same R7 years that `saldi --json` prints.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kern.opdrachtregel import gemeente_optie, peildatum_optie
from rapportage.jaarrekening import als_json, balansposities


class Command(BaseCommand):
    help = "De jaarrekeningposities (BBV) per regeling op 31 december van een jaar, als JSON."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--jaar", required=True, help="Het verantwoordingsjaar T")
        parser.add_argument(
            "--peildatum", help="Datum van de herberekening (JJJJ-MM-DD); standaard vandaag"
        )
        parser.add_argument("--json", action="store_true", help="Druk de posities af als JSON")

    def handle(self, *args, gemeente, jaar, peildatum=None, **opties):
        gemeente_obj = gemeente_optie(gemeente)
        try:
            jaartal = int(jaar)
        except ValueError as exc:
            raise CommandError(
                f"Het jaar '{jaar}' is geen jaartal; verwacht bijvoorbeeld 2025."
            ) from exc
        if not 2021 <= jaartal <= 2100:
            raise CommandError(
                f"Het jaar {jaartal} valt buiten de Wet inburgering 2021; verwacht 2021 of later."
            )
        datum = peildatum_optie(peildatum) or timezone.localdate()

        from spuk.services import herbereken

        run = herbereken(
            gemeente_id=gemeente_obj.pk, peildatum=datum, oorzaak="balans (opdrachtregel)"
        )
        if run.status != run.Status.VOLTOOID:
            raise CommandError(f"De herberekening is mislukt: {run.foutmelding}")
        posities = balansposities(gemeente_obj, run, jaartal)
        gegevens = als_json(gemeente_code=gemeente_obj.code, jaar=jaartal, posities=posities)
        if opties["json"]:
            self.stdout.write(json.dumps(gegevens, indent=2, ensure_ascii=False))
            return
        for p in posities:
            self.stdout.write(f"{p.regeling} op 31-12-{jaartal}")
            for veld in p.BEDRAGEN:
                self.stdout.write(f"  {veld:<24} {getattr(p, veld):>16.2f}")
            self.stdout.write(f"  {'aansluiting':<24} {'sluit' if p.sluit else 'SLUIT NIET'}")
