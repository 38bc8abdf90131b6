from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier
from kern.forms import BedragField, DatumField

from .models import (
    ZONDER_INBURGERINGSJAAR,
    Beschikking,
    Ontvangst,
    Parameter,
    Regeling,
    Telstatus,
    parameterfout,
)

JAAR = {"min_value": 2021, "max_value": 2100}
KEUZE = {"class": "utrecht-select utrecht-select--html-select"}
TEKST = {"class": "utrecht-textbox"}


def jaarveld(label):
    return forms.IntegerField(
        label=label,
        **JAAR,
        widget=forms.NumberInput(attrs=TEKST),
        error_messages={
            "invalid": _("Vul een jaartal in, bijvoorbeeld 2026."),
            "min_value": _("Vul een jaartal vanaf 2021 in (de Wet inburgering 2021)."),
            "max_value": _("Vul een jaartal tot en met 2100 in."),
            "required": _("Vul een jaartal in."),
        },
    )


class ParameterForm(EenmaligFormulier):
    jaar = jaarveld(_("Jaar (bij trajectbedrag: het cohort)"))
    categorie = forms.ChoiceField(
        label=_("Categorie"), choices=Parameter.Categorie.choices, widget=forms.Select(attrs=KEUZE)
    )
    inburgeringsjaar = forms.TypedChoiceField(
        label=_("Inburgeringsjaar"),
        choices=[("", _("– (niet bij trajectbedrag)")), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=KEUZE),
    )
    bedrag = BedragField(
        label=_("Bedrag per persoon"),
        help_text=_(
            "Bij SPUK-OR: landelijk budget het bedrag van het jaar; bij landelijk aantal het "
            "aantal personen (een heel getal)."
        ),
    )
    is_voorbeeld = forms.BooleanField(
        label=_("Voorbeeldwaarde (geen officieel bedrag)"), required=False
    )
    bron = forms.CharField(
        label=_("Bron"), required=False, max_length=200, widget=forms.TextInput(attrs=TEKST)
    )

    def clean(self):
        data = super().clean()
        categorie, k = data.get("categorie"), data.get("inburgeringsjaar")
        if categorie in ZONDER_INBURGERINGSJAAR:
            data["inburgeringsjaar"] = None
            fout = parameterfout(categorie, None, data.get("bedrag"))
            if fout:
                self.add_error(*fout)
        elif categorie == Parameter.Categorie.ASIEL and k is None:
            self.add_error(
                "inburgeringsjaar",
                _("Kies inburgeringsjaar 1, 2 of 3: het bedrag voor asiel verschilt per jaar."),
            )
        elif categorie and categorie != Parameter.Categorie.ASIEL:
            if k not in (None, 1):
                self.add_error(
                    "inburgeringsjaar",
                    _("Alleen asielstatushouders tellen meer jaren; kies 1 of laat leeg."),
                )
            data["inburgeringsjaar"] = 1
        return data


class CapForm(EenmaligFormulier):
    regeling = forms.ChoiceField(
        label=_("Regeling"), choices=Regeling.choices, widget=forms.Select(attrs=KEUZE)
    )
    reservering_cap = forms.DecimalField(
        label=_("Maximale reservering (procent van de toekenning)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEKST),
        error_messages={
            "invalid": _("Vul een percentage in, bijvoorbeeld 100."),
            "min_value": _("Het percentage kan niet negatief zijn."),
            "max_value": _("Het percentage is hoogstens 100."),
        },
    )


class TelstatusForm(EenmaligFormulier):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s, s) for s in ("ontheven", "vrijgesteld", "overleden", "verhuisd", "aow", "gestopt")
        ],
        widget=forms.Select(attrs=KEUZE),
    )
    wijze = forms.ChoiceField(
        label=_("Werking"),
        choices=[("", _("beëindigt de telling niet"))] + list(Telstatus.Wijze.choices),
        required=False,
        widget=forms.Select(attrs=KEUZE),
    )


class BeschikkingForm(EenmaligFormulier):
    regeling = forms.ChoiceField(
        label=_("Regeling"), choices=Regeling.choices, widget=forms.Select(attrs=KEUZE)
    )
    jaar = jaarveld(_("Jaar"))
    soort = forms.ChoiceField(
        label=_("Soort"), choices=Beschikking.Soort.choices, widget=forms.Select(attrs=KEUZE)
    )
    datum = DatumField(label=_("Datum van de beschikking"))
    bedrag = BedragField(label=_("Bedrag"))
    kenmerk = forms.CharField(
        label=_("Kenmerk"), required=False, max_length=60, widget=forms.TextInput(attrs=TEKST)
    )


class OntvangstForm(EenmaligFormulier):
    regeling = forms.ChoiceField(
        label=_("Regeling"), choices=Regeling.choices, widget=forms.Select(attrs=KEUZE)
    )
    jaar = jaarveld(_("Voor jaar"))
    soort = forms.ChoiceField(
        label=_("Soort"), choices=Ontvangst.Soort.choices, widget=forms.Select(attrs=KEUZE)
    )
    datum = DatumField(label=_("Datum van ontvangst"))
    bedrag = BedragField(label=_("Bedrag (een terugvordering negatief)"), toestaan_negatief=True)
    omschrijving = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=200, widget=forms.TextInput(attrs=TEKST)
    )

    def clean(self):
        data = super().clean()
        soort, bedrag = data.get("soort"), data.get("bedrag")
        if soort and bedrag is not None:
            if soort == Ontvangst.Soort.TERUGVORDERING and bedrag >= 0:
                self.add_error(
                    "bedrag",
                    _("Een terugvordering is een negatief bedrag, bijvoorbeeld -1.234,57."),
                )
            elif soort != Ontvangst.Soort.TERUGVORDERING and bedrag <= 0:
                self.add_error(
                    "bedrag",
                    _("Een voorschot of nabetaling is een positief bedrag, bijvoorbeeld 8.333,33."),
                )
        return data


class HerverdelingForm(EenmaligFormulier):
    # Required-ness is the service's check (boek_herverdeling), so every door says the same.
    reden = forms.CharField(
        label=_("Reden van de herverdeling"),
        required=False,
        max_length=2000,
        help_text=_("Bijvoorbeeld: late registratie van een inburgeraar van cohort 2025."),
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
    )


class CohortrekeningForm(EenmaligFormulier):
    cohort = jaarveld(_("Cohort"))
    grootboekrekening = forms.CharField(
        label=_("Grootboekrekening"), max_length=30, widget=forms.TextInput(attrs=TEKST)
    )


class RegelingrekeningForm(EenmaligFormulier):
    regeling = forms.ChoiceField(
        label=_("Regeling"), choices=Regeling.choices, widget=forms.Select(attrs=KEUZE)
    )
    grootboekrekening = forms.CharField(
        label=_("Grootboekrekening"), max_length=30, widget=forms.TextInput(attrs=TEKST)
    )


class BetaalritmeForm(EenmaligFormulier):
    vanaf_cohort = jaarveld(_("Vanaf cohort"))
    tot_en_met_cohort = forms.IntegerField(
        label=_("Tot en met cohort (leeg: geen einde)"),
        required=False,
        **JAAR,
        widget=forms.NumberInput(attrs=TEKST),
        error_messages={"invalid": _("Vul een jaartal in of laat het veld leeg.")},
    )
    jaar1 = forms.DecimalField(
        label=_("Jaar 1 (procent)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEKST),
    )
    jaar2 = forms.DecimalField(
        label=_("Jaar 2 (procent)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEKST),
    )
    jaar3 = forms.DecimalField(
        label=_("Jaar 3 (procent)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEKST),
    )

    def clean(self):
        data = super().clean()
        vanaf, tot = data.get("vanaf_cohort"), data.get("tot_en_met_cohort")
        if vanaf and tot and tot < vanaf:
            self.add_error(
                "tot_en_met_cohort", _("Het laatste cohort kan niet vóór het eerste liggen.")
            )
        delen = [data.get(k) for k in ("jaar1", "jaar2", "jaar3")]
        if all(d is not None for d in delen) and sum(delen) != 100:
            self.add_error(
                "jaar3",
                _("De drie percentages moeten samen 100 zijn; nu is het %(som)s.")
                % {"som": sum(delen)},
            )
        return data
