"""The empty template: instructions, every contract sheet with drop-down lists for the codes,
and clearly marked examples on a sheet of their own (so they are never imported by mistake)."""

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kern.spreadsheet import bewaar

from . import formaat as f

RIJEN_MET_KEUZELIJST = 5000
VOORBEELD_VULLING = PatternFill("solid", fgColor="FFF2CC")

UITLEG = [
    "Werkboek inburgering: zo vult u het in",
    "",
    "Dit werkboek volgt een vast formaat, hetzelfde als de export van alle gegevens van een "
    "gemeente. Vul per tabblad één rij per "
    "gegeven in, onder de kopregel. Verander de namen van tabbladen en kolommen niet; extra "
    "kolommen mag u toevoegen (die worden genegeerd), de volgorde van kolommen is vrij.",
    "De elf vaste tabbladen moeten aanwezig zijn; Tarieven en Voorzieningen mogen ontbreken. "
    "Een tabblad zonder gegevens laat u leeg (alleen de kopregel). Het tabblad Gemeente heeft "
    "precies één rij. Op het tabblad Voorzieningen staat de eigen classificatie (spuk of "
    "uitvoering) van de gemeente; die geldt vóór alle andere rijen.",
    "Codes (doelgroep, leerroute, status, voorziening, financiering, soort, regeling, categorie) "
    "kiest u uit de keuzelijst. Codes worden nooit geraden: 'Asiel' is geen 'asiel'. Spaties "
    "voor of na een waarde zijn geen probleem.",
    "Datums: een echte Excel-datum, of tekst als 31-03-2025 of 2025-03-31.",
    "Bedragen: een getal, of tekst als 1.234,56 (Nederlands) of 1234.56; nooit meer dan 2 "
    "decimalen. Een creditfactuur en een terugvordering zijn negatief.",
    "Verplichte kolommen: zie hieronder (*). Een groepscontract (verplichting zonder kenmerk) "
    "heeft een cohort. Bij formatie vult u fte en kosten_per_fte in; het bedrag is dan fte x "
    "kosten_per_fte, afgerond op centen.",
    "Alles of niets: heeft één rij een probleem, dan wordt niets opgeslagen. U krijgt een lijst "
    "met per probleem het tabblad, het rijnummer zoals Excel het toont, de kolom en wat er mis is.",
    "Twee keer hetzelfde werkboek importeren verandert de tweede keer niets. Een gegeven dat al "
    "bestaat (zelfde kenmerk, nummer, naam, jaar ...) wordt bijgewerkt, niet verdubbeld. Een "
    "geboekte factuur wijzigt niet: corrigeer met een creditfactuur.",
    "Het tabblad Voorbeelden laat ingevulde rijen zien; het wordt nooit geïmporteerd.",
    "",
]

VOORBEELDEN = {
    "Gemeente": [("GM0397", "Heemstede", 27500)],
    "Parameters": [(2026, "trajectbedrag", None, "16.000,00"), (2026, "gezin", 1, "720,00")],
    "Inburgeraars": [("K-0001", "asiel", "01-03-2026", "10-05-2026", "B1", None)],
    "Statuswijzigingen": [("K-0001", "01-09-2026", "overstap", "OR", "Na intake")],
    "Aanbieders": [("Taalschool Noord", "12345678")],
    "Verplichtingen": [
        (
            "V-0001",
            "K-0001",
            "B1",
            "Taalschool Noord",
            "9.700,00",
            "15-03-2026",
            "SPUK-IV",
            None,
            None,
        )
    ],
    "Facturen": [("F-2026-001", "V-0001", "01-06-2026", "4.850,00", None)],
    "Beschikkingen": [("SPUK-IV", 2026, "voorlopig", "30-09-2025", "103.112,00")],
    "Ontvangsten": [("SPUK-IV", 2026, "15-01-2026", "voorschot", "8.592,67")],
    "Uitvoeringsbudget": [(2026, "101.000,00")],
    "Uitvoeringskosten": [(2026, "formatie", "Consulenten", "1,5", "80.000,00", None)],
    "Tarieven": [
        ("Taalschool Noord", "B1", "9.700,00", "01-01-2025"),
        ("Taalschool Noord", "B1", "9.991,00", "01-01-2026"),
    ],
    "Voorzieningen": [("BRUGKLAS", "spuk")],
}


def maak_sjabloon(voorzieningen: list[str] | None = None, gemeente=None) -> bytes:
    """The template; `voorzieningen` are the codes of the gemeente's catalogue for the list.
    With a `gemeente` (downloaded inside one), its Gemeente row is filled in: the one row the
    user would otherwise have to type, and the check that the workbook is hers."""
    wb = Workbook()
    uitleg = wb.active
    uitleg.title = "Toelichting"
    for regel in UITLEG:
        uitleg.append([regel])
    if gemeente is not None:
        uitleg.insert_rows(3)
        uitleg["A3"] = (
            f"Dit werkboek is voor gemeente {gemeente.naam} ({gemeente.code}): het tabblad "
            "Gemeente is al ingevuld. Een werkboek van een andere gemeente wordt geweigerd."
        )
    uitleg["A1"].font = Font(bold=True, size=14)
    for tabblad in f.TABBLADEN:
        uitleg.append([tabblad.naam, tabblad.uitleg])
        uitleg.cell(uitleg.max_row, 1).font = Font(bold=True)
        for kolom in tabblad.kolommen:
            ster = "*" if kolom.verplicht else ""
            codes = ", ".join(kolom.codes) if kolom.codes and not kolom.catalogus else ""
            uitleg.append(["", f"{kolom.naam}{ster}", kolom.uitleg or codes])
    uitleg.column_dimensions["A"].width = 22
    uitleg.column_dimensions["B"].width = 24
    uitleg.column_dimensions["C"].width = 90

    for tabblad in f.TABBLADEN:
        blad = wb.create_sheet(tabblad.naam)
        blad.append(list(tabblad.kolomnamen))
        blad.freeze_panes = "A2"
        if tabblad.naam == "Gemeente" and gemeente is not None:
            waarden = {"code": gemeente.code, "naam": gemeente.naam, "inwoners": gemeente.inwoners}
            blad.append([waarden.get(naam) for naam in tabblad.kolomnamen])
        for index, kolom in enumerate(tabblad.kolommen, start=1):
            letter = get_column_letter(index)
            blad.cell(1, index).font = Font(bold=True)
            blad.column_dimensions[letter].width = max(14, len(kolom.naam) + 4)
            codes = (voorzieningen or kolom.codes) if kolom.catalogus else kolom.codes
            if codes:
                _keuzelijst(blad, letter, kolom.naam, codes)

    voorbeeld = wb.create_sheet("Voorbeelden")
    voorbeeld.append(["VOORBEELDEN: dit tabblad wordt nooit geïmporteerd."])
    voorbeeld["A1"].font = Font(bold=True, size=14)
    for tabblad in f.TABBLADEN:
        voorbeeld.append([])
        voorbeeld.append([f"Voorbeeld voor tabblad {tabblad.naam}"])
        voorbeeld.cell(voorbeeld.max_row, 1).font = Font(bold=True)
        voorbeeld.append(list(tabblad.kolomnamen))
        for rij in VOORBEELDEN[tabblad.naam]:
            voorbeeld.append(list(rij))
            for cel in voorbeeld[voorbeeld.max_row]:
                cel.fill = VOORBEELD_VULLING
    return bewaar(wb)


def _keuzelijst(blad, letter: str, naam: str, codes) -> None:
    lijst = DataValidation(
        type="list",
        formula1='"' + ",".join(codes) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=f"Ongeldige {naam}",
        error=f"Kies een {naam} uit de lijst.",
    )
    lijst.add(f"{letter}2:{letter}{RIJEN_MET_KEUZELIJST}")
    blad.add_data_validation(lijst)
