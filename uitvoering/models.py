"""The uitvoeringsbudget (gemeentefonds) and its costs (R11), kept apart from the SPUK."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kern.models import Gemeente

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Uitvoeringsbudget(models.Model):
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="uitvoeringsbudgetten"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    bron = models.CharField(
        _("bron"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: meicirculaire 2025.")
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jaar"]
        verbose_name = _("uitvoeringsbudget")
        verbose_name_plural = _("uitvoeringsbudgetten")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="uitvoeringsbudget_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.gemeente.code} {self.jaar}"


class Kostenregel(models.Model):
    """A formatie line (fte x yearly cost per fte) or another cost line, for one year."""

    class Soort(models.TextChoices):
        FORMATIE = "formatie", _("Formatie")
        OVERIG = "overig", _("Overige kosten")

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="uitvoeringskosten"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    fte = models.DecimalField(_("fte"), max_digits=7, decimal_places=2, null=True, blank=True)
    kosten_per_fte = models.DecimalField(_("kosten per fte"), null=True, blank=True, **BEDRAG)
    # For formatie: fte x kosten_per_fte rounded half up (R11); for overig: as entered.
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jaar", "soort", "omschrijving"]
        verbose_name = _("kostenregel")
        verbose_name_plural = _("kostenregels")
        constraints = [
            models.CheckConstraint(
                condition=~Q(soort="formatie")
                | (Q(fte__isnull=False) & Q(kosten_per_fte__isnull=False)),
                name="kostenregel_formatie_heeft_fte",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.omschrijving}"
