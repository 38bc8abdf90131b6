"""Template helpers: Dutch money notation and table attributes without the caption."""

import uuid

from django import template
from django.utils.html import format_html_join

from kern.opmaak import euro_op_pagina

register = template.Library()

TABEL_KLASSE = "utrecht-table"
# The html-table modifier styles bare td/th with selectors strong enough to override the
# numeric-column modifier (amounts would no longer align right); kern/tabel.html gives every
# element its own Utrecht class instead.
HTML_TABLE_MODIFIER = "utrecht-table--html-table"


# One notation for every page: the filter is kern's (kern/opmaak.py).
register.filter("euro", euro_op_pagina)


@register.simple_tag
def tabel_attrs(attrs) -> str:
    """The table's attributes, minus `caption` (rendered as a <caption> element instead), and
    always with the Utrecht table classes."""
    waarden = {k: v for k, v in dict(attrs).items() if k != "caption"}
    klassen = [k for k in str(waarden.get("class", "")).split() if k != HTML_TABLE_MODIFIER]
    if TABEL_KLASSE not in klassen:
        klassen.insert(0, TABEL_KLASSE)
    waarden["class"] = " ".join(klassen)
    return format_html_join(" ", '{}="{}"', ((k, v) for k, v in waarden.items()))


@register.simple_tag
def aria_sort(column) -> str:
    if not column.is_ordered:
        return "none" if column.orderable else ""
    return "descending" if column.order_by_alias.is_descending else "ascending"


@register.simple_tag
def nieuw_token() -> str:
    """A fresh one-time form token for a small inline form (see kern/eenmalig.py)."""
    return str(uuid.uuid4())


@register.filter
def reden_bij(post, pk) -> str:
    """The reason typed for row `pk` of the re-pricing preview (kept when the page returns)."""
    return post.get(f"reden_{pk}", "") if hasattr(post, "get") else ""
