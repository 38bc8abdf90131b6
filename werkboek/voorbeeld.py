"""The preview of an import, row by row: per sheet the rows that will be created or changed,
with the row's key (kenmerk, nummer, ...) and what changes, in the words and formats of the
audit trail (kern.audit_weergave). Stored with the ImportRun as plain text, so the page needs
neither the file nor a query per row; a BSN appears only masked, as everywhere else.
"""

from decimal import Decimal
from typing import Any

from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Tarief,
    Verplichting,
    Voorziening,
)
from kern.audit_weergave import LEEG, formatteer_waarde
from kern.invoer import maskeer_bsn
from kern.models import Gemeente
from spuk.models import Beschikking, Ontvangst, Parameter
from uitvoering.models import Kostenregel, Uitvoeringsbudget

from . import formaat as f
from .controle import verplichting_waarden
from .plan import AANMAKEN, BIJWERKEN, Plan

# Rows listed per sheet; the page says how many more there are.
MAX_PER_TABBLAD = 10

# Per sheet: the model its rows become and the columns that name a row.
TABBLAD_MODEL: dict[str, tuple[type, tuple[str, ...]]] = {
    f.GEMEENTE.naam: (Gemeente, ("code",)),
    f.PARAMETERS.naam: (Parameter, ("jaar", "categorie", "inburgeringsjaar")),
    f.INBURGERAARS.naam: (Inburgeraar, ("kenmerk",)),
    f.STATUSWIJZIGINGEN.naam: (Statuswijziging, ("kenmerk", "datum")),
    f.AANBIEDERS.naam: (Aanbieder, ("naam",)),
    f.VERPLICHTINGEN.naam: (Verplichting, ("nummer",)),
    f.FACTUREN.naam: (Factuur, ("factuurnummer",)),
    f.BESCHIKKINGEN.naam: (Beschikking, ("regeling", "jaar", "soort")),
    f.ONTVANGSTEN.naam: (Ontvangst, ("regeling", "jaar", "datum")),
    f.UITVOERINGSBUDGET.naam: (Uitvoeringsbudget, ("jaar",)),
    f.UITVOERINGSKOSTEN.naam: (Kostenregel, ("jaar", "omschrijving")),
    f.TARIEVEN.naam: (Tarief, ("aanbieder_naam", "voorziening_code", "geldig_van")),
    f.VOORZIENINGEN_TABBLAD.naam: (Voorziening, ("code",)),
}

# Workbook names of a related record -> the model field that holds it (its label).
VERWIJZINGEN = {
    "inburgeraar_kenmerk": "inburgeraar",
    "kenmerk": "inburgeraar",
    "voorziening_code": "voorziening",
    "aanbieder_naam": "aanbieder",
    "verplichting_nummer": "verplichting",
    "vervangt_nummer": "vervangt",
}
# Values a new row gets from an empty cell: not listed for a new row.
STANDAARD = {("stelsel", "Wi2021")}
# Never shown: the BSN is shown masked under its own label, its search hash never.
VERBORGEN = {"bsn", "bsn_zoeksleutel"}


def _veld(model, naam: str):
    try:
        return model._meta.get_field(VERWIJZINGEN.get(naam, naam))
    except Exception:  # noqa: BLE001 - a workbook column without a model field: shown as named
        return None


def _label(model, naam: str) -> str:
    veld = _veld(model, naam)
    tekst = str(veld.verbose_name) if veld is not None else naam.replace("_", " ")
    return tekst[:1].upper() + tekst[1:]


def _waarde(model, naam: str, waarde: Any) -> str:
    veld = None if naam in VERWIJZINGEN else _veld(model, naam)
    return formatteer_waarde(waarde, veld, naam)


def _oude_waarden(tabblad: str, bestaand) -> dict[str, Any]:
    if bestaand is None:
        return {}
    if tabblad == f.VERPLICHTINGEN.naam:
        return verplichting_waarden(bestaand) | {"classificatie": bestaand.classificatie}
    return {k: v for k, v in vars(bestaand).items() if not k.startswith("_")}


def _wijzigingen(tabblad: str, model, regel) -> list[str]:
    g, sleutel = regel.gegevens, TABBLAD_MODEL[tabblad][1]
    regels = []
    if regel.actie == AANMAKEN:
        for naam, waarde in g.items():
            if naam in sleutel or naam in VERBORGEN or waarde in (None, ""):
                continue
            if naam == "btw_compensabel" and not g.get("btw"):
                continue
            if (naam, waarde) in STANDAARD or (
                naam == "vestigingsdatum" and waarde == g.get("startdatum")
            ):
                continue  # the default of an empty cell says nothing new
            if isinstance(waarde, Decimal) and not waarde and naam != "bedrag":
                continue  # "Btw: € 0,00" on every new invoice says nothing
            regels.append(f"{_label(model, naam)}: {_waarde(model, naam, waarde)}")
        if g.get("bsn"):
            regels.append(f"BSN: {maskeer_bsn(g['bsn'])}")
        return regels
    oud = _oude_waarden(tabblad, regel.bestaand)
    for naam, waarde in g.items():
        if naam in sleutel or naam in VERBORGEN:
            continue
        if naam in oud and oud[naam] == waarde:
            continue
        nieuw = _waarde(model, naam, waarde)
        if naam in oud:
            regels.append(f"{_label(model, naam)}: {_waarde(model, naam, oud[naam])} → {nieuw}")
        elif regel.bestaand is None:  # the old value is not kept with the row (Voorzieningen)
            regels.append(f"{_label(model, naam)}: {nieuw}")
    if g.get("bsn_zoeksleutel") and g["bsn_zoeksleutel"] != oud.get("bsn_zoeksleutel"):
        regels.append(f"BSN: {oud.get('bsn_gemaskeerd') or LEEG} → {maskeer_bsn(g['bsn'])}")
    return regels


def sleutel_label(tabblad: str) -> str:
    """The heading of the column that names a row: "Kenmerk", "Regeling, jaar en soort"."""
    model, sleutel = TABBLAD_MODEL[tabblad]
    labels = [_label(model, k) for k in sleutel]
    if len(labels) == 1:
        return labels[0]
    woorden = [labels[0]] + [label.lower() for label in labels[1:]]
    return f"{', '.join(woorden[:-1])} en {woorden[-1]}"


def voorbeeld(plan: Plan, maximum: int = MAX_PER_TABBLAD) -> dict[str, list[dict]]:
    """Per sheet the first `maximum` rows that create or change something:
    {"rij": 5, "actie": "aanmaken", "sleutel": "K-0001", "wijzigingen": ["Doelgroep: ..."]}."""
    uitkomst: dict[str, list[dict]] = {}
    for tabblad, per_rij in plan.regels.items():
        model, sleutel = TABBLAD_MODEL[tabblad]
        rijen = []
        for regel in per_rij:
            if regel.actie not in (AANMAKEN, BIJWERKEN):
                continue
            if len(rijen) == maximum:
                break
            rijen.append(
                {
                    "rij": regel.rij,
                    "actie": regel.actie,
                    "sleutel": " · ".join(
                        _waarde(model, k, regel.gegevens.get(k))
                        for k in sleutel
                        if regel.gegevens.get(k) not in (None, "")
                    ),
                    "wijzigingen": _wijzigingen(tabblad, model, regel),
                }
            )
        if rijen:
            uitkomst[tabblad] = rijen
    return uitkomst
