"""DUO's count checked before May: the column mapping per gemeente, one comparison per upload
and its differences (issue 13 item 4).

The uploaded file itself is never stored: a comparison keeps only what the adviser needs to see
and explain, and of a BSN at most its keyed hash (kern.bsn.zoeksleutel) and the masked form.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from inburgering.codes import Doelgroep
from inburgering.models import Inburgeraar
from kern.bedraggrens import bedraggrenzen
from kern.models import Gemeente

_BEDRAG = {"max_digits": 14, "decimal_places": 2}


class DuoKolommen(models.Model):
    """Which column of DUO's list holds which field, set once per gemeente by the adviser."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.PROTECT, related_name="+")
    kolommen = models.JSONField(_("kolommen"), default=dict)

    class Meta:
        verbose_name = _("kolommen van de DUO-lijst")
        verbose_name_plural = _("kolommen van de DUO-lijst")

    def __str__(self) -> str:
        return f"Kolommen van de DUO-lijst van {self.gemeente}"


class DuoVergelijking(models.Model):
    """One upload of DUO's list of inburgeringsplichtigen counted on 31-12 of `jaar`, matched
    with the register's own count (R3) and priced with R4."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("teljaar"))
    bestandsnaam = models.CharField(_("bestand"), max_length=200)
    aantal_duo = models.PositiveIntegerField(_("geteld door DUO"))
    aantal_hier = models.PositiveIntegerField(_("geteld in het register"))
    aantal_gelijk = models.PositiveIntegerField(_("gelijk"))
    # R4 over DUO's list and over the register's own count of `jaar`.
    bedrag_duo = models.DecimalField(_("bedrag volgens DUO"), **_BEDRAG)
    bedrag_hier = models.DecimalField(_("bedrag volgens het register"), **_BEDRAG)
    aangemaakt_op = models.DateTimeField(_("vergeleken op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = bedraggrenzen("bedrag_duo", "bedrag_hier")
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("vergelijking met DUO")
        verbose_name_plural = _("vergelijkingen met DUO")

    def __str__(self) -> str:
        return f"Vergelijking met de telling van DUO op 31-12-{self.jaar}"

    @property
    def effect(self):
        return self.bedrag_duo - self.bedrag_hier


class DuoVerschil(models.Model):
    class Soort(models.TextChoices):
        DUO_NIET_HIER = "duo_niet_hier", _("Geteld door DUO, niet hier")
        HIER_NIET_DUO = "hier_niet_duo", _("Hier geteld, niet door DUO")
        ANDERS = "anders", _("Andere doelgroep of cohort")

    vergelijking = models.ForeignKey(
        DuoVergelijking, on_delete=models.PROTECT, related_name="verschillen"
    )
    soort = models.CharField(_("soort verschil"), max_length=15, choices=Soort.choices)
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rij = models.PositiveIntegerField(_("regel in DUO's lijst"), null=True, blank=True)
    bsn_gemaskeerd = models.CharField(_("BSN"), max_length=9, blank=True)
    # Only for a row of DUO's list that is not in the register: to find the person later.
    bsn_zoeksleutel = models.CharField(max_length=64, blank=True)
    kenmerk = models.CharField(_("kenmerk"), max_length=50, blank=True)
    duo_doelgroep = models.CharField(_("doelgroep volgens DUO"), max_length=10, blank=True)
    duo_cohort = models.PositiveSmallIntegerField(_("cohort volgens DUO"), null=True, blank=True)
    hier_doelgroep = models.CharField(_("doelgroep hier"), max_length=10, blank=True)
    hier_cohort = models.PositiveSmallIntegerField(_("cohort hier"), null=True, blank=True)
    # R3 in words: why a person of the register does not count here on 31-12-T.
    reden = models.CharField(_("waarom niet geteld"), max_length=200, blank=True)
    bedrag_duo = models.DecimalField(_("bedrag volgens DUO"), **_BEDRAG)
    bedrag_hier = models.DecimalField(_("bedrag hier"), **_BEDRAG)
    effect = models.DecimalField(_("geldeffect"), **_BEDRAG)
    toelichting = models.TextField(_("toelichting"), blank=True)
    verklaard_op = models.DateTimeField(_("verklaard op"), null=True, blank=True)
    verklaard_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["soort", "rij", "kenmerk", "id"]
        verbose_name = _("verschil met DUO")
        verbose_name_plural = _("verschillen met DUO")
        constraints = [
            *bedraggrenzen("bedrag_duo", "bedrag_hier", "effect"),
            models.CheckConstraint(
                condition=Q(effect=F("bedrag_duo") - F("bedrag_hier")),
                name="duoverschil_effect_is_duo_min_hier",
            ),
        ]

    def __str__(self) -> str:
        wie = self.kenmerk or self.bsn_gemaskeerd or f"regel {self.rij}"
        return f"{self.get_soort_display()}: {wie}"

    @property
    def is_verklaard(self) -> bool:
        return self.verklaard_op is not None

    @property
    def duo_tekst(self) -> str:
        return _wat(self.duo_doelgroep, self.duo_cohort)

    @property
    def hier_tekst(self) -> str:
        return _wat(self.hier_doelgroep, self.hier_cohort)


def _wat(doelgroep: str, cohort: int | None) -> str:
    """ "Asielstatushouder, cohort 2024" as the pages show a count."""
    if not doelgroep:
        return ""
    naam = dict(Doelgroep.choices).get(doelgroep, doelgroep)
    return f"{naam}, cohort {cohort}" if cohort else str(naam)
