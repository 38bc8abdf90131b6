from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from .invoer import OngeldigeInvoer, datum_fout, parse_bedrag
from .models import Rol


class InlogForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "De combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            veld.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"


class BedragField(forms.CharField):
    """An amount in euros, typed the Dutch way ("1.234,56") or plain ("1234.56")."""

    def __init__(self, *args, toestaan_negatief: bool = False, **kwargs):
        self.toestaan_negatief = toestaan_negatief
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "utrecht-textbox"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            bedrag = parse_bedrag(value)
        except OngeldigeInvoer as exc:
            raise forms.ValidationError(str(exc), code="ongeldig") from exc
        if bedrag < 0 and not self.toestaan_negatief:
            raise forms.ValidationError(
                _("Het bedrag mag niet negatief zijn. Vul een bedrag van 0 of meer in."),
                code="negatief",
            )
        return bedrag

    def prepare_value(self, value):
        from decimal import Decimal

        if isinstance(value, Decimal):
            return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return value


class DatumField(forms.DateField):
    """A date typed as 31-03-2025 or 2025-03-31, or picked with the browser's date picker."""

    input_formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
    default_error_messages = {
        "invalid": _("Vul een geldige datum in, bijvoorbeeld 31-03-2025."),
        "required": _("Vul een datum in."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox"}, format="%Y-%m-%d"),
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        datum = super().to_python(value)
        if datum is not None and (fout := datum_fout(datum)):
            raise forms.ValidationError(fout, code="onwaarschijnlijk")
        return datum


TEKSTVAK = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class GemeenteForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=100, widget=forms.TextInput(attrs=TEKSTVAK))
    inwoners = forms.IntegerField(
        label=_("Aantal inwoners"),
        min_value=0,
        required=False,
        help_text=_("Gebruikt als standaardverdeelsleutel voor gedeelde uitvoeringskosten."),
        widget=forms.NumberInput(attrs=TEKSTVAK),
        error_messages={"invalid": _("Vul een heel getal in, zonder punten, bijvoorbeeld 27500.")},
    )


class RolToekennenForm(forms.Form):
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


class GebruikerForm(forms.Form):
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
