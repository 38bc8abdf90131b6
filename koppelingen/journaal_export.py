"""The journal export for the finance system: csv or xlsx, columns from the gemeente's own
layout (Exportindeling). An entry is exported once: the export marks it, and a later export of
the same period holds only what was added since (corrections included)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from kern.models import Gemeente
from kern.spreadsheet import EURO, Kolom, bewaar, nieuwe_werkmap, schrijf_blad

from .models import Exportindeling, Journaalexport, Journaalpost, Journaalregel

VELDEN = {
    "boekstuk": "post__volgnummer",
    "datum": "post__datum",
    "boekjaar": "post__boekjaar",
    "soort": "post__soort",
    "omschrijving": "post__omschrijving",
    "bron": "post__bron",
    "rekening": "rekening",
    "grootboekrekening": "grootboekrekening",
    "kostenplaats": "kostenplaats",
    "taakveld": "taakveld",
    "debet": "debet",
    "credit": "credit",
}
# Derived from debet and credit: one signed amount, or the side as D/C.
AFGELEID = {"bedrag", "dc"}
STANDAARD_KOLOMMEN = [
    ["Boekstuk", "boekstuk"],
    ["Datum", "datum"],
    ["Boekjaar", "boekjaar"],
    ["Grootboekrekening", "grootboekrekening"],
    ["Kostenplaats", "kostenplaats"],
    ["Taakveld", "taakveld"],
    ["Debet", "debet"],
    ["Credit", "credit"],
    ["Omschrijving", "omschrijving"],
    ["Bron", "bron"],
]
BEDRAGVELDEN = {"debet", "credit", "bedrag"}
BEDRAG = EURO


def indeling(gemeente) -> tuple[list[list[str]], str]:
    rij = Exportindeling.objects.filter(gemeente=gemeente).first()
    if rij is None or not rij.kolommen:
        return STANDAARD_KOLOMMEN, ";"
    return rij.kolommen, rij.scheidingsteken


def lees_indeling(tekst: str) -> list[list[str]]:
    """'Kop = veld' per line (the beheer form) -> [[kop, veld], ...]; unknown fields refused."""
    kolommen = []
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        if not regel.strip():
            continue
        kop, is_, veld = regel.partition("=")
        veld = veld.strip().lower()
        if not is_ or not kop.strip() or veld not in {*VELDEN, *AFGELEID}:
            raise ValidationError(
                {
                    "kolommen": [
                        f"Regel {nummer}: schrijf 'Kop = veld' met een veld uit "
                        f"{', '.join(sorted({*VELDEN, *AFGELEID}))}."
                    ]
                }
            )
        kolommen.append([kop.strip(), veld])
    if not kolommen:
        raise ValidationError({"kolommen": ["Geef minstens één kolom."]})
    return kolommen


def zet_indeling(*, gemeente, kolommen: list[list[str]], scheidingsteken: str = ";"):
    Exportindeling.objects.update_or_create(
        gemeente=gemeente, defaults={"kolommen": kolommen, "scheidingsteken": scheidingsteken}
    )


def exporteer(*, gemeente: Gemeente, van: date, tot: date, door=None) -> Journaalexport:
    """Marks every entry of [van, tot] not exported before with a new export."""
    if tot < van:
        raise ValidationError({"tot": ["De einddatum ligt vóór de begindatum."]})
    with transaction.atomic():
        Gemeente.objects.select_for_update().get(pk=gemeente.pk)
        export = Journaalexport.objects.create(
            gemeente=gemeente,
            van=van,
            tot=tot,
            door=door if door and door.is_authenticated else None,
        )
        aantal = Journaalpost.objects.filter(
            gemeente=gemeente, export__isnull=True, datum__gte=van, datum__lte=tot
        ).update(export=export)
        export.aantal_posten = aantal
        export.save(update_fields=["aantal_posten"])
    return export


def _rijen(export: Journaalexport, kolommen):
    velden = {VELDEN[v] for _, v in kolommen if v in VELDEN} | {"debet", "credit"}
    for rij in (
        Journaalregel.objects.filter(post__export=export)
        .order_by("post__volgnummer", "id")
        .values(*velden)
        .iterator(chunk_size=5000)
    ):
        waarden = {v: rij.get(pad) for v, pad in VELDEN.items()}
        waarden["bedrag"] = rij["debet"] - rij["credit"]
        waarden["dc"] = "D" if rij["debet"] else "C"
        yield [waarden[v] for _, v in kolommen]


def _tekst(waarde) -> str:
    if isinstance(waarde, Decimal):
        return f"{waarde:.2f}"
    if isinstance(waarde, date):
        return waarde.isoformat()
    tekst = "" if waarde is None else str(waarde)
    # A spreadsheet must never read a text cell as a formula.
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


def als_csv(export: Journaalexport) -> bytes:
    kolommen, scheiding = indeling(export.gemeente)
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=scheiding, lineterminator="\r\n")
    schrijver.writerow([_tekst(k) for k, _ in kolommen])
    for rij in _rijen(export, kolommen):
        schrijver.writerow([f"{w:.2f}" if isinstance(w, Decimal) else _tekst(w) for w in rij])
    return uit.getvalue().encode("utf-8-sig")


def als_xlsx(export: Journaalexport) -> bytes:
    """The journal for the finance system: the header is the first row (the system imports it:
    no title line), dates and amounts as real cells, an autofilter (kern.spreadsheet)."""
    kolommen, _ = indeling(export.gemeente)
    boek = nieuwe_werkmap()
    schrijf_blad(
        boek,
        "Journaal",
        [Kolom(k, opmaak=BEDRAG if v in BEDRAGVELDEN else None) for k, v in kolommen],
        ([None if w == "" else w for w in rij] for rij in _rijen(export, kolommen)),
    )
    return bewaar(boek)
