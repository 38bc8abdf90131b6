from django.forms.renderers import TemplatesSetting


class UtrechtFormRenderer(TemplatesSetting):
    """Every form renders with NL Design System markup and its errors at the field."""

    form_template_name = "kern/forms/formulier.html"
    field_template_name = "kern/forms/veld.html"
