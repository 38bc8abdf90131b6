"""Entry forms for the uitvoering. Amounts accept Dutch notation (kern.forms.BedragField); every
form carries the one-time token (kern.eenmalig) that keeps a double submit from writing twice."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from inburgering.models import Inburgeraar
from kern.eenmalig import EenmaligFormulier
from kern.forms import BedragField, DatumField

from .models import Activiteit, Kostenregel, Samenwerkingsverband

TEKST = {"class": "utrecht-textbox"}
KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


class GetalField(forms.CharField):
    """A number such as fte or hours, typed 1,68 or 1.68, at most two decimals."""

    def __init__(self, *args, voorbeeld: str = "1,5", **kwargs):
        self.voorbeeld = voorbeeld
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", **TEKST}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        tekst = value.strip().replace(" ", "")
        if not re.fullmatch(r"\d{1,6}([.,]\d{1,2})?", tekst):
            raise forms.ValidationError(
                f"'{value}' is geen geldig getal. Vul een getal in met hoogstens twee decimalen, "
                f"bijvoorbeeld {self.voorbeeld}.",
                code="ongeldig",
            )
        return Decimal(tekst.replace(",", "."))

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


def _jaarveld(**kwargs):
    return forms.IntegerField(
        label=_("Jaar"),
        min_value=2021,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEKST),
        error_messages={
            "required": _("Vul een jaar in, bijvoorbeeld 2025."),
            "invalid": _("Vul een jaar in met vier cijfers, bijvoorbeeld 2025."),
            "min_value": _("Vul een jaar in vanaf 2021."),
            "max_value": _("Vul een jaar in tot en met 2100."),
        },
        **kwargs,
    )


class BudgetForm(EenmaligFormulier):
    jaar = _jaarveld()
    bedrag = BedragField(
        label=_("Uitvoeringsbudget (bedrag)"), help_text=_("Bijvoorbeeld 101.000,00.")
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Bijvoorbeeld: meicirculaire 2025."),
    )


class BudgetWijzigenForm(EenmaligFormulier):
    bedrag = BedragField(label=_("Uitvoeringsbudget (bedrag)"))
    bron = forms.CharField(
        label=_("Bron"), max_length=200, required=False, widget=forms.TextInput(attrs=TEKST)
    )
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=500,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 2}),
        error_messages={"required": _("Vul een reden in: waarom wordt het budget gewijzigd?")},
    )


class BudgetwijzigingForm(EenmaligFormulier):
    datum = DatumField(label=_("Datum"))
    bedrag = BedragField(
        label=_("Bedrag van de wijziging"),
        toestaan_negatief=True,
        help_text=_("Een verhoging is positief, een verlaging negatief (bijvoorbeeld -2.500,00)."),
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=200,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Bijvoorbeeld: accres septembercirculaire."),
        error_messages={"required": _("Vul een reden in, bijvoorbeeld: septembercirculaire.")},
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Bijvoorbeeld: septembercirculaire 2025."),
    )


class KostenregelForm(EenmaligFormulier):
    jaar = _jaarveld()
    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=Kostenregel.Soort.choices,
        widget=forms.Select(attrs={**KEUZE, "data-kostensoort": "ja"}),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Bijvoorbeeld: consulenten inburgering, softwareabonnement, inhuur."),
    )
    fte = GetalField(
        label=_("Fte"), required=False, voorbeeld="1,68", help_text=_("Alleen bij formatie.")
    )
    kosten_per_fte = BedragField(
        label=_("Jaarkosten per fte"),
        required=False,
        help_text=_(
            "Alleen bij formatie: inclusief werkgeverslasten en overhead. Het bedrag "
            "wordt fte × kosten per fte, afgerond op centen."
        ),
    )
    bedrag = BedragField(
        label=_("Bedrag"), required=False, help_text=_("Alleen bij overige kosten.")
    )

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort == Kostenregel.Soort.FORMATIE:
            if data.get("fte") is None and "fte" not in self.errors:
                self.add_error("fte", _("Vul bij formatie het aantal fte in, bijvoorbeeld 1,68."))
            if data.get("kosten_per_fte") is None and "kosten_per_fte" not in self.errors:
                self.add_error(
                    "kosten_per_fte",
                    _("Vul bij formatie de jaarkosten per fte in, bijvoorbeeld 85.000,00."),
                )
        elif (
            soort == Kostenregel.Soort.OVERIG
            and data.get("bedrag") is None
            and "bedrag" not in self.errors
        ):
            self.add_error("bedrag", _("Vul bij overige kosten het bedrag in."))
        return data


class KostenregelWijzigenForm(KostenregelForm):
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=500,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 2}),
        error_messages={"required": _("Vul een reden in: waarom wordt deze regel gewijzigd?")},
    )


class SamenwerkingsverbandForm(EenmaligFormulier):
    naam = forms.CharField(
        label=_("Naam"),
        max_length=150,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Bijvoorbeeld: Team inburgering Heemstede-Bloemendaal."),
    )
    verdeelsleutel = forms.ChoiceField(
        label=_("Verdeelsleutel"),
        choices=Samenwerkingsverband.Verdeelsleutel.choices,
        initial=Samenwerkingsverband.Verdeelsleutel.INWONERS,
        widget=forms.Select(attrs=KEUZE),
    )
    percentage = GetalField(
        label=_("Percentage van deze gemeente"),
        required=False,
        voorbeeld="52",
        help_text=_("Alleen bij vaste percentages."),
    )


class DeelnemerForm(EenmaligFormulier):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        widget=forms.Select(attrs=KEUZE),
        empty_label=_("Kies een gemeente"),
        help_text=_("Alleen gemeenten waarin u beheerder bent en die nog niet meedoen."),
        error_messages={"required": _("Kies de gemeente die gaat meedoen.")},
    )
    percentage = GetalField(
        label=_("Percentage"),
        required=False,
        voorbeeld="48",
        help_text=_("Alleen bij vaste percentages."),
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten


class VerdeelsleutelForm(EenmaligFormulier):
    verdeelsleutel = forms.ChoiceField(
        label=_("Verdeelsleutel"),
        choices=Samenwerkingsverband.Verdeelsleutel.choices,
        widget=forms.Select(attrs=KEUZE),
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.TextInput(attrs=TEKST),
        error_messages={"required": _("Vul een reden in: waarom verandert de verdeling?")},
    )

    def __init__(self, *args, deelnames, **kwargs):
        super().__init__(*args, **kwargs)
        self.deelnames = deelnames
        for deelname in deelnames:
            self.fields[f"pct_{deelname.gemeente_id}"] = GetalField(
                label=_("Percentage %(naam)s") % {"naam": deelname.gemeente.naam},
                required=False,
                voorbeeld="52",
                initial=deelname.percentage,
                help_text=_("Alleen bij vaste percentages; samen precies 100."),
            )
        self.fields["reden"] = self.fields.pop("reden")  # the reason comes last

    def percentages(self) -> dict[int, Decimal | None]:
        return {
            d.gemeente_id: self.cleaned_data.get(f"pct_{d.gemeente_id}") for d in self.deelnames
        }


MAANDEN = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("maart")),
    (4, _("april")),
    (5, _("mei")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augustus")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


class TijdregistratieForm(EenmaligFormulier):
    jaar = _jaarveld()
    maand = forms.TypedChoiceField(
        label=_("Maand"), choices=MAANDEN, coerce=int, widget=forms.Select(attrs=KEUZE)
    )
    activiteit = forms.ChoiceField(
        label=_("Activiteit"), choices=Activiteit.choices, widget=forms.Select(attrs=KEUZE)
    )
    uren = GetalField(
        label=_("Uren"),
        voorbeeld="2,5",
        error_messages={"required": _("Vul het aantal uren in, bijvoorbeeld 2,5.")},
    )
    formatieregel = forms.ModelChoiceField(
        label=_("Rol (formatieregel)"),
        queryset=None,
        widget=forms.Select(attrs=KEUZE),
        empty_label=_("Kies de rol van wie de uren maakte"),
        help_text=_("De jaarkosten per fte van deze rol bepalen de kosten van de uren."),
        error_messages={"required": _("Kies de rol (formatieregel) van wie de uren maakte.")},
    )
    kenmerk = forms.CharField(
        label=_("Kenmerk inburgeraar"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("Alleen als de uren voor één inburgeraar zijn."),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"), max_length=200, required=False, widget=forms.TextInput(attrs=TEKST)
    )

    def __init__(self, *args, gemeente, formatieregels, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        veld = self.fields["formatieregel"]
        veld.queryset = formatieregels
        veld.label_from_instance = lambda r: (
            f"{r.jaar} – {r.omschrijving}"
            + (f" ({r.samenwerkingsverband.naam})" if r.samenwerkingsverband_id else "")
        )

    def clean_kenmerk(self):
        kenmerk = self.cleaned_data.get("kenmerk", "").strip()
        if not kenmerk:
            return None
        inburgeraar = Inburgeraar.objects.filter(gemeente=self.gemeente, kenmerk=kenmerk).first()
        if inburgeraar is None:
            raise forms.ValidationError(
                _(
                    "Er is geen inburgeraar met kenmerk %(kenmerk)s in deze gemeente. Controleer "
                    "het kenmerk of laat het veld leeg."
                )
                % {"kenmerk": kenmerk}
            )
        return inburgeraar
