"""Browser forms. They read and check input; the services apply the rules and write."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from kern import bsn as bsn_opslag
from kern import eenmalig as kern_eenmalig
from kern.forms import BedragField, DatumField
from kern.invoer import OngeldigeInvoer, kenmerk_fout, parse_bsn
from kern.opmaak import euro

from . import regels, selectors
from . import tariefregels as r12
from .codes import Classificatie, Doelgroep, Financiering, Leerroute, Status, Stelsel
from .models import Aanbieder, Factuur, Inburgeraar, Voorziening
from .selectors import corrigeerbare_facturen

TEKST = {"class": "utrecht-textbox"}
KEUZE = {"class": "utrecht-select utrecht-select--html-select"}
TEKSTVAK = {"class": "utrecht-textarea", "rows": 3}
BEDRAG_NODIG = {"required": _("Vul het bedrag in, bijvoorbeeld 1.234,56.")}


def _nederlandse_meldingen(form: forms.BaseForm) -> None:
    """Replaces Django's generic "Dit veld is verplicht." by a sentence naming the field and
    what is expected, unless a field already says so itself."""
    standaard = str(forms.Field.default_error_messages["required"])
    for veld in form.fields.values():
        label = str(veld.label or "").lower()
        if isinstance(veld, forms.ChoiceField | forms.ModelChoiceField):
            if str(veld.error_messages.get("required")) == standaard:
                veld.error_messages["required"] = _("Kies een %(label)s uit de lijst.") % {
                    "label": label
                }
            veld.error_messages["invalid_choice"] = _(
                "Deze keuze bestaat niet (meer). Kies een waarde uit de lijst."
            )
        elif str(veld.error_messages.get("required")) == standaard:
            veld.error_messages["required"] = _("Vul %(label)s in.") % {"label": label}


def _keuze(choices, leeg: str | None = None):
    keuzes = list(choices)
    if leeg is not None:
        keuzes = [("", leeg), *keuzes]
    return forms.ChoiceField(choices=keuzes, widget=forms.Select(attrs=KEUZE))


class EenmaligFormulier(kern_eenmalig.EenmaligFormulier):
    """An entry form of this app: a one-time token (kern/eenmalig.py) and Dutch messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _nederlandse_meldingen(self)
        self.fields["formtoken"].required = True
        self.fields["formtoken"].error_messages["required"] = _(
            "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens."
        )


class InburgeraarForm(EenmaligFormulier):
    kenmerk = forms.CharField(
        label=_("Kenmerk"),
        max_length=50,
        widget=forms.TextInput(attrs=TEKST),
        help_text=_("De eigen klantreferentie van de gemeente, bijvoorbeeld K2026-014."),
    )
    doelgroep = forms.ChoiceField(
        label=_("Doelgroep"),
        choices=[("", _("Kies een doelgroep")), *Doelgroep.choices],
        widget=forms.Select(attrs=KEUZE),
        error_messages={
            "required": _("Kies de doelgroep: asielstatushouder, gezins- of overige migrant.")
        },
    )
    startdatum = DatumField(
        label=_("Startdatum"),
        help_text=_("Datum van huisvesting (asiel) of start van de inburgeringsplicht."),
    )
    pipdatum = DatumField(label=_("PIP-datum"), required=False)
    leerroute = forms.ChoiceField(
        label=_("Leerroute"),
        choices=[("", _("Nog geen leerroute")), *Leerroute.choices],
        widget=forms.Select(attrs=KEUZE),
        required=False,
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={**TEKST, "inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("9 cijfers. Wordt versleuteld opgeslagen en alleen gemaskeerd getoond."),
    )
    vestigingsdatum = DatumField(
        label=_("Vestigingsdatum"),
        required=False,
        help_text=_(
            "Kwam in deze gemeente wonen. Leeg: de startdatum. Bij een verhuizing uit een "
            "andere gemeente blijft het cohort dat van de eerste huisvesting."
        ),
    )
    # Not sent (an older page, a script): Wi2021, the default of the model and the workbook.
    stelsel = forms.TypedChoiceField(
        label=_("Stelsel"),
        choices=Stelsel.choices,
        initial=Stelsel.WI2021,
        required=False,
        empty_value=Stelsel.WI2021,
        widget=forms.Select(attrs=KEUZE),
        help_text=_("Wi2013: telt niet mee voor de SPUK en krijgt geen SPUK-geld."),
    )

    def __init__(self, *args, dubbel_in=None, **kwargs):
        # dubbel_in: the gemeente whose register is checked for this kenmerk and BSN (the
        # proposal step); the confirming step leaves it to the service, so that a second click
        # after success still reaches the one-time token's result.
        self.dubbel_in = dubbel_in
        super().__init__(*args, **kwargs)
        self.fields["kenmerk"].error_messages["required"] = _(
            "Vul het kenmerk in, bijvoorbeeld K2026-014."
        )

    def clean_kenmerk(self):
        kenmerk = self.cleaned_data["kenmerk"]
        if fout := kenmerk_fout(kenmerk):
            raise forms.ValidationError(fout, code="bsn_als_kenmerk")
        if self.dubbel_in is not None and (
            fout := selectors.dubbel_kenmerk_fout(self.dubbel_in, kenmerk)
        ):
            raise forms.ValidationError(fout, code="dubbel")
        return kenmerk

    def clean_bsn(self):
        waarde = self.cleaned_data.get("bsn", "").strip()
        if not waarde:
            return ""
        try:
            bsn = parse_bsn(waarde)
        except OngeldigeInvoer as exc:
            raise forms.ValidationError(str(exc)) from exc
        if self.dubbel_in is not None and (
            fout := selectors.dubbel_bsn_fout(self.dubbel_in, bsn_opslag.zoeksleutel(bsn))
        ):
            raise forms.ValidationError(fout, code="dubbel")
        return bsn

    def clean(self):
        data = super().clean()
        # The rules registreer_inburgeraar and the import apply, shown at the field at once.
        if fout := regels.leerroute_fout(data.get("doelgroep", ""), data.get("leerroute", "")):
            self.add_error("leerroute", fout)
        if data.get("startdatum") and (
            fout := regels.pipdatum_fout(data["startdatum"], data.get("pipdatum"))
        ):
            self.add_error("pipdatum", fout)
        start = data.get("startdatum")
        if start and (fout := regels.vestigingsdatum_fout(start, data.get("vestigingsdatum"))):
            self.add_error("vestigingsdatum", fout)
        return data


class PakketregelForm(forms.Form):
    """One proposed commitment of the standard package: the adviser adjusts or leaves it out."""

    meenemen = forms.BooleanField(label=_("Vastleggen"), required=False, initial=True)
    voorziening = forms.ModelChoiceField(
        label=_("Voorziening"),
        queryset=Voorziening.objects.none(),
        widget=forms.Select(attrs=KEUZE),
    )
    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Aanbieder.objects.none(),
        widget=forms.Select(attrs=KEUZE),
        required=False,
    )
    bedrag = BedragField(label=_("Bedrag"), required=False)
    financiering = forms.ChoiceField(
        label=_("Financiering"), choices=Financiering.choices, widget=forms.Select(attrs=KEUZE)
    )

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voorziening"].queryset = Voorziening.objects.filter(gemeente=gemeente)
        self.fields["aanbieder"].queryset = Aanbieder.objects.filter(gemeente=gemeente)
        _nederlandse_meldingen(self)

    def clean(self):
        data = super().clean()
        if data.get("meenemen"):
            if not data.get("aanbieder"):
                self.add_error("aanbieder", _("Kies de aanbieder van deze voorziening."))
            if data.get("bedrag") is None:
                self.add_error("bedrag", _("Vul het bedrag in, bijvoorbeeld 1.234,56."))
        return data


class BasisPakketFormSet(forms.BaseFormSet):
    def __init__(self, *args, gemeente=None, **kwargs):
        self.gemeente = gemeente
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "gemeente": self.gemeente}


PakketFormSet = forms.formset_factory(
    PakketregelForm, formset=BasisPakketFormSet, extra=0, max_num=20, validate_max=True
)


class StatusForm(EenmaligFormulier):
    datum = DatumField(label=_("Datum"))
    status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=[("", _("Kies een status")), *Status.choices],
        widget=forms.Select(attrs=KEUZE),
        error_messages={"required": _("Kies de nieuwe status.")},
    )
    leerroute = forms.ChoiceField(
        label=_("Nieuwe leerroute (bij overstap)"),
        choices=[("", _("Geen")), *Leerroute.choices],
        widget=forms.Select(attrs=KEUZE),
        required=False,
    )
    doelgroep = forms.ChoiceField(
        label=_("Nieuwe doelgroep (bij doelgroep gewijzigd)"),
        choices=[("", _("Geen")), *Doelgroep.choices],
        widget=forms.Select(attrs=KEUZE),
        required=False,
        help_text=_("Als DUO iemand anders indeelt. Het cohort blijft hetzelfde."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs=TEKSTVAK)
    )

    def clean(self):
        data = super().clean()
        if fout := regels.overstap_fout(data.get("status", ""), data.get("leerroute", "")):
            self.add_error("leerroute", fout)
        if fout := regels.doelgroep_status_fout(data.get("status"), data.get("doelgroep") or ""):
            self.add_error("doelgroep", fout)
        return data


class VestigingForm(EenmaligFormulier):
    vestigingsdatum = DatumField(
        label=_("Vestigingsdatum"),
        help_text=_("Kwam in deze gemeente wonen; nooit vóór de startdatum."),
    )
    stelsel = forms.ChoiceField(
        label=_("Stelsel"), choices=Stelsel.choices, widget=forms.Select(attrs=KEUZE)
    )
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs=TEKSTVAK),
        error_messages={
            "required": _("Vul de reden van de wijziging in; die komt in de audittrail.")
        },
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


class AanbiederForm(EenmaligFormulier):
    naam = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(attrs=TEKST))
    kvk = forms.RegexField(
        label=_("KvK-nummer"),
        regex=r"^\d{8}$",
        required=False,
        widget=forms.TextInput(attrs={**TEKST, "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Een KvK-nummer bestaat uit 8 cijfers, bijvoorbeeld 12345678.")
        },
    )


class TariefForm(EenmaligFormulier):
    """A new tarief (R12): it ends the period of the pair's previous tarief; with a wijze the
    commitments that follow the previous tarief are re-priced after a preview."""

    GEEN_HERPRIJZING = ""

    aanbieder = forms.ModelChoiceField(
        label=_("Aanbieder"), queryset=Aanbieder.objects.none(), widget=forms.Select(attrs=KEUZE)
    )
    voorziening = forms.ModelChoiceField(
        label=_("Voorziening"),
        queryset=Voorziening.objects.none(),
        widget=forms.Select(attrs=KEUZE),
    )
    bedrag = BedragField(label=_("Nieuw tarief"), error_messages={"required": r12.GEEN_BEDRAG})
    geldig_van = DatumField(label=_("Geldig vanaf"), error_messages={"required": r12.GEEN_INGANG})
    wijze = forms.ChoiceField(
        label=_("Open verplichtingen herprijzen"),
        choices=[
            (GEEN_HERPRIJZING, _("Niet herprijzen: alleen het tarief vastleggen")),
            (r12.INDEXATIE, _("Indexatie: het gefactureerde blijft, de rest wordt geïndexeerd")),
            (
                r12.AANBESTEDING,
                _("Aanbesteding: alleen verplichtingen zonder factuur krijgen het nieuwe tarief"),
            ),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Alleen verplichtingen voor één inburgeraar bij deze aanbieder en voorziening, open, "
            "met een datum in de periode van het vorige tarief (R12)."
        ),
    )
    reden = forms.CharField(
        label=_("Toelichting (bijvoorbeeld het contract of de indexatie)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEKST),
    )

    def __init__(self, *args, gemeente=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voorziening"].queryset = Voorziening.objects.filter(gemeente=gemeente)
        self.fields["aanbieder"].queryset = Aanbieder.objects.filter(gemeente=gemeente)
        self.fields["bedrag"].error_messages["required"] = r12.GEEN_BEDRAG
        self.fields["geldig_van"].error_messages["required"] = r12.GEEN_INGANG


class ClassificatieForm(EenmaligFormulier):
    classificatie = forms.ChoiceField(
        label=_("Classificatie"), choices=Classificatie.choices, widget=forms.Select(attrs=KEUZE)
    )
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs=TEKSTVAK),
        error_messages={"required": _("Vul de reden van de herclassificatie in.")},
    )


def vandaag() -> date:
    return date.today()
