"""'Alle gegevens exporteren': one gemeente's data in the contract format, ready to import again.

Real Excel dates and number formats; rows in a fixed order so that export, import and export
again give the same workbook. The BSN is never exported (only its masked form exists outside
this import); the column stays, empty, so the file has the template's shape.
"""

from collections.abc import Iterable

from openpyxl import Workbook

from inburgering.models import (
    Aanbieder,
    Factuur,
    Inburgeraar,
    Statuswijziging,
    Verplichting,
    Voorziening,
)
from kern.models import Gemeente
from kern.spreadsheet import DATUM, EURO, Kolom, bewaar, nieuwe_werkmap, schrijf_blad
from spuk.models import Beschikking, Ontvangst, Parameter
from uitvoering.models import Kostenregel, Uitvoeringsbudget

from . import formaat as f
from . import tarieven

# The contract fixes the first row of every sheet (the column names): no title line here, only
# the frozen header with an autofilter, real dates and amounts (kern.spreadsheet).
OPMAAK = {"datum": DATUM, "bedrag": EURO, "fte": "0.00"}


def schrijf_tabblad(werkboek: Workbook, tabblad: f.Tabblad, rijen: Iterable[tuple]) -> None:
    """A contract sheet (write-only: bounded memory). A text is a string cell: a kenmerk "=1+1"
    is exported (and re-imported) as text."""
    schrijf_blad(
        werkboek,
        tabblad.naam,
        [Kolom(k.naam, opmaak=OPMAAK.get(k.soort)) for k in tabblad.kolommen],
        ([None if w == "" else w for w in rij] for rij in rijen),
    )


def _rijen(gemeente: Gemeente) -> dict[str, Iterable[tuple]]:
    g = gemeente
    return {
        f.GEMEENTE.naam: [(g.code, g.naam, g.inwoners)],
        f.PARAMETERS.naam: Parameter.objects.filter(gemeente=g)
        .order_by("jaar", "categorie", "inburgeringsjaar")
        .values_list("jaar", "categorie", "inburgeringsjaar", "bedrag"),
        f.INBURGERAARS.naam: (
            (*r[:5], None, *r[5:])  # the bsn column stays empty: never exported
            for r in Inburgeraar.objects.filter(gemeente=g)
            .order_by("kenmerk")
            .values_list(
                "kenmerk",
                "doelgroep",
                "startdatum",
                "pipdatum",
                "leerroute",
                "vestigingsdatum",
                "stelsel",
            )
            .iterator()
        ),
        f.STATUSWIJZIGINGEN.naam: Statuswijziging.objects.filter(inburgeraar__gemeente=g)
        .order_by("inburgeraar__kenmerk", "datum", "id")
        .values_list(
            "inburgeraar__kenmerk", "datum", "status", "leerroute", "doelgroep", "toelichting"
        )
        .iterator(),
        f.AANBIEDERS.naam: Aanbieder.objects.filter(gemeente=g)
        .order_by("naam")
        .values_list("naam", "kvk"),
        f.VERPLICHTINGEN.naam: (
            # The cohort of a person's commitment follows from the person (R2): only a group
            # contract carries its own.
            (*r[:7], None if r[1] else r[7], r[8], r[9])
            for r in Verplichting.objects.filter(gemeente=g)
            .order_by("nummer")
            .values_list(
                "nummer",
                "inburgeraar__kenmerk",
                "voorziening__code",
                "aanbieder__naam",
                "bedrag",
                "datum",
                "financiering",
                "cohort",
                "gesloten_op",
                "vervangt__nummer",
            )
            .iterator()
        ),
        f.FACTUREN.naam: (
            (*r[:6], "ja" if r[6] else "nee")
            for r in Factuur.objects.filter(gemeente=g)
            .order_by("datum", "id")
            .values_list(
                "factuurnummer",
                "verplichting__nummer",
                "datum",
                "bedrag",
                "boekjaar",
                "btw",
                "btw_compensabel",
            )
            .iterator()
        ),
        f.BESCHIKKINGEN.naam: Beschikking.objects.filter(gemeente=g)
        .order_by("regeling", "jaar", "datum", "id")
        .values_list("regeling", "jaar", "soort", "datum", "bedrag"),
        f.ONTVANGSTEN.naam: Ontvangst.objects.filter(gemeente=g)
        .order_by("regeling", "jaar", "datum", "id")
        .values_list("regeling", "jaar", "datum", "soort", "bedrag")
        .iterator(),
        f.UITVOERINGSBUDGET.naam: Uitvoeringsbudget.objects.filter(gemeente=g)
        .order_by("jaar")
        .values_list("jaar", "bedrag"),
        # The whole catalogue: a round trip keeps the gemeente's own classification.
        f.VOORZIENINGEN_TABBLAD.naam: Voorziening.objects.filter(gemeente=g)
        .order_by("code")
        .values_list("code", "classificatie"),
        f.UITVOERINGSKOSTEN.naam: Kostenregel.objects.filter(gemeente=g)
        .order_by("jaar", "soort", "omschrijving")
        .values_list("jaar", "soort", "omschrijving", "fte", "kosten_per_fte", "bedrag"),
        f.TARIEVEN.naam: tarieven.exportrijen(g),
    }


def werkmap_van_gemeente(gemeente: Gemeente) -> Workbook:
    werkboek = nieuwe_werkmap()
    rijen = _rijen(gemeente)
    for tabblad in f.TABBLADEN:
        schrijf_tabblad(werkboek, tabblad, rijen[tabblad.naam])
    return werkboek


def exporteer_gemeente(gemeente: Gemeente) -> bytes:
    return bewaar(werkmap_van_gemeente(gemeente))


def exportnaam(gemeente: Gemeente, datum) -> str:
    return f"werkboek-{gemeente.code}-{datum:%Y-%m-%d}.xlsx"
