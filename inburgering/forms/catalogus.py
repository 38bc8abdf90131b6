"""Forms of the catalogue: aanbieders, tarieven and the herclassificatie."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kern.forms import BedragField, DatumField

from .. import tariefregels as r12
from ..codes import Classificatie
from ..models import Aanbieder, Voorziening
from ._gedeeld import (
    KEUZE,
    TEKST,
    TEKSTVAK,
    EenmaligFormulier,
)


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
