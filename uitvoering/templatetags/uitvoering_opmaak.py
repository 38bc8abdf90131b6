"""Money in Dutch notation at the edge of the product: € 1.234,56."""

from decimal import Decimal

from django import template

from kern import opmaak

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """kern's notation; an empty cell shows a dash in the uitvoering tables."""
    return opmaak.euro_op_pagina(bedrag, leeg="–", spatie=" ")


@register.filter
def getal(waarde) -> str:
    """Hours, fte and percentages: 1.234,5 with at most two decimals."""
    if waarde is None or waarde == "":
        return "–"
    waarde = Decimal(waarde).quantize(Decimal("0.01")).normalize()
    tekst = f"{waarde:,f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return tekst
