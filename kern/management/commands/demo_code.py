"""Print the current TOTP code of the demo users (their secret is public: README, demo_gemeente).

    python manage.py demo_code

Only the demo secret: a real user's code comes from that user's own app.
"""

from django.core.management.base import BaseCommand

from kern.mfa import demo_sleutel_hex, huidige_code


class Command(BaseCommand):
    help = "Toont de code van dit moment voor de demogebruikers (30 seconden geldig)."

    def handle(self, *args, **options):
        self.stdout.write(huidige_code(demo_sleutel_hex()))
