"""The workbook format of shared/contract/WERKBOEK.md: sheets, columns and codes, in one place.

The reader, the checks, the template and the export all take their names from here, so a
sheet or column name exists exactly once in the code.
"""

from dataclasses import dataclass

from inburgering.codes import (
    STANDAARD_VOORZIENINGEN,
    Doelgroep,
    Financiering,
    Leerroute,
    Status,
    Stelsel,
)

DOELGROEPEN = tuple(Doelgroep.values)
LEERROUTES = tuple(Leerroute.values)
STATUSSEN = tuple(Status.values)
STELSELS = tuple(Stelsel.values)
CLASSIFICATIES = ("spuk", "uitvoering")
FINANCIERINGEN = tuple(Financiering.values)
REGELINGEN_SPUK = ("SPUK-IV", "SPUK-OR")
VOORZIENINGEN = tuple(STANDAARD_VOORZIENINGEN)
CATEGORIEEN = (
    "asiel",
    "gezin",
    "overig",
    "onderwijsroute",
    "trajectbedrag",
    "or_landelijk_budget",
    "or_landelijk_aantal",
)
BESCHIKKING_SOORTEN = ("voorlopig", "nader", "definitief")
ONTVANGST_SOORTEN = ("voorschot", "nabetaling", "terugvordering")
KOSTEN_SOORTEN = ("formatie", "overig")


@dataclass(frozen=True)
class Kolom:
    """One column. `soort` says how a cell is read (see werkboek.lezen.lees_cel)."""

    naam: str
    soort: str  # tekst | code | bedrag | datum | jaar | getal | bsn | fte | kvk | janee
    verplicht: bool = False
    codes: tuple[str, ...] = ()
    max_lengte: int = 0
    minimum: int | None = None
    maximum: int | None = None
    uitleg: str = ""
    # The codes come from the gemeente's own catalogue (checked later); `codes` is then only
    # the default list offered in the template's drop-down.
    catalogus: bool = False


@dataclass(frozen=True)
class Tabblad:
    naam: str
    kolommen: tuple[Kolom, ...]
    uitleg: str
    # An optional sheet may be absent (nothing of that kind); present, the same rules hold.
    optioneel: bool = False

    @property
    def kolomnamen(self) -> tuple[str, ...]:
        return tuple(k.naam for k in self.kolommen)


def _jaar(naam: str, verplicht: bool = True, uitleg: str = "") -> Kolom:
    return Kolom(naam, "jaar", verplicht, minimum=2000, maximum=2100, uitleg=uitleg)


GEMEENTE = Tabblad(
    "Gemeente",
    (
        Kolom("code", "tekst", True, max_lengte=6, uitleg="CBS-code, bijvoorbeeld GM0397."),
        Kolom("naam", "tekst", True, max_lengte=100),
        Kolom("inwoners", "getal", minimum=0, maximum=100_000_000),
    ),
    "Precies één rij: de gemeente waar alle gegevens in dit werkboek bij horen.",
)
PARAMETERS = Tabblad(
    "Parameters",
    (
        _jaar("jaar", uitleg="Het jaar; bij trajectbedrag het cohort."),
        Kolom("categorie", "code", True, CATEGORIEEN),
        Kolom(
            "inburgeringsjaar",
            "getal",
            minimum=1,
            maximum=3,
            uitleg="1, 2 of 3 bij asiel; 1 bij gezin, overig en onderwijsroute; "
            "leeg bij trajectbedrag, or_landelijk_budget en or_landelijk_aantal.",
        ),
        Kolom("bedrag", "bedrag", True),
    ),
    "Bedragen per persoon uit de Regeling inburgering 2021.",
)
INBURGERAARS = Tabblad(
    "Inburgeraars",
    (
        Kolom("kenmerk", "tekst", True, max_lengte=50, uitleg="Uw eigen klantreferentie."),
        Kolom("doelgroep", "code", True, DOELGROEPEN),
        Kolom("startdatum", "datum", True, uitleg="Huisvesting of start van de plicht."),
        Kolom("pipdatum", "datum"),
        Kolom("leerroute", "code", codes=LEERROUTES),
        Kolom("bsn", "bsn", uitleg="Optioneel; 9 cijfers die voldoen aan de elfproef."),
        Kolom(
            "vestigingsdatum",
            "datum",
            uitleg="Kwam in deze gemeente wonen; leeg = de startdatum. Nooit vóór de startdatum.",
        ),
        Kolom("stelsel", "code", codes=STELSELS, uitleg="Leeg = Wi2021."),
    ),
    "Eén rij per inburgeraar; het kenmerk is uniek.",
)
STATUSWIJZIGINGEN = Tabblad(
    "Statuswijzigingen",
    (
        Kolom("kenmerk", "tekst", True, max_lengte=50),
        Kolom("datum", "datum", True),
        Kolom("status", "code", True, STATUSSEN),
        Kolom("leerroute", "code", codes=LEERROUTES, uitleg="Verplicht bij overstap."),
        Kolom("doelgroep", "code", codes=DOELGROEPEN, uitleg="Verplicht bij status doelgroep."),
        Kolom("toelichting", "tekst", max_lengte=2000),
    ),
    "De statusgeschiedenis per inburgeraar, van oud naar nieuw.",
)
AANBIEDERS = Tabblad(
    "Aanbieders",
    (Kolom("naam", "tekst", True, max_lengte=150), Kolom("kvk", "kvk")),
    "Eén rij per aanbieder; de naam is uniek.",
)
VERPLICHTINGEN = Tabblad(
    "Verplichtingen",
    (
        Kolom("nummer", "tekst", True, max_lengte=50),
        Kolom("kenmerk", "tekst", max_lengte=50, uitleg="Leeg bij een groepscontract."),
        Kolom("voorziening", "code", True, VOORZIENINGEN, catalogus=True),
        Kolom("aanbieder", "tekst", True, max_lengte=150),
        Kolom("bedrag", "bedrag", True),
        Kolom("datum", "datum", True),
        Kolom("financiering", "code", True, FINANCIERINGEN),
        _jaar("cohort", verplicht=False, uitleg="Verplicht als kenmerk leeg is."),
        Kolom("gesloten_op", "datum"),
        Kolom(
            "vervangt",
            "tekst",
            max_lengte=50,
            uitleg="Nummer van de verplichting die deze voortzet (herfinanciering).",
        ),
    ),
    "Eén rij per verplichting; het nummer is uniek.",
)
FACTUREN = Tabblad(
    "Facturen",
    (
        Kolom("factuurnummer", "tekst", True, max_lengte=50),
        Kolom("verplichting", "tekst", True, max_lengte=50),
        Kolom("datum", "datum", True),
        Kolom("bedrag", "bedrag", True, uitleg="Negatief voor een creditfactuur."),
        _jaar(
            "boekjaar",
            verplicht=False,
            uitleg="Leeg: het jaar van de factuurdatum. Anders dat jaar of het jaar ervoor.",
        ),
        Kolom("btw", "bedrag", uitleg="De btw in het bedrag; leeg = 0. Zelfde teken."),
        Kolom("btw_compensabel", "janee", codes=("ja", "nee"), uitleg="Leeg = ja als er btw is."),
    ),
    "Eén rij per factuur; het factuurnummer is uniek per aanbieder.",
)
BESCHIKKINGEN = Tabblad(
    "Beschikkingen",
    (
        Kolom("regeling", "code", True, REGELINGEN_SPUK),
        _jaar("jaar"),
        Kolom("soort", "code", True, BESCHIKKING_SOORTEN),
        Kolom("datum", "datum", True),
        Kolom("bedrag", "bedrag", True),
    ),
    "De beschikkingen van SZW per regeling en jaar.",
)
ONTVANGSTEN = Tabblad(
    "Ontvangsten",
    (
        Kolom("regeling", "code", True, REGELINGEN_SPUK),
        _jaar("jaar"),
        Kolom("datum", "datum", True),
        Kolom("soort", "code", True, ONTVANGST_SOORTEN),
        Kolom("bedrag", "bedrag", True, uitleg="Negatief bij een terugvordering."),
    ),
    "Betalingen van (en terugbetalingen aan) SZW.",
)
UITVOERINGSBUDGET = Tabblad(
    "Uitvoeringsbudget",
    (_jaar("jaar"), Kolom("bedrag", "bedrag", True)),
    "Het uitvoeringsbudget uit het gemeentefonds, één rij per jaar.",
)
UITVOERINGSKOSTEN = Tabblad(
    "Uitvoeringskosten",
    (
        _jaar("jaar"),
        Kolom("soort", "code", True, KOSTEN_SOORTEN),
        Kolom("omschrijving", "tekst", True, max_lengte=200),
        Kolom("fte", "fte", uitleg="Verplicht bij formatie."),
        Kolom("kosten_per_fte", "bedrag", uitleg="Verplicht bij formatie."),
        Kolom("bedrag", "bedrag", uitleg="Verplicht bij overig; bij formatie fte x kosten."),
    ),
    "Formatie en overige uitvoeringskosten per jaar.",
)

TARIEVEN = Tabblad(
    "Tarieven",
    (
        Kolom("aanbieder", "tekst", True, max_lengte=150),
        Kolom("voorziening", "code", True, VOORZIENINGEN, catalogus=True),
        Kolom("bedrag", "bedrag", True),
        Kolom("geldig_van", "datum", True, uitleg="Het tarief geldt tot het volgende ingaat."),
    ),
    "Optioneel. De tarieven per aanbieder en voorziening; een tarief geldt tot het volgende "
    "tarief van dezelfde aanbieder en voorziening ingaat.",
    optioneel=True,
)

VOORZIENINGEN_TABBLAD = Tabblad(
    "Voorzieningen",
    (
        Kolom("code", "code", True, VOORZIENINGEN, catalogus=True),
        # Read as text and checked by inburgering.regels.classificatie_fout (the same message
        # as the browser); the codes give the template its drop-down list.
        Kolom("classificatie", "tekst", True, CLASSIFICATIES, max_lengte=20),
    ),
    "Optioneel: de eigen classificatie van de gemeente, toegepast vóór alle andere rijen.",
    optioneel=True,
)

TABBLADEN: tuple[Tabblad, ...] = (
    GEMEENTE,
    PARAMETERS,
    INBURGERAARS,
    STATUSWIJZIGINGEN,
    AANBIEDERS,
    VERPLICHTINGEN,
    FACTUREN,
    BESCHIKKINGEN,
    ONTVANGSTEN,
    UITVOERINGSBUDGET,
    UITVOERINGSKOSTEN,
    TARIEVEN,
    VOORZIENINGEN_TABBLAD,
)
TABBLAD_NAMEN = tuple(t.naam for t in TABBLADEN)
