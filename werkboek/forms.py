from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier
from kern.forms import SpreadsheetField

from .browser import MAX_BESTAND


class UploadForm(EenmaligFormulier):
    bestand = SpreadsheetField(
        label=_("Werkboek (.xlsx)"),
        help_text=_("Het ingevulde sjabloon of een eerdere export; hoogstens 20 MB."),
        max_grootte=MAX_BESTAND,
        te_groot=_("Het bestand is groter dan 20 MB. Splits het werkboek of neem contact op."),
        macro=_(
            "Een werkboek met macro's (.xlsm) wordt niet geïmporteerd. Sla het in Excel "
            "op als 'Excel-werkmap (.xlsx)', zonder macro's, en probeer het opnieuw."
        ),
        error_messages={
            "required": _("Kies een werkboek om te uploaden."),
            "empty": _("Het gekozen bestand is leeg; kies het ingevulde werkboek."),
        },
    )
