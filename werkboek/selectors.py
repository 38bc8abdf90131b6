"""What a gemeente already has, loaded once per import in a fixed number of queries.

The checks compare every workbook row with this snapshot by natural key, so an import never
queries per row.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from inburgering.codes import STANDAARD_VOORZIENINGEN
from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Verplichting,
    Voorziening,
)
from kern.models import Gemeente
from spuk.models import Beschikking, Ontvangst, Parameter
from uitvoering.models import Kostenregel, Uitvoeringsbudget


@dataclass
class Bestaand:
    gemeente: Gemeente | None = None
    inburgeraars: dict[str, Inburgeraar] = field(default_factory=dict)
    kenmerk_van_bsn: dict[str, str] = field(default_factory=dict)  # zoeksleutel -> kenmerk
    statussen: dict[str, list[Statuswijziging]] = field(default_factory=dict)
    aanbieders: dict[str, Aanbieder] = field(default_factory=dict)
    # code -> classificatie; a new gemeente gets the default catalogue when it is created
    classificaties: dict[str, str] = field(default_factory=dict)
    verplichtingen: dict[str, Verplichting] = field(default_factory=dict)
    facturen: dict[tuple[str, str], Factuur] = field(default_factory=dict)
    facturen_per_verplichting: dict[str, list[Factuur]] = field(default_factory=dict)
    parameters: dict[tuple, Parameter] = field(default_factory=dict)
    beschikkingen: Counter = field(default_factory=Counter)
    ontvangsten: Counter = field(default_factory=Counter)
    budgetten: dict[int, Uitvoeringsbudget] = field(default_factory=dict)
    kosten: dict[tuple, Kostenregel] = field(default_factory=dict)


def beschikking_sleutel(regeling, jaar, soort, datum, bedrag) -> tuple:
    return (regeling, jaar, soort, datum, bedrag)


def ontvangst_sleutel(regeling, jaar, datum, soort, bedrag) -> tuple:
    return (regeling, jaar, datum, soort, bedrag)


def bestaande_gegevens(gemeente: Gemeente | None) -> Bestaand:
    if gemeente is None:
        return Bestaand(
            classificaties={code: c for code, (_, c) in STANDAARD_VOORZIENINGEN.items()}
        )
    g = gemeente
    inburgeraars = {i.kenmerk: i for i in Inburgeraar.objects.filter(gemeente=g)}
    statussen: dict[str, list] = defaultdict(list)
    for s in Statuswijziging.objects.filter(inburgeraar__gemeente=g).select_related("inburgeraar"):
        statussen[s.inburgeraar.kenmerk].append(s)
    verplichtingen = {
        v.nummer: v
        for v in Verplichting.objects.filter(gemeente=g).select_related(
            "inburgeraar", "aanbieder", "voorziening", "vervangt"
        )
    }
    facturen = {}
    per_verplichting: dict[str, list] = defaultdict(list)
    for f in Factuur.objects.filter(gemeente=g).select_related("aanbieder", "verplichting"):
        facturen[(f.aanbieder.naam, f.factuurnummer)] = f
        per_verplichting[f.verplichting.nummer].append(f)
    return Bestaand(
        gemeente=g,
        inburgeraars=inburgeraars,
        kenmerk_van_bsn={
            i.bsn_zoeksleutel: k for k, i in inburgeraars.items() if i.bsn_zoeksleutel
        },
        statussen=dict(statussen),
        aanbieders={a.naam: a for a in Aanbieder.objects.filter(gemeente=g)},
        classificaties=dict(
            Voorziening.objects.filter(gemeente=g).values_list("code", "classificatie")
        ),
        verplichtingen=verplichtingen,
        facturen=facturen,
        facturen_per_verplichting=dict(per_verplichting),
        parameters={
            (p.jaar, p.categorie, p.inburgeringsjaar): p
            for p in Parameter.objects.filter(gemeente=g)
        },
        beschikkingen=Counter(
            beschikking_sleutel(*r)
            for r in Beschikking.objects.filter(gemeente=g).values_list(
                "regeling", "jaar", "soort", "datum", "bedrag"
            )
        ),
        ontvangsten=Counter(
            ontvangst_sleutel(*r)
            for r in Ontvangst.objects.filter(gemeente=g).values_list(
                "regeling", "jaar", "datum", "soort", "bedrag"
            )
        ),
        budgetten={b.jaar: b for b in Uitvoeringsbudget.objects.filter(gemeente=g)},
        kosten={
            (k.jaar, k.soort, k.omschrijving): k for k in Kostenregel.objects.filter(gemeente=g)
        },
    )
