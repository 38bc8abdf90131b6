from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .invoer import OngeldigeInvoer, datum_fout, datum_waarschuwing, parse_bedrag, parse_datum


def toon_fouten(form: forms.BaseForm, fout) -> None:
    """Puts a service's ValidationError at the fields it names; what names no field of this
    form (or has no field at all) goes above the form."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


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


# The Excel formats that carry macros: never read, whatever the upload.
MACRO_EXTENSIES = (".xlsm", ".xltm", ".xlam")
XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetField(forms.FileField):
    """An uploaded spreadsheet, refused before anything reads it when it is larger than
    `max_grootte` bytes (`te_groot`) or a macro workbook by its name (`macro`), each with the
    upload's own Dutch sentence. What is read is guarded by kern.afscherming. Used by every
    upload form (the workbook import, DUO's count, the SiSa indicator list)."""

    def __init__(self, *, max_grootte: int, te_groot, macro, accept: str = XLSX_ACCEPT, **kwargs):
        self.max_grootte, self.te_groot, self.macro = max_grootte, te_groot, macro
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": accept, "class": "utrecht-textbox"}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        bestand = super().clean(data, initial)
        if not bestand:
            return bestand
        if bestand.size > self.max_grootte:
            raise forms.ValidationError(self.te_groot, code="te_groot")
        if bestand.name.lower().endswith(MACRO_EXTENSIES):
            raise forms.ValidationError(self.macro, code="geen_xlsx")
        return bestand


BEVESTIG_DATUM = _("Ja, deze datum klopt")


class DatumTekst(str):
    """The typed date, and whether the user confirmed a date that gave a warning."""

    bevestigd = False


class DatumInvoer(forms.DateInput):
    """A text input for dd-mm-jjjj, whatever the browser's language: an input type="date" shows
    mm/dd/yyyy in an English Chromium. After a warning it shows a checkbox to confirm the date."""

    template_name = "kern/forms/datum.html"
    input_type = "text"

    def __init__(self, attrs=None, waarschuwen: bool = True, toekomst: bool = True):
        super().__init__(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input app-datum",
                "placeholder": "dd-mm-jjjj",
                "autocomplete": "off",
                "size": "10",
                **(attrs or {}),
            },
            format="%d-%m-%Y",
        )
        self.waarschuwen, self.toekomst = waarschuwen, toekomst

    @staticmethod
    def bevestig_naam(name: str) -> str:
        return f"{name}_bevestigd"

    def value_from_datadict(self, data, files, name):
        waarde = data.get(name)
        if waarde is None:
            return None
        tekst = DatumTekst(waarde)
        tekst.bevestigd = data.get(self.bevestig_naam(name)) in ("1", "on", "true")
        return tekst

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        waarschuwing = None
        if self.waarschuwen and value not in (None, ""):
            try:
                waarschuwing = datum_waarschuwing(parse_datum(value), toekomst=self.toekomst)
            except OngeldigeInvoer:
                waarschuwing = None
        context["widget"].update(
            waarschuwing=waarschuwing,
            bevestig_naam=self.bevestig_naam(name),
            bevestigd=getattr(value, "bevestigd", False),
            bevestig_label=BEVESTIG_DATUM,
        )
        return context


class DatumField(forms.DateField):
    """A date typed as 31-03-2025 (shown that way too) or 2025-03-31, in a text input
    (DatumInvoer). A date outside 1900-2200 is refused (kern.invoer.datum_fout); one that is
    possible but probably mistyped (kern.invoer.datum_waarschuwing) is accepted only once the
    user ticks "Ja, deze datum klopt". Periods of a filter pass waarschuwen=False; a field
    whose rule refuses a future date itself (the factuurdatum) passes toekomst=False, so the
    rule's own message is shown."""

    input_formats = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {
        "invalid": _("Vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-03-2025."),
        "required": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-03-2025."),
    }

    def __init__(self, *args, waarschuwen: bool = True, toekomst: bool = True, **kwargs):
        kwargs.setdefault("widget", DatumInvoer(waarschuwen=waarschuwen, toekomst=toekomst))
        super().__init__(*args, **kwargs)
        self.waarschuwen, self.toekomst = waarschuwen, toekomst

    def to_python(self, value):
        datum = super().to_python(value.strip() if isinstance(value, str) else value)
        if datum is None:
            return None
        if fout := datum_fout(datum):
            raise forms.ValidationError(fout, code="onwaarschijnlijk")
        waarschuwing = self.waarschuwen and datum_waarschuwing(datum, toekomst=self.toekomst)
        if waarschuwing and not getattr(value, "bevestigd", False):
            raise forms.ValidationError(
                _("%(waarschuwing)s Klopt dat? Vink dan ‘%(bevestig)s’ aan en verstuur opnieuw."),
                code="waarschuwing",
                params={"waarschuwing": waarschuwing, "bevestig": BEVESTIG_DATUM},
            )
        return datum


class PeriodeDatumField(DatumField):
    """A date that bounds a search or an export period: any plausible date, no warning."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("waarschuwen", False)
        super().__init__(*args, **kwargs)


TEKSTVAK = {"class": "utrecht-textbox utrecht-textbox--html-input"}
