"""The jaarrekening page: the `balans` figures, the reconciliation, drill-down and Excel."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.spuk.factories import OntvangstFactory

from .factories import HerberekeningFactory, JaarSaldoFactory

pytestmark = pytest.mark.django_db
D = Decimal


def voorbeeld_c(gemeente, ontvangsten: int = 1):
    """Worked example C as the recomputation stores it, with receipts of 800,000 in 2022-2025."""
    h = HerberekeningFactory(gemeente=gemeente)
    rijen = [
        (2022, "260000", "0", "0", "150000", "110000", "0", "0"),
        (2023, "300000", "110000", "0", "450000", "0", "40000", "0"),
        (2024, "200000", "0", "40000", "100000", "60000", "0", "0"),
        (2025, "50000", "60000", "0", "0", "50000", "0", "60000"),
    ]
    for jaar, toek, r_in, d_in, best, r_uit, d_uit, terug in rijen:
        beschikbaar = D(toek) + D(r_in) - D(d_in)
        JaarSaldoFactory(
            herberekening=h,
            jaar=jaar,
            toekenning=D(toek),
            reservering_in=D(r_in),
            doorschuif_in=D(d_in),
            beschikbaar=beschikbaar,
            besteding=D(best),
            saldo=beschikbaar - D(best),
            reservering_uit=D(r_uit),
            doorschuif_uit=D(d_uit),
            terug_te_betalen=D(terug),
        )
    for _ in range(ontvangsten):
        OntvangstFactory(
            gemeente=gemeente,
            jaar=2025,
            datum=date(2025, 3, 1),
            bedrag=D("800000.00") / ontvangsten,
        )
    # For 2025 but paid in 2026: not on the 2025 balance.
    OntvangstFactory(gemeente=gemeente, jaar=2025, datum=date(2026, 1, 5), bedrag=D("10000.00"))
    return h


def test_r7_jaarrekening_toont_posities_en_aansluiting(adviseur_client, gemeente):
    voorbeeld_c(gemeente)
    html = adviseur_client.get(
        reverse("rapportage:jaarrekening", args=["GM0397", 2025])
    ).content.decode()
    assert "Posities SPUK-IV op 31-12-2025" in html
    for tekst in ("810.000,00", "800.000,00", "700.000,00", "50.000,00", "60.000,00", "10.000,00"):
        assert tekst in html, tekst
    assert "Nog te besteden (overlopende passiva)" in html
    assert "100.000,00" in html and "De aansluiting sluit." in html


def test_r7_jaarrekening_vaste_aantal_queries(adviseur_client, gemeente):
    voorbeeld_c(gemeente, ontvangsten=1)
    url = reverse("rapportage:jaarrekening", args=["GM0397", 2025])
    with CaptureQueriesContext(connection) as weinig:
        adviseur_client.get(url)
    OntvangstFactory.create_batch(20, gemeente=gemeente, jaar=2024, datum=date(2024, 5, 1))
    with CaptureQueriesContext(connection) as veel:
        adviseur_client.get(url)
    assert len(veel.captured_queries) == len(weinig.captured_queries)


def test_r7_jaarrekening_onderbouwing_ontvangen_toont_alleen_kas_op_balansdatum(
    adviseur_client, gemeente
):
    voorbeeld_c(gemeente)
    url = reverse(
        "rapportage:jaarrekening_herkomst", args=["GM0397", 2025, "SPUK-IV", "ontvangen_cumulatief"]
    )
    html = adviseur_client.get(url).content.decode()
    assert "01-03-2025" in html and "800.000,00" in html
    assert "05-01-2026" not in html


def test_r7_jaarrekening_onderbouwing_nog_te_ontvangen_per_jaar(adviseur_client, gemeente):
    voorbeeld_c(gemeente)
    url = reverse(
        "rapportage:jaarrekening_herkomst", args=["GM0397", 2025, "SPUK-IV", "nog_te_ontvangen"]
    )
    html = adviseur_client.get(url).content.decode()
    # 2025: 50,000 toegekend, 800,000 binnen
    assert "260.000,00" in html and "-€\u00a0750.000,00" in html


def test_r7_jaarrekening_onbekende_post_is_404(adviseur_client, gemeente):
    url = reverse("rapportage:jaarrekening_herkomst", args=["GM0397", 2025, "SPUK-IV", "kas"])
    assert adviseur_client.get(url).status_code == 404


def test_r7_jaarrekening_excel_met_echte_getallen(adviseur_client, gemeente):
    voorbeeld_c(gemeente)
    antwoord = adviseur_client.get(reverse("rapportage:jaarrekening_xlsx", args=["GM0397", 2025]))
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    waarden = {blad.cell(r, 1).value: blad.cell(r, 3).value for r in range(5, blad.max_row + 1)}
    assert blad.cell(4, 3).value == "SPUK-IV"
    assert waarden["Toekenning t/m T"] == D("810000.00")
    assert waarden["Nog te ontvangen"] == D("10000.00")
    assert waarden["Ontvangen − besteding"] == D("100000.00")
    assert waarden["Aansluiting"] == "sluit"
