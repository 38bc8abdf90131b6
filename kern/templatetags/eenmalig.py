"""`{% formtoken %}`: the one-time token of a hand-written form, such as a button that writes.

Each call renders a fresh token, so every button on a page is its own submit: a double click
on one is caught (kern.eenmalig), another button on the same page is not taken for it. No id,
so several on a page stay valid HTML.
"""

from django import template

from kern.eenmalig import VELD, EenmaligFormulier

register = template.Library()


@register.simple_tag
def formtoken():
    return EenmaligFormulier(auto_id=False)[VELD]
