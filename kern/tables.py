"""The audit trail as a sortable, pageable table that also exports to Excel."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .audit_weergave import als_tekst, soort_label, veldwijzigingen
from .models import AuditRecord
from .snelle_tabel import Paden, SnelleTabel


def gebruikersnaam(gebruiker) -> str:
    if gebruiker is None:
        return str(_("systeem"))
    return gebruiker.get_full_name() or gebruiker.username


KORTE_WAARDE = 24


def korte_waarde(tekst: str):
    """A short value (an amount, a date, a code's label) stays on one line: "€ 2.625,63" and
    "02-12-2026" no longer break after "€" or a hyphen; a long text may still wrap."""
    if len(tekst) <= KORTE_WAARDE:
        return format_html('<span class="app-waarde">{}</span>', tekst)
    return tekst


class AuditTabel(SnelleTabel):
    # A moment never wraps (date and time on one line); nor does a short value below.
    tijdstip = tables.DateTimeColumn(
        format="d-m-Y H:i",
        verbose_name=_("Tijdstip"),
        attrs={"td": {"class": "app-datum"}, "th": {"class": "app-datum"}},
    )
    gebruiker = tables.Column(verbose_name=_("Door"), order_by=("gebruiker__username",))
    # Shown by its label with no render_actie: django-tables2 and SnelleTabel both take a
    # choice's label; get_actie_display per row hashed every lazy label of Actie again.
    actie = tables.Column(verbose_name=_("Actie"))
    object_type = tables.Column(verbose_name=_("Soort"))
    object_omschrijving = tables.Column(verbose_name=_("Gegeven"))
    # Only in the export: the id that links a row to its record in the product.
    object_id = tables.Column(verbose_name=_("Id"), visible=False)
    wijzigingen = tables.Column(verbose_name=_("Wijzigingen (oud → nieuw)"), orderable=False)
    reden = tables.Column(verbose_name=_("Reden"), orderable=False)
    bron = tables.Column(verbose_name=_("Bron"), orderable=False)

    class Meta:
        model = AuditRecord
        fields = (
            "tijdstip",
            "gebruiker",
            "actie",
            "object_type",
            "object_omschrijving",
            "object_id",
            "wijzigingen",
            "reden",
            "bron",
        )
        attrs = {
            "class": "utrecht-table utrecht-table--html-table",
            "caption": _("Wijzigingen in de audittrail"),
        }
        empty_text = _("Geen wijzigingen gevonden met deze filters.")
        per_page = 50

    def __init__(self, *args, gemeente, **kwargs):
        self.gemeente = gemeente
        self.pad = Paden(gemeente)
        super().__init__(*args, **kwargs)

    def render_gebruiker(self, record):
        return gebruikersnaam(record.gebruiker)

    def render_object_type(self, value):
        return soort_label(value)

    def render_object_omschrijving(self, record):
        url = self.pad(
            "kern:audit_record", object_type=record.object_type, object_id=record.object_id
        )
        return format_html(
            '<a class="utrecht-link" href="{}">{}</a>',
            url,
            korte_waarde(record.object_omschrijving),
        )

    def render_wijzigingen(self, record):
        regels = veldwijzigingen(record.object_type, record.wijzigingen)
        return format_html(
            '<ul class="app-wijzigingen">{}</ul>',
            format_html_join(
                "",
                '<li><span class="app-wijzigingen__veld">{}:</span> {} '
                '<span aria-hidden="true">→</span><span class="visueel-verborgen">wordt</span> '
                "{}</li>",
                ((w.label, korte_waarde(w.oud), korte_waarde(w.nieuw)) for w in regels),
            ),
        )

    # Excel export: plain text and a naive local timestamp (Excel knows no time zones).
    def value_tijdstip(self, record):
        return timezone.localtime(record.tijdstip).replace(tzinfo=None)

    def value_gebruiker(self, record):
        return gebruikersnaam(record.gebruiker)

    def value_object_omschrijving(self, record):
        return record.object_omschrijving

    def value_wijzigingen(self, record):
        return als_tekst(record.object_type, record.wijzigingen)
