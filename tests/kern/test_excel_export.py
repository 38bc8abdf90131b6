"""Issue 16 item 4: every list export is real Excel, written once by kern.spreadsheet: real
date cells, amounts as #,##0.00 €, a frozen header with an autofilter, a title line with the
gemeente, the filter and the peildatum; and the fast cell values equal django-tables2's."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tables2 import DateColumn
from django_tables2.rows import BoundRow
from openpyxl import load_workbook

from inburgering import selectors
from inburgering.tables import FactuurTable, InburgeraarTable, VerplichtingTable
from kern.spreadsheet import (
    Formule,
    Kolom,
    bewaar,
    nieuwe_werkmap,
    schrijf_blad,
    titelregel,
)
from kern.tabelwaarden import tabelrijen
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


def _blad(inhoud: bytes):
    return load_workbook(io.BytesIO(inhoud)).worksheets[0]


def test_schrijf_blad_schrijft_echte_cellen_en_tekst_als_tekst(settings):
    werkmap = nieuwe_werkmap()
    moment = timezone.make_aware(datetime(2026, 7, 1, 19, 4), timezone.get_fixed_timezone(0))
    schrijf_blad(
        werkmap,
        "Proef",
        ["Tekst", "Datum", "Bedrag", Kolom("Fte", opmaak="0.00"), "Moment", "Totaal"],
        [
            ["=1+1", date(2025, 3, 31), Decimal("-1234.56"), Decimal("0.8"), moment, None],
            ["  spaties ", None, Decimal("3E+1"), 1, None, Formule("=SUM(C3:C4)")],
        ],
        titel="Proef – Heemstede (GM0397) · zonder filter · peildatum 01-12-2026",
    )
    blad = _blad(bewaar(werkmap))
    assert blad["A1"].value.startswith("Proef – Heemstede") and blad["A1"].font.b
    assert [c.value for c in blad[2]] == ["Tekst", "Datum", "Bedrag", "Fte", "Moment", "Totaal"]
    assert blad["A2"].font.b and blad.freeze_panes == "A3" and blad.auto_filter.ref == "A2:F4"
    tekst, datum, bedrag, fte, tijd = (blad.cell(row=3, column=k) for k in range(1, 6))
    assert tekst.value == "=1+1" and tekst.data_type == "s"  # text, never a live formula
    assert datum.value == datetime(2025, 3, 31) and datum.number_format == "DD-MM-YYYY"
    assert bedrag.value == -1234.56 and bedrag.number_format == "#,##0.00 €"
    assert fte.number_format == "0.00"
    # Europe/Amsterdam wall clock: 19:04 UTC in July is 21:04.
    assert tijd.value == datetime(2026, 7, 1, 21, 4) and tijd.number_format == "DD-MM-YYYY HH:MM"
    assert blad["A4"].value == "  spaties " and blad["C4"].value == 30
    assert blad["F4"].data_type == "f" and blad["F4"].value == "=SUM(C3:C4)"


def test_titelregel_noemt_gemeente_filter_en_peildatum(gemeente):
    regel = titelregel("Facturen", gemeente, "Boekjaar: 2025", date(2026, 12, 1))
    assert regel == "Facturen – Heemstede (GM0397) · filter: Boekjaar: 2025 · peildatum 01-12-2026"
    assert "zonder filter" in titelregel("Facturen", gemeente)


@pytest.mark.parametrize(
    "tabel, selector",
    [
        (InburgeraarTable, selectors.inburgeraars),
        (VerplichtingTable, selectors.verplichtingen),
        (FactuurTable, selectors.facturen),
    ],
)
def test_snelle_waarden_zijn_die_van_django_tables2(gemeente, tabel, selector):
    persoon = InburgeraarFactory(gemeente=gemeente, kenmerk="=1+1", startdatum=date(2024, 3, 1))
    v = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon)
    VerplichtingFactory(gemeente=gemeente, inburgeraar=None, cohort=2024)  # a group contract
    FactuurFactory(gemeente=gemeente, verplichting=v, aanbieder=v.aanbieder)
    t = tabel(selector(gemeente), gemeente=gemeente)
    kolommen = [k for k in t.columns.iterall() if not k.column.exclude_from_export]
    snel = list(tabelrijen(t, kolommen))
    traag = [[BoundRow(r, table=t).get_cell_value(k.name) for k in kolommen] for r in t.data.data]
    assert len(snel) == len(traag) > 0
    for snelle_rij, trage_rij in zip(snel, traag, strict=True):
        for kolom, waarde, verwacht in zip(kolommen, snelle_rij, trage_rij, strict=True):
            if isinstance(waarde, date):  # django-tables2 writes a date as text
                assert verwacht in (f"{waarde:%d-%m-%Y}", waarde.isoformat()), kolom.name
            elif waarde is None and isinstance(kolom.column, DateColumn):
                assert verwacht in ("", "—"), kolom.name  # an empty cell, not a dash
            else:
                assert waarde == verwacht, kolom.name


def test_facturenexport_is_echte_excel_met_titelregel(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente)
    FactuurFactory(
        gemeente=gemeente,
        verplichting=v,
        aanbieder=v.aanbieder,
        factuurnummer="F-1",
        datum=date(2025, 2, 3),
        bedrag=Decimal("1234.56"),
        boekjaar=2025,
    )
    url = reverse("inburgering:facturen", kwargs={"gemeente": gemeente.code})
    antwoord = adviseur_client.get(url, {"boekjaar": 2025, "_export": "xlsx"})
    assert antwoord.streaming and "facturen-GM0397.xlsx" in antwoord["Content-Disposition"]
    blad = _blad(antwoord.getvalue())
    titel = blad["A1"].value
    assert titel.startswith("Facturen – Heemstede (GM0397) · filter: ")
    assert "2025" in titel and f"peildatum {timezone.localdate():%d-%m-%Y}" in titel
    kop = [c.value for c in blad[2]]
    assert kop[0] == "Factuurnummer" and blad.freeze_panes == "A3"
    assert blad.auto_filter.ref == f"A2:{blad.cell(row=2, column=len(kop)).column_letter}3"
    datum = blad.cell(row=3, column=kop.index("Factuurdatum") + 1)
    bedrag = blad.cell(row=3, column=kop.index("Bedrag") + 1)
    assert datum.value == datetime(2025, 2, 3) and datum.number_format == "DD-MM-YYYY"
    assert bedrag.value == 1234.56 and bedrag.number_format == "#,##0.00 €"
