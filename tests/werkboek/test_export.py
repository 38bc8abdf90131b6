"""Export: the same format as the import; export, import into an empty database, export again
gives the same workbook content."""

from io import BytesIO

import pytest
from django.db import connection
from openpyxl import load_workbook

from inburgering.models import Inburgeraar
from kern.models import Gemeente
from werkboek.exporteren import exporteer_gemeente
from werkboek.formaat import TABBLAD_NAMEN
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, volledig

pytestmark = pytest.mark.django_db


def inhoud(xlsx: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(BytesIO(xlsx), read_only=True)
    return {naam: list(wb[naam].iter_rows(values_only=True)) for naam in wb.sheetnames}


def leeg_de_database():
    """As a fresh installation: every table emptied (TRUNCATE is rolled back after the test)."""
    apps = ("kern_", "inburgering_", "spuk_", "uitvoering_", "werkboek_", "rapportage_")
    tabellen = [
        t
        for t in connection.introspection.django_table_names(only_existing=True)
        if t.startswith(apps)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tabellen)} CASCADE")


@pytest.mark.postgres  # empties the database with TRUNCATE
def test_rondreis_export_import_export_geeft_hetzelfde_werkboek():
    assert importeer_werkboek(bestand=als_xlsx(volledig()), bron="start.xlsx").is_geldig
    eerste = exporteer_gemeente(Gemeente.objects.get(code="GM0397"))

    leeg_de_database()
    assert not Inburgeraar.objects.exists()
    uitkomst = importeer_werkboek(bestand=eerste, bron="export.xlsx")
    assert uitkomst.problemen == []
    tweede = exporteer_gemeente(Gemeente.objects.get(code="GM0397"))

    a, b = inhoud(eerste), inhoud(tweede)
    assert list(a) == list(TABBLAD_NAMEN)
    for naam in TABBLAD_NAMEN:
        assert a[naam] == b[naam], naam
    assert len(a["Inburgeraars"]) == 34 and len(a["Facturen"]) == 4


def test_export_heeft_echte_datums_en_bedragen_en_geen_bsn():
    importeer_werkboek(bestand=als_xlsx(volledig()), bron="start.xlsx")
    wb = load_workbook(BytesIO(exporteer_gemeente(Gemeente.objects.get(code="GM0397"))))
    blad = wb["Verplichtingen"]
    assert blad["F2"].is_date and blad["F2"].number_format == "DD-MM-YYYY"
    assert blad["E2"].value == 9700 and blad["E2"].number_format == "#,##0.00 €"
    # The contract fixes row 1 (the column names): no title line, a frozen filterable header.
    assert blad["A1"].value == "nummer" and blad.freeze_panes == "A2"
    assert blad.auto_filter.ref.startswith("A1:")
    personen = wb["Inburgeraars"]
    assert personen["F1"].value == "bsn"
    assert all(c.value is None for c in personen["F"][1:])


def test_export_bevat_nooit_gegevens_van_een_andere_gemeente():
    importeer_werkboek(bestand=als_xlsx(volledig()), bron="a.xlsx")
    importeer_werkboek(bestand=als_xlsx(volledig(code="GM0392")), bron="b.xlsx")
    anders = Gemeente.objects.get(code="GM0392")
    Inburgeraar.objects.filter(gemeente=anders, kenmerk="B001").update(kenmerk="ALLEEN-HAARLEM")
    blad = inhoud(exporteer_gemeente(Gemeente.objects.get(code="GM0397")))
    assert "ALLEEN-HAARLEM" not in str(blad)
    assert len(blad["Inburgeraars"]) == 34
