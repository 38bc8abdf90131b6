"""manage.py landelijk_beheer GEBRUIKER [--intrekken] [--door WIE]: grant or revoke the role
'landelijk beheer', recorded in the national trail (rapportage.LandelijkeWijziging)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rapportage.services import ken_landelijk_beheer_toe, trek_landelijk_beheer_in


def _gebruiker(naam: str):
    try:
        return get_user_model().objects.get(username=naam)
    except get_user_model().DoesNotExist:
        raise CommandError(f"Er is geen gebruiker '{naam}'.") from None


class Command(BaseCommand):
    help = (
        "Kent de rol 'landelijk beheer' toe (of trekt die in): het beheer van gedeelde, "
        "landelijke gegevens zoals de SiSa-definities. Elke toekenning en intrekking staat in "
        "de landelijke wijzigingen, die de controller van elke gemeente leest."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruiker", help="De gebruikersnaam.")
        parser.add_argument("--intrekken", action="store_true", help="De rol intrekken.")
        parser.add_argument(
            "--door",
            default="",
            help="Uw eigen gebruikersnaam: die komt als 'door' in de landelijke wijzigingen.",
        )

    def handle(self, *args, gebruiker, intrekken, door, **options):
        wie = _gebruiker(gebruiker)
        door_wie = _gebruiker(door) if door else None
        if intrekken:
            if trek_landelijk_beheer_in(gebruiker=wie, door=door_wie):
                self.stdout.write(f"{wie.username} heeft de rol landelijk beheer niet meer.")
            else:
                self.stdout.write(
                    f"{wie.username} had de rol landelijk beheer niet; niets gewijzigd."
                )
        elif ken_landelijk_beheer_toe(gebruiker=wie, door=door_wie):
            self.stdout.write(f"{wie.username} heeft nu de rol landelijk beheer.")
        else:
            self.stdout.write(f"{wie.username} had de rol landelijk beheer al; niets gewijzigd.")
