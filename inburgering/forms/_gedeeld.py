"""What the forms of this app share: widget classes, Dutch messages for the standard
errors and the one-time token base (kern/eenmalig.py)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from kern import eenmalig as kern_eenmalig

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


def vandaag() -> date:
    return date.today()
