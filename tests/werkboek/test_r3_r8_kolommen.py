"""Issue 11 in the workbook: vestigingsdatum and stelsel (R3), the doelgroep status, btw on
invoices and the boekjaar rules (R8), `vervangt`, and the optional Voorzieningen sheet. Every
bad input is reported with sheet, Excel row, column and a Dutch sentence; nothing is written."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from inburgering.models import Factuur, Inburgeraar, Statuswijziging, Verplichting, Voorziening
from kern.models import Gemeente
from werkboek.exporteren import exporteer_gemeente
from werkboek.formaat import TABBLAD_NAMEN
from werkboek.services import importeer_werkboek

from .test_export import inhoud, leeg_de_database
from .test_fouten import problemen_van
from .werkboeken import als_xlsx, met_verhuizing_btw_en_onderwijsroute, volledig

pytestmark = pytest.mark.django_db


def zet(tabblad, index, **waarden):
    rijen = met_verhuizing_btw_en_onderwijsroute()
    rijen[tabblad][index].update(waarden)
    return rijen


def test_r3_r8_alle_nieuwe_kolommen_worden_ingelezen():
    bron = als_xlsx(met_verhuizing_btw_en_onderwijsroute())
    uitkomst = importeer_werkboek(bestand=bron, bron="x")
    assert uitkomst.problemen == []
    b003 = Inburgeraar.objects.get(kenmerk="B003")
    assert (b003.startdatum, b003.vestigingsdatum, b003.cohort) == (
        date(2024, 3, 1),
        date(2025, 3, 1),
        2024,
    )
    assert Inburgeraar.objects.get(kenmerk="B004").stelsel == "Wi2013"
    assert Inburgeraar.objects.get(kenmerk="B001").vestigingsdatum == date(2024, 3, 1)
    doelgroep = Statuswijziging.objects.get(status="doelgroep")
    assert (doelgroep.inburgeraar.kenmerk, doelgroep.doelgroep) == ("B005", "gezin")
    b006 = Inburgeraar.objects.get(kenmerk="B006")
    assert [s.status for s in b006.statuswijzigingen.all()] == ["tijdelijk_vrijgesteld", "actief"]
    f4, f6 = Factuur.objects.get(factuurnummer="F4"), Factuur.objects.get(factuurnummer="F6")
    assert (f4.btw, f4.btw_compensabel, f4.last) == (Decimal("210.00"), True, Decimal("1000.00"))
    assert (f6.btw, f6.btw_compensabel, f6.last) == (Decimal("105.00"), False, Decimal("605.00"))
    assert Verplichting.objects.get(nummer="V-005").vervangt.nummer == "V-004"
    # The brugklas, classified spuk on the Voorzieningen sheet, took SPUK-IV in the same import.
    gemeente = Gemeente.objects.get(code="GM0397")
    assert Voorziening.objects.get(gemeente=gemeente, code="BRUGKLAS").classificatie == "spuk"
    assert Verplichting.objects.get(nummer="V-006").financiering == "SPUK-IV"


@pytest.mark.postgres  # empties the database with TRUNCATE
def test_r3_r8_rondreis_verliest_niets_van_de_nieuwe_kolommen():
    bron = als_xlsx(met_verhuizing_btw_en_onderwijsroute())
    assert importeer_werkboek(bestand=bron, bron="start.xlsx").is_geldig
    eerste = exporteer_gemeente(Gemeente.objects.get(code="GM0397"))
    leeg_de_database()
    assert importeer_werkboek(bestand=eerste, bron="export.xlsx").problemen == []
    tweede = exporteer_gemeente(Gemeente.objects.get(code="GM0397"))
    a, b = inhoud(eerste), inhoud(tweede)
    assert list(a) == list(TABBLAD_NAMEN)
    for naam in TABBLAD_NAMEN:
        assert a[naam] == b[naam], naam
    kop = a["Facturen"][0]
    f6 = next(r for r in a["Facturen"] if r[0] == "F6")
    assert f6[kop.index("btw")] == 105 and f6[kop.index("btw_compensabel")] == "nee"
    brugklas = next(r for r in a["Voorzieningen"] if r[0] == "BRUGKLAS")
    assert brugklas == ("BRUGKLAS", "spuk")
    # A second import of the export changes nothing (idempotent), new columns included.
    opnieuw = importeer_werkboek(bestand=tweede, bron="nogmaals.xlsx")
    assert all(s["aangemaakt"] == s["bijgewerkt"] == 0 for s in opnieuw.samenvatting.values())


def test_zonder_tabblad_voorzieningen_is_er_geen_probleem():
    uitkomst = importeer_werkboek(
        bestand=als_xlsx(volledig(), weglaten=("Voorzieningen",)), bron="x"
    )
    assert uitkomst.problemen == []


def _spuk_or_factuur_2026():
    rijen = met_verhuizing_btw_en_onderwijsroute()
    rijen["Facturen"].append(
        {"factuurnummer": "F9", "verplichting": "V-004", "datum": date(2026, 1, 20), "bedrag": 100}
    )
    return rijen


GEVALLEN = [
    (
        "vestigingsdatum voor startdatum",
        zet("Inburgeraars", 0, vestigingsdatum=date(2024, 2, 1)),
        ("Inburgeraars", 2, "vestigingsdatum"),
        "vóór de startdatum",
    ),
    (
        "stelsel onbekend",
        zet("Inburgeraars", 0, stelsel="wi2013"),
        ("Inburgeraars", 2, "stelsel"),
        "Bedoelt u 'Wi2013'",
    ),
    (
        "btw groter dan het bedrag",
        zet("Facturen", 0, btw="5.000,00"),
        ("Facturen", 2, "btw"),
        "groter dan het factuurbedrag",
    ),
    (
        "btw met het andere teken",
        zet("Facturen", 1, btw="10,00"),
        ("Facturen", 3, "btw"),
        "ander teken",
    ),
    (
        "btw_compensabel geen ja of nee",
        zet("Facturen", 3, btw_compensabel="misschien"),
        ("Facturen", 5, "btw_compensabel"),
        "ja of nee",
    ),
    (
        "doelgroepstatus zonder doelgroep",
        zet("Statuswijzigingen", 2, doelgroep=None),
        ("Statuswijzigingen", 4, "doelgroep"),
        "nieuwe doelgroep",
    ),
    (
        "doelgroepstatus met onbekende doelgroep",
        zet("Statuswijzigingen", 2, doelgroep="Gezin"),
        ("Statuswijzigingen", 4, "doelgroep"),
        "Bedoelt u 'gezin'",
    ),
    (
        "SPUK voor een Wi2013-inburgeraar",
        zet("Inburgeraars", 0, stelsel="Wi2013"),
        ("Verplichtingen", 2, "financiering"),
        "Wet inburgering 2013",
    ),
    (
        "SPUK-OR voor een andere voorziening dan OR",
        zet("Verplichtingen", 3, voorziening="B1"),
        ("Verplichtingen", 5, "financiering"),
        "alleen de onderwijsroute",
    ),
    (
        "factuur met boekjaar na 2025 op SPUK-OR",
        _spuk_or_factuur_2026(),
        ("Facturen", 8, "boekjaar"),
        "SPUK-OR is na 2025 geëindigd",
    ),
    (
        "boekjaar na het factuurjaar",
        zet("Facturen", 0, boekjaar=2025),
        ("Facturen", 2, "boekjaar"),
        "kies 2023 of 2024",
    ),
    (
        "boekjaar twee jaar terug",
        zet("Facturen", 0, boekjaar=2022),
        ("Facturen", 2, "boekjaar"),
        "kies 2023 of 2024",
    ),
    (
        "factuurdatum in de toekomst",
        zet("Facturen", 0, datum=date(2099, 1, 1)),
        ("Facturen", 2, "datum"),
        "in de toekomst",
    ),
    (
        "classificatie anders dan spuk of uitvoering",
        zet("Voorzieningen", 0, classificatie="SPUK"),
        ("Voorzieningen", 2, "classificatie"),
        "Kies spuk of uitvoering",
    ),
    (
        "wettelijke uitvoering als spuk",
        zet("Voorzieningen", 0, code="INTAKE"),
        ("Voorzieningen", 2, "classificatie"),
        "volgens de wet uitvoering",
    ),
    (
        "vervangt een onbekende verplichting",
        zet("Verplichtingen", 4, vervangt="V-999"),
        ("Verplichtingen", 6, "vervangt"),
        "Onbekende verplichting 'V-999'",
    ),
]


@pytest.mark.parametrize(
    "rijen,plaats,woord", [g[1:] for g in GEVALLEN], ids=[g[0] for g in GEVALLEN]
)
def test_r3_r8_elk_nieuw_defect_wordt_gemeld_en_niets_wordt_geschreven(rijen, plaats, woord):
    plaatsen, uitkomst = problemen_van(rijen)
    assert plaats in plaatsen, uitkomst.problemen
    assert woord in uitkomst.problemen[plaatsen.index(plaats)].melding


def test_r8_btw_de_last_past_in_wat_open_staat_ook_als_het_bedrag_dat_niet_doet():
    """An invoice above what is open compares its last (bedrag - compensable btw) with it."""
    rijen = volledig()
    rijen["Facturen"].append(
        # V-001: 9,700.00 - 4,850.00 + 100.50 = 4,950.50 open; 5,990.50 with 1,040.00 btw = 4,950.50
        {
            "factuurnummer": "F8",
            "verplichting": "V-001",
            "datum": date(2024, 9, 1),
            "bedrag": "5.990,50",
            "btw": "1.040,00",
        }
    )
    assert importeer_werkboek(bestand=als_xlsx(rijen), bron="x").problemen == []


def test_r8_btw_niet_compensabel_telt_het_hele_bedrag_tegen_wat_open_staat():
    rijen = volledig()
    rijen["Facturen"].append(
        {
            "factuurnummer": "F8",
            "verplichting": "V-001",
            "datum": date(2024, 9, 1),
            "bedrag": "5.990,50",
            "btw": "1.040,00",
            "btw_compensabel": "n",
        }
    )
    plaatsen, uitkomst = problemen_van(rijen)
    assert ("Facturen", 5, "bedrag") in plaatsen


def test_sjabloon_heeft_het_optionele_tabblad_voorzieningen():
    from werkboek.sjabloon import maak_sjabloon

    wb = load_workbook(BytesIO(maak_sjabloon()))
    assert [c.value for c in wb["Voorzieningen"][1]] == ["code", "classificatie"]
    kop = [c.value for c in wb["Facturen"][1]]
    assert {"btw", "btw_compensabel"} <= set(kop)


def _vrijgevallen(nummer: str) -> Decimal:
    from inburgering.models import Verplichtingsmutatie

    return Verplichtingsmutatie.objects.get(
        verplichting__nummer=nummer, soort="vrijval"
    ).vrijgevallen


def test_r8_sluiten_bij_import_laat_het_bedrag_min_de_last_vrij_van_bestaande_facturen():
    """V-001: 9,700.00 less the last of F1 4,850.00, F2 -100.50 and F4 (1,210.00 with 210.00
    compensable btw: 1,000.00) = 3,950.50, as vrijval in the browser releases (it released
    3,740.50: the amounts, btw included)."""
    assert importeer_werkboek(bestand=als_xlsx(met_verhuizing_btw_en_onderwijsroute()), bron="x")
    rijen = zet("Verplichtingen", 0, gesloten_op=date(2025, 1, 31))
    assert importeer_werkboek(bestand=als_xlsx(rijen), bron="y").problemen == []
    assert _vrijgevallen("V-001") == Decimal("3950.50")


def test_r8_sluiten_bij_import_laat_het_bedrag_min_de_last_vrij_van_facturen_in_dezelfde_import():
    assert importeer_werkboek(bestand=als_xlsx(volledig()), bron="x").problemen == []
    rijen = zet("Verplichtingen", 0, gesloten_op=date(2025, 1, 31))  # F4 is new in this import
    assert importeer_werkboek(bestand=als_xlsx(rijen), bron="y").problemen == []
    assert _vrijgevallen("V-001") == Decimal("3950.50")
