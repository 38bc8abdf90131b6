"""`manage.py journaal --gemeente CODE [--van JJJJ-MM-DD --tot JJJJ-MM-DD (--csv | --xlsx) FILE]`.

Brings the journal up to date (as the page's button does); with a period and a file it also
exports the entries of that period not exported before, as the page's export does.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kern.opdrachtregel import gemeente_optie
from kern.opmaak import aantal
from koppelingen import journaal_export
from koppelingen.journaal import journaal_bijwerken


def _datum(tekst: str, naam: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"--{naam} is geen datum; gebruik JJJJ-MM-DD.") from None


class Command(BaseCommand):
    help = "Werkt de journaalposten bij en exporteert desgewenst een periode (csv of xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--van", help="Begin van de periode (JJJJ-MM-DD)")
        parser.add_argument("--tot", help="Einde van de periode, inclusief (JJJJ-MM-DD)")
        uitvoer = parser.add_mutually_exclusive_group()
        uitvoer.add_argument("--csv", metavar="BESTAND")
        uitvoer.add_argument("--xlsx", metavar="BESTAND")

    def handle(self, *args, **opties):
        gemeente = gemeente_optie(opties["gemeente"])
        bestand = opties["csv"] or opties["xlsx"]
        if bestand and not (opties["van"] and opties["tot"]):
            raise CommandError("Geef bij een export ook --van en --tot.")
        try:
            uitkomst = journaal_bijwerken(gemeente=gemeente, oorzaak="journaal (opdrachtregel)")
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(
            f"Journaal van {gemeente.code} bijgewerkt: {uitkomst.nieuw} nieuwe posten, "
            f"{uitkomst.correcties} correcties."
        )
        if not bestand:
            return
        try:
            export = journaal_export.exporteer(
                gemeente=gemeente,
                van=_datum(opties["van"], "van"),
                tot=_datum(opties["tot"], "tot"),
            )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        schrijf = journaal_export.als_csv if opties["csv"] else journaal_export.als_xlsx
        with open(bestand, "wb") as uit:
            uit.write(schrijf(export))
        self.stdout.write(
            f"{aantal(export.aantal_posten, 'post', 'posten')} geëxporteerd naar {bestand}."
        )
