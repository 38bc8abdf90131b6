"""Reading the year's SiSa indicator list from a small xlsx (issue 13.2): code, omschrijving,
sleutel, soort, aard controle. Landelijk beheer imports it instead of retyping the codes.

The file only reaches openpyxl through the shared reader kern.xlsx_lezen, behind
kern.afscherming (zip bomb, size, macros, memory and time limits). Every problem in the rows is
collected with the row number as the spreadsheet shows it (the header is row 1) and the
column, so the beheerder fixes them all at once; rapportage.services then writes the list in
one transaction, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kern.opmaak import aantal
from kern.xlsx_lezen import lees_eerste_blad
from kern.xlsx_lezen import tekst as _tekst

from .models import SOORT_VAN_SLEUTEL, AardControle, Sleutel, Soort

# A SiSa regeling has a few dozen indicators at most; more rows means the wrong file.
MAX_RIJEN = 200
MAX_MELDINGEN = 50
KOLOMMEN = {
    "code": "code",
    "omschrijving": "omschrijving",
    "sleutel": "sleutel",
    "soort": "soort",
    "aard_controle": "aard controle",
}
_KOP_NAMEN = {
    "code": "code",
    "indicatorcode": "code",
    "omschrijving": "omschrijving",
    "sleutel": "sleutel",
    "soort": "soort",
    "aard controle": "aard_controle",
    "aard van controle": "aard_controle",
    "aardcontrole": "aard_controle",
}
_SOORTEN = {"bedrag": Soort.BEDRAG, "aantal": Soort.AANTAL, "janee": Soort.JA_NEE}
_SOORTEN["tekst"] = Soort.TEKST
_AARDEN = {"r": AardControle.R, "d1": AardControle.D1, "d2": AardControle.D2}
_AARDEN["nvt"] = AardControle.NVT
MAX_CODE = 20
MAX_OMSCHRIJVING = 300


def te_veel_rijen() -> str:
    return (
        f"Dit bestand heeft meer dan {MAX_RIJEN} indicatoren; een SiSa-regeling heeft er "
        "enkele tientallen. Controleer of u de juiste lijst koos."
    )


def lees_rijen(inhoud) -> list[list]:
    """The first sheet's rows as plain values, read behind kern.afscherming's guard by the
    shared reader (kern.xlsx_lezen); GeenWerkboek past MAX_RIJEN indicators (and the header)."""
    return lees_eerste_blad(inhoud, max_rijen=MAX_RIJEN + 1, te_veel=te_veel_rijen())


@dataclass(frozen=True)
class Indicatorregel:
    nummer: int  # as the spreadsheet shows it
    code: str
    omschrijving: str
    sleutel: str
    soort: str
    aard_controle: str


def _normaal(tekst: str) -> str:
    return "".join(t for t in tekst.casefold() if t not in " ._-/")


def _kop(rij: list) -> tuple[dict[str, int], list[str]]:
    """column -> index from the header row; the Dutch messages for missing columns."""
    kolommen: dict[str, int] = {}
    for index, waarde in enumerate(rij):
        naam = _KOP_NAMEN.get(" ".join(_tekst(waarde).casefold().replace("_", " ").split()))
        if naam and naam not in kolommen:
            kolommen[naam] = index
    ontbrekend = [KOLOMMEN[k] for k in KOLOMMEN if k not in kolommen]
    if not ontbrekend:
        return kolommen, []
    return kolommen, [
        f"Regel 1 (de kop): de kolom '{naam}' ontbreekt. Verwacht de kolommen code, "
        "omschrijving, sleutel, soort en aard controle."
        for naam in ontbrekend
    ]


def _regel(nummer: int, rij: list, kolommen: dict[str, int]) -> tuple[Indicatorregel, list]:
    def cel(naam: str) -> str:
        index = kolommen[naam]
        return _tekst(rij[index]) if index < len(rij) else ""

    fouten = []

    def fout(kolom: str, tekst: str) -> None:
        fouten.append(f"Regel {nummer}, kolom {KOLOMMEN[kolom]}: {tekst}")

    code, omschrijving, sleutel = cel("code"), cel("omschrijving"), cel("sleutel")
    if not code:
        fout("code", "de code is leeg.")
    elif len(code) > MAX_CODE:
        fout("code", f"de code '{code[:30]}' is langer dan {MAX_CODE} tekens.")
    if not omschrijving:
        fout("omschrijving", "de omschrijving is leeg.")
    elif len(omschrijving) > MAX_OMSCHRIJVING:
        fout("omschrijving", f"de omschrijving is langer dan {MAX_OMSCHRIJVING} tekens.")
    if sleutel not in Sleutel.values:
        fout(
            "sleutel",
            (f"onbekende sleutel '{sleutel[:40]}'." if sleutel else "de sleutel is leeg.")
            + f" Kies een van: {', '.join(Sleutel.values)}.",
        )
    soort_tekst = cel("soort")
    soort = _SOORTEN.get(_normaal(soort_tekst))
    if soort is None:
        fout(
            "soort",
            (f"onbekende soort '{soort_tekst[:40]}'." if soort_tekst else "de soort is leeg.")
            + " Kies bedrag, aantal, ja/nee of tekst.",
        )
    elif sleutel in SOORT_VAN_SLEUTEL and SOORT_VAN_SLEUTEL[sleutel] != soort:
        fout(
            "soort",
            f"sleutel {sleutel} is een {SOORT_VAN_SLEUTEL[sleutel].label}, geen {soort.label}.",
        )
    aard_tekst = cel("aard_controle")
    aard = _AARDEN.get(_normaal(aard_tekst))
    if aard is None:
        fout(
            "aard_controle",
            (f"onbekende aard '{aard_tekst[:20]}'." if aard_tekst else "de aard is leeg.")
            + " Kies R, D1, D2 of n.v.t.",
        )
    regel = Indicatorregel(
        nummer=nummer,
        code=code,
        omschrijving=omschrijving,
        sleutel=sleutel,
        soort=soort.value if soort else "",
        aard_controle=aard.value if aard else "",
    )
    return regel, fouten


def controleer(rijen: list[list]) -> tuple[list[Indicatorregel], list[str]]:
    """The indicators of the file, or the Dutch messages naming each bad row and column."""
    if not rijen or not any(_tekst(w) for w in rijen[0]):
        return [], [
            "Het bestand is leeg: regel 1 moet de kop zijn (code, omschrijving, "
            "sleutel, soort, aard controle)."
        ]
    kolommen, fouten = _kop(rijen[0])
    if fouten:
        return [], fouten
    regels: list[Indicatorregel] = []
    codes: dict[str, int] = {}
    sleutels: dict[str, int] = {}
    for nummer, rij in enumerate(rijen[1:], start=2):
        if not any(_tekst(w) for w in rij):
            continue  # an empty row between the indicators
        if len(regels) >= MAX_RIJEN:
            return [], [te_veel_rijen()]
        regel, rijfouten = _regel(nummer, rij, kolommen)
        if regel.code and regel.code.casefold() in codes:
            eerder = codes[regel.code.casefold()]
            rijfouten.append(
                f"Regel {nummer}, kolom code: code {regel.code} staat ook in regel {eerder}; "
                "elke code komt één keer voor."
            )
        if regel.sleutel in sleutels:
            rijfouten.append(
                f"Regel {nummer}, kolom sleutel: sleutel {regel.sleutel} staat ook in regel "
                f"{sleutels[regel.sleutel]}; elk cijfer komt één keer in de bijlage."
            )
        if regel.code:
            codes.setdefault(regel.code.casefold(), nummer)
        if regel.sleutel in Sleutel.values:
            sleutels.setdefault(regel.sleutel, nummer)
        fouten += rijfouten
        regels.append(regel)
    if not regels and not fouten:
        fouten.append("Het bestand bevat geen indicatoren onder de kop (regel 1).")
    if len(fouten) > MAX_MELDINGEN:
        fouten = [
            *fouten[:MAX_MELDINGEN],
            f"En nog {aantal(len(fouten) - MAX_MELDINGEN, 'probleem', 'problemen')}.",
        ]
    return regels, fouten
