from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def euro(bedrag) -> str:
    """€ 1.234,56 (Dutch notation, formatting only at the edge)."""
    if bedrag is None or bedrag == "":
        return ""
    tekst = f"{Decimal(bedrag):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"€\u00a0{tekst}"
