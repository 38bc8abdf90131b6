"""`sisa --gemeente CODE --jaar T [--json | --xlsx FILE]`: the SiSa figures of year T.

The SPUK figures are recomputed first (spuk.services.herbereken), so the answer reflects the
source rows as they are now. JSON exactly as in shared/contract/WERKBOEK.md.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kern.opdrachtregel import gemeente_optie
from rapportage import exports, selectors
from rapportage.services import zorg_voor_sisa_definities
from rapportage.sisa import als_json


class Command(BaseCommand):
    help = "Toont de SiSa-cijfers van een jaar: als JSON (--json) of als Excel-bestand (--xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bv. GM0397")
        parser.add_argument("--jaar", required=True, type=int, help="Het verantwoordingsjaar T")
        parser.add_argument(
            "--peildatum", help="Datum van de herberekening (JJJJ-MM-DD); standaard vandaag"
        )
        uitvoer = parser.add_mutually_exclusive_group()
        uitvoer.add_argument("--json", action="store_true", help="Druk de JSON van het contract af")
        uitvoer.add_argument("--xlsx", metavar="BESTAND", help="Schrijf de SiSa-bijlage als .xlsx")

    def handle(self, *args, **opties):
        gemeente = gemeente_optie(opties["gemeente"])
        jaar = opties["jaar"]
        if not 2021 <= jaar <= 2100:
            raise CommandError(f"Jaar {jaar} valt buiten de Wet inburgering 2021.")
        peildatum = timezone.localdate()
        if opties["peildatum"]:
            try:
                peildatum = date.fromisoformat(opties["peildatum"])
            except ValueError as exc:
                raise CommandError("De peildatum is geen datum; gebruik JJJJ-MM-DD.") from exc

        from spuk.services import herbereken

        herberekening = herbereken(gemeente_id=gemeente.pk, peildatum=peildatum)
        if herberekening.status != herberekening.Status.VOLTOOID:
            raise CommandError(f"De herberekening is mislukt: {herberekening.foutmelding}")
        zorg_voor_sisa_definities(jaar=jaar)
        regels = selectors.sisa_regels(gemeente, jaar, herberekening)

        if opties["xlsx"]:
            with open(opties["xlsx"], "wb") as bestand:
                bestand.write(exports.sisa_xlsx(gemeente, jaar, peildatum, regels))
            self.stdout.write(f"SiSa {jaar} van {gemeente.code} geschreven naar {opties['xlsx']}.")
            return
        gegevens = als_json(
            gemeente_code=gemeente.code, jaar=jaar, peildatum=herberekening.peildatum, regels=regels
        )
        if opties["json"]:
            self.stdout.write(json.dumps(gegevens, ensure_ascii=False, indent=2))
            return
        for regeling in gegevens["regelingen"]:
            self.stdout.write(f"{regeling['regeling']} ({regeling['uitkeringscode']})")
            for i in regeling["indicatoren"]:
                self.stdout.write(
                    f"  {i['code']:<12} {i['omschrijving'][:60]:<60} {i['waarde']:>14}"
                )
