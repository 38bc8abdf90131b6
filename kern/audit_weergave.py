"""Showing an audit record to a person: field labels and values the way a Dutch reader expects.

The trail stores raw values (ISO dates, amounts as "1234.50", choice codes); this module turns
them into "01-03-2024", "€ 1.234,50" and "Asielstatushouder", using the model's own field
definitions where the model is known. The stored JSON is never changed.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit import is_geheim
from .opmaak import euro

LEEG = "—"


@dataclass(frozen=True)
class Veldwijziging:
    veld: str
    label: str
    oud: str
    nieuw: str


@cache
def _modellen() -> dict[str, type[models.Model]]:
    return {model._meta.model_name: model for model in apps.get_models()}


def model_voor(object_type: str) -> type[models.Model] | None:
    return _modellen().get(object_type)


def soort_label(object_type: str) -> str:
    """ "verplichting" -> "Verplichting" (the model's verbose name), unknown types as stored."""
    model = model_voor(object_type)
    naam = str(model._meta.verbose_name) if model else object_type.replace("_", " ")
    return naam[:1].upper() + naam[1:]


# Values a service writes into a record's trail although the record's model has no such field:
# (object type, name) -> the (model, field) that does hold the value, for its label and format.
# A vrijval closes the verplichting; the released amount is stored on the Verplichtingsmutatie.
AFGELEIDE_VELDEN: dict[tuple[str, str], tuple[str, str]] = {
    ("verplichting", "vrijgevallen"): ("verplichtingsmutatie", "vrijgevallen"),
}


def _veld(model, naam: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(naam)
    except Exception:  # noqa: BLE001 - a field that no longer exists is shown by its stored name
        bron = AFGELEIDE_VELDEN.get((model._meta.model_name, naam))
        return _veld(model_voor(bron[0]), bron[1]) if bron else None


def formatteer_bedrag(bedrag: Decimal) -> str:
    return euro(bedrag)


def formatteer_waarde(waarde, veld: models.Field | None = None) -> str:
    if waarde is None or waarde == "":
        return LEEG
    if isinstance(waarde, bool):
        return str(_("ja") if waarde else _("nee"))
    if veld is not None and veld.choices:
        keuzes = {str(k): v for k, v in veld.flatchoices}
        if str(waarde) in keuzes:
            return str(keuzes[str(waarde)])
    if isinstance(veld, models.DecimalField):
        try:
            return formatteer_bedrag(Decimal(str(waarde)))
        except InvalidOperation:
            return str(waarde)
    if isinstance(veld, models.DateTimeField) and isinstance(waarde, str):
        try:
            return datetime.fromisoformat(waarde).strftime("%d-%m-%Y %H:%M")
        except ValueError:
            return waarde
    if isinstance(veld, models.DateField) and isinstance(waarde, str):
        try:
            return date.fromisoformat(waarde[:10]).strftime("%d-%m-%Y")
        except ValueError:
            return waarde
    if isinstance(waarde, dict | list):
        return ", ".join(str(w) for w in waarde) if isinstance(waarde, list) else str(waarde)
    return str(waarde)


def veldwijzigingen(object_type: str, wijzigingen: dict) -> list[Veldwijziging]:
    """Per changed field: its label and the old and new value, formatted for reading."""
    model = model_voor(object_type)
    regels = []
    for naam, waarden in (wijzigingen or {}).items():
        if is_geheim(naam):
            continue
        veld = _veld(model, naam)
        label = str(veld.verbose_name) if veld is not None else naam.replace("_", " ")
        if not isinstance(waarden, dict):
            waarden = {"oud": None, "nieuw": waarden}
        regels.append(
            Veldwijziging(
                veld=naam,
                label=label[:1].upper() + label[1:],
                oud=formatteer_waarde(waarden.get("oud"), veld),
                nieuw=formatteer_waarde(waarden.get("nieuw"), veld),
            )
        )
    return regels


def als_tekst(object_type: str, wijzigingen: dict) -> str:
    """One line per field, "Bedrag: € 1.000,00 → € 1.200,00", for the export and the table."""
    return "\n".join(
        f"{w.label}: {w.oud} → {w.nieuw}" for w in veldwijzigingen(object_type, wijzigingen)
    )
