"""The R7 year-balance table, shared by the SPUK overview and the SiSa drill-down."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.rapportage.factories import HerberekeningFactory, JaarSaldoFactory

pytestmark = pytest.mark.django_db

KOPPEN = [
    "Jaar",
    "Toekenning",
    "Reservering in",
    "Doorschuif in",
    "Beschikbaar",
    "Besteding",
    "Saldo",
    "Reservering uit",
    "Doorschuif uit",
    "Terug te betalen",
]


def _tabel(html: str, bijschrift: str) -> str:
    begin = html.index(f'<caption class="utrecht-table__caption">{bijschrift}</caption>')
    return html[begin : html.index("</table>", begin)]


def _koppen(tabel: str) -> list[str]:
    return re.findall(r'<th scope="col" class="[^"]*">([^<]+)</th>', tabel)


def _cellen(tabel: str) -> list[str]:
    return [re.sub(r"\s+", " ", c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", tabel)]


@pytest.fixture
def saldi(gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h)
    JaarSaldoFactory(
        herberekening=h,
        jaar=2025,
        toekenning_bron="raming",
        saldo=Decimal("-1234.50"),
        reservering_uit=Decimal("0.00"),
        doorschuif_uit=Decimal("1234.50"),
    )
    return h


def test_spuk_overzicht_toont_de_jaarbalans_met_bron(adviseur_client, gemeente, saldi):
    html = adviseur_client.get(reverse("spuk:overzicht", args=[gemeente.code])).content.decode()
    tabel = _tabel(html, "SPUK-IV: balans per jaar")
    assert _koppen(tabel) == KOPPEN[:2] + ["Bron"] + KOPPEN[2:]
    assert '<th scope="row" class="utrecht-table__header-cell">2025</th>' in tabel
    assert _cellen(tabel)[10:] == [
        "€ 200.000,00",
        "raming uit het register",
        "€ 0,00",
        "€ 40.000,00",
        "€ 160.000,00",
        "€ 100.000,00",
        "-€ 1.234,50",
        "€ 0,00",
        "€ 1.234,50",
        "€ 0,00",
    ]
    assert 'app-bedrag app-negatief">-€\u00a01.234,50' in tabel


def test_sisa_onderbouwing_toont_dezelfde_jaarbalans_zonder_bron(adviseur_client, gemeente, saldi):
    url = reverse(
        "rapportage:sisa_herkomst", args=[gemeente.code, 2025, "SPUK-IV", "terug_te_betalen"]
    )
    tabel = _tabel(
        adviseur_client.get(url).content.decode(), "Jaarbalansen SPUK-IV tot en met 2025"
    )
    assert _koppen(tabel) == KOPPEN
    assert '<th scope="row" class="utrecht-table__header-cell">2024</th>' in tabel
    assert _cellen(tabel)[9:] == [
        "€ 200.000,00",
        "€ 0,00",
        "€ 40.000,00",
        "€ 160.000,00",
        "€ 100.000,00",
        "-€ 1.234,50",
        "€ 0,00",
        "€ 1.234,50",
        "€ 0,00",
    ]


def test_sisa_onderbouwing_zonder_jaarbalansen_zegt_dat(adviseur_client, gemeente, saldi):
    url = reverse(
        "rapportage:sisa_herkomst", args=[gemeente.code, 2023, "SPUK-IV", "terug_te_betalen"]
    )
    tabel = _tabel(
        adviseur_client.get(url).content.decode(), "Jaarbalansen SPUK-IV tot en met 2023"
    )
    assert '<td class="utrecht-table__cell" colspan="10">Geen jaarbalansen.</td>' in tabel
