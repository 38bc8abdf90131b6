"""Load the demo gemeenten and one demo user per role (idempotent: safe to run again)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kern.mfa import DEMO_TOTP_GEHEIM, demo_sleutel_hex
from kern.models import Gemeente, Rol, Roltoekenning

DEMO_WACHTWOORD = "demo-wachtwoord-2026"  # noqa: S105 - printed on purpose for the demo

DEMO_GEBRUIKERS = [
    ("beheerder", "Bea", "Beheerder", Rol.BEHEERDER),
    ("financieel", "Fatima", "El Amrani", Rol.FINANCIEEL_ADVISEUR),
    ("beleid", "Bram", "de Beleidsman", Rol.BELEIDSMEDEWERKER),
    ("consulent", "Cor", "Consulent", Rol.CONSULENT),
    ("controller", "Carla", "Controle", Rol.CONTROLLER),
]

DEMO_BUUR_GEBRUIKERS = [
    ("adviseur-buur", "Hans", "van Haarlem", Rol.FINANCIEEL_ADVISEUR),
    ("beleid-buur", "Bo", "Spaarne", Rol.BELEIDSMEDEWERKER),
    ("beheerder", "Bea", "Beheerder", Rol.BEHEERDER),
]


class Command(BaseCommand):
    help = "Laadt de demogemeenten met demogebruikers (één per rol)."

    def handle(self, *args, **options):
        self._laad()
        # As after any bulk load: fresh tables have no statistics until autovacuum's next round,
        # and PostgreSQL's planner then takes the demo's thousands of rows for one and picks
        # nested loops that read every commitment again per row (the signal list took 3 s
        # instead of 8 ms in the minute after `make run`).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    @transaction.atomic
    def _laad(self):
        hoofd, _ = Gemeente.objects.get_or_create(
            code="GM0397", defaults={"naam": "Heemstede (demo)", "inwoners": 27_500}
        )
        buur, _ = Gemeente.objects.get_or_create(
            code="GM0392", defaults={"naam": "Haarlem (demo)", "inwoners": 163_000}
        )
        User = get_user_model()
        for username, voornaam, achternaam, rol in DEMO_GEBRUIKERS:
            gebruiker = self._gebruiker(User, username, voornaam, achternaam)
            Roltoekenning.objects.get_or_create(gebruiker=gebruiker, gemeente=hoofd, rol=rol)
        # The second gemeente shares an uitvoering service with the first: its own adviser and
        # policy officer see only their own share. The beheerder manages both (the service's
        # verdeelsleutel needs a beheerder of every member).
        for username, voornaam, achternaam, rol in DEMO_BUUR_GEBRUIKERS:
            gebruiker = self._gebruiker(User, username, voornaam, achternaam)
            Roltoekenning.objects.get_or_create(gebruiker=gebruiker, gemeente=buur, rol=rol)
        from kern.demo import laad_demogegevens

        laad_demogegevens(hoofd=hoofd, buur=buur, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demogemeenten en -gebruikers staan klaar."))
        self.stdout.write(
            f"Tweestapsverificatie: elke demogebruiker heeft de TOTP-sleutel {DEMO_TOTP_GEHEIM}; "
            "zet die in een authenticator-app, of toon de code van dit moment met "
            "`python manage.py demo_code`."
        )

    def _gebruiker(self, User, username, voornaam, achternaam):
        gebruiker, aangemaakt = User.objects.get_or_create(
            username=username, defaults={"first_name": voornaam, "last_name": achternaam}
        )
        if aangemaakt:
            gebruiker.set_password(DEMO_WACHTWOORD)
            gebruiker.save()
        # A known TOTP secret (README), so that the demo can be used with MFA on.
        TOTPDevice.objects.get_or_create(
            user=gebruiker,
            name="Demo-app",
            defaults={"key": demo_sleutel_hex(), "confirmed": True},
        )
        return gebruiker
