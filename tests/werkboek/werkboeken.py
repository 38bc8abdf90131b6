"""Builders of test workbooks in the contract format (shared/contract/WERKBOEK.md).

Other apps may use these too: `voorbeeld_b()` is the register of worked example B of
REKENREGELS.md as workbook rows, `als_xlsx(rijen)` writes any rows as an .xlsx file.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook

from werkboek.formaat import TABBLADEN

Rijen = dict[str, list[dict]]


def leeg() -> Rijen:
    return {t.naam: [] for t in TABBLADEN}


def als_xlsx(
    rijen: Rijen,
    pad: Path | None = None,
    *,
    weglaten: tuple[str, ...] = (),
    hernoem: dict[str, str] | None = None,
):
    """Write the rows (sheet -> list of {column: value}) with every contract sheet and header.

    Returns the bytes, or writes to `pad` and returns the path. `weglaten` leaves sheets out,
    `hernoem` gives sheets another name ({"Facturen": "Facturen 2024"}); a column named in a
    row but not in the contract is added after the contract's columns.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for tabblad in TABBLADEN:
        if tabblad.naam in weglaten:
            continue
        ws = wb.create_sheet((hernoem or {}).get(tabblad.naam, tabblad.naam))
        kolommen = list(tabblad.kolomnamen)
        for rij in rijen.get(tabblad.naam, []):
            kolommen += [k for k in rij if k not in kolommen]
        ws.append(kolommen)
        for rij in rijen.get(tabblad.naam, []):
            ws.append([_cel(rij.get(k)) for k in kolommen])
    if pad is not None:
        wb.save(pad)
        return pad
    uit = BytesIO()
    wb.save(uit)
    return uit.getvalue()


def _cel(waarde):
    if isinstance(waarde, Decimal):
        return float(waarde)
    return waarde


def voorbeeld_b(*, code: str = "GM0397", met_ontvangsten: bool = True) -> Rijen:
    """Worked example B: parameters and register of 2026 (nobody left), optionally the
    monthly voorschot of 8,333.33 and the terugvordering of -1,234.57 for 2026."""
    rijen = leeg()
    rijen["Gemeente"] = [{"code": code, "naam": "Heemstede", "inwoners": 27500}]
    rijen["Parameters"] = [
        {"jaar": 2024, "categorie": "trajectbedrag", "bedrag": "15.500,00"},
        {"jaar": 2025, "categorie": "trajectbedrag", "bedrag": "15.900,00"},
        {"jaar": 2026, "categorie": "trajectbedrag", "bedrag": "16.000,00"},
        {"jaar": 2026, "categorie": "gezin", "inburgeringsjaar": 1, "bedrag": "720,00"},
        {"jaar": 2026, "categorie": "onderwijsroute", "inburgeringsjaar": 1, "bedrag": 5000},
    ]
    personen = []

    def voeg_toe(aantal, doelgroep, cohort, leerroute=""):
        for _ in range(aantal):
            n = len(personen) + 1
            personen.append(
                {
                    "kenmerk": f"B{n:03d}",
                    "doelgroep": doelgroep,
                    "startdatum": date(cohort, 3, 1),
                    "leerroute": leerroute,
                }
            )

    voeg_toe(10, "asiel", 2024, "B1")
    voeg_toe(8, "asiel", 2025, "B1")
    voeg_toe(5, "gezin", 2025)
    voeg_toe(4, "asiel", 2026, "B1")
    voeg_toe(2, "asiel", 2026, "OR")
    voeg_toe(4, "gezin", 2026)
    rijen["Inburgeraars"] = personen
    if met_ontvangsten:
        rijen["Ontvangsten"] = [
            {
                "regeling": "SPUK-IV",
                "jaar": 2026,
                "datum": date(2026, 1, 15),
                "soort": "voorschot",
                "bedrag": "8.333,33",
            },
            {
                "regeling": "SPUK-IV",
                "jaar": 2026,
                "datum": "15-02-2026",
                "soort": "terugvordering",
                "bedrag": "-1.234,57",
            },
        ]
    return rijen


def volledig(*, code: str = "GM0397") -> Rijen:
    """Example B plus a row on every other sheet: statuses, providers, commitments (one a group
    contract, one closed), invoices with a credit note, beschikkingen, uitvoering."""
    rijen = voorbeeld_b(code=code)
    rijen["Inburgeraars"][0]["bsn"] = "111222333"
    rijen["Inburgeraars"][0]["pipdatum"] = date(2024, 5, 1)
    rijen["Statuswijzigingen"] = [
        {"kenmerk": "B001", "datum": date(2024, 9, 1), "status": "overstap", "leerroute": "Z"},
        {"kenmerk": "B002", "datum": "01-02-2025", "status": "gestopt", "toelichting": "Verhuisd"},
    ]
    rijen["Aanbieders"] = [
        {"naam": "Taalschool Noord", "kvk": "12345678"},
        {"naam": "VluchtelingenWerk", "kvk": ""},
    ]
    rijen["Verplichtingen"] = [
        {
            "nummer": "V-001",
            "kenmerk": "B001",
            "voorziening": "B1",
            "aanbieder": "Taalschool Noord",
            "bedrag": "9.700,00",
            "datum": date(2024, 3, 15),
            "financiering": "SPUK-IV",
        },
        {
            "nummer": "V-002",
            "kenmerk": "B002",
            "voorziening": "MB",
            "aanbieder": "VluchtelingenWerk",
            "bedrag": "2100.00",
            "datum": date(2024, 3, 15),
            "financiering": "SPUK-IV",
            "gesloten_op": date(2025, 2, 1),
        },
        {
            "nummer": "V-003",
            "voorziening": "INTAKE",
            "aanbieder": "VluchtelingenWerk",
            "bedrag": 12000,
            "datum": date(2025, 1, 1),
            "financiering": "UITVOERING",
            "cohort": 2025,
        },
    ]
    rijen["Facturen"] = [
        {"factuurnummer": "F1", "verplichting": "V-001", "datum": date(2024, 6, 1), "bedrag": 4850},
        {
            "factuurnummer": "F2",
            "verplichting": "V-001",
            "datum": date(2024, 7, 1),
            "bedrag": "-100,50",
        },
        {
            "factuurnummer": "F3",
            "verplichting": "V-002",
            "datum": date(2025, 1, 10),  # R8: a late invoice for work of the year before
            "bedrag": "700,00",
            "boekjaar": 2024,
        },
    ]
    rijen["Beschikkingen"] = [
        {
            "regeling": "SPUK-IV",
            "jaar": 2026,
            "soort": "voorlopig",
            "datum": date(2025, 9, 30),
            "bedrag": "100.000,00",
        },
    ]
    rijen["Uitvoeringsbudget"] = [{"jaar": 2025, "bedrag": "101.000,00"}]
    rijen["Uitvoeringskosten"] = [
        {
            "jaar": 2025,
            "soort": "formatie",
            "omschrijving": "Consulenten",
            "fte": "1,5",
            "kosten_per_fte": "80.000,33",
        },
        {"jaar": 2025, "soort": "overig", "omschrijving": "Licentie", "bedrag": "4.000,00"},
    ]
    rijen["Tarieven"] = [
        {
            "aanbieder": "VluchtelingenWerk",
            "voorziening": "MB",
            "bedrag": "2.100,00",
            "geldig_van": date(2024, 1, 1),
        },
        {
            "aanbieder": "Taalschool Noord",
            "voorziening": "B1",
            "bedrag": "9.991,00",
            "geldig_van": "01-01-2026",
        },
        {
            "aanbieder": "Taalschool Noord",
            "voorziening": "B1",
            "bedrag": "9.700,00",
            "geldig_van": date(2024, 1, 1),
        },
    ]
    return rijen


def met_verhuizing_btw_en_onderwijsroute(*, code: str = "GM0397") -> Rijen:
    """volledig() plus every column and sheet of issue 11: a mover (vestigingsdatum), a Wi2013
    person, a doelgroep change, a temporary vrijstelling that ends, invoices with btw (one not
    compensable), a SPUK-OR commitment refinanced to SPUK-IV (vervangt), and the gemeente's own
    classification of the brugklas as a voorziening (Voorzieningen sheet)."""
    rijen = volledig(code=code)
    personen = rijen["Inburgeraars"]
    personen[2]["vestigingsdatum"] = date(2025, 3, 1)  # B003, cohort 2024, moved in 2025
    personen[3]["stelsel"] = "Wi2013"  # B004
    personen[4]["stelsel"] = "Wi2021"  # B005, said explicitly
    rijen["Statuswijzigingen"] += [
        {"kenmerk": "B005", "datum": date(2025, 6, 1), "status": "doelgroep", "doelgroep": "gezin"},
        {"kenmerk": "B006", "datum": date(2025, 1, 1), "status": "tijdelijk_vrijgesteld"},
        {"kenmerk": "B006", "datum": date(2025, 9, 1), "status": "actief"},
    ]
    rijen["Verplichtingen"] += [
        {
            "nummer": "V-004",
            "kenmerk": "B003",
            "voorziening": "OR",
            "aanbieder": "Taalschool Noord",
            "bedrag": "7.000,00",
            "datum": date(2025, 3, 5),
            "financiering": "SPUK-OR",
            "gesloten_op": date(2025, 12, 31),
        },
        {
            "nummer": "V-005",
            "kenmerk": "B003",
            "voorziening": "OR",
            "aanbieder": "Taalschool Noord",
            "bedrag": "3.000,00",
            "datum": date(2025, 12, 31),
            "financiering": "SPUK-IV",
            "vervangt": "V-004",
        },
        {
            "nummer": "V-006",
            "voorziening": "BRUGKLAS",
            "aanbieder": "Taalschool Noord",
            "bedrag": "20.000,00",
            "datum": date(2025, 1, 1),
            "financiering": "SPUK-IV",
            "cohort": 2025,
        },
    ]
    rijen["Facturen"] += [
        {
            "factuurnummer": "F4",
            "verplichting": "V-001",
            "datum": date(2024, 8, 1),
            "bedrag": "1.210,00",
            "btw": "210,00",
        },
        {
            "factuurnummer": "F5",
            "verplichting": "V-004",
            "datum": date(2025, 6, 1),
            "bedrag": "4.000,00",
        },
        {
            "factuurnummer": "F6",
            "verplichting": "V-003",
            "datum": date(2025, 2, 1),
            "bedrag": "605,00",
            "btw": "105,00",
            "btw_compensabel": "nee",
        },
    ]
    rijen["Voorzieningen"] = [{"code": "BRUGKLAS", "classificatie": "spuk"}]
    return rijen
