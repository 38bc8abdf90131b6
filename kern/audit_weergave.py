"""Showing an audit record to a person: field labels and values the way a Dutch reader expects.

The trail stores raw values (ISO dates, amounts as "1234.50", choice codes); this module turns
them into "01-03-2024", "€ 1.234,50" and "Asielstatushouder", using the model's own field
definitions where the model is known. The stored JSON is never changed.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import is_geheim
from .opmaak import euro, nederlands_getal

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
# (object type, name) -> the (model, field) that does hold the value, for its format.
# A vrijval closes the verplichting; the released amount is stored on the Verplichtingsmutatie,
# and a change of amount names the kind of mutation (a code of Verplichtingsmutatie.soort).
AFGELEIDE_VELDEN: dict[tuple[str, str], tuple[str, str]] = {
    ("verplichting", "vrijgevallen"): ("verplichtingsmutatie", "vrijgevallen"),
    ("verplichting", "mutatie"): ("verplichtingsmutatie", "soort"),
}


def _eigen_veld(model, naam: str) -> models.Field | None:
    try:
        return model._meta.get_field(naam)
    except Exception:  # noqa: BLE001 - a field that no longer exists is shown by its stored name
        return None


def _veld(model, naam: str) -> models.Field | None:
    if model is None:
        return None
    veld = _eigen_veld(model, naam)
    if veld is None and (bron := AFGELEIDE_VELDEN.get((model._meta.model_name, naam))):
        bronmodel = model_voor(bron[0])
        return _eigen_veld(bronmodel, bron[1]) if bronmodel else None
    return veld


def formatteer_bedrag(bedrag: Decimal) -> str:
    return euro(bedrag)


# What kern.audit writes for values without a model field (an amount as "1234.50", a date as
# "2024-03-01", a moment as DjangoJSONEncoder's "2024-03-01T19:04:05.123Z"): recognised by form.
_BEDRAG = re.compile(r"^-?\d+\.\d{2}$")
_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_GETAL = re.compile(r"^-?\d+(\.\d+)?(E[+-]?\d+)?$", re.IGNORECASE)
# Decimal fields and stored names that hold no money: a fraction (4 decimals), a percentage, a
# share. Inside a JSON value (a scenario's assumptions) only names that say money are money.
_GEEN_GELD = ("percentage", "procent", "fractie", "cap", "aandeel", "mix", "spreiding")
_GELD = ("bedrag", "prij", "budget", "kosten")


def _lijkt_geld(naam: str, in_json: bool) -> bool:
    naam = naam.lower()
    if any(w in naam for w in _GEEN_GELD):
        return False
    return any(w in naam for w in _GELD) if in_json else True


def _getal(waarde) -> str:
    """30, 38,5 or 0,3: no exponent ("3E+1") and no trailing zeros."""
    tekst = format(Decimal(str(waarde)).normalize(), "f")
    if "." not in tekst:
        return nederlands_getal(Decimal(tekst), 0)
    return nederlands_getal(Decimal(tekst), len(tekst.split(".")[1]))


def _is_geld(veld: models.DecimalField) -> bool:
    tekst = f"{veld.name} {veld.verbose_name}".lower()
    return veld.decimal_places == 2 and not any(w in tekst for w in _GEEN_GELD)


def _moment(tekst: str) -> str:
    """A stored moment (UTC in the JSON) as the reader's clock shows it: Europe/Amsterdam."""
    moment = datetime.fromisoformat(tekst.replace("Z", "+00:00"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _als_datum_of_moment(tekst: str) -> str | None:
    try:
        if _DATUM.match(tekst):
            return date.fromisoformat(tekst).strftime("%d-%m-%Y")
        if _MOMENT.match(tekst):
            return _moment(tekst)
    except ValueError:
        return None
    return None


def formatteer_waarde(
    waarde, veld: models.Field | None = None, naam: str = "", in_json: bool = False
) -> str:
    """One stored value as text; `naam` is the stored name, for values without a model field."""
    if waarde is None or waarde == "":
        return LEEG
    if isinstance(waarde, bool):
        return str(_("ja") if waarde else _("nee"))
    if isinstance(waarde, dict):
        # A JSON field (a column mapping, a scenario's assumptions): "naam: waarde" per key.
        delen = []
        for sleutel, w in waarde.items():
            tekst = formatteer_waarde(w, naam=f"{naam} {sleutel}", in_json=True)
            delen.append(f"{sleutel}: ({tekst})" if isinstance(w, dict) else f"{sleutel}: {tekst}")
        return "; ".join(delen) or LEEG
    if isinstance(waarde, list):
        return ", ".join(formatteer_waarde(w, naam=naam, in_json=True) for w in waarde) or LEEG
    if veld is not None and veld.choices:
        keuzes = {str(k): v for k, v in veld.flatchoices}
        if str(waarde) in keuzes:
            return str(keuzes[str(waarde)])
    if isinstance(veld, models.DecimalField):
        try:
            bedrag = Decimal(str(waarde))
        except InvalidOperation:
            return str(waarde)
        return formatteer_bedrag(bedrag) if _is_geld(veld) else _getal(bedrag)
    if isinstance(waarde, datetime):
        return _moment(waarde.isoformat())
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, str) and (
        veld is None or isinstance(veld, models.DateField | models.CharField)
    ):
        leesbaar = (
            _als_datum_of_moment(waarde)
            if veld is None or isinstance(veld, models.DateField)
            else None
        )
        if leesbaar is not None:
            return leesbaar
        if veld is None and _BEDRAG.match(waarde) and _lijkt_geld(naam, in_json):
            # kern.audit writes every Decimal with two decimals: without a field it is money.
            return formatteer_bedrag(Decimal(waarde))
        if veld is None and _GETAL.match(waarde) and (in_json or "E" in waarde.upper()):
            return _getal(waarde)
    if isinstance(waarde, Decimal):
        return _getal(waarde)
    return str(waarde)


def veldwijzigingen(object_type: str, wijzigingen: dict) -> list[Veldwijziging]:
    """Per changed field: its label and the old and new value, formatted for reading."""
    model = model_voor(object_type)
    regels = []
    for naam, waarden in (wijzigingen or {}).items():
        if is_geheim(naam):
            continue
        veld = _veld(model, naam)
        eigen = model is not None and _eigen_veld(model, naam) is not None
        # A derived value keeps its own name ("mutatie"), not the holding field's ("soort").
        label = str(veld.verbose_name) if eigen else naam.replace("_", " ")
        if not isinstance(waarden, dict):
            waarden = {"oud": None, "nieuw": waarden}
        regels.append(
            Veldwijziging(
                veld=naam,
                label=label[:1].upper() + label[1:],
                oud=formatteer_waarde(waarden.get("oud"), veld, naam),
                nieuw=formatteer_waarde(waarden.get("nieuw"), veld, naam),
            )
        )
    return regels


def als_tekst(object_type: str, wijzigingen: dict) -> str:
    """One line per field, "Bedrag: € 1.000,00 → € 1.200,00", for the export and the table."""
    return "\n".join(
        f"{w.label}: {w.oud} → {w.nieuw}" for w in veldwijzigingen(object_type, wijzigingen)
    )
