"""manage.py import_werkboek FILE [--dry-run] (shared/contract/WERKBOEK.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kern.opmaak import aantal
from werkboek.formaat import TABBLAD_NAMEN
from werkboek.services import importeer_werkboek


class Command(BaseCommand):
    help = "Importeert een werkboek (.xlsx) volgens het contract; alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Het werkboek (.xlsx).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alles controleren en niets opslaan.",
        )

    def handle(self, *args, bestand, dry_run, **options):
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"Het bestand '{bestand}' bestaat niet.")
        uitkomst = importeer_werkboek(bestand=str(pad), bron=pad.name, proefdraai=dry_run)
        if not uitkomst.is_geldig:
            for probleem in uitkomst.problemen:
                self.stderr.write(probleem.als_tekst())
            meer = uitkomst.aantal_problemen - len(uitkomst.problemen)
            if meer:
                self.stderr.write(f"... en nog {meer} {'probleem' if meer == 1 else 'problemen'}.")
            # CommandError gives exit status 1 without a traceback.
            raise CommandError(
                f"Het werkboek heeft {aantal(uitkomst.aantal_problemen, 'probleem', 'problemen')}; "
                "er is niets opgeslagen."
            )
        self.stdout.write(f"Gemeente {uitkomst.gemeente_code}")
        for naam in TABBLAD_NAMEN:
            t = uitkomst.samenvatting[naam]
            self.stdout.write(
                f"{naam}: {aantal(t['rijen'], 'rij', 'rijen')}, {t['aangemaakt']} aangemaakt, "
                f"{t['bijgewerkt']} bijgewerkt, {t['ongewijzigd']} ongewijzigd"
            )
        if dry_run:
            self.stdout.write("Proefdraai (--dry-run): er is niets opgeslagen.")
        else:
            self.stdout.write(self.style.SUCCESS("Het werkboek is geïmporteerd."))
