"""Writes for beheer: the gemeente's own data, users and their role grants. All audited."""

import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import momentopname, registreer, verschil
from .models import AuditRecord, Gemeente, Rol, Roltoekenning
from .rechten import is_landelijk_beheerder
from .selectors import rollen_buiten_beheer
from .sessie import beeindig_sessies
from .wachtwoord import MinimaleLengte, markeer_tijdelijk


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
    zelf_gekozen = bool(wachtwoord)
    wachtwoord = wachtwoord or sterk_wachtwoord()
    try:
        MinimaleLengte(min_length=12).validate(wachtwoord)
        validate_password(wachtwoord, user=gebruiker)
    except ValidationError as exc:
        raise ValidationError({"wachtwoord": exc.messages}) from exc
    gebruiker.set_password(wachtwoord)
    gebruiker.save()
    if not zelf_gekozen:
        # The invitation calls it temporary: the new user chooses their own at first login.
        markeer_tijdelijk(gebruiker, door=door)
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


# --- a beheerder's hold on a user account ---------------------------------------------------
# An account is one for every gemeente it has roles in, so deactivating it or resetting its
# password acts in all of them: only a beheerder of each may do that.


def _controleer_accountbeheer(door, gebruiker, handeling: str) -> list[Gemeente]:
    """The gemeenten of `gebruiker`'s roles, after checking `door` may act on the account."""
    if gebruiker.pk == door.pk:
        raise ValidationError(
            _("U kunt uw eigen account niet %(handeling)s.") % {"handeling": handeling}
        )
    if gebruiker.is_superuser or gebruiker.is_staff or is_landelijk_beheerder(gebruiker):
        raise ValidationError(
            _(
                "%(gebruiker)s heeft rechten buiten de gemeenten (landelijk beheer of beheer van "
                "de server); dit account wordt daar beheerd."
            )
            % {"gebruiker": gebruiker.username}
        )
    if rollen_buiten_beheer(door).filter(gebruiker=gebruiker).exists():
        # Never name the other gemeente: this beheerder has no business knowing it.
        raise ValidationError(
            _(
                "%(gebruiker)s heeft ook een rol in een gemeente waar u geen beheerder bent. "
                "Dit account kan alleen een beheerder van al die gemeenten %(handeling)s; u kunt "
                "wel de rollen in deze gemeente intrekken."
            )
            % {"gebruiker": gebruiker.username, "handeling": handeling}
        )
    return list(Gemeente.objects.filter(roltoekenningen__gebruiker=gebruiker).distinct())


def _registreer_in_elke_gemeente(door, gemeenten, gebruiker, wijzigingen, reden=""):
    # Each gemeente's controller sees in its own trail what happened to an account of theirs.
    for gemeente in gemeenten:
        registreer(
            gebruiker=door,
            gemeente=gemeente,
            actie=AuditRecord.Actie.GEWIJZIGD,
            obj=gebruiker,
            wijzigingen=wijzigingen,
            reden=reden,
        )


@transaction.atomic
def zet_actief(*, door, gebruiker, actief: bool) -> None:
    """Deactivate (the account can no longer log in, its sessions end) or reactivate a user.
    Roles stay, so a reactivated user works as before."""
    handeling = _("deactiveren") if not actief else _("weer activeren")
    gemeenten = _controleer_accountbeheer(door, gebruiker, handeling)
    gebruiker = get_user_model().objects.select_for_update().get(pk=gebruiker.pk)
    if gebruiker.is_active == actief:
        return
    gebruiker.is_active = actief
    gebruiker.save(update_fields=["is_active"])
    _registreer_in_elke_gemeente(
        door, gemeenten, gebruiker, {"is_active": {"oud": not actief, "nieuw": actief}}
    )
    if not actief:
        beeindig_sessies(gebruiker)


@transaction.atomic
def herstel_wachtwoord(*, door, gebruiker) -> str:
    """Give `gebruiker` a new random password, shown once to the beheerder; the user must
    choose their own at the next login. Open sessions end and failed logins are forgotten, so
    a locked-out user can log in with it at once."""
    gemeenten = _controleer_accountbeheer(door, gebruiker, _("een nieuw wachtwoord geven"))
    wachtwoord = sterk_wachtwoord()
    gebruiker.set_password(wachtwoord)
    gebruiker.save(update_fields=["password"])
    markeer_tijdelijk(gebruiker, door=door)
    # Never the password itself: only that a temporary one was set.
    _registreer_in_elke_gemeente(
        door,
        gemeenten,
        gebruiker,
        {"wachtwoord": {"oud": None, "nieuw": "tijdelijk wachtwoord ingesteld"}},
    )
    beeindig_sessies(gebruiker)
    AxesProxyHandler.reset_attempts(username=gebruiker.get_username())
    return wachtwoord
