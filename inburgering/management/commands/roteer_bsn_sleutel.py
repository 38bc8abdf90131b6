"""manage.py roteer_bsn_sleutel: re-encrypt every stored BSN with BSN_ENCRYPTION_KEY."""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError

from inburgering.sleutelrotatie import roteer_bsn_sleutel
from kern import bsn as bsn_opslag


class Command(BaseCommand):
    help = (
        "Versleutelt elk opgeslagen BSN opnieuw met BSN_ENCRYPTION_KEY; oude sleutels in "
        "BSN_ENCRYPTION_KEYS_OUD blijven tijdens de rotatie leesbaar (README, 'BSN storage')."
    )

    def handle(self, *args, **options):
        bsn_opslag.controleer_sleutels()
        try:
            uitkomst = roteer_bsn_sleutel()
        except InvalidToken as exc:
            raise CommandError(
                "Een opgeslagen BSN is met geen van de ingestelde sleutels te lezen. Zet de "
                "oude sleutel in BSN_ENCRYPTION_KEYS_OUD en probeer het opnieuw; de rijen tot "
                "hier zijn al met de nieuwe sleutel versleuteld."
            ) from exc
        self.stdout.write(
            f"{uitkomst.herversleuteld} BSN's opnieuw versleuteld met de huidige sleutel; "
            f"{uitkomst.zoeksleutel_hersteld} zoeksleutels bijgewerkt."
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Klaar. De oude sleutel kan nu uit BSN_ENCRYPTION_KEYS_OUD worden verwijderd."
            )
        )
