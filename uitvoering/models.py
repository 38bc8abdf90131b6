"""The uitvoeringsbudget (gemeentefonds) and its costs (R11), kept apart from the SPUK."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inburgering.models import Inburgeraar
from kern.bedraggrens import bedraggrenzen
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
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="uitvoeringsbudget_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente.code} {self.jaar}"


class Budgetwijziging(models.Model):
    """A change to a year's uitvoeringsbudget during the year (e.g. the septembercirculaire).

    The year's budget is the base plus every change; a lowering is a negative change. Changes
    are never edited or deleted: a wrong change is corrected by another change.
    """

    budget = models.ForeignKey(
        Uitvoeringsbudget, on_delete=models.PROTECT, related_name="wijzigingen"
    )
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(
        _("bedrag"), help_text=_("Een verlaging is negatief, bijvoorbeeld -2.500,00."), **BEDRAG
    )
    reden = models.CharField(_("reden"), max_length=200)
    bron = models.CharField(
        _("bron"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: septembercirculaire 2025."),
    )
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["datum", "id"]
        verbose_name = _("budgetwijziging")
        verbose_name_plural = _("budgetwijzigingen")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.CheckConstraint(condition=~Q(bedrag=0), name="budgetwijziging_niet_nul"),
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.datum:%d-%m-%Y} {self.reden}"


class Samenwerkingsverband(models.Model):
    """One department doing the uitvoering for several gemeenten (R11 shared service)."""

    class Verdeelsleutel(models.TextChoices):
        INWONERS = "inwoners", _("Naar aantal inwoners")
        PERCENTAGE = "percentage", _("Vaste percentages")

    naam = models.CharField(_("naam"), max_length=150)
    verdeelsleutel = models.CharField(
        _("verdeelsleutel"),
        max_length=10,
        choices=Verdeelsleutel.choices,
        default=Verdeelsleutel.INWONERS,
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("samenwerkingsverband")
        verbose_name_plural = _("samenwerkingsverbanden")
        constraints = [
            models.CheckConstraint(
                condition=Q(verdeelsleutel__in=["inwoners", "percentage"]),
                name="samenwerkingsverband_verdeelsleutel_geldig",
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Deelname(models.Model):
    """A gemeente taking part in a samenwerkingsverband. `volgorde` is the order of adding,
    which R11 uses for the leftover cents of the split."""

    samenwerkingsverband = models.ForeignKey(
        Samenwerkingsverband, on_delete=models.PROTECT, related_name="deelnames"
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="deelnames_samenwerking"
    )
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Alleen bij de verdeelsleutel vaste percentages."),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["samenwerkingsverband", "volgorde"]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "gemeente"], name="deelname_gemeente_uniek"
            ),
            models.UniqueConstraint(
                fields=["samenwerkingsverband", "volgorde"], name="deelname_volgorde_uniek"
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True)
                | (Q(percentage__gte=0) & Q(percentage__lte=100)),
                name="deelname_percentage_0_tot_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} in {self.samenwerkingsverband}"


class Kostenregel(models.Model):
    """A formatie line (fte x yearly cost per fte) or another cost line, for one year.

    It belongs to exactly one of: a gemeente (its own costs, also what the workbook imports) or
    a samenwerkingsverband (shared costs, split over the members by R11).
    """

    class Soort(models.TextChoices):
        FORMATIE = "formatie", _("Formatie")
        OVERIG = "overig", _("Overige kosten")

    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uitvoeringskosten",
    )
    samenwerkingsverband = models.ForeignKey(
        Samenwerkingsverband,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kostenregels",
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
            *bedraggrenzen("kosten_per_fte", "bedrag"),
            models.CheckConstraint(
                condition=~Q(soort="formatie")
                | (Q(fte__isnull=False) & Q(kosten_per_fte__isnull=False)),
                name="kostenregel_formatie_heeft_fte",
            ),
            models.CheckConstraint(
                condition=(Q(gemeente__isnull=False) & Q(samenwerkingsverband__isnull=True))
                | (Q(gemeente__isnull=True) & Q(samenwerkingsverband__isnull=False)),
                name="kostenregel_van_gemeente_of_samenwerkingsverband",
            ),
            models.CheckConstraint(
                condition=Q(soort__in=["formatie", "overig"]), name="kostenregel_soort_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.omschrijving}"


class Activiteit(models.TextChoices):
    """The activities of the uitvoering that hours are registered on."""

    INTAKE = "INTAKE", _("Brede intake (incl. leerbaarheidstoets)")
    PIP = "PIP", _("Persoonlijk plan (PIP)")
    VOORTGANG = "VOORTGANG", _("Voortgangsgesprekken")
    HANDHAVING = "HANDHAVING", _("Handhaving")
    ONTZORGEN = "ONTZORGEN", _("Financieel ontzorgen en zelfredzaamheid")
    INKOOP = "INKOOP", _("Inkoop en contractmanagement")
    BELEID = "BELEID", _("Beleid")
    ADMINISTRATIE = "ADMINISTRATIE", _("Administratie en registratie")
    OVERIG = "OVERIG", _("Overig")


class Tijdregistratie(models.Model):
    """Hours spent on one activity in one month, optionally for one inburgeraar.

    The role and its yearly cost per fte are copied from the chosen formatie line when the hours
    are registered, so that the cost of the hours stays explainable when formatie lines change.
    """

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="tijdregistraties"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    maand = models.PositiveSmallIntegerField(_("maand"))
    activiteit = models.CharField(_("activiteit"), max_length=15, choices=Activiteit.choices)
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=2)
    inburgeraar = models.ForeignKey(
        Inburgeraar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tijdregistraties",
    )
    formatieregel = models.ForeignKey(
        Kostenregel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tijdregistraties",
    )
    rol = models.CharField(_("rol"), max_length=200)
    kosten_per_fte = models.DecimalField(_("kosten per fte"), **BEDRAG)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-jaar", "-maand", "activiteit", "id"]
        verbose_name = _("tijdregistratie")
        verbose_name_plural = _("tijdregistraties")
        constraints = [
            *bedraggrenzen("kosten_per_fte"),
            models.CheckConstraint(condition=Q(uren__gt=0), name="tijdregistratie_uren_positief"),
            models.CheckConstraint(
                condition=Q(maand__gte=1) & Q(maand__lte=12), name="tijdregistratie_maand_geldig"
            ),
            models.CheckConstraint(
                condition=Q(kosten_per_fte__gte=0), name="tijdregistratie_kosten_niet_negatief"
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "jaar", "activiteit"])]

    def __str__(self) -> str:
        return f"{self.jaar}-{self.maand:02d} {self.get_activiteit_display()} {self.uren} uur"
