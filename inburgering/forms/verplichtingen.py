"""Forms of commitments and invoices: a verplichting, an invoice, a change, a release."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kern.forms import BedragField, DatumField
from kern.opmaak import euro

from .. import regels
from ..codes import Financiering
from ..models import Aanbieder, Factuur, Inburgeraar, Voorziening
from ..selectors import corrigeerbare_facturen
from ._gedeeld import (
    BEDRAG_NODIG,
    KEUZE,
    TEKST,
    TEKSTVAK,
    EenmaligFormulier,
    vandaag,
)


class ZoekInput(forms.TextInput):
    """A text box that suggests values as one types (an HTML datalist: no script needed, and
    a keyboard and screen reader work with it as with any text box)."""

    def __init__(self, *args, keuzes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes = keuzes

    def render(self, name, value, attrs=None, renderer=None):
        lijst = f"{(attrs or {}).get('id', name)}-keuzes"
        attrs = {**(attrs or {}), "list": lijst, "autocomplete": "off"}
        html = super().render(name, value, attrs, renderer)
        opties = format_html_join("", '<option value="{}">', ((k,) for k in self.keuzes))
        return format_html('{}<datalist id="{}">{}</datalist>', html, lijst, opties)


MAX_SUGGESTIES = 2000


class VerplichtingForm(EenmaligFormulier):
    inburgeraar = forms.CharField(
        label=_("Inburgeraar (kenmerk)"),
        required=False,
        max_length=50,
        help_text=_(
            "Typ het kenmerk; de lijst vult aan. Leeg laten voor een groepscontract. Het cohort "
            "volgt de inburgeraar."
        ),
    )
    voorziening = forms.ModelChoiceField(
        label=_("Voorziening"),
        queryset=Voorziening.objects.none(),
        widget=forms.Select(attrs=KEUZE),
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"), queryset=Aanbieder.objects.none(), widget=forms.Select(attrs=KEUZE)
    )
    bedrag = BedragField(label=_("Bedrag"), error_messages=BEDRAG_NODIG)
    datum = DatumField(label=_("Datum"))
    financiering = forms.ChoiceField(
        label=_("Financiering"), choices=Financiering.choices, widget=forms.Select(attrs=KEUZE)
    )
    cohort = forms.IntegerField(
        label=_("Cohort (bij een groepscontract)"),
        required=False,
        min_value=2021,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEKST),
        help_text=_("Bij een verplichting voor één persoon geldt het cohort van die persoon."),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=200, widget=forms.TextInput(attrs=TEKST)
    )

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.fields["voorziening"].queryset = Voorziening.objects.filter(gemeente=gemeente)
        self.fields["aanbieder"].queryset = Aanbieder.objects.filter(gemeente=gemeente)
        self.fields["datum"].initial = vandaag
        # The most recent persons first: the ones a new commitment is usually for.
        kenmerken = Inburgeraar.objects.filter(gemeente=gemeente).order_by("-startdatum", "kenmerk")
        self.fields["inburgeraar"].widget = ZoekInput(
            attrs=TEKST,
            keuzes=kenmerken.values_list("kenmerk", flat=True)[:MAX_SUGGESTIES],
        )

    def clean_inburgeraar(self):
        kenmerk = (self.cleaned_data.get("inburgeraar") or "").strip()
        if not kenmerk:
            return None
        persoon = Inburgeraar.objects.filter(gemeente=self.gemeente, kenmerk=kenmerk).first()
        if persoon is None:
            raise forms.ValidationError(
                _(
                    "Er is geen inburgeraar met kenmerk %(kenmerk)s. Kies een kenmerk uit de "
                    "lijst, of laat het veld leeg voor een groepscontract."
                )
                % {"kenmerk": kenmerk}
            )
        return persoon


class FactuurForm(EenmaligFormulier):
    factuurnummer = forms.CharField(
        label=_("Factuurnummer"), max_length=50, widget=forms.TextInput(attrs=TEKST)
    )
    # A future factuurdatum is refused by R8's own rule (regels), with its own message.
    datum = DatumField(label=_("Factuurdatum"), toekomst=False)
    bedrag = BedragField(
        label=_("Bedrag"),
        toestaan_negatief=True,
        error_messages=BEDRAG_NODIG,
        help_text=_("Bijvoorbeeld 1.234,56. Een creditfactuur is negatief: -250,00."),
    )
    boekjaar = forms.IntegerField(
        label=_("Boekjaar"),
        required=False,
        min_value=2021,
        max_value=2100,
        widget=forms.NumberInput(attrs=TEKST),
        help_text=_(
            "Leeg: het jaar van de factuurdatum. Anders het jaar ervoor (een late factuur "
            "voor werk van dat jaar); nooit een later jaar."
        ),
    )
    voor_afgesloten_jaar = forms.BooleanField(
        label=_("Late factuur voor werk in het afgesloten jaar vóór het boekjaar"),
        required=False,
        widget=forms.CheckboxInput({"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
        help_text=_(
            "Vink aan als het werk in een afgesloten boekjaar is gedaan: de factuur telt in "
            "dit boekjaar en de SiSa toont haar als correctie op de besteding van dat jaar."
        ),
    )
    btw = BedragField(
        label=_("Btw"),
        required=False,
        toestaan_negatief=True,
        help_text=_("Leeg: 0. Bij een creditfactuur negatief. Nooit meer dan het bedrag."),
    )
    btw_compensabel = forms.TypedChoiceField(
        label=_("Btw compensabel (terug uit het BCF)"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda w: w == "ja",
        initial="ja",
        required=False,
        empty_value=True,  # R8: default ja
        widget=forms.Select(attrs=KEUZE),
        help_text=_("Ja: de btw komt niet ten laste van het budget."),
    )
    corrigeert = forms.ModelChoiceField(
        label=_("Corrigeert factuur (bij een creditfactuur)"),
        queryset=Factuur.objects.none(),
        required=False,
        widget=forms.Select(attrs=KEUZE),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=200, widget=forms.TextInput(attrs=TEKST)
    )

    def __init__(self, *args, verplichting=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only invoices that can still be corrected, by number, date and amount.
        self.fields["corrigeert"].queryset = corrigeerbare_facturen(verplichting)
        self.fields["corrigeert"].label_from_instance = lambda f: (
            f"{f.factuurnummer} van {f.datum:%d-%m-%Y}, {euro(f.bedrag)}"
            + (f" (al {euro(-f.gecorrigeerd)} gecrediteerd)" if f.gecorrigeerd else "")
        )
        self.fields["corrigeert"].empty_label = _("geen (gewone factuur)")
        self.fields["factuurnummer"].error_messages["required"] = _(
            "Vul het factuurnummer van de aanbieder in."
        )

    def werkjaar(self) -> int | None:
        """The closed year a late invoice is for: the year before its boekjaar (R8)."""
        data = self.cleaned_data
        if not data.get("voor_afgesloten_jaar") or not data.get("datum"):
            return None
        return (data.get("boekjaar") or data["datum"].year) - 1

    def clean(self):
        data = super().clean()
        bedrag, btw = data.get("bedrag"), data.get("btw")
        if bedrag is not None and btw is not None and (fout := regels.btw_fout(bedrag, btw)):
            self.add_error("btw", fout)
        if datum := data.get("datum"):
            # The same checks and clock as services.boek_factuur, so the same message.
            nu = timezone.localdate()
            if fout := regels.factuurdatum_fout(datum, nu):
                self.add_error("datum", fout)
            elif (jaar := data.get("boekjaar")) and (fout := regels.boekjaar_fout(datum, jaar, nu)):
                self.add_error("boekjaar", fout)
        return data


class WijzigingForm(EenmaligFormulier):
    bedrag = BedragField(label=_("Nieuw bedrag"), error_messages=BEDRAG_NODIG)
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs=TEKSTVAK),
        error_messages={
            "required": _("Vul de reden van de wijziging in; die komt in de audittrail.")
        },
    )


class VrijvalForm(EenmaligFormulier):
    reden = forms.CharField(
        label=_("Reden van de vrijval"),
        widget=forms.Textarea(attrs=TEKSTVAK),
        max_length=500,
        error_messages={"required": regels.GEEN_VRIJVALREDEN},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reden"].error_messages["required"] = regels.GEEN_VRIJVALREDEN
