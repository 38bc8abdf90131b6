"""Set up a gemeente with its first beheerder: the start of every real installation.

    python manage.py nieuwe_gemeente GM0397 "Heemstede" --inwoners 27500 --beheerder bea

Prints the beheerder's generated password once; from then on the beheerder manages users and
roles in the browser (Beheer).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kern.audit import registreer
from kern.models import AuditRecord, Gemeente, Rol, Roltoekenning
from kern.services import maak_gebruiker


class Command(BaseCommand):
    help = "Maakt een gemeente aan met haar eerste beheerder (wachtwoord wordt één keer getoond)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="CBS-code, bijvoorbeeld GM0397")
        parser.add_argument("naam")
        parser.add_argument("--inwoners", type=int, default=None)
        parser.add_argument("--beheerder", required=True, help="gebruikersnaam van de beheerder")

    @transaction.atomic
    def handle(self, *args, code, naam, inwoners, beheerder, **options):
        gemeente = Gemeente(code=code, naam=naam, inwoners=inwoners)
        try:
            gemeente.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        gemeente.save()
        registreer(
            gebruiker=None,
            gemeente=gemeente,
            actie=AuditRecord.Actie.AANGEMAAKT,
            obj=gemeente,
            bron="nieuwe_gemeente",
        )
        User = get_user_model()
        bestaand = User.objects.filter(username=beheerder).first()
        if bestaand is not None:
            Roltoekenning.objects.create(gebruiker=bestaand, gemeente=gemeente, rol=Rol.BEHEERDER)
            self.stdout.write(f"{beheerder} is nu beheerder van {gemeente}.")
            return
        try:
            _, wachtwoord = maak_gebruiker(
                door=None,
                gemeente=gemeente,
                username=beheerder,
                voornaam="",
                achternaam="",
                email="",
                rollen=[Rol.BEHEERDER],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Gemeente {gemeente} aangemaakt met beheerder {beheerder}.\n"
            f"Wachtwoord (alleen nu zichtbaar): {wachtwoord}"
        )
