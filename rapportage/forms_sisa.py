"""The form of landelijk beheer's SiSa import: the regeling and the small xlsx of the year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier

from .models import Regeling

KEUZE = {"class": "utrecht-select utrecht-select--html-select"}
# An indicator list is a few kilobytes; a megabyte is far more than any list needs, so a wrong
# file is refused before it is read at all (kern.afscherming guards what is read).
MAX_LIJST = 1024 * 1024


class SisaImportForm(EenmaligFormulier):
    regeling = forms.ChoiceField(
        label=_("Regeling"),
        choices=Regeling.choices,
        widget=forms.Select(attrs=KEUZE),
        error_messages={"required": _("Kies de regeling van de lijst.")},
    )
    bestand = forms.FileField(
        label=_("Indicatorenlijst (.xlsx)"),
        help_text=_(
            "Eén blad met de kop code, omschrijving, sleutel, soort, aard controle. Het bestand "
            "wordt na het inlezen weggegooid; hoogstens 1 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "utrecht-textbox",
            }
        ),
        error_messages={
            "required": _("Kies de indicatorenlijst (.xlsx) om te importeren."),
            "empty": _("Het gekozen bestand is leeg; kies de indicatorenlijst."),
        },
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_LIJST:
            raise forms.ValidationError(
                _("Het bestand is groter dan 1 MB; een indicatorenlijst is veel kleiner."),
                code="te_groot",
            )
        if bestand.name.lower().endswith((".xlsm", ".xltm", ".xlam")):
            raise forms.ValidationError(
                _(
                    "Een werkboek met macro's (.xlsm) wordt niet gelezen. Sla het in Excel op "
                    "als 'Excel-werkmap (.xlsx)' en probeer het opnieuw."
                ),
                code="geen_xlsx",
            )
        return bestand
