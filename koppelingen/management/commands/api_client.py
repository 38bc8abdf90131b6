"""`manage.py api_client --gemeente CODE --naam NAAM --scopes lezen[,facturen_boeken]`.

Makes an API client as the beheer page does; the token is the last line of the output.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kern.opdrachtregel import gemeente_optie
from koppelingen.services import maak_api_client


class Command(BaseCommand):
    help = "Maakt een API-client voor een gemeente; het token (eenmalig) is de laatste regel."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", required=True, help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("--naam", required=True, help="Naam van de client, bv. Key2Financiën")
        parser.add_argument("--scopes", required=True, help="lezen, facturen_boeken of beide")

    def handle(self, *args, gemeente, naam, scopes, **opties):
        gemeente_obj = gemeente_optie(gemeente)
        try:
            client, token = maak_api_client(
                gemeente=gemeente_obj, naam=naam, scopes=scopes.split(",")
            )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(
            f"{client} voor {gemeente_obj.naam} met scopes {', '.join(client.scopes)}. "
            "Bewaar het token hieronder: het wordt niet nog eens getoond."
        )
        self.stdout.write(token)
