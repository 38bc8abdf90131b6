"""Bad input (WERKBOEK.md 'Bad input'): every defect is reported with sheet, Excel row, column
and a Dutch sentence, and nothing at all is written."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inburgering.models import Inburgeraar
from kern.models import Gemeente
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, volledig

pytestmark = pytest.mark.django_db


def problemen_van(rijen, **kwargs):
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen, **kwargs), bron="fout.xlsx")
    assert not uitkomst.geschreven
    assert not Gemeente.objects.exists(), "een fout werkboek schrijft niets"
    return [(p.tabblad, p.rij, p.kolom) for p in uitkomst.problemen], uitkomst


def zet(tabblad, index, **waarden):
    rijen = volledig()
    rijen[tabblad][index].update(waarden)
    return rijen


# (defect, rows, expected (sheet, Excel row, column), a word the Dutch sentence must contain)
GEVALLEN = [
    (
        "onbekende code",
        zet("Inburgeraars", 2, doelgroep="Asiel"),
        ("Inburgeraars", 4, "doelgroep"),
        "Bedoelt u 'asiel'",
    ),
    (
        "verplichte waarde leeg",
        zet("Inburgeraars", 0, startdatum=None),
        ("Inburgeraars", 2, "startdatum"),
        "verplicht",
    ),
    (
        "onleesbare datum",
        zet("Facturen", 0, datum="31-02-2024"),
        ("Facturen", 2, "datum"),
        "bestaande datum",
    ),
    (
        "onleesbare datum tekst",
        zet("Verplichtingen", 1, datum="maart 2024"),
        ("Verplichtingen", 3, "datum"),
        "geen datum",
    ),
    (
        "onleesbaar bedrag",
        zet("Verplichtingen", 0, bedrag="9.700,0O"),
        ("Verplichtingen", 2, "bedrag"),
        "geen bedrag",
    ),
    (
        "derde decimaal",
        zet("Ontvangsten", 0, bedrag="8333,333"),
        ("Ontvangsten", 2, "bedrag"),
        "2 decimalen",
    ),
    (
        "derde decimaal getal",
        zet("Parameters", 3, bedrag=720.005),
        ("Parameters", 5, "bedrag"),
        "2 decimalen",
    ),
    (
        "dubbel kenmerk",
        zet("Inburgeraars", 5, kenmerk="B001"),
        ("Inburgeraars", 7, "kenmerk"),
        "rij 2",
    ),
    (
        "dubbel nummer",
        zet("Verplichtingen", 1, nummer="V-001"),
        ("Verplichtingen", 3, "nummer"),
        "rij 2",
    ),
    (
        "factuur onbekende verplichting",
        zet("Facturen", 0, verplichting="V-999"),
        ("Facturen", 2, "verplichting"),
        "Onbekende verplichting",
    ),
    (
        "factuur boven open",
        zet("Facturen", 0, bedrag="9.700,01"),
        ("Facturen", 2, "bedrag"),
        "hoger dan wat nog open staat",
    ),
    (
        "factuur na sluiten",
        zet("Facturen", 2, datum=date(2025, 3, 1)),
        ("Facturen", 4, "bedrag"),
        "gesloten",
    ),
    (
        "schot",
        zet("Verplichtingen", 2, financiering="SPUK-IV"),
        ("Verplichtingen", 4, "financiering"),
        "schot",
    ),
    (
        "status terug in de tijd",
        zet("Statuswijzigingen", 0, kenmerk="B002", datum=date(2025, 3, 1)),
        ("Statuswijzigingen", 3, "datum"),
        "terug in de tijd",
    ),
    (
        "status voor de start",
        zet("Statuswijzigingen", 1, datum=date(2023, 1, 1)),
        ("Statuswijzigingen", 3, "datum"),
        "vóór de startdatum",
    ),
    (
        "bsn elfproef",
        zet("Inburgeraars", 0, bsn="111222334"),
        ("Inburgeraars", 2, "bsn"),
        "elfproef",
    ),
    (
        "onbekend kenmerk",
        zet("Verplichtingen", 0, kenmerk="X-1"),
        ("Verplichtingen", 2, "kenmerk"),
        "Onbekend kenmerk",
    ),
    (
        "onbekende aanbieder",
        zet("Verplichtingen", 0, aanbieder="Taalschool Zuid"),
        ("Verplichtingen", 2, "aanbieder"),
        "Onbekende aanbieder",
    ),
    (
        "onbekende voorziening",
        zet("Verplichtingen", 0, voorziening="b1"),
        ("Verplichtingen", 2, "voorziening"),
        "Bedoelt u 'B1'",
    ),
    (
        "groepscontract zonder cohort",
        zet("Verplichtingen", 2, cohort=None),
        ("Verplichtingen", 4, "cohort"),
        "groepscontract",
    ),
    (
        "overstap zonder leerroute",
        zet("Statuswijzigingen", 0, leerroute=None),
        ("Statuswijzigingen", 2, "leerroute"),
        "overstap",
    ),
    (
        "terugvordering positief",
        zet("Ontvangsten", 1, bedrag="1.234,57"),
        ("Ontvangsten", 3, "bedrag"),
        "negatief",
    ),
    (
        "voorschot negatief",
        zet("Ontvangsten", 0, bedrag="-8.333,33"),
        ("Ontvangsten", 2, "bedrag"),
        "groter dan 0",
    ),
    (
        "asiel zonder inburgeringsjaar",
        zet("Parameters", 3, categorie="asiel", inburgeringsjaar=None),
        ("Parameters", 5, "inburgeringsjaar"),
        "1, 2 of 3",
    ),
    (
        "inburgeringsjaar 4",
        zet("Parameters", 3, inburgeringsjaar=4),
        ("Parameters", 5, "inburgeringsjaar"),
        "tot en met 3",
    ),
    (
        "formatie zonder fte",
        zet("Uitvoeringskosten", 0, fte=None),
        ("Uitvoeringskosten", 2, "fte"),
        "formatie",
    ),
    (
        "formatie bedrag klopt niet",
        zet("Uitvoeringskosten", 0, bedrag="120.000,49"),
        ("Uitvoeringskosten", 2, "bedrag"),
        "120000.50",
    ),
    (
        "overig zonder bedrag",
        zet("Uitvoeringskosten", 1, bedrag=None),
        ("Uitvoeringskosten", 3, "bedrag"),
        "overig",
    ),
    (
        "jaar geen getal",
        zet("Beschikkingen", 0, jaar="2026a"),
        ("Beschikkingen", 2, "jaar"),
        "geheel getal",
    ),
    (
        "regeling onbekend",
        zet("Beschikkingen", 0, regeling="UITVOERING"),
        ("Beschikkingen", 2, "regeling"),
        "SPUK-IV",
    ),
    ("gemeentecode", zet("Gemeente", 0, code="0397"), ("Gemeente", 2, "code"), "CBS-code"),
    (
        "dubbele factuur",
        zet("Facturen", 1, factuurnummer="F1"),
        ("Facturen", 3, "factuurnummer"),
        "rij 2",
    ),
    (
        "formatie te groot",
        zet("Uitvoeringskosten", 0, fte="99999", kosten_per_fte="999.999.999.999"),
        ("Uitvoeringskosten", 2, "bedrag"),
        "te groot",
    ),
    (
        "creditnota te groot",
        zet("Facturen", 1, bedrag="-5.000,00"),
        ("Facturen", 3, "bedrag"),
        "creditfactuur",
    ),
]


@pytest.mark.parametrize(
    "rijen,plaats,woord", [g[1:] for g in GEVALLEN], ids=[g[0] for g in GEVALLEN]
)
def test_elk_defect_wordt_gemeld_met_plaats_en_niets_wordt_geschreven(rijen, plaats, woord):
    plaatsen, uitkomst = problemen_van(rijen)
    assert plaats in plaatsen, uitkomst.problemen
    probleem = uitkomst.problemen[plaatsen.index(plaats)]
    assert woord in probleem.melding


def test_een_defect_geeft_precies_een_probleem():
    _, uitkomst = problemen_van(zet("Inburgeraars", 0, doelgroep="Asiel"))
    assert uitkomst.aantal_problemen == 1  # no cascade into the sheets that refer to B001


def test_ontbrekend_tabblad():
    plaatsen, _ = problemen_van(volledig(), weglaten=("Facturen",))
    assert ("Facturen", None, "") in plaatsen


def test_verkeerd_genoemd_tabblad():
    werkboek = als_xlsx(volledig(), hernoem={"Inburgeraars": "inburgeraars"})
    uitkomst = importeer_werkboek(bestand=werkboek, bron="w.xlsx")
    assert [p.melding for p in uitkomst.problemen] == [
        "Het tabblad 'inburgeraars' heet in het sjabloon 'Inburgeraars'. "
        "Geef het tabblad precies die naam (let op hoofdletters)."
    ]
    assert not Inburgeraar.objects.exists()


def test_ontbrekende_verplichte_kolom(tmp_path):
    from openpyxl import load_workbook

    pad = als_xlsx(volledig(), tmp_path / "w.xlsx")
    wb = load_workbook(pad)
    wb["Aanbieders"]["A1"] = "Naam van de aanbieder"
    wb.save(pad)
    uitkomst = importeer_werkboek(bestand=str(pad), bron="w.xlsx")
    assert [(p.tabblad, p.rij, p.kolom) for p in uitkomst.problemen] == [("Aanbieders", 1, "naam")]


@pytest.mark.parametrize(
    "inhoud",
    [b"", b"kenmerk;doelgroep\nK1;asiel\n", b"PK\x03\x04 kapot", b"geen excel"],
    ids=["leeg", "csv", "kapotte zip", "tekst"],
)
def test_geen_werkboek_geeft_een_zin(inhoud):
    uitkomst = importeer_werkboek(bestand=inhoud, bron="x.xlsx")
    assert len(uitkomst.problemen) == 1
    assert "geen Excel-werkboek" in uitkomst.problemen[0].melding


def test_slordig_maar_leesbaar_wordt_geaccepteerd():
    rijen = volledig()
    rijen["Inburgeraars"][0].update(kenmerk="B001  ", doelgroep=" asiel ", startdatum="01-03-2024")
    rijen["Facturen"][0].update(bedrag="4.850", datum="2024-06-01")
    rijen["Ontvangsten"][0]["bedrag"] = "€ 8.333,33"
    rijen["Inburgeraars"][1]["bsn"] = 11222335  # a BSN with a leading zero, typed as a number
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="slordig.xlsx")
    assert uitkomst.problemen == []
    assert Inburgeraar.objects.get(kenmerk="B002").bsn_gemaskeerd == "******335"


def test_lege_rijen_aan_het_eind_en_extra_kolommen_zijn_geen_probleem(tmp_path):
    from openpyxl import load_workbook

    pad = als_xlsx(volledig(), tmp_path / "w.xlsx")
    wb = load_workbook(pad)
    wb["Inburgeraars"]["H1"] = "opmerking"
    wb["Inburgeraars"]["H2"] = "een extra kolom"
    wb["Inburgeraars"]["A100"] = "   "
    wb.save(pad)
    assert importeer_werkboek(bestand=str(pad), bron="w.xlsx").is_geldig


def test_een_rij_met_alleen_een_onbekende_kolom_wordt_niet_stil_overgeslagen(tmp_path):
    from openpyxl import load_workbook

    pad = als_xlsx(volledig(), tmp_path / "w.xlsx")
    wb = load_workbook(pad)
    wb["Inburgeraars"]["H1"] = "opmerking"
    wb["Inburgeraars"]["H60"] = "iets"
    wb.save(pad)
    uitkomst = importeer_werkboek(bestand=str(pad), bron="w.xlsx")
    assert ("Inburgeraars", 60, "kenmerk") in [
        (p.tabblad, p.rij, p.kolom) for p in uitkomst.problemen
    ]


def test_commando_meldt_problemen_op_stderr_met_exitstatus_1(tmp_path, capsys):
    pad = als_xlsx(zet("Inburgeraars", 0, bsn="123"), tmp_path / "fout.xlsx")
    with pytest.raises(CommandError) as fout:
        call_command("import_werkboek", str(pad))
    assert fout.value.returncode == 1
    assert "tabblad Inburgeraars, rij 2, kolom bsn: Dit BSN klopt niet" in capsys.readouterr().err


def test_commando_op_een_bestand_dat_geen_werkboek_is(tmp_path):
    pad = tmp_path / "lijst.xlsx"
    pad.write_text("kenmerk,doelgroep\n")
    import subprocess
    import sys

    proces = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "import_werkboek", str(pad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proces.returncode == 1
    assert "geen Excel-werkboek" in proces.stderr
    assert "Traceback" not in proces.stderr
