"""The browser's import: upload a workbook, confirm a checked one (werkboek.verwerking does
the work, in tasks).

upload -> CONTROLEREN (task) -> AFGEKEURD | KLAAR -> (confirm) IMPORTEREN (task)
       -> GEIMPORTEERD | AFGEKEURD (the data changed meanwhile) | MISLUKT.
"""

from django.db import transaction

from kern.afscherming import MAX_BESTAND

from .models import ImportRun
from .tasks import controleer_import, voer_import_uit
from .verwerking import voortgang

__all__ = ["MAX_BESTAND", "bevestig_import", "start_import", "voortgang"]


def start_import(*, gemeente, bestand, gebruiker) -> ImportRun:
    """Store the uploaded file and schedule its check (after commit)."""
    run = ImportRun.objects.create(
        gemeente=gemeente,
        bestandsnaam=bestand.name[:200],
        inhoud=bestand.read(),
        geupload_door=gebruiker,
        voortgang_tekst="Wacht op controle.",
    )
    transaction.on_commit(lambda: controleer_import.delay(run.pk))
    return run


def bevestig_import(*, run: ImportRun, gebruiker) -> bool:
    """Confirm a checked import; False when it is not (or no longer) ready, e.g. a double click."""
    bijgewerkt = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.KLAAR).update(
        status=ImportRun.Status.IMPORTEREN,
        bevestigd_door=gebruiker,
        voortgang=0,
        voortgang_tekst="Wacht op import.",
    )
    if bijgewerkt:
        transaction.on_commit(lambda: voer_import_uit.delay(run.pk))
    return bool(bijgewerkt)
