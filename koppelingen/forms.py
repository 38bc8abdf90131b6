from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier

from .factuurexport import VELDEN, VERPLICHT
from .models import Scope


class ApiClientForm(forms.Form):
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
