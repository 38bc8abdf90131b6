"""Writes for beheer: the gemeente's own data, users and their role grants. All audited."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import momentopname, registreer, verschil
from .models import AuditRecord, Gemeente, Rol, Roltoekenning
from .wachtwoord import MinimaleLengte


@transaction.atomic
def wijzig_gemeente(*, gebruiker, gemeente: Gemeente, naam: str, inwoners: int | None) -> Gemeente:
    """Change a gemeente's name and inhabitants (inhabitants drive the R11 verdeelsleutel)."""
    gemeente = Gemeente.objects.select_for_update().get(pk=gemeente.pk)
    oud = momentopname(gemeente, ["naam", "inwoners"])
    gemeente.naam = naam
    gemeente.inwoners = inwoners
    gemeente.full_clean()
    nieuw = momentopname(gemeente, ["naam", "inwoners"])
    wijzigingen = verschil(oud, nieuw)
    if wijzigingen:
        gemeente.save(update_fields=["naam", "inwoners"])
        registreer(
            gebruiker=gebruiker,
            gemeente=gemeente,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=gemeente,
            wijzigingen=wijzigingen,
        )
    return gemeente


@transaction.atomic
def ken_rol_toe(*, door, gemeente: Gemeente, gebruiker, rol: str) -> Roltoekenning:
    if rol not in Rol.values:
        raise ValidationError(_("Kies een bestaande rol."))
    if Roltoekenning.objects.filter(gebruiker=gebruiker, gemeente=gemeente, rol=rol).exists():
        raise ValidationError(
            _("%(gebruiker)s heeft de rol %(rol)s al in deze gemeente.")
            % {"gebruiker": gebruiker.username, "rol": Rol(rol).label}
        )
    toekenning = Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=rol)
    registreer(
        gebruiker=door,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=toekenning,
        wijzigingen={
            "gebruiker": {"oud": None, "nieuw": gebruiker.username},
            "rol": {"oud": None, "nieuw": rol},
        },
    )
    return toekenning


@transaction.atomic
def trek_rol_in(*, door, toekenning: Roltoekenning) -> None:
    """Revoke a grant. Allowed (a grant is no financial data), audited, and never the last
    beheerder of a gemeente, so that a gemeente cannot lock itself out."""
    gemeente = toekenning.gemeente
    if toekenning.rol == Rol.BEHEERDER:
        beheerders = Roltoekenning.objects.select_for_update().filter(
            gemeente=gemeente, rol=Rol.BEHEERDER
        )
        if beheerders.count() <= 1:
            raise ValidationError(
                _(
                    "Dit is de laatste beheerder van %(gemeente)s. Ken eerst iemand anders de rol "
                    "beheerder toe."
                )
                % {"gemeente": gemeente.naam}
            )
    registreer(
        gebruiker=door,
        gemeente=gemeente,
        actie=AuditRecord.Actie.INGETROKKEN,
        obj=toekenning,
        wijzigingen={
            "gebruiker": {"oud": toekenning.gebruiker.username, "nieuw": None},
            "rol": {"oud": toekenning.rol, "nieuw": None},
        },
    )
    toekenning.delete()


def sterk_wachtwoord() -> str:
    """A random password of about 120 bits, readable enough to type over from a letter."""
    return "-".join(secrets.token_urlsafe(5) for _deel in range(4))


@transaction.atomic
def maak_gebruiker(
    *,
    door,
    gemeente: Gemeente,
    username: str,
    voornaam: str,
    achternaam: str,
    email: str,
    rollen: list[str],
    wachtwoord: str = "",
):
    """Create a user with roles in this gemeente. Without a password a strong one is generated.

    Returns (gebruiker, wachtwoord): the password is shown once, in the invitation text, and
    stored only as a hash.
    """
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Deze gebruikersnaam bestaat al. Kies een andere.")})
    gebruiker = User(username=username, first_name=voornaam, last_name=achternaam, email=email)
    wachtwoord = wachtwoord or sterk_wachtwoord()
    try:
        MinimaleLengte(min_length=12).validate(wachtwoord)
        validate_password(wachtwoord, user=gebruiker)
    except ValidationError as exc:
        raise ValidationError({"wachtwoord": exc.messages}) from exc
    gebruiker.set_password(wachtwoord)
    gebruiker.save()
    registreer(
        gebruiker=door,
        gemeente=gemeente,
        actie=AuditRecord.Actie.AANGEMAAKT,
        obj=gebruiker,
        wijzigingen={
            "username": {"oud": None, "nieuw": username},
            "first_name": {"oud": None, "nieuw": voornaam},
            "last_name": {"oud": None, "nieuw": achternaam},
            "email": {"oud": None, "nieuw": email},
        },
    )
    for rol in rollen:
        ken_rol_toe(door=door, gemeente=gemeente, gebruiker=gebruiker, rol=rol)
    return gebruiker, wachtwoord
