from django import forms
from django.utils.translation import gettext_lazy as _

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
