from django import forms
from django.utils.translation import gettext_lazy as _

from .browser import MAX_BESTAND


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("Werkboek (.xlsx)"),
        help_text=_("Het ingevulde sjabloon of een eerdere export; hoogstens 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "utrecht-textbox",
            }
        ),
        error_messages={
            "required": _("Kies een werkboek om te uploaden."),
            "empty": _("Het gekozen bestand is leeg; kies het ingevulde werkboek."),
        },
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BESTAND:
            raise forms.ValidationError(
                _("Het bestand is groter dan 20 MB. Splits het werkboek of neem contact op."),
                code="te_groot",
            )
        if bestand.name.lower().endswith((".xlsm", ".xltm", ".xlam")):
            raise forms.ValidationError(
                _(
                    "Een werkboek met macro's (.xlsm) wordt niet geïmporteerd. Sla het in Excel "
                    "op als 'Excel-werkmap (.xlsx)', zonder macro's, en probeer het opnieuw."
                ),
                code="geen_xlsx",
            )
        return bestand
