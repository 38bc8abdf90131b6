"""Jaarafsluiting: closing a boekjaar with four eyes, reopening it, and the one check every
write service calls before it changes a figure of a year.

It lives in kern because every app must call the check and inburgering may import nobody else.
Proposing needs the right to book financial data (finance adviser); confirming and reopening
need the role controller, and the controller who confirms is not the one who proposed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .audit import registreer
from .models import AuditRecord, Boekjaarafsluiting, Gemeente, Rol, Roltoekenning

Status = Boekjaarafsluiting.Status
Actie = AuditRecord.Actie


def _gemeente_id(gemeente) -> int:
    return gemeente if isinstance(gemeente, int) else gemeente.pk


def gesloten_afsluiting(*, gemeente, jaar: int) -> Boekjaarafsluiting | None:
    return (
        Boekjaarafsluiting.objects.filter(
            gemeente_id=_gemeente_id(gemeente), jaar=jaar, status=Status.GESLOTEN
        )
        .select_related("bevestigd_door")
        .first()
    )


def gesloten_jaren(*, gemeente) -> set[int]:
    """The closed boekjaren of a gemeente (one query; the import checks all its rows against it)."""
    return set(
        Boekjaarafsluiting.objects.filter(
            gemeente_id=_gemeente_id(gemeente), status=Status.GESLOTEN
        ).values_list("jaar", flat=True)
    )


def melding_gesloten(jaar: int, wat: str, afsluiting: Boekjaarafsluiting | None = None) -> str:
    """The one Dutch sentence for a write into a closed year: services, forms and the import."""
    wanneer = (
        f" op {timezone.localtime(afsluiting.bevestigd_op):%d-%m-%Y}"
        if afsluiting and afsluiting.bevestigd_op
        else ""
    )
    return (
        f"Boekjaar {jaar} is afgesloten{wanneer} (jaarafsluiting {jaar}): {wat} in {jaar} kan "
        f"niet meer. Boek het in een open jaar (een late factuur voor werk in {jaar} gaat naar "
        f"{jaar + 1}), of vraag een controller boekjaar {jaar} te heropenen."
    )


def controleer_boekjaar_open(*, gemeente, jaar: int | None, wat: str, veld: str | None = None):
    """Refuse a write that changes a figure of boekjaar `jaar` when that year is closed.

    `gemeente`: a Gemeente, its id, or a list of them (a shared service's cost line). `wat`
    names the write in the message ("een factuur"), `veld` the form field that gets the error.
    Raises the project's ValidationError; returns None when the year is open.
    """
    if jaar is None:
        return
    for g in gemeente if isinstance(gemeente, list | tuple | set) else [gemeente]:
        afsluiting = gesloten_afsluiting(gemeente=g, jaar=jaar)
        if afsluiting is not None:
            melding = melding_gesloten(jaar, wat, afsluiting)
            raise ValidationError({veld: [melding]} if veld else melding)


def _is_controller(gebruiker, gemeente: Gemeente) -> bool:
    return Roltoekenning.objects.filter(
        gebruiker=gebruiker, gemeente=gemeente, rol=Rol.CONTROLLER
    ).exists()


def lopende_afsluiting(*, gemeente: Gemeente, jaar: int) -> Boekjaarafsluiting | None:
    return (
        Boekjaarafsluiting.objects.filter(
            gemeente=gemeente, jaar=jaar, status__in=[Status.VOORGESTELD, Status.GESLOTEN]
        )
        .select_related("voorgesteld_door", "bevestigd_door")
        .first()
    )


@transaction.atomic
def stel_afsluiting_voor(
    *, gemeente: Gemeente, jaar: int, gebruiker, toelichting: str = ""
) -> Boekjaarafsluiting:
    """Step 1 of the four eyes: the finance adviser proposes to close boekjaar `jaar`."""
    if not 2021 <= jaar < timezone.localdate().year + 1:
        raise ValidationError(
            {
                "jaar": [
                    f"Boekjaar {jaar} kan niet worden afgesloten: kies een jaar vanaf 2021 "
                    f"tot en met {timezone.localdate().year}."
                ]
            }
        )
    bestaand = lopende_afsluiting(gemeente=gemeente, jaar=jaar)
    if bestaand is not None:
        raise ValidationError(
            {"jaar": [f"Boekjaar {jaar} is al {bestaand.get_status_display().lower()}."]}
        )
    try:
        with transaction.atomic():
            afsluiting = Boekjaarafsluiting.objects.create(
                gemeente=gemeente,
                jaar=jaar,
                status=Status.VOORGESTELD,
                toelichting=toelichting,
                voorgesteld_door=gebruiker,
            )
    except IntegrityError as exc:  # a second proposal at the same moment
        raise ValidationError({"jaar": [f"Boekjaar {jaar} is al voorgesteld."]}) from exc
    registreer(
        gebruiker=gebruiker,
        gemeente=gemeente,
        actie=Actie.AANGEMAAKT,
        obj=afsluiting,
        reden=toelichting or f"Voorstel: boekjaar {jaar} afsluiten",
    )
    return afsluiting


def _vergrendel(afsluiting: Boekjaarafsluiting, status: str) -> Boekjaarafsluiting:
    a = Boekjaarafsluiting.objects.select_for_update().get(pk=afsluiting.pk)
    if a.status != status:
        raise ValidationError(
            f"De jaarafsluiting {a.jaar} is {a.get_status_display().lower()}; ververs de pagina."
        )
    return a


@transaction.atomic
def bevestig_afsluiting(*, afsluiting: Boekjaarafsluiting, gebruiker) -> Boekjaarafsluiting:
    """Step 2: a controller who did not propose it confirms; from now on the year is closed."""
    a = _vergrendel(afsluiting, Status.VOORGESTELD)
    if not _is_controller(gebruiker, a.gemeente):
        raise ValidationError("Alleen een controller kan een jaarafsluiting bevestigen.")
    if a.voorgesteld_door_id == gebruiker.pk:
        raise ValidationError(
            "Vier ogen: wie de afsluiting voorstelde, kan haar niet zelf bevestigen. "
            "Laat een andere controller bevestigen."
        )
    a.status = Status.GESLOTEN
    a.bevestigd_door = gebruiker
    a.bevestigd_op = timezone.now()
    a.save(update_fields=["status", "bevestigd_door", "bevestigd_op"])
    registreer(
        gebruiker=gebruiker,
        gemeente=a.gemeente,
        actie=Actie.GESLOTEN,
        obj=a,
        wijzigingen={"status": {"oud": Status.VOORGESTELD, "nieuw": Status.GESLOTEN}},
        reden=f"Boekjaar {a.jaar} afgesloten (voorgesteld door {a.voorgesteld_door})",
    )
    return a


@transaction.atomic
def trek_voorstel_in(*, afsluiting: Boekjaarafsluiting, gebruiker, reden: str = "") -> None:
    """A proposal not yet confirmed may be withdrawn, or refused by a controller."""
    a = _vergrendel(afsluiting, Status.VOORGESTELD)
    a.status = Status.INGETROKKEN
    a.save(update_fields=["status"])
    registreer(
        gebruiker=gebruiker,
        gemeente=a.gemeente,
        actie=Actie.INGETROKKEN,
        obj=a,
        wijzigingen={"status": {"oud": Status.VOORGESTELD, "nieuw": Status.INGETROKKEN}},
        reden=reden or f"Voorstel afsluiting {a.jaar} ingetrokken",
    )


@transaction.atomic
def heropen_boekjaar(
    *, afsluiting: Boekjaarafsluiting, gebruiker, reden: str
) -> Boekjaarafsluiting:
    """A controller reopens a closed year: an audited act with a reason."""
    if not reden.strip():
        raise ValidationError(
            {"reden": ["Vul de reden van de heropening in; die komt in de audittrail."]}
        )
    a = _vergrendel(afsluiting, Status.GESLOTEN)
    if not _is_controller(gebruiker, a.gemeente):
        raise ValidationError("Alleen een controller kan een afgesloten boekjaar heropenen.")
    a.status = Status.HEROPEND
    a.heropend_door = gebruiker
    a.heropend_op = timezone.now()
    a.reden_heropening = reden
    a.save(update_fields=["status", "heropend_door", "heropend_op", "reden_heropening"])
    registreer(
        gebruiker=gebruiker,
        gemeente=a.gemeente,
        actie=Actie.GEWIJZIGD,
        obj=a,
        wijzigingen={"status": {"oud": Status.GESLOTEN, "nieuw": Status.HEROPEND}},
        reden=reden,
    )
    return a
