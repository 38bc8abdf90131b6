"""Forms of DUO's count check: the upload, the column mapping, the explanation; each carries the
one-time token (kern.eenmalig)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kern.afscherming import MAX_BESTAND
from kern.eenmalig import EenmaligFormulier
from kern.forms import SpreadsheetField

from .duo import EERSTE_TELJAAR, teljaar_fout
from .duo_lezen import VELDEN

TEKST = {"class": "utrecht-textbox"}
KEUZE = {"class": "utrecht-select utrecht-select--html-select"}


def _jaren():
    return [(j, str(j)) for j in range(timezone.localdate().year, EERSTE_TELJAAR - 1, -1)]


class DuoUploadForm(EenmaligFormulier):
    jaar = forms.TypedChoiceField(
        label=_("Teljaar (DUO telt op 31 december van dit jaar)"),
        coerce=int,
        choices=_jaren,
        widget=forms.Select(attrs=KEUZE),
        error_messages={
            "required": _("Kies het teljaar van DUO's lijst."),
            "invalid_choice": _("Kies een teljaar uit de lijst."),
        },
    )
    bestand = SpreadsheetField(
        label=_("Lijst van DUO (.xlsx of .csv)"),
        help_text=_("Het bestand wordt na het vergelijken weggegooid; hoogstens 20 MB."),
        accept=".xlsx,.csv,text/csv",
        max_grootte=MAX_BESTAND,
        te_groot=_("Het bestand is groter dan 20 MB; een telling van DUO is veel kleiner."),
        macro=_(
            "Een werkboek met macro's (.xlsm) wordt niet gelezen. Sla het in Excel op "
            "als 'Excel-werkmap (.xlsx)' of als csv en probeer het opnieuw."
        ),
        error_messages={
            "required": _("Kies DUO's lijst met inburgeringsplichtigen om te uploaden."),
            "empty": _("Het gekozen bestand is leeg; kies DUO's lijst."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].initial = timezone.localdate().year - 1

    def clean_jaar(self):
        jaar = self.cleaned_data["jaar"]
        if fout := teljaar_fout(jaar):
            raise forms.ValidationError(fout)
        return jaar


class DuoKolommenForm(EenmaligFormulier):
    """One text field per field of DUO's list: the heading of its column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld, label in VELDEN.items():
            self.fields[veld] = forms.CharField(
                label=label, max_length=100, required=False, widget=forms.TextInput(attrs=TEKST)
            )

    def clean(self):
        data = super().clean()
        if not (data.get("doelgroep") or "").strip():
            self.add_error("doelgroep", _("Geef de kolomkop van de doelgroep."))
        if not any((data.get(v) or "").strip() for v in ("bsn", "kenmerk")):
            self.add_error("bsn", _("Geef de kolomkop van het BSN, van het kenmerk of van beide."))
        if not any((data.get(v) or "").strip() for v in ("cohort", "datum")):
            self.add_error("cohort", _("Geef de kolomkop van het cohort of van de datum."))
        return data


class VerklaringForm(EenmaligFormulier):
    toelichting = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Waarom wijkt de telling af, en wat is eraan gedaan?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 4}),
        error_messages={"required": _("Vul een toelichting in: waarom wijkt deze telling af?")},
    )
