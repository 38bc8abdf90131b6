"""`manage.py herprijs` (shared/contract/WERKBOEK.md, R12): preview, or with --bevestig record
the new tarief and re-price the commitments that follow the old one, in one audited step."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inburgering import herprijzing
from inburgering import tariefregels as r12
from inburgering.models import Aanbieder, Voorziening
from kern.invoer import OngeldigeInvoer, parse_bedrag, parse_datum
from kern.opdrachtregel import gemeente_optie

BRON = "herprijs (opdrachtregel)"


class Command(BaseCommand):
    help = "Herprijs open verplichtingen na een nieuw tarief (R12): indexatie of aanbesteding."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--aanbieder", required=True, help="De naam van de aanbieder")
        parser.add_argument("--voorziening", required=True, help="Voorzieningcode, bv. MB")
        parser.add_argument("--bedrag", required=True, help="Het nieuwe tarief, bv. 2041.20")
        parser.add_argument("--geldig-van", required=True, help="Ingangsdatum JJJJ-MM-DD")
        parser.add_argument("--wijze", required=True, help="indexatie of aanbesteding")
        parser.add_argument(
            "--bevestig", action="store_true", help="Leg het tarief vast en herprijs"
        )
        parser.add_argument("--json", action="store_true", help="Druk de uitkomst af als JSON")

    def handle(self, *args, **opties):
        gemeente = gemeente_optie(opties["gemeente"])
        aanbieder = Aanbieder.objects.filter(gemeente=gemeente, naam=opties["aanbieder"]).first()
        if aanbieder is None:
            raise CommandError(
                f"Onbekende aanbieder '{opties['aanbieder']}' in {gemeente.code}. "
                "Geef de naam precies zoals in de catalogus."
            )
        voorziening = Voorziening.objects.filter(
            gemeente=gemeente, code=opties["voorziening"]
        ).first()
        if voorziening is None:
            raise CommandError(
                f"Onbekende voorziening '{opties['voorziening']}'. Geef een code uit de "
                "catalogus, bijvoorbeeld MB."
            )
        try:
            bedrag = parse_bedrag(opties["bedrag"])
        except OngeldigeInvoer as exc:
            raise CommandError(f"--bedrag: {exc}") from exc
        try:
            geldig_van = parse_datum(opties["geldig_van"])
        except OngeldigeInvoer as exc:
            raise CommandError(
                f"--geldig-van '{opties['geldig_van']}' is geen geldige datum; verwacht JJJJ-MM-DD."
            ) from exc
        if fout := r12.wijze_fout(opties["wijze"]):
            raise CommandError(fout)
        tarief = {
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "voorziening": voorziening,
            "bedrag": bedrag,
            "geldig_van": geldig_van,
            "wijze": opties["wijze"],
        }
        try:
            if opties["bevestig"]:
                voorstel = herprijzing.herprijs(**tarief, bron=BRON).voorstel
            else:
                voorstel = herprijzing.herprijs_voorstel(**tarief)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        uitkomst = voorstel.als_json(bevestigd=opties["bevestig"])
        if opties["json"]:
            self.stdout.write(json.dumps(uitkomst, indent=2, ensure_ascii=False))
            return
        for rij in uitkomst["verplichtingen"]:
            regel = f"{rij['nummer']}: {rij['oud']} -> {rij['nieuw']} ({rij['verschil']})"
            self.stdout.write(regel)
        status = "herprijsd" if opties["bevestig"] else "zouden veranderen (voorbeeld)"
        aantal = len(uitkomst["verplichtingen"])
        woord = "verplichting" if aantal == 1 else "verplichtingen"
        self.stdout.write(f"{aantal} {woord} {status}.")
