"""manage.py controleer_audittrail: verify the audit trail's hash chain (kern/auditketen.py)."""

from django.core.management.base import BaseCommand, CommandError

from kern.auditketen import controleer_keten


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van de audittrail: elke gewijzigde of verwijderde regel valt op."
    )

    def handle(self, *args, **options):
        try:
            aantal, breuken = controleer_keten()
        except NotImplementedError as exc:
            raise CommandError(str(exc)) from exc
        for breuk in breuken:
            self.stderr.write(f"{breuk.gemeente}: {breuk.melding}")
        if breuken:
            raise CommandError(
                f"De audittrail is niet ongeschonden: {len(breuken)} "
                f"{'breuk' if len(breuken) == 1 else 'breuken'} in de hashketen."
            )
        self.stdout.write(self.style.SUCCESS(f"De hashketen van {aantal} auditregels klopt."))
