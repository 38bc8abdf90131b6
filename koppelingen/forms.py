from django import forms
from django.utils.translation import gettext_lazy as _

from kern.afscherming import MAX_BESTAND
from kern.eenmalig import EenmaligFormulier
from kern.forms import SpreadsheetField

from .factuurexport import VELDEN, VERPLICHT
from .models import Scope


class ApiClientForm(EenmaligFormulier):
    naam = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Het systeem dat de API gebruikt, bijvoorbeeld Key2Financiën."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Lezen: alle gegevens van de gemeente (nooit een BSN). Facturen boeken: "
            "facturen op verplichtingen boeken."
        ),
    )


class FactuurkolommenForm(EenmaligFormulier):
    """One text field per invoice field: the heading of its column in the export."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld, label in VELDEN.items():
            self.fields[veld] = forms.CharField(
                label=label, max_length=100, required=veld in VERPLICHT
            )


class FactuurexportForm(EenmaligFormulier):
    """The finance system's export of paid invoices: refused by size and a macro name before it
    is read; what is read goes through kern.xlsx_lezen (an xlsx) or the csv reader."""

    export = SpreadsheetField(
        label=_("Export (csv of xlsx)"),
        help_text=_(
            "Het bestand wordt na het inlezen weggegooid; alleen het voorbeeld per regel blijft "
            "staan. Hoogstens 20 MB."
        ),
        accept=".csv,.xlsx,text/csv",
        max_grootte=MAX_BESTAND,
        te_groot=_(
            "Het bestand is groter dan 20 MB; een export van betaalde facturen is veel kleiner. "
            "Splits de export, bijvoorbeeld per maand."
        ),
        macro=_(
            "Een werkboek met macro's (.xlsm) wordt niet gelezen. Sla het in Excel op "
            "als 'Excel-werkmap (.xlsx)' of als csv en probeer het opnieuw."
        ),
        error_messages={
            "required": _("Kies een csv- of xlsx-bestand met betaalde facturen."),
            "empty": _("Het gekozen bestand is leeg; kies de export met betaalde facturen."),
        },
    )
