"""Amounts in Dutch notation, for the edge of the product (pages, messages, audit views).

Pure, no Django: the one place that writes € 1.234,56, so every page and message agrees.
"""

from decimal import Decimal

NBSP = "\u00a0"


def nederlands_getal(waarde: Decimal, decimalen: int = 2) -> str:
    """1234.5 -> "1.234,50": thousands with a dot, decimals with a comma."""
    tekst = f"{Decimal(waarde):,.{decimalen}f}"
    return tekst.replace(",", "X").replace(".", ",").replace("X", ".")


def euro(bedrag: Decimal, spatie: str = " ") -> str:
    """€ 1.234,56 and € -1.234,56; pass spatie=NBSP on pages so the sign stays with the number."""
    return f"€{spatie}{nederlands_getal(bedrag)}"
