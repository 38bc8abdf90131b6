"""manage.py landelijk_beheer GEBRUIKER [--intrekken]: grant or revoke 'landelijk beheer'."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from kern.rechten import LANDELIJK_BEHEER


class Command(BaseCommand):
    help = (
        "Kent de rol 'landelijk beheer' toe (of trekt die in): het beheer van gedeelde, "
        "landelijke gegevens zoals de SiSa-definities."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruiker", help="De gebruikersnaam.")
        parser.add_argument("--intrekken", action="store_true", help="De rol intrekken.")

    def handle(self, *args, gebruiker, intrekken, **options):
        try:
            wie = get_user_model().objects.get(username=gebruiker)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Er is geen gebruiker '{gebruiker}'.") from None
        groep, _ = Group.objects.get_or_create(name=LANDELIJK_BEHEER)
        if intrekken:
            wie.groups.remove(groep)
            self.stdout.write(f"{wie.username} heeft de rol landelijk beheer niet meer.")
        else:
            wie.groups.add(groep)
            self.stdout.write(f"{wie.username} heeft nu de rol landelijk beheer.")
