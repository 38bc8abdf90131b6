"""Reading a workbook: sheets and columns found by name, every cell read as its column says.

Tolerant where people are sloppy (spaces around names and values, Dutch or plain amounts, real
Excel dates or date text, empty rows), strict where it matters: a code is never guessed, an
amount never loses a cent, a row is never dropped without a problem being reported.
"""

import difflib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any

from kern import xlsx_cellen
from kern.afscherming import GeenWerkboek
from kern.invoer import OngeldigeInvoer, parse_bedrag, parse_bsn, parse_datum, parse_ja_nee

from .formaat import TABBLADEN, Kolom, Tabblad
from .problemen import Probleem, Problemenlijst

VOORTGANG_ELKE = 500


@dataclass
class Rij:
    nummer: int  # as Excel shows it
    waarden: dict[str, Any]  # column name -> read value (None when empty)
    fouten: set[str] = field(default_factory=set)  # columns whose cell could not be read

    def __getitem__(self, kolom: str):
        return self.waarden.get(kolom)

    @property
    def is_geldig(self) -> bool:
        return not self.fouten


@dataclass
class Gelezen:
    tabbladen: dict[str, list[Rij]]
    problemen: Problemenlijst
    # Sheets missing, misnamed, or whose header lacks a required column: already reported,
    # so a reference into them is not reported again as unknown.
    onvolledig: set[str] = field(default_factory=set)

    @property
    def aantal_rijen(self) -> int:
        return sum(len(r) for r in self.tabbladen.values())


def open_werkboek(bron):
    """An openpyxl read-only workbook whose sheets kern.xlsx_cellen reads (the values openpyxl
    gives, several times faster), or GeenWerkboek with one clear sentence."""
    if isinstance(bron, bytes | bytearray):
        bron = BytesIO(bron)
    try:
        return xlsx_cellen.open_werkmap(bron)
    except (zipfile.BadZipFile, OSError) as exc:
        raise GeenWerkboek() from exc
    except Exception as exc:  # noqa: BLE001 - any defect in the file gets the same sentence
        raise GeenWerkboek() from exc


def lees_werkboek(bron, *, voortgang: Callable[[int, int], None] | None = None) -> Gelezen:
    """Read every contract sheet; cell problems are collected, never raised."""
    werkboek = open_werkboek(bron)
    problemen = Problemenlijst()
    try:
        bladen = _zoek_tabbladen(werkboek.sheetnames, problemen)
        totaal = sum(_geschatte_rijen(werkboek[naam]) for naam in bladen.values())
        gelezen = Gelezen(tabbladen={t.naam: [] for t in TABBLADEN}, problemen=problemen)
        # An optional sheet that is absent means: nothing of that kind (not incomplete).
        gelezen.onvolledig.update(
            t.naam for t in TABBLADEN if t.naam not in bladen and not t.optioneel
        )
        teller = [0]
        for tabblad in TABBLADEN:
            if tabblad.naam in bladen:
                _lees_tabblad(
                    werkboek[bladen[tabblad.naam]], tabblad, gelezen, voortgang, teller, totaal
                )
    except GeenWerkboek:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a zip: same sentence
        raise GeenWerkboek() from exc
    finally:
        werkboek.close()
    return gelezen


def _zoek_tabbladen(namen: list[str], problemen: Problemenlijst) -> dict[str, str]:
    """Contract sheet name -> the sheet's name in the file (equal up to surrounding spaces)."""
    verwacht = [t.naam for t in TABBLADEN]
    optioneel = {t.naam for t in TABBLADEN if t.optioneel}
    gevonden: dict[str, str] = {}
    for naam in namen:
        schoon = naam.strip()
        if schoon in verwacht:
            if schoon in gevonden:
                problemen.voeg_toe(
                    schoon, None, "", f"Het tabblad '{schoon}' komt twee keer voor. Houd er één."
                )
            gevonden[schoon] = naam
    ontbrekend = [n for n in verwacht if n not in gevonden]
    verkeerd_genoemd: set[str] = set()
    for naam in namen:
        if naam.strip() in verwacht:
            continue
        lijkt_op = _lijkt_op(naam.strip(), ontbrekend)
        if lijkt_op:
            verkeerd_genoemd.add(lijkt_op)
            problemen.voeg_toe(
                lijkt_op,
                None,
                "",
                f"Het tabblad '{naam}' heet in het sjabloon '{lijkt_op}'. "
                "Geef het tabblad precies die naam (let op hoofdletters).",
            )
    optioneel = {t.naam for t in TABBLADEN if t.optioneel}
    for naam in ontbrekend:
        if naam not in verkeerd_genoemd and naam not in optioneel:
            problemen.voeg_toe(
                naam,
                None,
                "",
                f"Het tabblad '{naam}' ontbreekt. Neem het over uit het sjabloon; "
                "laat het leeg (alleen de kopregel) als u er geen gegevens voor heeft.",
            )
    return gevonden


def _lijkt_op(naam: str, kandidaten: list[str]) -> str | None:
    for kandidaat in kandidaten:
        if naam.casefold() == kandidaat.casefold():
            return kandidaat
    dichtbij = difflib.get_close_matches(
        naam.casefold(), [k.casefold() for k in kandidaten], n=1, cutoff=0.75
    )
    if dichtbij:
        return next(k for k in kandidaten if k.casefold() == dichtbij[0])
    return None


def _geschatte_rijen(blad) -> int:
    try:
        return max(0, (blad.max_row or 1) - 1)
    except Exception:  # noqa: BLE001 - only an estimate for the progress bar
        return 0


_SPATIES = " \t\r\n\u00a0"


def _is_leeg(waarde) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip(_SPATIES))


def _rij_is_leeg(waarden: tuple) -> bool:
    return all(map(_is_leeg, waarden))


def _lees_tabblad(blad, tabblad: Tabblad, gelezen: Gelezen, voortgang, teller, totaal) -> None:
    problemen = gelezen.problemen
    # Every row, whatever the file's <dimension> says (a wrong one must not hide rows).
    rijen = xlsx_cellen.waarden(blad)
    kop = next(rijen, None)
    kolommen: dict[int, Kolom] | None = None
    ontbrekend = namen = None
    if kop is not None and not _rij_is_leeg(kop):
        kolommen = _lees_kop(kop, tabblad, gelezen)
    for nummer, waarden in enumerate(rijen, start=2):
        if _rij_is_leeg(waarden):
            continue
        teller[0] += 1
        if voortgang is not None and teller[0] % VOORTGANG_ELKE == 0:
            voortgang(teller[0], max(totaal, teller[0]))
        if kolommen is None:
            problemen.voeg_toe(
                tabblad.naam,
                1,
                "",
                "De eerste rij moet de kolomnamen bevatten "
                f"({', '.join(tabblad.kolomnamen)}), maar is leeg.",
            )
            kolommen = {}
        if ontbrekend is None:
            # Required columns the header lacks (reported once there): an error in every row.
            ontbrekend = [
                k.naam for k in tabblad.kolommen if k.verplicht and k not in kolommen.values()
            ]
            namen = tabblad.kolomnamen
            # Per column read: where it is, what it is and its reader (lees_cel's choice).
            lezers = [(i, k, k.naam, _LEZERS[k.soort]) for i, k in kolommen.items()]
        gelezen.tabbladen[tabblad.naam].append(
            _lees_rij(nummer, waarden, lezers, tabblad, problemen, namen, ontbrekend)
        )


def _lees_kop(kop, tabblad: Tabblad, gelezen: Gelezen) -> dict[int, Kolom]:
    per_naam = {k.naam.casefold(): k for k in tabblad.kolommen}
    kolommen: dict[int, Kolom] = {}
    for index, waarde in enumerate(kop):
        if _is_leeg(waarde):
            continue
        kolom = per_naam.get(str(waarde).strip().casefold())
        if kolom is None:
            continue  # extra columns are allowed and ignored
        if kolom in kolommen.values():
            gelezen.problemen.voeg_toe(
                tabblad.naam, 1, kolom.naam, f"De kolom '{kolom.naam}' staat er twee keer in."
            )
            gelezen.onvolledig.add(tabblad.naam)
            continue
        kolommen[index] = kolom
    aanwezig = set(kolommen.values())
    for kolom in tabblad.kolommen:
        if kolom.verplicht and kolom not in aanwezig:
            gelezen.problemen.voeg_toe(
                tabblad.naam,
                1,
                kolom.naam,
                f"De verplichte kolom '{kolom.naam}' ontbreekt in de kopregel. "
                f"Verwacht de kolommen {', '.join(tabblad.kolomnamen)}.",
            )
            gelezen.onvolledig.add(tabblad.naam)
    return kolommen


def _lees_rij(nummer, waarden, lezers, tabblad: Tabblad, problemen, namen, ontbrekend) -> Rij:
    """lezers: per column read (index, Kolom, its name, its reader)."""
    gelezen = dict.fromkeys(namen)
    rij = Rij(nummer=nummer, waarden=gelezen)
    breedte = len(waarden)
    for index, kolom, naam, lezer in lezers:
        waarde = waarden[index] if index < breedte else None
        if _is_leeg(waarde):
            if kolom.verplicht:
                rij.fouten.add(naam)
                problemen.voeg_toe(
                    tabblad.naam,
                    nummer,
                    naam,
                    f"Vul '{naam}' in; deze kolom is verplicht.",
                )
            continue
        try:
            gelezen[naam] = lezer(kolom, waarde)  # lees_cel(kolom, waarde)
        except OngeldigeInvoer as exc:
            rij.fouten.add(naam)
            problemen.voeg_toe(tabblad.naam, nummer, naam, str(exc))
    if ontbrekend:
        rij.fouten.update(ontbrekend)  # already reported once for the header
    return rij


# --- One cell ---------------------------------------------------------------------------


def lees_cel(kolom: Kolom, waarde):
    """The value of a non-empty cell as its column's kind, or OngeldigeInvoer (Dutch)."""
    lezer = _LEZERS[kolom.soort]
    return lezer(kolom, waarde)


# A control character other than tab, CR and LF (NUL included).
_STUURTEKEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _tekst(kolom: Kolom, waarde) -> str:
    if type(waarde) is str:  # most cells: none of the checks below applies
        tekst = waarde.strip(_SPATIES)
    else:
        if isinstance(waarde, datetime | date | time):
            raise OngeldigeInvoer(
                "Deze cel is als datum opgemaakt; verwacht tekst. Geef de cel de opmaak 'Tekst'."
            )
        if isinstance(waarde, bool):
            raise OngeldigeInvoer(f"'{waarde}' is geen geldige {kolom.naam}.")
        if isinstance(waarde, float) and waarde.is_integer():
            waarde = int(waarde)
        tekst = str(waarde).strip(_SPATIES)
    if _STUURTEKEN.search(tekst):
        raise OngeldigeInvoer("Deze tekst bevat onzichtbare stuurtekens; typ de waarde opnieuw.")
    if kolom.max_lengte and len(tekst) > kolom.max_lengte:
        raise OngeldigeInvoer(
            f"De {kolom.naam} is {len(tekst)} tekens lang; het maximum is {kolom.max_lengte}."
        )
    return tekst


def _code(kolom: Kolom, waarde) -> str:
    tekst = _tekst(kolom, waarde)
    if kolom.catalogus or tekst in kolom.codes:
        return tekst
    raise OngeldigeInvoer(onbekende_code_melding(kolom.naam, tekst, kolom.codes))


def onbekende_code_melding(naam: str, tekst: str, codes) -> str:
    """What is wrong with a code and which codes are expected; a near miss is named, not used."""
    melding = f"'{tekst}' is geen geldige {naam}. Kies uit: {', '.join(codes)}."
    bijna = [c for c in codes if c.casefold() == tekst.casefold()]
    if bijna:
        melding += f" Bedoelt u '{bijna[0]}'? Let op hoofdletters: codes worden niet geraden."
    return melding


def _bedrag(kolom: Kolom, waarde) -> Decimal:
    if isinstance(waarde, datetime | date | time):
        raise OngeldigeInvoer("Deze cel is een datum; verwacht een bedrag zoals 1.234,56.")
    try:
        return parse_bedrag(waarde)  # with the one upper bound of kern.invoer
    except ArithmeticError as exc:  # e.g. 1E+300: too many digits to even round
        raise OngeldigeInvoer(f"Het bedrag {waarde} is te groot.") from exc


def _fte(kolom: Kolom, waarde) -> Decimal:
    try:
        fte = _bedrag(kolom, waarde)
    except OngeldigeInvoer as exc:
        raise OngeldigeInvoer(
            f"'{waarde}' is geen aantal fte. Verwacht een getal met ten hoogste 2 decimalen, "
            "bijvoorbeeld 1,5 of 0,89."
        ) from exc
    if fte < 0 or fte >= 100_000:
        raise OngeldigeInvoer(f"{waarde} fte kan niet; verwacht een aantal van 0 of meer.")
    return fte


def _datum(kolom: Kolom, waarde) -> date:
    if isinstance(waarde, bool):
        raise OngeldigeInvoer(f"'{waarde}' is geen datum. Verwacht een datum zoals 31-03-2025.")
    return parse_datum(waarde)  # within kern.invoer's plausible range


_GEHEEL = re.compile(r"[+-]?\d{1,9}")


def _getal(kolom: Kolom, waarde) -> int:
    getal = None
    if isinstance(waarde, bool):
        pass
    elif isinstance(waarde, int):
        getal = waarde
    elif (
        isinstance(waarde, float)
        and waarde.is_integer()
        or isinstance(waarde, Decimal)
        and waarde.is_finite()
        and waarde == int(waarde)
    ):
        getal = int(waarde)
    elif isinstance(waarde, str) and _GEHEEL.fullmatch(waarde.strip()):
        getal = int(waarde.strip())
    if getal is None:
        voorbeeld = "2025" if kolom.soort == "jaar" else str(kolom.minimum or 1)
        raise OngeldigeInvoer(
            f"'{waarde}' is geen geheel getal. Verwacht een {kolom.naam} zoals {voorbeeld}."
        )
    if (kolom.minimum is not None and getal < kolom.minimum) or (
        kolom.maximum is not None and getal > kolom.maximum
    ):
        raise OngeldigeInvoer(
            f"{getal} kan niet als {kolom.naam}: verwacht een getal van {kolom.minimum} "
            f"tot en met {kolom.maximum}."
        )
    return getal


def _bsn(kolom: Kolom, waarde) -> str:
    if isinstance(waarde, bool) or (isinstance(waarde, float) and not waarde.is_integer()):
        raise OngeldigeInvoer("Dit BSN klopt niet: verwacht 9 cijfers die voldoen aan de elfproef.")
    if isinstance(waarde, float | int) and not 0 <= waarde < 10**9:
        raise OngeldigeInvoer("Dit BSN klopt niet: verwacht 9 cijfers die voldoen aan de elfproef.")
    return parse_bsn(waarde)


def _kvk(kolom: Kolom, waarde) -> str:
    if isinstance(waarde, int) and not isinstance(waarde, bool) and 0 <= waarde < 10**8:
        return str(waarde).zfill(8)  # Excel drops a leading zero of a number
    tekst = _tekst(kolom, waarde).replace(" ", "")
    if not re.fullmatch(r"\d{8}", tekst):
        raise OngeldigeInvoer(f"'{waarde}' is geen KvK-nummer: verwacht 8 cijfers.")
    return tekst


def _ja_nee(kolom: Kolom, waarde) -> bool:
    return parse_ja_nee(waarde)


_LEZERS = {
    "janee": _ja_nee,
    "tekst": _tekst,
    "code": _code,
    "bedrag": _bedrag,
    "fte": _fte,
    "datum": _datum,
    "jaar": _getal,
    "getal": _getal,
    "bsn": _bsn,
    "kvk": _kvk,
}


# --- Across the pipe of the limited child ------------------------------------------------


def naar_draad(gelezen: Gelezen) -> tuple:
    """`gelezen` as plain tuples of plain values, for the pipe from the limited child: per sheet
    its rows as (nummer, the values in the sheet's column order, the columns in error). Pickled,
    that is a third of a Rij per row (no class, no dict and no set per row) and it loads without
    building them; uit_draad gives back an equal Gelezen."""
    bladen = []
    for naam, rijen in gelezen.tabbladen.items():
        # Every Rij of a sheet has the same keys in the same order (_lees_rij: the sheet's
        # kolomnamen), so the names travel once per sheet.
        namen = tuple(rijen[0].waarden) if rijen else ()
        bladen.append(
            (naam, namen, [(r.nummer, tuple(r.waarden.values()), tuple(r.fouten)) for r in rijen])
        )
    problemen = [(p.tabblad, p.rij, p.kolom, p.melding) for p in gelezen.problemen.lijst]
    return (bladen, problemen, gelezen.problemen.aantal, sorted(gelezen.onvolledig))


def uit_draad(draad: tuple) -> Gelezen:
    """The Gelezen that naar_draad was given."""
    bladen, lijst, aantal, onvolledig = draad
    problemen = Problemenlijst()
    problemen.lijst = [Probleem(*p) for p in lijst]
    problemen.aantal = aantal
    tabbladen = {
        naam: [
            Rij(nummer, dict(zip(namen, waarden, strict=True)), set(fouten))
            for nummer, waarden, fouten in rijen
        ]
        for naam, namen, rijen in bladen
    }
    return Gelezen(tabbladen=tabbladen, problemen=problemen, onvolledig=set(onvolledig))


def lees_werkboek_draad(bron, *, voortgang: Callable[[int, int], None] | None = None) -> tuple:
    """naar_draad(lees_werkboek(bron)): what the limited child sends back."""
    return naar_draad(lees_werkboek(bron, voortgang=voortgang))
