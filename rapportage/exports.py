"""Excel and CSV exports, ready for a council document or the SiSa bijlage.

Excel cells hold real numbers with number formats (amounts '#,##0.00 €', counts '0'), so that
Excel and LibreOffice compute with them. CSV is written for Dutch Excel: `;` as separator,
decimal comma, UTF-8 with a byte order mark (without it Excel misreads "ë" and "€").
Exports hold only the gemeente's own figures and never a BSN: no person-level data at all.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kern.spreadsheet import bewaar, csv_tekst, formule

EURO = "#,##0.00 €"
AANTAL = "0"
KOP_VULLING = PatternFill("solid", fgColor="DDE6F0")
VET = Font(bold=True)
ONDERLIJN = Border(bottom=Side(style="thin"))


def _werkmap(titel: str):
    werkmap = Workbook()
    blad = werkmap.active
    blad.title = titel[:31]
    return werkmap, blad


def _kop(blad, rij: int, namen: list[str]) -> None:
    for kolom, naam in enumerate(namen, start=1):
        cel = blad.cell(row=rij, column=kolom, value=naam)
        cel.font = VET
        cel.fill = KOP_VULLING
        cel.border = ONDERLIJN
        cel.alignment = Alignment(wrap_text=True, vertical="top")


def _bedrag(blad, rij: int, kolom: int, waarde: Decimal | str | None, vet: bool = False) -> None:
    if waarde is None:
        return
    cel = blad.cell(row=rij, column=kolom, value=Decimal(waarde))
    cel.number_format = EURO
    if vet:
        cel.font = VET


def _breedtes(blad, breedtes: list[int]) -> None:
    for kolom, breedte in enumerate(breedtes, start=1):
        blad.column_dimensions[get_column_letter(kolom)].width = breedte


def _opslaan(werkmap) -> bytes:
    return bewaar(werkmap)  # every text a string cell, never a live formula (kern.spreadsheet)


# --- SiSa -----------------------------------------------------------------------------------

SISA_KOLOMMEN = [
    "Verstrekker",
    "Uitkeringscode",
    "Specifieke uitkering",
    "Juridische grondslag",
    "Ontvanger",
    "Indicatorcode",
    "Omschrijving",
    "Waarde",
    "Aard controle",
    # Issue 13: after the columns that were there, so a column keeps its place.
    "Soort",
    "Toekenning op basis van",
]
WAARDE = 7  # the column of the value (0-based)


def _sisa_rijen(gemeente, regels):
    for regel in regels:
        yield (
            regel.regeling.verstrekker,
            regel.regeling.uitkeringscode,
            regel.regeling.naam,
            regel.regeling.juridische_grondslag,
            f"{gemeente.naam} ({gemeente.code})",
            regel.indicator.code,
            regel.omschrijving,  # names the toekenning's source (R5)
            regel,
            regel.indicator.aard_controle,
            regel.indicator.get_soort_display()
            + (" (t/m jaar T)" if regel.indicator.cumulatief else ""),
            regel.toekenning_bron_label,
        )


def _waardecel(blad, rij: int, regel) -> None:
    """Amounts and counts as real numbers with their format; ja/nee and texts as text."""
    if regel.is_getal:
        cel = blad.cell(row=rij, column=WAARDE + 1, value=regel.waarde)
        cel.number_format = EURO if regel.is_bedrag else AANTAL
    else:
        blad.cell(row=rij, column=WAARDE + 1, value=regel.waarde_tekst)


def sisa_xlsx(gemeente, jaar: int, peildatum: date, regels) -> bytes:
    werkmap, blad = _werkmap(f"SiSa {jaar}")
    blad["A1"] = f"SiSa-bijlage {jaar} – {gemeente.naam} ({gemeente.code})"
    blad["A1"].font = Font(bold=True, size=14)
    blad["A2"] = (
        f"Peildatum {peildatum:%d-%m-%Y}. Controleer de indicatorcodes tegen het officiële "
        f"SiSa-model {jaar}."
    )
    _kop(blad, 4, SISA_KOLOMMEN)
    for rij, waarden in enumerate(_sisa_rijen(gemeente, regels), start=5):
        for kolom, waarde in enumerate(waarden):
            if kolom == WAARDE:
                _waardecel(blad, rij, waarde)
            else:
                blad.cell(row=rij, column=kolom + 1, value=waarde)
    _breedtes(blad, [22, 16, 40, 40, 26, 14, 60, 18, 13, 16, 34])
    blad.freeze_panes = "A5"
    return _opslaan(werkmap)


def _nl_waarde(regel) -> str:
    """Dutch Excel: a decimal comma in amounts; ja/nee and texts neutralised like any text."""
    if regel.is_getal:
        return regel.waarde_tekst.replace(".", ",")
    return csv_tekst(regel.waarde_tekst)


def sisa_csv(gemeente, regels) -> str:
    uitvoer = io.StringIO()
    uitvoer.write("\ufeff")
    schrijver = csv.writer(uitvoer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(SISA_KOLOMMEN)
    for waarden in _sisa_rijen(gemeente, regels):
        schrijver.writerow(
            [_nl_waarde(w) if kolom == WAARDE else csv_tekst(w) for kolom, w in enumerate(waarden)]
        )
    return uitvoer.getvalue()


# --- P&C ------------------------------------------------------------------------------------

PC_KOLOMMEN = [
    ("Budgetstroom", None),
    ("Primaire begroting", "origineel"),
    ("Begrotingswijzigingen", "wijzigingen"),
    ("Actuele begroting", "begroting"),
    ("Realisatie tot nu", "realisatie"),
    ("Prognose tot jaareinde", "prognose"),
    ("Verschil (begroting − prognose)", "verschil"),
]


def pc_xlsx(gemeente, titel: str, cijfers: dict) -> bytes:
    """One P&C overview as a sheet ready for a council document."""
    werkmap, blad = _werkmap(f"P&C {cijfers['jaar']}")
    blad["A1"] = f"{titel} – {gemeente.naam}"
    blad["A1"].font = Font(bold=True, size=14)
    blad["A2"] = f"Inburgering, jaar {cijfers['jaar']}, stand per {cijfers['peildatum']}"
    _kop(blad, 4, [naam for naam, _ in PC_KOLOMMEN])
    rij = 5
    for stroom in cijfers["stromen"]:
        blad.cell(row=rij, column=1, value=stroom["naam"])
        for kolom, (_, sleutel) in enumerate(PC_KOLOMMEN[1:], start=2):
            _bedrag(blad, rij, kolom, stroom[sleutel])
        rij += 1
    blad.cell(row=rij, column=1, value="Totaal").font = VET
    for kolom in range(2, len(PC_KOLOMMEN) + 1):
        letter = get_column_letter(kolom)
        cel = formule(blad, rij, kolom, f"=SUM({letter}5:{letter}{rij - 1})")
        cel.number_format = EURO
        cel.font = VET
    _breedtes(blad, [34, 20, 22, 20, 20, 22, 26])
    return _opslaan(werkmap)


def pc_vergelijking_xlsx(gemeente, jaar: int, standen: list, kolommen: list[str]) -> bytes:
    """Stands side by side: per stream and figure one column per stand."""
    werkmap, blad = _werkmap(f"P&C {jaar} vergelijking")
    blad["A1"] = f"P&C-standen {jaar} naast elkaar – {gemeente.naam}"
    blad["A1"].font = Font(bold=True, size=14)
    _kop(blad, 3, ["Budgetstroom", "Cijfer", *kolommen])
    rij = 4
    if not standen:
        blad.cell(row=rij, column=1, value="Geen opgeslagen standen.")
        return _opslaan(werkmap)
    for stroom_index, stroom in enumerate(standen[0].cijfers["stromen"]):
        for naam, sleutel in PC_KOLOMMEN[1:]:
            blad.cell(row=rij, column=1, value=stroom["naam"])
            blad.cell(row=rij, column=2, value=naam)
            for kolom, stand in enumerate(standen, start=3):
                _bedrag(blad, rij, kolom, stand.cijfers["stromen"][stroom_index][sleutel])
            rij += 1
    _breedtes(blad, [34, 30, *([22] * len(standen))])
    return _opslaan(werkmap)


# --- Scenarios ------------------------------------------------------------------------------

SCENARIO_CIJFERS = [
    ("SPUK-toekenning (R4)", "toekenning"),
    ("Besteding", "besteding"),
    ("Beschikbaar", "beschikbaar"),
    ("Reservering naar volgend jaar", "reservering_uit"),
    ("Doorschuif naar volgend jaar", "doorschuif_uit"),
    ("Terug te betalen", "terug_te_betalen"),
    ("Uitvoeringsbudget", "uitvoering_budget"),
    ("Uitvoeringskosten", "uitvoering_kosten"),
    ("Tekort uitvoering", "uitvoering_tekort"),
]


def scenarios_xlsx(gemeente, uitkomsten: list[tuple[str, list]]) -> bytes:
    """Per scenario a block of figures per year; the first scenario is the reference."""
    werkmap, blad = _werkmap("Scenario's")
    blad["A1"] = f"Scenario's inburgering – {gemeente.naam}"
    blad["A1"].font = Font(bold=True, size=14)
    rij = 3
    referentie = uitkomsten[0][1] if uitkomsten else []
    for index, (naam, jaren) in enumerate(uitkomsten):
        blad.cell(row=rij, column=1, value=naam).font = Font(bold=True, size=12)
        rij += 1
        _kop(blad, rij, ["Cijfer", *[str(j.jaar) for j in jaren]])
        rij += 1
        for label, sleutel in SCENARIO_CIJFERS:
            blad.cell(row=rij, column=1, value=label)
            for kolom, jaar in enumerate(jaren, start=2):
                _bedrag(blad, rij, kolom, getattr(jaar, sleutel))
            rij += 1
        if index > 0:
            blad.cell(row=rij, column=1, value=f"Verschil besteding met {uitkomsten[0][0]}")
            for kolom, (jaar, ref) in enumerate(zip(jaren, referentie, strict=False), start=2):
                _bedrag(blad, rij, kolom, jaar.besteding - ref.besteding)
            rij += 1
            blad.cell(row=rij, column=1, value=f"Verschil terug te betalen met {uitkomsten[0][0]}")
            for kolom, (jaar, ref) in enumerate(zip(jaren, referentie, strict=False), start=2):
                _bedrag(blad, rij, kolom, jaar.terug_te_betalen - ref.terug_te_betalen)
            rij += 1
        rij += 1
    _breedtes(blad, [40, 18, 18, 18, 18, 18])
    return _opslaan(werkmap)


# --- Jaarrekening (BBV positions, the same figures as `balans --json`) -----------------------


def jaarrekening_xlsx(gemeente, jaar: int, herberekening, posities) -> bytes:
    """One row per position and regeling, then the reconciliation to cash, as real numbers."""
    from .jaarrekening import FIGUREN

    werkmap, blad = _werkmap(f"Jaarrekening {jaar}")
    blad["A1"] = (
        f"Jaarrekening {jaar}: posities op 31-12-{jaar} – {gemeente.naam} ({gemeente.code})"
    )
    blad["A1"].font = Font(bold=True, size=14)
    blad["A2"] = (
        f"Uit de SPUK-herberekening met peildatum {herberekening.peildatum:%d-%m-%Y}."
        if herberekening
        else "Er is nog geen SPUK-herberekening voltooid."
    )
    _kop(blad, 4, ["Post", "Toelichting", *[p.regeling for p in posities]])
    rij = 5
    for veld in posities[0].BEDRAGEN if posities else ():
        blad.cell(row=rij, column=1, value=FIGUREN[veld][0])
        blad.cell(row=rij, column=2, value=FIGUREN[veld][1])
        for kolom, p in enumerate(posities, start=3):
            _bedrag(blad, rij, kolom, getattr(p, veld))
        rij += 1
    if posities:
        rij += 1
        for label, attribuut in (
            ("Ontvangen − besteding", "kas"),
            ("Nog te besteden − doorschuif + terug te betalen − nog te ontvangen", "posities"),
        ):
            blad.cell(row=rij, column=1, value=label).font = VET
            for kolom, p in enumerate(posities, start=3):
                _bedrag(blad, rij, kolom, getattr(p, attribuut), vet=True)
            rij += 1
        blad.cell(row=rij, column=1, value="Aansluiting")
        for kolom, p in enumerate(posities, start=3):
            blad.cell(row=rij, column=kolom, value="sluit" if p.sluit else "sluit niet")
    _breedtes(blad, [44, 70, *[18] * len(posities)])
    blad.freeze_panes = "A5"
    return _opslaan(werkmap)
