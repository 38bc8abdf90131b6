from django import forms
from django.utils.translation import gettext_lazy as _

from kern.eenmalig import EenmaligFormulier
from kern.forms import PeriodeDatumField


class ExportForm(EenmaligFormulier):
    van = PeriodeDatumField(label=_("Van"))
    tot = PeriodeDatumField(label=_("Tot en met"))
    formaat = forms.ChoiceField(
        label=_("Formaat"), choices=[("xlsx", "Excel (xlsx)"), ("csv", "CSV")], initial="xlsx"
    )

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("van") and gegevens.get("tot") and gegevens["tot"] < gegevens["van"]:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return gegevens


class IndelingForm(EenmaligFormulier):
    kolommen = forms.CharField(
        label=_("Kolommen"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "utrecht-textarea"}),
        help_text=_("Eén kolom per regel: 'Kop = veld'."),
    )
    scheidingsteken = forms.ChoiceField(
        label=_("Scheidingsteken (csv)"), choices=[(";", "puntkomma ;"), (",", "komma ,")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rekening form on the same page carries a token too: ids stay unique.
        self.fields["formtoken"].widget.attrs["id"] = "id_indeling_formtoken"


class RekeningForm(EenmaligFormulier):
    rekening = forms.CharField(
        label=_("Rekening"),
        max_length=40,
        help_text=_("Een neutrale rekening (crediteuren) of een familie (cohort, obligo)."),
    )
    grootboekrekening = forms.CharField(label=_("Grootboekrekening"), max_length=30, required=False)
    kostenplaats = forms.CharField(label=_("Kostenplaats"), max_length=30, required=False)
    taakveld = forms.CharField(label=_("Taakveld"), max_length=30, required=False)
