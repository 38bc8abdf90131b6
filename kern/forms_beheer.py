"""The forms of a gemeente's beheer page that write through kern.eenmalig.verwerk_formulier:
each carries the one-time token (here, not in kern.forms, which kern.eenmalig imports)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from .eenmalig import EenmaligFormulier
from .forms import TEKSTVAK
from .models import Rol


class GemeenteForm(EenmaligFormulier):
    naam = forms.CharField(label=_("Naam"), max_length=100, widget=forms.TextInput(attrs=TEKSTVAK))
    inwoners = forms.IntegerField(
        label=_("Aantal inwoners"),
        min_value=0,
        required=False,
        help_text=_("Gebruikt als standaardverdeelsleutel voor gedeelde uitvoeringskosten."),
        widget=forms.NumberInput(attrs=TEKSTVAK),
        error_messages={"invalid": _("Vul een heel getal in, zonder punten, bijvoorbeeld 27500.")},
    )


class RolToekennenForm(EenmaligFormulier):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        help_text=_("De gebruikersnaam van een bestaande gebruiker."),
        widget=forms.TextInput(attrs={**TEKSTVAK, "autocomplete": "off"}),
    )
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=[("", _("Kies een rol")), *Rol.choices],
        error_messages={"required": _("Kies de rol die u wilt toekennen.")},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            self.gebruiker = get_user_model().objects.get(username__iexact=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(
                _("Er is geen gebruiker met deze gebruikersnaam. Maak eerst de gebruiker aan.")
            ) from None
        return username


class GebruikerForm(EenmaligFormulier):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        help_text=_("Letters, cijfers en @ . + - _ ; bijvoorbeeld j.jansen."),
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={**TEKSTVAK, "autocomplete": "off"}),
    )
    voornaam = forms.CharField(
        label=_("Voornaam"), max_length=150, widget=forms.TextInput(attrs=TEKSTVAK)
    )
    achternaam = forms.CharField(
        label=_("Achternaam"), max_length=150, widget=forms.TextInput(attrs=TEKSTVAK)
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs=TEKSTVAK),
        error_messages={
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld j.jansen@gemeente.nl.")
        },
    )
    rollen = forms.MultipleChoiceField(
        label=_("Rollen in deze gemeente"),
        choices=Rol.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox"}),
        error_messages={"required": _("Kies minstens één rol.")},
    )
    wachtwoord = forms.CharField(
        label=_("Wachtwoord"),
        required=False,
        strip=False,
        help_text=_(
            "Laat leeg om een sterk wachtwoord te laten maken; u krijgt dan een uitnodigingstekst "
            "om door te geven. Zelf kiezen: minstens 12 tekens, niet alleen cijfers."
        ),
        widget=forms.PasswordInput(attrs={**TEKSTVAK, "autocomplete": "new-password"}),
    )
