"""Jaarafsluiting in the browser: propose (finance adviser), confirm or reopen (controller).

Every button posts to a service of kern.jaarafsluiting through kern.eenmalig.verwerk_formulier:
each carries its own one-time token, so a double click confirms, reopens or withdraws once. The
service checks the four eyes and writes the audit trail; a refused step shows its Dutch message.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import jaarafsluiting as diensten
from .eenmalig import EenmaligFormulier, verwerk_formulier
from .models import Boekjaarafsluiting, Rol, Roltoekenning
from .rechten import Recht
from .views_base import gemeente_view, heeft


class VoorstelForm(EenmaligFormulier):
    jaar = forms.TypedChoiceField(label="Boekjaar", coerce=int)
    toelichting = forms.CharField(
        label="Toelichting (optioneel)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bijvoorbeeld: jaarrekening en SiSa zijn opgesteld.",
    )

    def __init__(self, *args, jaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]


class HeropenForm(EenmaligFormulier):
    reden = forms.CharField(
        label="Reden van heropening",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Vul de reden van de heropening in."},
    )


def _jaren() -> list[int]:
    return list(range(timezone.localdate().year, 2020, -1))


def _terug(gemeente):
    return redirect("kern:jaarafsluiting", gemeente=gemeente.code)


@gemeente_view(Recht.LEZEN, post=Recht.FINANCIEEL_MUTEREN)
def jaarafsluiting(request, gemeente):
    form = VoorstelForm(request.POST or None, jaren=_jaren())
    if request.method == "POST" and form.is_valid():

        def actie() -> str:
            diensten.stel_afsluiting_voor(
                gemeente=gemeente, gebruiker=request.user, **form.gegevens
            )
            return reverse("kern:jaarafsluiting", kwargs={"gemeente": gemeente.code})

        melding = (
            f"Afsluiting van boekjaar {form.cleaned_data['jaar']} voorgesteld. Een "
            "controller moet haar bevestigen."
        )
        if antwoord := verwerk_formulier(request, form, actie, melding):
            return antwoord
    afsluitingen = list(
        Boekjaarafsluiting.objects.filter(gemeente=gemeente).select_related(
            "voorgesteld_door", "bevestigd_door", "heropend_door"
        )
    )
    return render(
        request,
        "kern/jaarafsluiting.html",
        {
            "gemeente": gemeente,
            "form": form,
            "afsluitingen": afsluitingen,
            "mag_voorstellen": heeft(request, Recht.FINANCIEEL_MUTEREN),
            "is_controller": Roltoekenning.objects.filter(
                gebruiker=request.user, gemeente=gemeente, rol=Rol.CONTROLLER
            ).exists(),
        },
        status=400 if form.errors else 200,
    )


def _afsluiting(gemeente, pk: int) -> Boekjaarafsluiting:
    return get_object_or_404(Boekjaarafsluiting, pk=pk, gemeente=gemeente)


def _knop(request, gemeente, form, dienst, melding: str):
    """A button of the table: the service once per token, then back to the page, a refusal
    (or an unreadable token) as a message there."""

    def actie() -> str:
        dienst()
        return reverse("kern:jaarafsluiting", kwargs={"gemeente": gemeente.code})

    if form.is_valid() and (antwoord := verwerk_formulier(request, form, actie, melding)):
        return antwoord
    for fouten in form.errors.values():
        for bericht in fouten:
            messages.error(request, bericht)
    return _terug(gemeente)


@gemeente_view(Recht.AUDIT_LEZEN)
@require_POST
def jaarafsluiting_bevestigen(request, gemeente, pk: int):
    afsluiting = _afsluiting(gemeente, pk)
    return _knop(
        request,
        gemeente,
        EenmaligFormulier(request.POST),
        lambda: diensten.bevestig_afsluiting(afsluiting=afsluiting, gebruiker=request.user),
        f"Boekjaar {afsluiting.jaar} is afgesloten.",
    )


@gemeente_view(Recht.AUDIT_LEZEN)
@require_POST
def jaarafsluiting_heropenen(request, gemeente, pk: int):
    afsluiting = _afsluiting(gemeente, pk)
    form = HeropenForm(request.POST)
    if not form.is_valid() and "reden" in form.errors:
        messages.error(request, "Vul de reden van de heropening in; die komt in de audittrail.")
        return _terug(gemeente)
    return _knop(
        request,
        gemeente,
        form,
        lambda: diensten.heropen_boekjaar(
            afsluiting=afsluiting, gebruiker=request.user, reden=form.cleaned_data["reden"]
        ),
        f"Boekjaar {afsluiting.jaar} is heropend.",
    )


@gemeente_view(Recht.FINANCIEEL_MUTEREN)
@require_POST
def jaarafsluiting_intrekken(request, gemeente, pk: int):
    afsluiting = _afsluiting(gemeente, pk)
    return _knop(
        request,
        gemeente,
        EenmaligFormulier(request.POST),
        lambda: diensten.trek_voorstel_in(afsluiting=afsluiting, gebruiker=request.user),
        f"Het voorstel voor boekjaar {afsluiting.jaar} is ingetrokken.",
    )
