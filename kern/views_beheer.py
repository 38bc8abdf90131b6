"""Beheer of one gemeente: its own data, its users and their roles.

The gemeente's data, rol toekennen and intrekken, gebruiker nieuw, activeren and deactiveren write
through kern.eenmalig.verwerk_formulier: a double submit writes (and audits) once. Gebruiker nieuw
still shows the password once on the first answer itself. "Wachtwoord herstellen" (a password on
its own never-cached answer) keeps its own way."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .eenmalig import EenmaligFormulier, verwerk_formulier
from .forms_beheer import GebruikerForm, GemeenteForm, RolToekennenForm
from .models import Rol, Roltoekenning
from .rechten import Recht
from .selectors import gebruikers_van_gemeente, geschiedenis
from .services import (
    herstel_wachtwoord,
    ken_rol_toe,
    maak_gebruiker,
    trek_rol_in,
    wijzig_gemeente,
    zet_actief,
)
from .views_base import gemeente_view


def _beheerpagina(request, gemeente, *, gemeente_form=None, rol_form=None, status=200):
    context = {
        "gemeente": gemeente,
        "gemeente_form": gemeente_form
        or GemeenteForm(
            initial={"naam": gemeente.naam, "inwoners": gemeente.inwoners}, prefix="gemeente"
        ),
        "rol_form": rol_form or RolToekennenForm(prefix="rol"),
        "gebruikers": gebruikers_van_gemeente(gemeente, beheerder=request.user),
        "heeft_geschiedenis": geschiedenis(gemeente, "gemeente", str(gemeente.pk)).exists(),
    }
    return render(request, "kern/beheer.html", context, status=status)


def _terug(gemeente) -> str:
    return reverse("kern:beheer", kwargs={"gemeente": gemeente.code})


def _knop(request, gemeente, dienst, melding):
    """A button of the page: the service once per token ({% formtoken %}), then back to the
    page; a refusal (or an unreadable token) as a message there."""
    form = EenmaligFormulier(request.POST)

    def actie() -> str:
        dienst()
        return _terug(gemeente)

    if form.is_valid() and (antwoord := verwerk_formulier(request, form, actie, melding)):
        return antwoord
    for fouten in form.errors.values():
        for bericht in fouten:
            messages.error(request, bericht)
    return redirect(_terug(gemeente))


@gemeente_view(Recht.BEHEREN)
def beheer(request, gemeente):
    """GET: the page. POST: change the gemeente's name and inhabitants (audited)."""
    if request.method != "POST":
        return _beheerpagina(request, gemeente)
    form = GemeenteForm(request.POST, prefix="gemeente")
    if form.is_valid():

        def actie() -> str:
            wijzig_gemeente(
                gebruiker=request.user,
                gemeente=gemeente,
                naam=form.cleaned_data["naam"],
                inwoners=form.cleaned_data["inwoners"],
            )
            return _terug(gemeente)

        melding = "De gegevens van de gemeente zijn opgeslagen."
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _beheerpagina(request, gemeente, gemeente_form=form, status=400)


@gemeente_view(Recht.BEHEREN)
@require_POST
def rol_toekennen(request, gemeente):
    form = RolToekennenForm(request.POST, prefix="rol")
    if form.is_valid():

        def actie() -> str:
            ken_rol_toe(
                door=request.user,
                gemeente=gemeente,
                gebruiker=form.gebruiker,
                rol=form.cleaned_data["rol"],
            )
            return _terug(gemeente)

        melding = (
            f"{form.gebruiker.username} heeft nu de rol "
            f"{Rol(form.cleaned_data['rol']).label.lower()} in {gemeente.naam}."
        )
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    return _beheerpagina(request, gemeente, rol_form=form, status=400)


@gemeente_view(Recht.BEHEREN)
@require_POST
def rol_intrekken(request, gemeente, pk: int):
    # Only grants of this gemeente: a grant elsewhere is "not found", as any other gemeente's data.
    # Looked up before the claim but refused inside it: a double click on a grant the first click
    # revoked is "al verzonden", a grant that never was here still answers 404.
    toekenning = (
        Roltoekenning.objects.select_related("gebruiker", "gemeente")
        .filter(pk=pk, gemeente=gemeente)
        .first()
    )

    def dienst() -> None:
        if toekenning is None:
            raise Http404
        trek_rol_in(door=request.user, toekenning=toekenning)

    return _knop(
        request,
        gemeente,
        dienst,
        lambda: (
            f"De rol {toekenning.get_rol_display().lower()} van "
            f"{toekenning.gebruiker.username} is ingetrokken."
        ),
    )


@gemeente_view(Recht.BEHEREN)
def gebruiker_nieuw(request, gemeente):
    """Create a user with roles here; shows an invitation text with the password, once."""
    form = GebruikerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        gemaakt = {}

        def actie() -> str:
            gemaakt["gebruiker"], gemaakt["wachtwoord"] = maak_gebruiker(
                door=request.user,
                gemeente=gemeente,
                username=gegevens["username"],
                voornaam=gegevens["voornaam"],
                achternaam=gegevens["achternaam"],
                email=gegevens["email"],
                rollen=gegevens["rollen"],
                wachtwoord=gegevens["wachtwoord"],
            )
            return _terug(gemeente)

        antwoord = verwerk_formulier(request, form, actie)
        if gemaakt and antwoord:
            # The password exists only in this answer: shown once, never stored readable.
            inlog_url = request.build_absolute_uri(reverse("login"))
            return render(
                request,
                "kern/gebruiker_aangemaakt.html",
                {
                    "gemeente": gemeente,
                    "nieuwe_gebruiker": gemaakt["gebruiker"],
                    "wachtwoord": gemaakt["wachtwoord"],
                    "zelf_gekozen": bool(gegevens["wachtwoord"]),
                    "rollen": [Rol(r).label.lower() for r in gegevens["rollen"]],
                    "inlog_url": inlog_url,
                },
            )
        if antwoord:
            return antwoord
    status = 400 if request.method == "POST" else 200
    return render(
        request, "kern/gebruiker_nieuw.html", {"gemeente": gemeente, "form": form}, status=status
    )


def _gebruiker_hier(gemeente, pk: int):
    # Only users with a role in this gemeente: anyone else is "not found", as other data is.
    return get_object_or_404(gebruikers_van_gemeente(gemeente), pk=pk)


def _zet_actief(request, gemeente, pk: int, *, actief: bool):
    gebruiker = _gebruiker_hier(gemeente, pk)
    return _knop(
        request,
        gemeente,
        lambda: zet_actief(door=request.user, gebruiker=gebruiker, actief=actief),
        f"{gebruiker.username} is gedeactiveerd: inloggen kan niet meer en open sessies "
        "zijn beëindigd. De rollen blijven bewaard."
        if not actief
        else f"{gebruiker.username} is weer actief en kan inloggen met de bestaande rollen.",
    )


@gemeente_view(Recht.BEHEREN)
@require_POST
def gebruiker_deactiveren(request, gemeente, pk: int):
    return _zet_actief(request, gemeente, pk, actief=False)


@gemeente_view(Recht.BEHEREN)
@require_POST
def gebruiker_activeren(request, gemeente, pk: int):
    return _zet_actief(request, gemeente, pk, actief=True)


@never_cache
@gemeente_view(Recht.BEHEREN)
@require_POST
def wachtwoord_herstellen(request, gemeente, pk: int):
    """A new temporary password, shown once on this answer (never stored readable, never
    cached); the user chooses their own at the next login."""
    gebruiker = _gebruiker_hier(gemeente, pk)
    try:
        wachtwoord = herstel_wachtwoord(door=request.user, gebruiker=gebruiker)
    except ValidationError as fout:
        for bericht in fout.messages:
            messages.error(request, bericht)
        return redirect("kern:beheer", gemeente=gemeente.code)
    return render(
        request,
        "kern/wachtwoord_hersteld.html",
        {
            "gemeente": gemeente,
            "ander": gebruiker,
            "wachtwoord": wachtwoord,
            "inlog_url": request.build_absolute_uri(reverse("login")),
        },
    )
