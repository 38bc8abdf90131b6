from decimal import Decimal

from kern.opmaak import NBSP, euro, nederlands_getal


def test_bedragen_in_nederlandse_notatie():
    assert euro(Decimal("1234.5")) == "€ 1.234,50"
    assert euro(Decimal("-1234567.89")) == "-€ 1.234.567,89"
    assert euro(Decimal("0")) == "€ 0,00"
    assert euro(Decimal("8333.33"), NBSP) == "€\u00a08.333,33"
    assert nederlands_getal(Decimal("1364"), 0) == "1.364"
