"""The SPUK money: yearly parameters, beschikkingen and ontvangsten per regeling.

Parameters come from the Regeling inburgering 2021 and change every year: they are data,
entered per gemeente by a beheerder (or imported), never constants in code.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kern.bedraggrens import bedraggrenzen
from kern.invoer import bedrag_fout
from kern.models import Gemeente

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Regeling(models.TextChoices):
    SPUK_IV = "SPUK-IV", _("SPUK inburgeringsvoorzieningen")
    SPUK_OR = "SPUK-OR", _("SPUK onderwijsroute")


class Parameter(models.Model):
    """bedrag(t, categorie, k) of R4, or the trajectbedrag of a cohort (then jaar = cohort)."""

    class Categorie(models.TextChoices):
        ASIEL = "asiel", _("Asielstatushouder")
        GEZIN = "gezin", _("Gezinsmigrant")
        OVERIG = "overig", _("Overige migrant")
        ONDERWIJSROUTE = "onderwijsroute", _("Onderwijsroute-component")
        TRAJECTBEDRAG = "trajectbedrag", _("Trajectbedrag van het cohort")
        # R5 SPUK-OR raming (2022-2025): the national budget and the national number (N).
        OR_LANDELIJK_BUDGET = "or_landelijk_budget", _("SPUK-OR: landelijk budget")
        OR_LANDELIJK_AANTAL = "or_landelijk_aantal", _("SPUK-OR: landelijk aantal (N)")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="spuk_parameters")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    categorie = models.CharField(_("categorie"), max_length=20, choices=Categorie.choices)
    inburgeringsjaar = models.PositiveSmallIntegerField(
        _("inburgeringsjaar"), null=True, blank=True
    )
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    is_voorbeeld = models.BooleanField(
        _("voorbeeldwaarde"),
        default=False,
        help_text=_("Een voorbeeldbedrag, geen officieel bedrag uit de Regeling inburgering."),
    )
    bron = models.CharField(_("bron"), max_length=200, blank=True)

    class Meta:
        ordering = ["jaar", "categorie", "inburgeringsjaar"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["gemeente", "jaar", "categorie", "inburgeringsjaar"],
                name="parameter_uniek",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(inburgeringsjaar__isnull=True) | Q(inburgeringsjaar__range=(1, 3)),
                name="parameter_inburgeringsjaar_1_tot_3",
            ),
            models.CheckConstraint(
                condition=Q(bedrag__gte=0), name="parameter_bedrag_niet_negatief"
            ),
        ]

    def __str__(self) -> str:
        k = f" jaar {self.inburgeringsjaar}" if self.inburgeringsjaar else ""
        return f"{self.jaar} {self.get_categorie_display()}{k}: {self.bedrag}"


# Categories without an inburgeringsjaar: the trajectbedrag (jaar = cohort) and the national
# SPUK-OR figures (R5).
ZONDER_INBURGERINGSJAAR = (
    Parameter.Categorie.TRAJECTBEDRAG,
    Parameter.Categorie.OR_LANDELIJK_BUDGET,
    Parameter.Categorie.OR_LANDELIJK_AANTAL,
)


def parameterfout(categorie: str, inburgeringsjaar, bedrag) -> tuple[str, str] | None:
    """The one check of a parameter row that the form, the service and the import share:
    (field, Dutch message) of the first problem, or None."""
    if categorie in ZONDER_INBURGERINGSJAAR and inburgeringsjaar is not None:
        if categorie == Parameter.Categorie.TRAJECTBEDRAG:
            return "inburgeringsjaar", _(
                "Laat inburgeringsjaar leeg bij trajectbedrag; jaar is dan het cohort."
            )
        return "inburgeringsjaar", _(
            "Laat inburgeringsjaar leeg bij %(categorie)s: het is een landelijk cijfer per jaar."
        ) % {"categorie": categorie}
    if bedrag is not None and (fout := bedrag_fout(bedrag)):
        return "bedrag", fout
    if bedrag is not None and bedrag < 0:
        return "bedrag", _("Een parameterbedrag is 0 of meer.")
    if (
        categorie == Parameter.Categorie.OR_LANDELIJK_AANTAL
        and bedrag is not None
        and bedrag != bedrag.to_integral_value()
    ):
        return "bedrag", _(
            "Bij or_landelijk_aantal is het bedrag een aantal personen: een heel getal, "
            "bijvoorbeeld 3120."
        )
    return None


class Betaalritme(models.Model):
    """The share of the trajectbedrag paid in inburgeringsjaar 1, 2, 3 for a range of cohorts."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="betaalritmes")
    vanaf_cohort = models.PositiveSmallIntegerField(_("vanaf cohort"))
    tot_en_met_cohort = models.PositiveSmallIntegerField(
        _("tot en met cohort"), null=True, blank=True
    )
    jaar1 = models.DecimalField(_("jaar 1"), max_digits=5, decimal_places=4)
    jaar2 = models.DecimalField(_("jaar 2"), max_digits=5, decimal_places=4)
    jaar3 = models.DecimalField(_("jaar 3"), max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["vanaf_cohort"]
        verbose_name = _("betaalritme")
        verbose_name_plural = _("betaalritmes")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "vanaf_cohort"], name="betaalritme_uniek"),
            models.CheckConstraint(
                condition=Q(jaar1__gte=0) & Q(jaar2__gte=0) & Q(jaar3__gte=0),
                name="betaalritme_niet_negatief",
            ),
        ]

    def __str__(self) -> str:
        tot = self.tot_en_met_cohort or "…"
        return (
            f"cohort {self.vanaf_cohort}–{tot}: {self.jaar1:.0%}/{self.jaar2:.0%}/{self.jaar3:.0%}"
        )


STANDAARD_BETAALRITMES = (
    (2021, 2025, Decimal("0.61"), Decimal("0.31"), Decimal("0.08")),
    (2026, None, Decimal("0.40"), Decimal("0.30"), Decimal("0.30")),
)


class Regelinginstelling(models.Model):
    """Per gemeente and regeling: the reservering cap (R7) and the grootboekrekening."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="regelingen")
    regeling = models.CharField(_("regeling"), max_length=8, choices=Regeling.choices)
    reservering_cap = models.DecimalField(
        _("maximale reservering (fractie van de toekenning)"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("1.0000"),
    )
    grootboekrekening = models.CharField(_("grootboekrekening"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("regelinginstelling")
        verbose_name_plural = _("regelinginstellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "regeling"], name="regelinginstelling_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gemeente.code} {self.regeling}"


class Cohortrekening(models.Model):
    """The gemeente's own ledger account for a cohort ("SPUK 2024" -> 6.71.2024)."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="cohortrekeningen"
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"))
    grootboekrekening = models.CharField(_("grootboekrekening"), max_length=30)

    class Meta:
        ordering = ["cohort"]
        verbose_name = _("grootboekrekening van een cohort")
        verbose_name_plural = _("grootboekrekeningen van cohorten")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "cohort"], name="cohortrekening_uniek")
        ]

    def __str__(self) -> str:
        return f"SPUK {self.cohort}: {self.grootboekrekening}"


class Beschikking(models.Model):
    class Soort(models.TextChoices):
        VOORLOPIG = "voorlopig", _("Voorlopige beschikking")
        NADER = "nader", _("Nader voorlopige beschikking")
        DEFINITIEF = "definitief", _("Definitieve beschikking")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="beschikkingen")
    regeling = models.CharField(_("regeling"), max_length=8, choices=Regeling.choices)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    kenmerk = models.CharField(_("kenmerk"), max_length=60, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["regeling", "jaar", "datum", "id"]
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.CheckConstraint(
                condition=Q(bedrag__gte=0), name="beschikking_bedrag_niet_negatief"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.regeling} {self.jaar}"


class Ontvangst(models.Model):
    """Money received from (or repaid to, negative) SZW for a regeling and year."""

    class Soort(models.TextChoices):
        VOORSCHOT = "voorschot", _("Voorschot")
        NABETALING = "nabetaling", _("Nabetaling")
        TERUGVORDERING = "terugvordering", _("Terugvordering")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="ontvangsten")
    regeling = models.CharField(_("regeling"), max_length=8, choices=Regeling.choices)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=15, choices=Soort.choices)
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["regeling", "jaar", "datum", "id"]
        verbose_name = _("ontvangst")
        verbose_name_plural = _("ontvangsten")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.CheckConstraint(
                condition=(Q(soort="terugvordering") & Q(bedrag__lt=0))
                | (~Q(soort="terugvordering") & Q(bedrag__gt=0)),
                name="ontvangst_teken_past_bij_soort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.regeling} {self.jaar} {self.datum:%d-%m-%Y}"


# --- Recomputed figures -------------------------------------------------------------------
# Snapshot rows, written by a recomputation (spuk.services.herbereken) in one transaction
# together with marking its Herberekening complete. The source rows are the truth: every
# snapshot can be rebuilt from them at any time. Pages read the latest complete run.


class Herberekening(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        BEZIG = "bezig", _("Bezig")
        VOLTOOID = "voltooid", _("Voltooid")
        MISLUKT = "mislukt", _("Mislukt")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="herberekeningen")
    peildatum = models.DateField(_("peildatum"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GEPLAND
    )
    oorzaak = models.CharField(_("oorzaak"), max_length=200, blank=True)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    voltooid_op = models.DateTimeField(_("berekend op"), null=True, blank=True, db_index=True)
    stappen_totaal = models.PositiveSmallIntegerField(default=0)
    stappen_klaar = models.PositiveSmallIntegerField(default=0)
    foutmelding = models.TextField(blank=True)

    class Meta:
        ordering = ["-aangevraagd_op", "-id"]
        verbose_name = _("herberekening")
        verbose_name_plural = _("herberekeningen")
        indexes = [models.Index(fields=["gemeente", "status", "-voltooid_op"])]

    def __str__(self) -> str:
        return (
            f"{self.gemeente.code} {self.get_status_display()} {self.aangevraagd_op:%d-%m-%Y %H:%M}"
        )


# A snapshot row hangs on its run and its gemeente without a database constraint (the columns
# and their indexes stay; the ORM joins and Django's cascade work as before). The rows are
# written only by the recomputation, in the transaction that holds the run and its advisory
# lock, and removed only together with their run (_verwijder_runs, one statement); gemeenten
# hold financial data and are never deleted. So the constraints guarded against nothing that
# can happen, while PostgreSQL checked one per row at commit: some 68,000 per full
# recomputation, a third of its time (issue 17 item 1; tests/spuk/test_opruimen.py proves no
# snapshot row outlives its run).
def _van_run(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Herberekening, on_delete=models.CASCADE, related_name=related_name, db_constraint=False
    )


def _van_gemeente() -> models.ForeignKey:
    return models.ForeignKey(
        Gemeente, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )


class JaarSaldo(models.Model):
    """R7 for one regeling and budget year."""

    class Bron(models.TextChoices):
        DEFINITIEF = "definitief", _("definitieve beschikking")
        NADER = "nader", _("nader voorlopige beschikking")
        VOORLOPIG = "voorlopig", _("voorlopige beschikking")
        RAMING = "raming", _("raming uit het register")
        GEEN = "geen", _("geen beschikking en geen raming (landelijke parameters ontbreken)")

    herberekening = _van_run("jaarsaldi")
    gemeente = _van_gemeente()
    regeling = models.CharField(max_length=8, choices=Regeling.choices)
    jaar = models.PositiveSmallIntegerField()
    toekenning = models.DecimalField(**BEDRAG)
    toekenning_bron = models.CharField(max_length=10, choices=Bron.choices)
    reservering_in = models.DecimalField(**BEDRAG)
    doorschuif_in = models.DecimalField(**BEDRAG)
    beschikbaar = models.DecimalField(**BEDRAG)
    besteding = models.DecimalField(**BEDRAG)
    saldo = models.DecimalField(**BEDRAG)
    reservering_uit = models.DecimalField(**BEDRAG)
    doorschuif_uit = models.DecimalField(**BEDRAG)
    terug_te_betalen = models.DecimalField(**BEDRAG)

    # The R7 amounts after the toekenning, in the order of the saldi contract (WERKBOEK.md).
    BEDRAGEN = (
        "reservering_in",
        "doorschuif_in",
        "beschikbaar",
        "besteding",
        "saldo",
        "reservering_uit",
        "doorschuif_uit",
        "terug_te_betalen",
    )

    class Meta:
        ordering = ["regeling", "jaar"]
        constraints = [
            *bedraggrenzen(
                "toekenning",
                "reservering_in",
                "doorschuif_in",
                "beschikbaar",
                "besteding",
                "saldo",
                "reservering_uit",
                "doorschuif_uit",
                "terug_te_betalen",
            ),
            models.UniqueConstraint(
                fields=["herberekening", "regeling", "jaar"], name="jaarsaldo_uniek"
            ),
        ]


class CohortSaldo(models.Model):
    """R9 for one cohort (SPUK-IV)."""

    herberekening = _van_run("cohortsaldi")
    gemeente = _van_gemeente()
    cohort = models.PositiveSmallIntegerField()
    toegekend = models.DecimalField(**BEDRAG)
    verwacht = models.DecimalField(**BEDRAG)
    ontvangen = models.DecimalField(**BEDRAG)
    besteed = models.DecimalField(**BEDRAG)
    open = models.DecimalField(**BEDRAG)
    vrije_ruimte = models.DecimalField(**BEDRAG)

    # The R9 amounts in the order of the saldi contract (WERKBOEK.md).
    BEDRAGEN = ("toegekend", "verwacht", "ontvangen", "besteed", "open", "vrije_ruimte")

    class Meta:
        ordering = ["cohort"]
        constraints = [
            *bedraggrenzen("toegekend", "verwacht", "ontvangen", "besteed", "open", "vrije_ruimte"),
            models.UniqueConstraint(fields=["herberekening", "cohort"], name="cohortsaldo_uniek"),
        ]


class Telling(models.Model):
    """R3 count on 31 December of `jaar` and the R4 computed toekenning with its cohort shares."""

    herberekening = _van_run("tellingen")
    gemeente = _van_gemeente()
    jaar = models.PositiveSmallIntegerField()
    asiel_1 = models.PositiveIntegerField(default=0)
    asiel_2 = models.PositiveIntegerField(default=0)
    asiel_3 = models.PositiveIntegerField(default=0)
    gezin = models.PositiveIntegerField(default=0)
    overig = models.PositiveIntegerField(default=0)
    onderwijsroute = models.PositiveIntegerField(default=0)
    berekende_toekenning = models.DecimalField(**BEDRAG)
    # R4 cohort shares of this year's computed toekenning: cohort jaar, jaar-1, jaar-2.
    aandeel_cohort_t = models.DecimalField(**BEDRAG)
    aandeel_cohort_t1 = models.DecimalField(**BEDRAG)
    aandeel_cohort_t2 = models.DecimalField(**BEDRAG)

    class Meta:
        ordering = ["jaar"]
        constraints = [
            *bedraggrenzen(
                "berekende_toekenning", "aandeel_cohort_t", "aandeel_cohort_t1", "aandeel_cohort_t2"
            ),
            models.UniqueConstraint(fields=["herberekening", "jaar"], name="telling_uniek"),
        ]


class OntvangstDeel(models.Model):
    """R6 in a snapshot: the booked part of a receipt on a cohort's ledger account (`bedrag`,
    copied from its Ontvangstverdeling) beside a split of it with the shares of this run
    (`bedrag_huidig`), so the pages can show what a herverdeling would move."""

    herberekening = _van_run("ontvangstdelen")
    # No database constraint to the receipt either (receipts are financial data, never
    # deleted), and no index: every read of the parts goes through the run's index, and an
    # index on the receipt only cost its upkeep on the ~51,000 rows a full recomputation writes.
    ontvangst = models.ForeignKey(
        Ontvangst,
        on_delete=models.CASCADE,
        related_name="delen",
        db_constraint=False,
        db_index=False,
    )
    cohort = models.PositiveSmallIntegerField()
    bedrag = models.DecimalField(**BEDRAG)
    bedrag_huidig = models.DecimalField(**BEDRAG, default=Decimal("0.00"))
    grootboekrekening = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = bedraggrenzen("bedrag", "bedrag_huidig")
        ordering = ["ontvangst", "-cohort"]


# --- Booked cohort parts (R6): ledger entries, source rows, never recomputed ---------------------


class Ontvangstverdeling(models.Model):
    """R6: the part of a SPUK-IV receipt booked on a cohort ledger when the receipt was booked.

    A booked split never moves: when the cohort shares change later, a Herverdeling corrects
    the ledgers; these rows are never changed or deleted.
    """

    ontvangst = models.ForeignKey(
        Ontvangst, on_delete=models.PROTECT, related_name="geboekte_delen"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    cohort = models.PositiveSmallIntegerField(_("cohort"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    geboekt_op = models.DateTimeField(_("geboekt op"))

    class Meta:
        ordering = ["ontvangst", "-cohort"]
        verbose_name = _("geboekt deel van een ontvangst")
        verbose_name_plural = _("geboekte delen van ontvangsten")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["ontvangst", "cohort"], name="ontvangstverdeling_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ontvangst} → SPUK {self.cohort}: {self.bedrag}"


class Herverdeling(models.Model):
    """R6: one audited entry that moves amounts between the cohort ledgers of year `jaar`
    (its parts add up to 0), naming the receipts it corrects and the reason."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="herverdelingen")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    datum = models.DateField(_("boekdatum"))
    reden = models.TextField(_("reden"))
    ontvangsten = models.ManyToManyField(
        Ontvangst, related_name="herverdelingen", verbose_name=_("gecorrigeerde ontvangsten")
    )
    geboekt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geboekt door"),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-datum", "-id"]
        verbose_name = _("herverdeling")
        verbose_name_plural = _("herverdelingen")

    def __str__(self) -> str:
        return f"Herverdeling SPUK-IV {self.jaar} ({self.datum:%d-%m-%Y})"


class Herverdelingsdeel(models.Model):
    """One cohort ledger's part of a Herverdeling (positive: the ledger receives)."""

    herverdeling = models.ForeignKey(Herverdeling, on_delete=models.PROTECT, related_name="delen")
    cohort = models.PositiveSmallIntegerField(_("cohort"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)

    class Meta:
        ordering = ["herverdeling", "-cohort"]
        verbose_name = _("deel van een herverdeling")
        verbose_name_plural = _("delen van herverdelingen")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["herverdeling", "cohort"], name="herverdelingsdeel_uniek"
            ),
        ]


class Telstatus(models.Model):
    """R3: a status that ends the count, per gemeente (configurable; defaults when none).

    `op_datum`: on or before 31-12-t the person no longer counts in t (ontheffing, death, move);
    `na_jaar`: the person still counts in the status's own year, not after (AOW age).
    """

    class Wijze(models.TextChoices):
        OP_DATUM = "op_datum", _("telt niet meer vanaf het jaar van de status")
        NA_JAAR = "na_jaar", _("telt nog in het jaar van de status, daarna niet meer")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="telstatussen")
    status = models.CharField(_("status"), max_length=12)
    wijze = models.CharField(_("werking"), max_length=10, choices=Wijze.choices)

    class Meta:
        ordering = ["status"]
        verbose_name = _("status die de telling beëindigt")
        verbose_name_plural = _("statussen die de telling beëindigen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "status"], name="telstatus_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.status}: {self.get_wijze_display()}"


# --- Telstand: R3's groups kept between recomputations -------------------------------------
# A new invoice or receipt does not change the register, so the count of persons per R3 group
# (spuk.berekening.groepen_per_gemeente, the costliest query of a recomputation) need not be
# redone. Database triggers (migration 0010) raise a gemeente's Telversie on every insert,
# update or delete of its inburgeraars and their statuswijzigingen, whatever writes them; a
# Telstand holds groepen_per_gemeente's output for one version, R3 configuration and range of
# peildatums. Derived data: spuk.telstand.herbouw_telstanden() empties and refills them.


class Telversie(models.Model):
    """How often the register of a gemeente changed (raised by triggers, never by Python)."""

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    versie = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("telversie")


class Telstand(models.Model):
    """groepen_per_gemeente of one gemeente for register version `versie` and configuration
    `sleutel` (spuk.telstand.sleutel: the R3 end statuses and the code that counts), valid for
    every peildatum in [geldig_van, geldig_tot): no statuswijziging of the gemeente is dated
    in between, and the groups depend on the peildatum only through the statuses up to it."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    versie = models.BigIntegerField()
    sleutel = models.CharField(max_length=64)
    geldig_van = models.DateField()
    geldig_tot = models.DateField()
    groepen = models.JSONField()

    class Meta:
        verbose_name = _("telstand")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "sleutel", "geldig_van"], name="telstand_uniek"
            )
        ]


# DUO's count checked (issue 13 item 4): its own module, registered with the app here.
from .models_duo import DuoKolommen, DuoVergelijking, DuoVerschil  # noqa: E402, F401
