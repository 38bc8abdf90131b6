"""Amounts in Dutch notation, for the edge of the product (pages, messages, audit views).

Pure, no Django: the one place that writes € 1.234,56, so every page and message agrees.
"""

from decimal import Decimal

NBSP = "\u00a0"


def nederlands_getal(waarde: Decimal, decimalen: int = 2) -> str:
    """1234.5 -> "1.234,50": thousands with a dot, decimals with a comma."""
    tekst = f"{Decimal(waarde):,.{decimalen}f}"
    return tekst.replace(",", "X").replace(".", ",").replace("X", ".")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """ "1 probleem", "8 problemen", "1.234 rijen": a count with its noun in Dutch, singular
    only for exactly one (0 takes the plural, as in "0 problemen")."""
    return f"{nederlands_getal(Decimal(n), 0)} {enkelvoud if n == 1 else meervoud}"


def euro(bedrag: Decimal, spatie: str = " ") -> str:
    """€ 1.234,56 and -€ 1.234,56 (the minus before the euro sign, as Dutch ledgers write it);
    pass spatie=NBSP on pages so the sign stays with the number."""
    bedrag = Decimal(bedrag)
    teken = "-" if bedrag < 0 else ""
    return f"{teken}€{spatie}{nederlands_getal(abs(bedrag))}"


def euro_op_pagina(bedrag, leeg: str = "", spatie: str = NBSP) -> str:
    """The template filter `euro` of every app: € 1.234,56 with a non-breaking space, `leeg`
    for no value."""
    if bedrag is None or bedrag == "":
        return leeg
    return euro(Decimal(bedrag), spatie)
