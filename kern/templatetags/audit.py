"""`{% geschiedenis_link obj %}`: a link to the object's audit history, for those who may see it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def geschiedenis_link(context, obj, tekst="Geschiedenis"):
    gemeente = context.get("huidige_gemeente")
    if gemeente is None or "audit_lezen" not in context.get("mijn_rechten", set()):
        return ""
    url = reverse(
        "kern:audit_record",
        kwargs={
            "gemeente": gemeente.code,
            "object_type": obj._meta.model_name,
            "object_id": obj.pk,
        },
    )
    return format_html('<a class="utrecht-link" href="{}">{}</a>', url, tekst)


@register.simple_tag
def veldwijzigingen(object_type, wijzigingen):
    """Per changed field its label and formatted old and new value (kern.audit_weergave), for
    every trail that stores changes as kern.audit does, also the national one."""
    from kern.audit_weergave import veldwijzigingen as lees

    return lees(object_type, wijzigingen)
