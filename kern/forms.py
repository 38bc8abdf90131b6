from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .invoer import OngeldigeInvoer, parse_bedrag


class InlogForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "De combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
    }


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
