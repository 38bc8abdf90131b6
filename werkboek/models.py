"""An import started in the browser: the uploaded file, its checks, and the outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kern.models import Gemeente


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CONTROLEREN = "controleren", _("Wordt gecontroleerd")
        AFGEKEURD = "afgekeurd", _("Problemen gevonden")
        KLAAR = "klaar", _("Klaar om te importeren")
        IMPORTEREN = "importeren", _("Wordt geïmporteerd")
        GEIMPORTEERD = "geimporteerd", _("Geïmporteerd")
        MISLUKT = "mislukt", _("Mislukt")

    BEZIG = (Status.CONTROLEREN, Status.IMPORTEREN)

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="imports")
    bestandsnaam = models.CharField(_("bestand"), max_length=200)
    # Kept in the database, so that the worker that checks and the one that imports need no
    # shared disk; a workbook of 20,000 rows is about 1 MB.
    inhoud = models.BinaryField(editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONTROLEREN
    )
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    voortgang_tekst = models.CharField(max_length=200, blank=True)
    problemen = models.JSONField(_("problemen"), default=list)
    aantal_problemen = models.PositiveIntegerField(default=0)
    samenvatting = models.JSONField(_("samenvatting"), default=dict)
    # The rows that will be (or were) created or changed, per sheet, as text (BSN masked)
    voorbeeld = models.JSONField(_("voorbeeld"), default=dict)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({self.get_status_display()})"

    @property
    def is_bezig(self) -> bool:
        return self.status in self.BEZIG
