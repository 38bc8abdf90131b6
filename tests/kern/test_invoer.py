"""Amounts, dates and BSNs as people type them (R1: never more than 2 decimals)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kern.invoer import OngeldigeInvoer, is_geldig_bsn, maskeer_bsn, parse_bedrag, parse_datum


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("-1.234,57", "-1234.57"),
        ("1.234", "1234.00"),
        ("12.5", "12.50"),
        (" 100 ", "100.00"),
        (1234, "1234.00"),
        (1234.5, "1234.50"),
        (Decimal("8333.33"), "8333.33"),
    ],
)
def test_bedrag_in_nederlandse_en_gewone_notatie(tekst, verwacht):
    assert parse_bedrag(tekst) == Decimal(verwacht)


@pytest.mark.parametrize(
    "tekst", ["12,345", "1.234,567", "0.001", 12.345, "abc", "", "1,2,3", "NaN"]
)
def test_bedrag_weigert_meer_dan_twee_decimalen_of_onzin(tekst):
    with pytest.raises(OngeldigeInvoer):
        parse_bedrag(tekst)


def test_foutmelding_zegt_wat_verwacht_wordt():
    with pytest.raises(OngeldigeInvoer, match="meer dan 2 decimalen"):
        parse_bedrag("1,234")  # Dutch reading: 1.234 euro with three decimals


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_bedrag_geschreven_op_zijn_nederlands_komt_terug(bedrag):
    tekst = f"{bedrag:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert parse_bedrag(tekst) == bedrag


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("2025-03-31", date(2025, 3, 31)),
        ("31-03-2025", date(2025, 3, 31)),
        ("1-3-2025", date(2025, 3, 1)),
        (date(2024, 1, 2), date(2024, 1, 2)),
    ],
)
def test_datum(tekst, verwacht):
    assert parse_datum(tekst) == verwacht


@pytest.mark.parametrize("tekst", ["31-02-2025", "2025/13/01", "morgen", ""])
def test_ongeldige_datum(tekst):
    with pytest.raises(OngeldigeInvoer):
        parse_datum(tekst)


def test_elfproef():
    assert is_geldig_bsn("111222333")
    assert not is_geldig_bsn("111222334")
    assert not is_geldig_bsn("12345678")
    assert maskeer_bsn("111222333") == "******333"
