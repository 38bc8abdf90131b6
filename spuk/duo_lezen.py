"""Reading DUO's list of inburgeringsplichtigen (csv or xlsx) with the gemeente's column mapping.

File-level problems (no spreadsheet, a zip bomb, too many rows, a missing column) raise
DuoBestandFout with one Dutch sentence; problems in rows are collected with the row number as
the spreadsheet shows it, so the adviser can fix them all at once. A BSN lives here only in
memory: a row carries its keyed hash and the masked form, never the BSN itself.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from kern import bsn as bsn_opslag
from kern.afscherming import GeenWerkboek
from kern.invoer import (
    EERSTE_DATUM,
    LAATSTE_DATUM,
    OngeldigeInvoer,
    kenmerk_fout,
    maskeer_bsn,
    parse_bsn,
    parse_datum,
)
from kern.opmaak import aantal
from kern.xlsx_lezen import lees_eerste_blad
from kern.xlsx_lezen import tekst as _tekst

VELDEN = {
    "bsn": "BSN",
    "kenmerk": "Kenmerk (uw klantreferentie)",
    "doelgroep": "Doelgroep",
    "cohort": "Cohort (jaar)",
    "datum": "Datum huisvesting of start inburgeringsplicht (als er geen cohortkolom is)",
}
# A list of one gemeente's count of one year; the largest gemeente counts a few thousand.
MAX_RIJEN = 50_000
MAX_MELDINGEN = 200
_OLE = b"\xd0\xcf\x11\xe0"  # an old binary .xls


class DuoBestandFout(Exception):
    """The file as a whole cannot be read: one or more Dutch sentences, nothing is stored."""

    def __init__(self, meldingen: list[str] | str):
        self.meldingen = [meldingen] if isinstance(meldingen, str) else list(meldingen)
        super().__init__(" ".join(self.meldingen))


@dataclass(frozen=True)
class DuoRij:
    nummer: int  # as the spreadsheet shows it (the header is row 1)
    zoeksleutel: str  # kern.bsn.zoeksleutel of the BSN, "" without one
    bsn_gemaskeerd: str
    kenmerk: str
    doelgroep: str  # asiel, gezin, overig (inburgering.codes.Doelgroep)
    cohort: int


# --- the table -----------------------------------------------------------------------------


def _te_veel_rijen() -> str:
    return (
        f"Dit bestand heeft meer dan {MAX_RIJEN:,} regels".replace(",", ".")
        + "; een telling van één gemeente is veel kleiner. Controleer of u de juiste lijst koos."
    )


def _lees_csv(inhoud: bytes) -> list[list]:
    if b"\x00" in inhoud:
        raise DuoBestandFout(
            "Dit bestand is geen csv- of Excel-bestand. Sla DUO's lijst op als .xlsx of als "
            ".csv (UTF-8) en probeer het opnieuw."
        )
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = inhoud.decode("cp1252", errors="replace")
    kop = tekst.split("\n", 1)[0]
    scheiding = max((";", ",", "\t"), key=kop.count)
    rijen = []
    try:
        for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding):
            if len(rijen) > MAX_RIJEN:
                raise DuoBestandFout(_te_veel_rijen())
            rijen.append(rij)
    except csv.Error as exc:
        raise DuoBestandFout(
            f"Regel {len(rijen) + 1} van het csv-bestand is niet leesbaar ({exc}). Controleer "
            "de aanhalingstekens of sla de lijst op als .xlsx."
        ) from exc
    return rijen


def lees_tabel(inhoud: bytes) -> list[list]:
    """The rows of a csv or xlsx; an xlsx only through the shared reader kern.xlsx_lezen,
    behind kern.afscherming (zip bomb, macros, memory and time limits)."""
    if not inhoud.strip():
        raise DuoBestandFout("Het bestand is leeg. Kies DUO's lijst met inburgeringsplichtigen.")
    if inhoud.startswith(_OLE):
        raise DuoBestandFout(
            "Dit is een oud Excel-bestand (.xls). Sla de lijst in Excel op als "
            "'Excel-werkmap (.xlsx)' of als csv en probeer het opnieuw."
        )
    # An xlsx is a zip; a damaged one (a zip header without its directory) is one too.
    if inhoud.startswith(b"PK\x03\x04") or zipfile.is_zipfile(io.BytesIO(inhoud)):
        try:
            return lees_eerste_blad(inhoud, max_rijen=MAX_RIJEN, te_veel=_te_veel_rijen())
        except GeenWerkboek as exc:
            raise DuoBestandFout(exc.melding) from exc
    return _lees_csv(inhoud)


# --- the rows ------------------------------------------------------------------------------


_DOELGROEPEN = (("asiel", "asiel"), ("statushouder", "asiel"), ("gezin", "gezin"))


def parse_doelgroep(waarde) -> str:
    """DUO's doelgroep as the register names it: asiel, gezin or overig."""
    tekst = _tekst(waarde).casefold()
    for stuk, doelgroep in _DOELGROEPEN:
        if stuk in tekst:
            return doelgroep
    if tekst.startswith("overig"):
        return "overig"
    if not tekst:
        raise OngeldigeInvoer("de doelgroep is leeg")
    raise OngeldigeInvoer(
        f"de doelgroep '{_tekst(waarde)[:40]}' is onbekend; verwacht asielstatushouder, "
        "gezinsmigrant of overige migrant"
    )


def parse_cohort(waarde) -> int:
    tekst = _tekst(waarde)
    if not tekst:
        raise OngeldigeInvoer("het cohort is leeg")
    if not tekst.isdigit() or not EERSTE_DATUM.year <= int(tekst) <= LAATSTE_DATUM.year:
        raise OngeldigeInvoer(f"het cohort '{tekst[:20]}' is geen jaartal zoals 2024")
    return int(tekst)


def _zin(fout: OngeldigeInvoer) -> str:
    tekst = str(fout).rstrip(".")
    return tekst[:1].lower() + tekst[1:]


def _kolomindex(kop: list, kolommen: dict[str, str]) -> dict[str, int]:
    """Field -> index of its column; DuoBestandFout when a needed column is missing."""
    koppen = {_tekst(k).casefold(): i for i, k in reversed(list(enumerate(kop))) if _tekst(k)}
    index = {v: koppen[k.casefold()] for v, k in kolommen.items() if k.casefold() in koppen}
    ontbreekt = []
    if "doelgroep" not in index:
        ontbreekt.append(f"de doelgroep (kolom '{kolommen['doelgroep']}')")
    if "bsn" not in index and "kenmerk" not in index:
        ontbreekt.append(
            f"het BSN of het kenmerk (kolom '{kolommen['bsn']}' of '{kolommen['kenmerk']}')"
        )
    if "cohort" not in index and "datum" not in index:
        ontbreekt.append(
            f"het cohort of de datum (kolom '{kolommen['cohort']}' of '{kolommen['datum']}')"
        )
    if ontbreekt:
        gevonden = ", ".join(f"'{_tekst(k)}'" for k in kop if _tekst(k))[:300] or "geen"
        raise DuoBestandFout(
            f"In de eerste regel ontbreekt de kolom voor {' en '.join(ontbreekt)}. Gevonden "
            f"kolommen: {gevonden}. Pas de kolommen van de DUO-lijst aan of controleer het "
            "bestand."
        )
    return index


def _lees_rij(nummer: int, cellen: list, index: dict[str, int]) -> DuoRij:
    def cel(veld: str):
        i = index.get(veld)
        return cellen[i] if i is not None and i < len(cellen) else None

    fouten = []
    zoeksleutel = gemaskeerd = ""
    if ruw := _tekst(cel("bsn")):
        try:
            bsn = parse_bsn(cel("bsn"))
        except OngeldigeInvoer:
            fouten.append(
                f"het BSN eindigend op {ruw[-3:]} klopt niet: verwacht 9 cijfers die voldoen aan "
                "de elfproef"
            )
        else:
            zoeksleutel, gemaskeerd = bsn_opslag.zoeksleutel(bsn), maskeer_bsn(bsn)
    kenmerk = _tekst(cel("kenmerk"))
    if kenmerk and kenmerk_fout(kenmerk):
        fouten.append("het kenmerk is een BSN; zet het BSN in de BSN-kolom")
        kenmerk = ""
    elif len(kenmerk) > 50:
        fouten.append("het kenmerk is langer dan 50 tekens")
    if not ruw and not kenmerk and not fouten:
        fouten.append("er staat geen BSN en geen kenmerk; vul ten minste één van beide in")
    doelgroep = cohort = None
    try:
        doelgroep = parse_doelgroep(cel("doelgroep"))
    except OngeldigeInvoer as fout:
        fouten.append(_zin(fout))
    try:
        if "cohort" in index and _tekst(cel("cohort")):
            cohort = parse_cohort(cel("cohort"))
        elif "datum" in index and _tekst(cel("datum")):
            cohort = parse_datum(cel("datum")).year
        else:
            raise OngeldigeInvoer("het cohort (of de datum) is leeg")
    except OngeldigeInvoer as fout:
        fouten.append(_zin(fout))
    if fouten:
        raise OngeldigeInvoer(f"Regel {nummer}: {'; '.join(fouten)}.")
    return DuoRij(nummer, zoeksleutel, gemaskeerd, kenmerk, doelgroep, cohort)


def lees_rijen(tabel: list[list], kolommen: dict[str, str]) -> list[DuoRij]:
    """Every filled row read; DuoBestandFout naming each bad row (the first MAX_MELDINGEN)."""
    if not tabel:
        raise DuoBestandFout("Het bestand is leeg. Kies DUO's lijst met inburgeringsplichtigen.")
    index = _kolomindex(tabel[0], kolommen)
    rijen: list[DuoRij] = []
    meldingen: list[str] = []
    gezien: dict[tuple[str, str], int] = {}
    for nummer, cellen in enumerate(tabel[1:], start=2):
        if not any(_tekst(c) for c in cellen):
            continue
        try:
            rij = _lees_rij(nummer, cellen, index)
        except OngeldigeInvoer as fout:
            meldingen.append(str(fout))
            continue
        for soort, waarde, naam in (
            ("bsn", rij.zoeksleutel, f"het BSN {rij.bsn_gemaskeerd}"),
            ("kenmerk", rij.kenmerk, f"het kenmerk {rij.kenmerk}"),
        ):
            if waarde and (eerder := gezien.get((soort, waarde))):
                meldingen.append(
                    f"Regel {nummer}: {naam} staat ook op regel {eerder}; DUO telt iemand één "
                    "keer. Haal een van beide regels weg."
                )
            elif waarde:
                gezien[(soort, waarde)] = nummer
        rijen.append(rij)
    if meldingen:
        meer = len(meldingen) - MAX_MELDINGEN
        raise DuoBestandFout(
            meldingen[:MAX_MELDINGEN]
            + ([f"En nog {aantal(meer, 'regel', 'regels')} met een fout."] if meer > 0 else [])
        )
    return rijen
