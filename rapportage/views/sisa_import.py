"""Landelijk beheer: the year's SiSa indicator list from an xlsx, or last year's copied.

Every gemeente's user may read the page (it explains the columns and keys); only landelijk
beheer may POST. A GET writes nothing. The uploaded file is read into memory, checked and
dropped: nothing of it is stored but the indicators it defines.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from kern.eenmalig import EenmaligFormulier, verwerk_formulier
from kern.rechten import Recht, is_landelijk_beheerder
from kern.views_base import gemeente_view

from .. import services
from ..forms_sisa import SisaImportForm
from ..models import CUMULATIEF, SOORT_VAN_SLEUTEL, Sleutel
from ._basis import jaar_geldig


def _sleutels():
    return [
        {
            "sleutel": s.value,
            "label": s.label,
            "soort": SOORT_VAN_SLEUTEL[s].label,
            "cumulatief": s in CUMULATIEF,
        }
        for s in Sleutel
    ]


def _importeer(request, jaar: int, form: SisaImportForm, terug: str):
    bestand = form.cleaned_data["bestand"]
    try:
        inhoud = bestand.read()
    finally:
        bestand.close()  # a temporary upload file goes now, not at the end of the request
    regeling = form.cleaned_data["regeling"]
    aantal = {}

    def actie() -> str:
        aantal["n"] = services.importeer_sisa_indicatoren(
            jaar=jaar,
            regeling=regeling,
            inhoud=inhoud,
            gebruiker=request.user,
            bestandsnaam=bestand.name,
        )
        return terug

    return verwerk_formulier(
        request, form, actie, lambda: f"{aantal['n']} indicatoren {regeling} {jaar} geïmporteerd."
    )


def _kopieer(request, jaar: int, knop: EenmaligFormulier, terug: str):
    aantal = {}

    def actie() -> str:
        aantal["n"] = services.kopieer_sisa_definities(jaar=jaar, gebruiker=request.user)
        return terug

    return verwerk_formulier(
        request,
        knop,
        actie,
        lambda: (
            f"{aantal['n']} indicatoren van {jaar - 1} gekopieerd naar {jaar}. Controleer ze "
            f"tegen het SiSa-model {jaar} en haal daarna het vinkje 'voorbeeldwaarde' weg."
        ),
    )


@gemeente_view(Recht.LEZEN)
def sisa_importeren(request, gemeente, jaar: int):
    jaar_geldig(jaar)
    mag_wijzigen = is_landelijk_beheerder(request.user)
    if request.method == "POST" and not mag_wijzigen:
        raise PermissionDenied("Alleen landelijk beheer importeert de SiSa-definities.")
    terug = reverse("rapportage:sisa_indicatoren", kwargs={"gemeente": gemeente.code, "jaar": jaar})
    form = SisaImportForm()
    kopie_fouten: list[str] = []
    if request.method == "POST" and request.POST.get("actie") == "kopieren":
        knop = EenmaligFormulier(request.POST)
        if knop.is_valid() and (antwoord := _kopieer(request, jaar, knop, terug)):
            return antwoord
        kopie_fouten = [fout for fouten in knop.errors.values() for fout in fouten]
    elif request.method == "POST":
        form = SisaImportForm(request.POST, request.FILES)
        if form.is_valid() and (antwoord := _importeer(request, jaar, form, terug)):
            return antwoord
    return render(
        request,
        "rapportage/sisa_importeren.html",
        {
            "gemeente": gemeente,
            "jaar": jaar,
            "vorig_jaar": jaar - 1,
            "form": form,
            "kopie_fouten": kopie_fouten,
            "mag_wijzigen": mag_wijzigen,
            "sleutels": _sleutels(),
        },
    )
