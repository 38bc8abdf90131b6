from decimal import Decimal

from django import template

from kern import opmaak

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """€ 1.234,56 (Dutch notation, formatting only at the edge)."""
    if bedrag is None or bedrag == "":
        return ""
    return opmaak.euro(Decimal(bedrag), opmaak.NBSP)
