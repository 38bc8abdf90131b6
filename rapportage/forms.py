from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier
from kern.forms import BedragField

from .models import Begrotingsregel, PcMoment, SisaIndicator, SisaRegeling, Stroom
from .scenario import (
    GEEN_ROUTE,
    GEEN_ROUTE_LANDELIJK,
    PAKKET,
    PRIJZEN_LANDELIJK,
    ROUTEMIX_LANDELIJK,
    ROUTES,
    SPREIDING_STANDAARD,
    VOORZIENINGEN,
    Aannames,
    Betaalritme,
    instroom_uit_taakstelling,
    naar_json,
    procent_tekst,
    routemix_fout,
)

TEKST = {"class": "utrecht-textbox"}
KEUZE = {"class": "utrecht-select utrecht-select--html-select"}
GETAL = {"class": "utrecht-textbox", "inputmode": "numeric"}


class BegrotingForm(EenmaligFormulier):
    """One begroting line; the one-time token keeps a double click from booking it twice."""

    stroom = forms.ChoiceField(
        label=_("Budgetstroom"), choices=Stroom.choices, widget=forms.Select(KEUZE)
    )
    soort = forms.ChoiceField(
        label=_("Soort"), choices=Begrotingsregel.Soort.choices, widget=forms.Select(KEUZE)
    )
    bedrag = BedragField(
        label=_("Bedrag"),
        toestaan_negatief=True,
        help_text=_(
            "In euro's, bv. 125.000,00. Een verlaging als wijziging is negatief: -10.000,00."
        ),
    )
    moment = forms.ChoiceField(
        label=_("P&C-moment"),
        choices=[("", "—"), *PcMoment.choices],
        required=False,
        widget=forms.Select(KEUZE),
    )
    reden = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 2}),
        help_text=_("Verplicht bij een wijziging, bijvoorbeeld het raadsbesluit."),
    )


class PcStandForm(EenmaligFormulier):
    moment = forms.ChoiceField(
        label=_("P&C-moment"), choices=PcMoment.choices, widget=forms.Select(KEUZE)
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 2}),
    )


class BevriezenForm(EenmaligFormulier):
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea({"class": "utrecht-textarea", "rows": 2}),
        help_text=_("Bijvoorbeeld: jaarrekening vastgesteld door de raad op ..."),
    )
    bevestig = forms.BooleanField(
        label=_("De jaarrekening is definitief; bevries deze SiSa. Dit kan niet ongedaan worden."),
        error_messages={"required": _("Vink aan dat de jaarrekening definitief is.")},
        widget=forms.CheckboxInput({"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )


class SisaRegelingForm(forms.ModelForm):
    class Meta:
        model = SisaRegeling
        fields = ["uitkeringscode", "naam", "juridische_grondslag", "verstrekker", "is_voorbeeld"]
        widgets = {
            "uitkeringscode": forms.TextInput(TEKST),
            "naam": forms.TextInput(TEKST),
            "juridische_grondslag": forms.TextInput(TEKST),
            "verstrekker": forms.TextInput(TEKST),
            "is_voorbeeld": forms.CheckboxInput(
                {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
        }


class SisaIndicatorForm(forms.ModelForm):
    class Meta:
        model = SisaIndicator
        fields = ["code", "omschrijving", "aard_controle", "volgorde", "is_voorbeeld"]
        widgets = {
            "code": forms.TextInput(TEKST),
            "omschrijving": forms.TextInput(TEKST),
            "aard_controle": forms.Select(attrs=KEUZE),
            "volgorde": forms.NumberInput(GETAL),
            "is_voorbeeld": forms.CheckboxInput(
                {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
        }


SisaIndicatorFormSet = forms.modelformset_factory(SisaIndicator, form=SisaIndicatorForm, extra=0)


# --- Scenario -------------------------------------------------------------------------------


class PercentagesField(forms.CharField):
    """Three percentages for years 1/2/3, typed as "38/32/30"; they must add up to 100."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        delen = [d.strip().replace(",", ".") for d in value.replace(";", "/").split("/")]
        try:
            getallen = tuple(Decimal(d) for d in delen)
        except InvalidOperation as exc:
            raise forms.ValidationError(
                _("Vul drie percentages in, gescheiden door een schuine streep, bv. 38/32/30.")
            ) from exc
        if len(getallen) != 3 or any(g < 0 for g in getallen):
            raise forms.ValidationError(
                _("Vul drie percentages van 0 of meer in, bv. 38/32/30 (jaar 1/2/3).")
            )
        if sum(getallen) != 100:
            raise forms.ValidationError(
                _("De drie percentages tellen op tot %(som)s; ze moeten samen 100 zijn.")
                % {"som": sum(getallen)}
            )
        return getallen

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "/".join(procent_tekst(v) for v in value)
        return value


def _percentage(label, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=forms.TextInput({"class": "utrecht-textbox", "inputmode": "decimal"}),
        **kwargs,
    )


def _aantal(label):
    return forms.IntegerField(
        label=label, min_value=0, required=False, widget=forms.NumberInput(GETAL)
    )


class ScenarioForm(EenmaligFormulier):
    """All assumptions of a scenario. Inflow per cohort: entered, or housing task x share."""

    naam = forms.CharField(
        label=_("Naam van het scenario"), max_length=100, widget=forms.TextInput(TEKST)
    )
    startjaar = forms.IntegerField(
        label=_("Eerste prognosejaar"),
        min_value=2022,
        max_value=2100,
        widget=forms.NumberInput(GETAL),
    )
    aandeel_plichtig = _percentage(
        _("Aandeel inburgeringsplichtig van de taakstelling (%)"),
        required=False,
        help_text=_("Gebruikt waar bij een cohort alleen de taakstelling is ingevuld."),
    )
    trajectbedrag = BedragField(label=_("Trajectbedrag per asielstatushouder"))
    bedrag_gezin = BedragField(label=_("Bedrag per gezinsmigrant"))
    bedrag_overig = BedragField(label=_("Bedrag per overige migrant"))
    bedrag_onderwijsroute = BedragField(label=_("Onderwijsroute-component (vanaf 2026)"))
    reservering_cap = _percentage(_("Reserveringsplafond (% van de toekenning)"))
    uitvoering_budget = BedragField(label=_("Uitvoeringsbudget per jaar"))
    uitvoering_kosten = BedragField(label=_("Uitvoeringskosten per jaar"))

    COHORTEN_VOOR = 2  # earlier cohorts still count (and cost) in the first prognosis years

    def __init__(self, *args, startjaar: int, betaalritmes: list[Betaalritme], **kwargs):
        super().__init__(*args, **kwargs)
        self.betaalritmes = betaalritmes
        self.cohorten = list(range(startjaar - self.COHORTEN_VOOR, startjaar + 5))
        for cohort in self.cohorten:
            for doelgroep in PAKKET:
                self.fields[f"instroom_{cohort}_{doelgroep}"] = _aantal(
                    _("Cohort %(c)s: %(d)s") % {"c": cohort, "d": doelgroep}
                )
            self.fields[f"taakstelling_{cohort}"] = _aantal(
                _("Cohort %(c)s: taakstelling huisvesting") % {"c": cohort}
            )
        for route in ROUTES:
            self.fields[f"mix_{route}"] = _percentage(_("Aandeel %(r)s-route (%%)") % {"r": route})
        self.fields[f"mix_{GEEN_ROUTE}"] = _percentage(
            _("Aandeel nog zonder route (%)"),
            required=False,
            help_text=_("Samen met de drie routes precies 100%; landelijk ongeveer 1%."),
        )
        for soort in (*ROUTES, *VOORZIENINGEN):
            self.fields[f"prijs_{soort}"] = BedragField(label=_("Prijs %(s)s") % {"s": soort})
        for sleutel in SPREIDING_STANDAARD:
            self.fields[f"spreiding_{sleutel}"] = PercentagesField(
                label=_("Spreiding %(s)s (jaar 1/2/3, %%)") % {"s": sleutel},
                widget=forms.TextInput(TEKST),
            )

    def instroomrijen(self):
        """The inflow fields per cohort, for a table in the template."""
        return [
            (
                cohort,
                [self[f"instroom_{cohort}_{d}"] for d in PAKKET],
                self[f"taakstelling_{cohort}"],
            )
            for cohort in self.cohorten
        ]

    @property
    def startjaar_getoond(self) -> int:
        """The first prognosis year the inflow table was built for (sent back as a hidden field)."""
        return self.cohorten[self.COHORTEN_VOOR]

    def clean(self):
        data = super().clean()
        getoond = self.data.get("startjaar_getoond")
        if getoond and data.get("startjaar") and str(data["startjaar"]) != getoond:
            # The inflow table belongs to other cohorts now: show it again before saving.
            self.add_error(
                "startjaar",
                _(
                    "U heeft het eerste prognosejaar gewijzigd. De instroomtabel toont nu de "
                    "cohorten bij %(jaar)s: controleer de instroom en sla opnieuw op."
                )
                % {"jaar": data["startjaar"]},
            )
        volledig = all(data.get(f"mix_{r}") is not None for r in ROUTES)
        if volledig and (fout := routemix_fout(self._routemix(data))):
            self.add_error(f"mix_{ROUTES[0]}", fout)
        for cohort in self.cohorten:
            taak = data.get(f"taakstelling_{cohort}")
            if (
                taak
                and data.get(f"instroom_{cohort}_asiel") is None
                and data.get("aandeel_plichtig") is None
            ):
                self.add_error(
                    "aandeel_plichtig",
                    _(
                        "Vul het aandeel inburgeringsplichtig in: cohort %(c)s heeft alleen "
                        "een taakstelling."
                    )
                    % {"c": cohort},
                )
        return data

    @staticmethod
    def _routemix(data) -> dict:
        return {r: data.get(f"mix_{r}") or Decimal("0") for r in (*ROUTES, GEEN_ROUTE)}

    def aannames(self) -> Aannames:
        d = self.cleaned_data
        instroom = {}
        for cohort in self.cohorten:
            aantallen = {
                doelgroep: d.get(f"instroom_{cohort}_{doelgroep}") or 0 for doelgroep in PAKKET
            }
            if d.get(f"instroom_{cohort}_asiel") is None and d.get(f"taakstelling_{cohort}"):
                aantallen["asiel"] = instroom_uit_taakstelling(
                    d[f"taakstelling_{cohort}"], d["aandeel_plichtig"]
                )
            instroom[cohort] = aantallen
        return Aannames(
            startjaar=d["startjaar"],
            instroom=instroom,
            routemix=self._routemix(d),
            prijzen={s: d[f"prijs_{s}"] for s in (*ROUTES, *VOORZIENINGEN)},
            spreiding={s: d[f"spreiding_{s}"] for s in SPREIDING_STANDAARD},
            trajectbedrag=d["trajectbedrag"],
            betaalritmes=self.betaalritmes,
            bedrag_gezin=d["bedrag_gezin"],
            bedrag_overig=d["bedrag_overig"],
            bedrag_onderwijsroute=d["bedrag_onderwijsroute"],
            uitvoering_budget=d["uitvoering_budget"],
            uitvoering_kosten=d["uitvoering_kosten"],
            reservering_cap=d["reservering_cap"] / 100,
        )

    def aannames_json(self) -> dict:
        gegevens = naar_json(self.aannames())
        gegevens["aandeel_plichtig"] = str(self.cleaned_data.get("aandeel_plichtig") or "")
        gegevens["taakstelling"] = {
            str(c): self.cleaned_data.get(f"taakstelling_{c}")
            for c in self.cohorten
            if self.cleaned_data.get(f"taakstelling_{c}")
        }
        return gegevens


def scenario_initial(aannames: dict) -> dict:
    """Form initial values from stored assumptions (the JSON of rapportage.scenario.naar_json)."""
    initial = {
        "startjaar": aannames["startjaar"],
        "trajectbedrag": Decimal(aannames["trajectbedrag"]),
        "bedrag_gezin": Decimal(aannames["bedrag_gezin"]),
        "bedrag_overig": Decimal(aannames["bedrag_overig"]),
        "bedrag_onderwijsroute": Decimal(aannames["bedrag_onderwijsroute"]),
        "reservering_cap": Decimal(aannames.get("reservering_cap", "1")) * 100,
        "uitvoering_budget": Decimal(aannames.get("uitvoering_budget", "0")),
        "uitvoering_kosten": Decimal(aannames.get("uitvoering_kosten", "0")),
        "aandeel_plichtig": aannames.get("aandeel_plichtig") or None,
    }
    taakstelling = aannames.get("taakstelling", {})
    for cohort, aantallen in aannames["instroom"].items():
        for doelgroep, n in aantallen.items():
            initial[f"instroom_{cohort}_{doelgroep}"] = n
        if cohort in taakstelling:
            initial[f"taakstelling_{cohort}"] = taakstelling[cohort]
            initial.pop(f"instroom_{cohort}_asiel", None)
    for route, p in aannames["routemix"].items():
        initial[f"mix_{route}"] = Decimal(p)
    for soort, p in aannames["prijzen"].items():
        initial[f"prijs_{soort}"] = Decimal(p)
    for sleutel, p in aannames["spreiding"].items():
        initial[f"spreiding_{sleutel}"] = "/".join(procent_tekst(x) for x in p)
    return initial


def standaard_aannames(*, startjaar: int, instroom: dict, parameters: dict, uitvoering) -> dict:
    """Initial values of a new scenario: national figures and the register's own inflow."""
    return {
        "startjaar": startjaar,
        "instroom": {str(c): a for c, a in instroom.items()},
        "routemix": {
            **{r: str(p) for r, p in ROUTEMIX_LANDELIJK.items()},
            GEEN_ROUTE: str(GEEN_ROUTE_LANDELIJK),
        },
        "prijzen": {s: f"{p:.2f}" for s, p in PRIJZEN_LANDELIJK.items()},
        "spreiding": {s: [str(x) for x in p] for s, p in SPREIDING_STANDAARD.items()},
        "trajectbedrag": parameters.get("trajectbedrag", "15500.00"),
        "bedrag_gezin": parameters.get("gezin", "700.00"),
        "bedrag_overig": parameters.get("overig", "700.00"),
        "bedrag_onderwijsroute": parameters.get("onderwijsroute", "5000.00"),
        "reservering_cap": "1",
        "uitvoering_budget": f"{uitvoering.budget:.2f}" if uitvoering else "0.00",
        "uitvoering_kosten": f"{uitvoering.kosten:.2f}" if uitvoering else "0.00",
        "betaalritmes": [],
    }
