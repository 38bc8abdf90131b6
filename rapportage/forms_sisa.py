"""The form of landelijk beheer's SiSa import: the regeling and the small xlsx of the year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier
from kern.forms import SpreadsheetField

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
    bestand = SpreadsheetField(
        label=_("Indicatorenlijst (.xlsx)"),
        help_text=_(
            "Eén blad met de kop code, omschrijving, sleutel, soort, aard controle. Het bestand "
            "wordt na het inlezen weggegooid; hoogstens 1 MB."
        ),
        max_grootte=MAX_LIJST,
        te_groot=_("Het bestand is groter dan 1 MB; een indicatorenlijst is veel kleiner."),
        macro=_(
            "Een werkboek met macro's (.xlsm) wordt niet gelezen. Sla het in Excel op "
            "als 'Excel-werkmap (.xlsx)' en probeer het opnieuw."
        ),
        error_messages={
            "required": _("Kies de indicatorenlijst (.xlsx) om te importeren."),
            "empty": _("Het gekozen bestand is leeg; kies de indicatorenlijst."),
        },
    )
