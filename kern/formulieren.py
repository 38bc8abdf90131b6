from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class UtrechtFormRenderer(TemplatesSetting):
    """Every form renders with NL Design System markup and its errors at the field."""

    form_template_name = "kern/forms/formulier.html"
    field_template_name = "kern/forms/veld.html"


class SnelleKeuze(forms.Select):
    """A <select> whose options are written here, not by Django's widget templates: those
    render a template include per option (1.7 ms for the 33 options of the signal filter, on
    every view of the page). The same element: its attributes, the chosen option marked
    selected, labels escaped. Grouped choices (optgroups) go to Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() asks a ModelChoiceIterator its len(), a COUNT query of its own.
        keuzes = list(iter(self.choices))
        if self.allow_multiple_selected or any(
            isinstance(label, list | tuple) for _, label in keuzes
        ):
            return super().render(name, value, attrs, renderer)
        gekozen = set(self.format_value(value))
        opties = []
        for waarde, label in keuzes:
            waarde = "" if waarde is None else str(waarde)
            # One selected option, as Django's Select marks the first that matches.
            opties.append((waarde, mark_safe(" selected") if waarde in gekozen else "", label))
            if waarde in gekozen:
                gekozen = set()
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("\n", '  <option value="{}"{}>{}</option>', opties),
        )
