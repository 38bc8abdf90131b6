"""Processing an ImportRun (the tasks' work): check or import its file, keep the outcome.

upload -> CONTROLEREN (task) -> AFGEKEURD | KLAAR -> (confirm) IMPORTEREN (task)
       -> GEIMPORTEERD | AFGEKEURD (the data changed meanwhile) | MISLUKT.
Progress lives in the cache: the import writes inside one transaction, which other
connections cannot see until it commits. werkboek.browser starts and confirms runs.
"""

import logging

from django.core.cache import cache

from .models import ImportRun
from .services import Uitkomst, importeer_werkboek

logger = logging.getLogger(__name__)


def _voortgang_sleutel(run_id: int) -> str:
    return f"werkboek:voortgang:{run_id}"


def voortgang(run: ImportRun) -> tuple[int, str]:
    """(percentage, text) of a running import."""
    return cache.get(_voortgang_sleutel(run.pk), (run.voortgang, run.voortgang_tekst))


def _melder(run_id: int, basis: int, bereik: int):
    def melden(procent: int, tekst: str) -> None:
        cache.set(_voortgang_sleutel(run_id), (basis + procent * bereik // 100, tekst), 3600)

    return melden


def _bewaar(run: ImportRun, uitkomst: Uitkomst, status: str) -> None:
    run.status = status
    run.problemen = [p.als_dict() for p in uitkomst.problemen]
    run.aantal_problemen = uitkomst.aantal_problemen
    run.samenvatting = uitkomst.samenvatting
    run.voorbeeld = uitkomst.voorbeeld
    run.voortgang, run.voortgang_tekst = 100, "Klaar."
    if status != ImportRun.Status.KLAAR:
        run.inhoud = b""  # the file may hold BSNs: kept only as long as it may be imported
    run.save()
    cache.delete(_voortgang_sleutel(run.pk))


def _verwerk(run_id: int, verwacht: str, proefdraai: bool, basis: int) -> None:
    run = ImportRun.objects.select_related("gemeente", "bevestigd_door").filter(pk=run_id).first()
    if run is None or run.status != verwacht:
        return  # already done by an earlier delivery of this task
    try:
        uitkomst = importeer_werkboek(
            bestand=bytes(run.inhoud),
            bron=run.bestandsnaam,
            gebruiker=run.bevestigd_door,
            gemeente_code=run.gemeente.code,
            proefdraai=proefdraai,
            voortgang=_melder(run.pk, basis, 100 - basis),
        )
    except Exception:
        logger.exception("Import %s mislukt", run_id)
        run.status = ImportRun.Status.MISLUKT
        run.voortgang_tekst = "Er ging iets mis; er is niets opgeslagen."
        run.inhoud = b""  # the file may hold BSNs: not kept after a failure either
        run.save(update_fields=["status", "voortgang_tekst", "inhoud", "bijgewerkt_op"])
        return
    if not uitkomst.is_geldig:
        _bewaar(run, uitkomst, ImportRun.Status.AFGEKEURD)
    elif proefdraai:
        _bewaar(run, uitkomst, ImportRun.Status.KLAAR)
    else:
        _bewaar(run, uitkomst, ImportRun.Status.GEIMPORTEERD)


def controleer(run_id: int) -> None:
    _verwerk(run_id, ImportRun.Status.CONTROLEREN, proefdraai=True, basis=0)


def importeer(run_id: int) -> None:
    _verwerk(run_id, ImportRun.Status.IMPORTEREN, proefdraai=False, basis=0)


VERLOPEN = "Verlopen: het bestand is na 24 uur verwijderd (het kan BSN's bevatten). Upload opnieuw."


def ruim_uploads_op(*, nu=None) -> int:
    """Delete the file of every upload older than WERKBOEK_BEWAARTERMIJN_UREN that still holds
    one (checked but never confirmed, or stuck): the file holds BSNs, and a file nobody
    imported is no reason to keep them. Returns the number of files deleted."""
    from django.conf import settings
    from django.utils import timezone

    uren = getattr(settings, "WERKBOEK_BEWAARTERMIJN_UREN", 24)
    grens = (nu or timezone.now()) - timezone.timedelta(hours=uren)
    oud = ImportRun.objects.filter(aangemaakt_op__lt=grens).exclude(inhoud=b"")
    return oud.update(
        inhoud=b"",
        status=ImportRun.Status.MISLUKT,
        voortgang_tekst=VERLOPEN[:200],
        bijgewerkt_op=timezone.now(),
    )
