"""Forms of the register: an inburgeraar, the pakket, a status change, a vestiging."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kern import bsn as bsn_opslag
from kern.forms import BedragField, DatumField
from kern.invoer import OngeldigeInvoer, kenmerk_fout, parse_bsn

from .. import regels, selectors
from ..codes import Doelgroep, Financiering, Leerroute, Status, Stelsel
from ..models import Aanbieder, Voorziening
from ._gedeeld import (
    KEUZE,
    TEKST,
    TEKSTVAK,
    EenmaligFormulier,
    _nederlandse_meldingen,
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
