"""The register (inburgeraars and their status history), providers, the catalogue of
voorzieningen with their tarieven, and commitments (verplichtingen) with their invoices (R8).

Nothing financial is ever deleted: every money-bearing foreign key is PROTECT, and corrections
are new rows (a credit invoice, a Verplichtingsmutatie).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kern.bedraggrens import bedraggrenzen
from kern.models import Gemeente

from .codes import (
    SPUK_FINANCIERINGEN,
    STATUSSEN_ZONDER_VERDERE_KOSTEN,
    Classificatie,
    Doelgroep,
    Financiering,
    Leerroute,
    Status,
    Stelsel,
)
from .querysets import VerplichtingQuerySet
from .regels import DOELGROEPEN_ZONDER_LEERROUTE
from .regels import cohort as regel_cohort

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Inburgeraar(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="inburgeraars")
    kenmerk = models.CharField(
        _("kenmerk"), max_length=50, help_text=_("De eigen klantreferentie van de gemeente.")
    )
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=Doelgroep.choices)
    startdatum = models.DateField(
        _("startdatum"),
        help_text=_(
            "Datum van huisvesting (asielstatushouder) of start van de inburgeringsplicht."
        ),
    )
    # R3: came to live in this gemeente (a mover keeps the cohort of the first huisvesting).
    vestigingsdatum = models.DateField(
        _("vestigingsdatum"),
        help_text=_("Datum waarop de inburgeraar in deze gemeente kwam wonen."),
    )
    stelsel = models.CharField(
        _("stelsel"),
        max_length=6,
        choices=Stelsel.choices,
        default=Stelsel.WI2021,
        db_default=Stelsel.WI2021,
    )
    # R2: the calendar year of the startdatum; stored so that SQL can group by it.
    cohort = models.PositiveSmallIntegerField(_("cohort"), editable=False, db_index=True)
    pipdatum = models.DateField(_("PIP-datum"), null=True, blank=True)
    leerroute = models.CharField(
        _("leerroute bij start"), max_length=2, choices=Leerroute.choices, blank=True
    )
    # Kept current by the status service (overstap changes it); history is in Statuswijziging.
    huidige_leerroute = models.CharField(
        _("leerroute"), max_length=2, choices=Leerroute.choices, blank=True
    )
    huidige_status = models.CharField(
        _("status"), max_length=25, choices=Status.choices, default=Status.ACTIEF
    )
    status_sinds = models.DateField(_("status sinds"), null=True, blank=True)
    # See kern/bsn.py: ciphertext, a keyed hash for duplicates, and the masked form for display.
    bsn_versleuteld = models.TextField(blank=True, editable=False)
    bsn_zoeksleutel = models.CharField(max_length=64, blank=True, editable=False)
    bsn_gemaskeerd = models.CharField(_("BSN"), max_length=9, blank=True, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kenmerk"]
        verbose_name = _("inburgeraar")
        verbose_name_plural = _("inburgeraars")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "kenmerk"], name="inburgeraar_kenmerk_uniek"
            ),
            models.UniqueConstraint(
                fields=["gemeente", "bsn_zoeksleutel"],
                condition=~Q(bsn_zoeksleutel=""),
                name="inburgeraar_bsn_uniek",
            ),
            models.CheckConstraint(
                condition=Q(doelgroep__in=Doelgroep.values), name="inburgeraar_doelgroep_geldig"
            ),
            models.CheckConstraint(
                condition=Q(vestigingsdatum__gte=F("startdatum")),
                name="inburgeraar_vestiging_niet_voor_start",
            ),
            models.CheckConstraint(
                condition=Q(stelsel__in=Stelsel.values), name="inburgeraar_stelsel_geldig"
            ),
            # The database says what the services say (regels.pipdatum_fout, leerroute_fout).
            models.CheckConstraint(
                condition=Q(pipdatum__isnull=True) | Q(pipdatum__gte=F("startdatum")),
                name="inburgeraar_pip_niet_voor_start",
            ),
            models.CheckConstraint(
                condition=Q(leerroute="") | ~Q(doelgroep__in=DOELGROEPEN_ZONDER_LEERROUTE),
                name="inburgeraar_leerroute_past_bij_doelgroep",
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "cohort", "doelgroep"]),
            # The signal "gestopt met open" reads the persons of these statuses, a few in a
            # hundred, in its order (selectors.signalen), not all of the gemeente's.
            models.Index(
                fields=["gemeente", "status_sinds", "kenmerk"],
                condition=Q(huidige_status__in=STATUSSEN_ZONDER_VERDERE_KOSTEN),
                name="inburgeraar_zonder_kosten_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.kenmerk

    def save(self, *args, **kwargs):
        self.cohort = regel_cohort(self.startdatum)
        if self.vestigingsdatum is None:
            self.vestigingsdatum = self.startdatum
        super().save(*args, **kwargs)


class Statuswijziging(models.Model):
    """One entry of a person's status history. The history never goes back in time."""

    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.PROTECT, related_name="statuswijzigingen"
    )
    datum = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=25, choices=Status.choices)
    leerroute = models.CharField(
        _("nieuwe leerroute"), max_length=2, choices=Leerroute.choices, blank=True
    )
    # Only for status `doelgroep`: the doelgroep from this date on (R3; the cohort stays).
    doelgroep = models.CharField(
        _("nieuwe doelgroep"), max_length=10, choices=Doelgroep.choices, blank=True
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["datum", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="statuswijziging_status_geldig"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.OVERSTAP) | ~Q(leerroute=""),
                name="statuswijziging_overstap_heeft_leerroute",
            ),
            models.CheckConstraint(
                condition=(Q(status=Status.DOELGROEP) & Q(doelgroep__in=Doelgroep.values))
                | (~Q(status=Status.DOELGROEP) & Q(doelgroep="")),
                name="statuswijziging_doelgroep_bij_status_doelgroep",
            ),
        ]

    def __str__(self) -> str:
        # get_status_display()'s text (the label, or the value itself when it is no choice):
        # Django rebuilds a dict of all choices on every call, 0.1 ms, which an import of
        # thousands of status rows paid once per row for its audit text.
        status = _STATUS_LABELS.get(self.status, self.status)
        return f"{self.inburgeraar} {status} {self.datum:%d-%m-%Y}"


# The lazy labels: translated when formatted, in the language active then.
_STATUS_LABELS = dict(Status.choices)


class Aanbieder(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="aanbieders")
    naam = models.CharField(_("naam"), max_length=150)
    kvk = models.CharField(_("KvK-nummer"), max_length=8, blank=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="aanbieder_naam_uniek")
        ]

    def __str__(self) -> str:
        return self.naam


class Voorziening(models.Model):
    """A kind of voorziening in a gemeente's catalogue, with its classification (the schot)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="voorzieningen")
    code = models.CharField(_("code"), max_length=20)
    naam = models.CharField(_("naam"), max_length=100)
    classificatie = models.CharField(
        _("classificatie"), max_length=10, choices=Classificatie.choices
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "code"], name="voorziening_code_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.naam}"


class Tarief(models.Model):
    """The price a provider charges for a voorziening from geldig_van until the next tarief of the
    same pair starts (R12). geldig_tot is derived (the day before the next one starts) by
    inburgering.herprijzing.leg_tarief_vast; empty for the pair's latest tarief."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="tarieven")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="tarieven")
    voorziening = models.ForeignKey(Voorziening, on_delete=models.PROTECT, related_name="tarieven")
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    geldig_van = models.DateField(_("geldig van"))
    geldig_tot = models.DateField(_("geldig tot en met"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voorziening__code", "aanbieder__naam", "-geldig_van"]
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="tarief_bedrag_niet_negatief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="tarief_periode_geldig",
            ),
            # R12: a tarief runs until the next of its pair starts; two on one day is no order.
            models.UniqueConstraint(
                fields=["aanbieder", "voorziening", "geldig_van"], name="tarief_ingang_uniek"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voorziening.code} {self.aanbieder} vanaf {self.geldig_van:%d-%m-%Y}"


class Verplichting(models.Model):
    """A commitment (R8). Its amount changes only through Verplichtingsmutatie rows."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="verplichtingen")
    nummer = models.CharField(_("nummer"), max_length=50)
    inburgeraar = models.ForeignKey(
        Inburgeraar, on_delete=models.PROTECT, null=True, blank=True, related_name="verplichtingen"
    )
    voorziening = models.ForeignKey(
        Voorziening, on_delete=models.PROTECT, related_name="verplichtingen"
    )
    # The voorziening's classification when the commitment was made; the schot is checked on it
    # by the database (see the constraint below) as well as by the service.
    classificatie = models.CharField(max_length=10, choices=Classificatie.choices, editable=False)
    aanbieder = models.ForeignKey(
        Aanbieder, on_delete=models.PROTECT, related_name="verplichtingen"
    )
    tarief = models.ForeignKey(
        Tarief, on_delete=models.PROTECT, null=True, blank=True, related_name="verplichtingen"
    )
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    datum = models.DateField(_("datum"))
    financiering = models.CharField(_("financiering"), max_length=12, choices=Financiering.choices)
    cohort = models.PositiveSmallIntegerField(_("cohort"), db_index=True)
    gesloten_op = models.DateField(
        _("gesloten op"),
        null=True,
        blank=True,
        help_text=_("Datum waarop de verplichting is gesloten of de rest is vrijgevallen."),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    # R8: the commitment this one continues (a SPUK-OR rest refinanced to SPUK-IV).
    vervangt = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vervangen_door",
        verbose_name=_("vervangt verplichting"),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # R8's open amount is defined once: Verplichting.objects.met_open_bedrag(peildatum=...).
    objects = VerplichtingQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "nummer"]
        verbose_name = _("verplichting")
        verbose_name_plural = _("verplichtingen")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["gemeente", "nummer"], name="verplichting_nummer_uniek"
            ),
            models.CheckConstraint(
                condition=Q(bedrag__gte=0), name="verplichting_bedrag_niet_negatief"
            ),
            models.CheckConstraint(
                condition=~(
                    Q(classificatie=Classificatie.UITVOERING)
                    & Q(financiering__in=SPUK_FINANCIERINGEN)
                ),
                name="verplichting_schot_uitvoering_niet_uit_spuk",
            ),
            models.CheckConstraint(
                condition=Q(financiering__in=Financiering.values),
                name="verplichting_financiering_geldig",
            ),
            # regels.sluitdatum_fout: closed on or after the day it was made.
            models.CheckConstraint(
                condition=Q(gesloten_op__isnull=True) | Q(gesloten_op__gte=F("datum")),
                name="verplichting_gesloten_niet_voor_datum",
            ),
        ]
        indexes = [
            # Covering index: the SPUK recomputation sums commitments per financing source and
            # cohort from the index alone (measured 400 -> 220 ms for 10,000 inburgeraars).
            models.Index(
                fields=["gemeente", "financiering"],
                include=["cohort", "bedrag", "datum", "gesloten_op"],
                name="verplichting_saldi_idx",
            ),
            # Commitments dated after a peildatum: their invoices are left out of the standen.
            models.Index(fields=["datum"], name="verplichting_datum_idx"),
            # A peildatum's corrections to the Openstand and Bestedingsmaandstand: commitments
            # dated later in its month, and closed after it.
            models.Index(fields=["gemeente", "datum"], name="verplichting_gem_datum_idx"),
            models.Index(
                fields=["gemeente", "gesloten_op"],
                condition=Q(gesloten_op__isnull=False),
                name="verplichting_gesloten_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.nummer

    @property
    def is_open(self) -> bool:
        return self.gesloten_op is None


class Mutatiesoort(models.TextChoices):
    WIJZIGING = "wijziging", _("Bedrag gewijzigd")
    HERPRIJZING = "herprijzing", _("Herprijzing (nieuw tarief)")
    VRIJVAL = "vrijval", _("Gesloten, rest vrijgevallen")


class Verplichtingsmutatie(models.Model):
    """A change to a commitment: raised or lowered, re-priced, or closed with its rest released."""

    # Defined outside the class so that Meta.constraints can name the kinds.
    Soort = Mutatiesoort

    verplichting = models.ForeignKey(
        Verplichting, on_delete=models.PROTECT, related_name="mutaties"
    )
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    bedrag_oud = models.DecimalField(_("oud bedrag"), **BEDRAG)
    bedrag_nieuw = models.DecimalField(_("nieuw bedrag"), **BEDRAG)
    vrijgevallen = models.DecimalField(_("vrijgevallen"), default=Decimal("0.00"), **BEDRAG)
    tarief = models.ForeignKey(Tarief, on_delete=models.PROTECT, null=True, blank=True)
    reden = models.TextField(_("reden"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tijdstip = models.DateTimeField(auto_now_add=True)

    class Meta:
        # A mutation row says what the service that wrote it did (inburgering.services._muteer,
        # vrijval; herprijzing.pas_toe): a change or re-pricing moves the amount and releases
        # nothing; a vrijval keeps the amount and releases part of it (R8: max(0, amount -
        # invoiced), never more than the amount); a commitment is closed once (vrijval_fout).
        constraints = [
            *bedraggrenzen("bedrag_oud", "bedrag_nieuw", "vrijgevallen"),
            models.CheckConstraint(
                condition=Q(soort__in=Mutatiesoort.values), name="verplichtingsmutatie_soort_geldig"
            ),
            models.CheckConstraint(
                condition=Q(bedrag_oud__gte=0, bedrag_nieuw__gte=0),
                name="verplichtingsmutatie_bedragen_niet_negatief",
            ),
            models.CheckConstraint(
                condition=Q(
                    soort=Mutatiesoort.VRIJVAL,
                    bedrag_nieuw=F("bedrag_oud"),
                    vrijgevallen__gte=0,
                    vrijgevallen__lte=F("bedrag_oud"),
                )
                | (~Q(soort=Mutatiesoort.VRIJVAL) & Q(vrijgevallen=0)),
                name="verplichtingsmutatie_vrijval_consistent",
            ),
            models.UniqueConstraint(
                fields=["verplichting"],
                condition=Q(soort=Mutatiesoort.VRIJVAL),
                name="verplichtingsmutatie_een_vrijval",
            ),
        ]
        ordering = ["tijdstip", "id"]
        verbose_name = _("mutatie op verplichting")
        verbose_name_plural = _("mutaties op verplichtingen")

    def __str__(self) -> str:
        return f"{self.verplichting}: {self.get_soort_display()}"


class Factuur(models.Model):
    """An invoice against a commitment; a negative amount is a credit note (R8)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="facturen")
    verplichting = models.ForeignKey(
        Verplichting, on_delete=models.PROTECT, related_name="facturen"
    )
    # Copied from the commitment so the database can keep factuurnummer unique per provider.
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="facturen")
    factuurnummer = models.CharField(_("factuurnummer"), max_length=50)
    datum = models.DateField(_("factuurdatum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    boekjaar = models.PositiveSmallIntegerField(_("boekjaar"))
    # R8/issue 13: a late invoice for work in a closed year T is booked into T+1; werkjaar T
    # says so, and the SiSa of T+1 shows it as the correction on the besteding of T. Empty:
    # the work is of the boekjaar itself.
    werkjaar = models.PositiveSmallIntegerField(_("jaar van het werk"), null=True, blank=True)
    # The cohort of the commitment, kept on the invoice by the database (migration 0022, never
    # set by Python): a cohort's invoices newest first come from factuur_cohort_idx.
    cohort = models.PositiveSmallIntegerField(editable=False, null=True)
    # R8 btw: the btw inside bedrag (same sign), and whether the BCF pays it back.
    # db_default too: rows written by plain SQL (bulk loads) get the same defaults.
    btw = models.DecimalField(
        _("btw"), default=Decimal("0.00"), db_default=Decimal("0.00"), **BEDRAG
    )
    btw_compensabel = models.BooleanField(_("btw compensabel (BCF)"), default=True, db_default=True)
    # R8: the last (charge to the budget) = bedrag - btw when compensable, else bedrag. Computed
    # by the database, so every writer (service, import, plain SQL) and every sum agree.
    last = models.GeneratedField(
        expression=Case(
            When(btw_compensabel=True, then=F("bedrag") - F("btw")),
            default=F("bedrag"),
        ),
        output_field=models.DecimalField(**BEDRAG),
        db_persist=True,
        verbose_name=_("last"),
    )
    corrigeert = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correcties",
        verbose_name=_("corrigeert factuur"),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    geboekt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    geboekt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-datum", "factuurnummer"]
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        constraints = [
            *bedraggrenzen("bedrag", "btw"),
            models.UniqueConstraint(
                fields=["aanbieder", "factuurnummer"], name="factuur_nummer_uniek_per_aanbieder"
            ),
            models.CheckConstraint(condition=~Q(bedrag=0), name="factuur_bedrag_niet_nul"),
            models.CheckConstraint(
                condition=Q(werkjaar__isnull=True) | Q(werkjaar=F("boekjaar") - 1),
                name="factuur_werkjaar_voor_boekjaar",
            ),
            # R8: btw has the sign of the amount and is never more than the amount.
            models.CheckConstraint(
                condition=Q(bedrag__gt=0, btw__gte=0, btw__lte=F("bedrag"))
                | Q(bedrag__lt=0, btw__lte=0, btw__gte=F("bedrag")),
                name="factuur_btw_binnen_bedrag",
            ),
        ]
        indexes = [
            # A boekjaar's invoices in date order (the SiSa besteding and its correction, R7):
            # the drill-down's page reads 50 rows instead of walking every invoice of the
            # years before through the list's index (33 -> 0.4 ms on the page bench). Its
            # prefix (gemeente, boekjaar) serves what the index on those two columns served.
            models.Index(
                fields=["gemeente", "boekjaar", "datum", "factuurnummer"],
                name="factuur_boekjaar_idx",
            ),
            # Covering index for summing invoices per commitment (R8 open amounts, besteding).
            models.Index(
                fields=["gemeente", "verplichting"],
                include=["boekjaar", "datum", "bedrag"],
                name="factuur_per_verplichting_idx",
            ),
            # Invoices dated after a peildatum: what the standen below hold too much on it.
            models.Index(
                fields=["datum"],
                include=["gemeente", "verplichting", "boekjaar", "bedrag"],
                name="factuur_datum_idx",
            ),
            # The invoice list's order (newest first, then number) within one gemeente: the
            # first page reads 25 rows instead of sorting every invoice of its newest date
            # (76.9 -> 1.1 ms on the page bench, where 23,087 invoices share that date).
            models.Index(fields=["gemeente", "-datum", "factuurnummer"], name="factuur_lijst_idx"),
            # A cohort's invoices newest first (the spuk page "cohort besteed", R9): the page
            # reads its 50 rows from here instead of every invoice of the cohort.
            models.Index(
                fields=["gemeente", "cohort", "-datum", "factuurnummer", "id"],
                name="factuur_cohort_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.factuurnummer


# --- Standen: running totals of the invoices, kept by the database ------------------------------
# Every recomputation and report needs "invoiced per commitment" and "invoiced per financing
# source, cohort and boekjaar". Summing millions of invoices for that on every run costs
# seconds; database triggers (migration 0005) keep these two small tables up to date in the
# same transaction as every INSERT, UPDATE or DELETE of an invoice (and a change of a
# commitment's financing source or cohort), whatever writes it: a service, the import, plain
# SQL. They are derived data: inburgering.standen.herbouw_standen() rebuilds them from the
# invoices, and a test keeps the triggers and the rebuild equal. Never written by Python.


class Factuurstand(models.Model):
    """What has been invoiced on one commitment, over all its invoices (credit notes negative)."""

    verplichting = models.OneToOneField(
        Verplichting, on_delete=models.CASCADE, primary_key=True, related_name="factuurstand"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    gefactureerd = models.DecimalField(**BEDRAG)
    laatste_factuurdatum = models.DateField(null=True)

    class Meta:
        constraints = bedraggrenzen("gefactureerd")
        verbose_name = _("factuurstand")
        indexes = [
            models.Index(
                fields=["gemeente", "verplichting"],
                include=["gefactureerd", "laatste_factuurdatum"],
                name="factuurstand_gemeente_idx",
            )
        ]


class Bestedingsstand(models.Model):
    """What has been invoiced per financing source, cohort and boekjaar of one gemeente."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    financiering = models.CharField(max_length=12)
    cohort = models.PositiveSmallIntegerField()
    boekjaar = models.PositiveSmallIntegerField()
    bedrag = models.DecimalField(**BEDRAG)
    # How many invoices: a group whose invoices net to zero still exists (R7 shows its year).
    aantal = models.IntegerField()
    # The invoices' bedrag with the btw (the `bedrag` above is their last): the invoice list's
    # "Totaal van deze selectie" without a pass over the invoices (migration 0018).
    bruto = models.DecimalField(**BEDRAG, db_default=Decimal("0.00"))

    class Meta:
        verbose_name = _("bestedingsstand")
        constraints = [
            *bedraggrenzen("bedrag", "bruto"),
            models.UniqueConstraint(
                fields=["gemeente", "financiering", "cohort", "boekjaar"],
                name="bestedingsstand_uniek",
            ),
        ]


class Bestedingsmaandstand(models.Model):
    """The Bestedingsstand split by the month of the commitment the invoices are on (`maand`,
    its first day): a figure on a peildatum leaves out the commitments dated after it by
    reading the rows of the later months, and only the commitments of the peildatum's own
    month one by one. Kept by database triggers (migration 0017)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    financiering = models.CharField(max_length=12)
    cohort = models.PositiveSmallIntegerField()
    boekjaar = models.PositiveSmallIntegerField()
    maand = models.DateField()
    bedrag = models.DecimalField(**BEDRAG)
    aantal = models.IntegerField()

    class Meta:
        verbose_name = _("bestedingsmaandstand")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["gemeente", "maand", "financiering", "cohort", "boekjaar"],
                name="bestedingsmaandstand_uniek",
            ),
        ]
        # The full recomputation reads the later months of every gemeente.
        indexes = [models.Index(fields=["maand"], name="bestedingsmaandstand_maand_idx")]


class Factuurmaandstand(models.Model):
    """The last of the invoices (R8) per commitment gemeente, financiering, boekjaar, month of
    the commitment's datum (`maand`) and month of the invoice's datum (`factuurmaand`), months
    as their first day: the dashboard's besteding per month (rapportage.besteding) reads the
    rows before the peildatum's month and only the invoices and commitments dated in its own
    month one by one. Kept by database triggers (migration 0019)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    financiering = models.CharField(max_length=12)
    boekjaar = models.PositiveSmallIntegerField()
    maand = models.DateField()
    factuurmaand = models.DateField()
    bedrag = models.DecimalField(**BEDRAG)
    aantal = models.IntegerField()

    class Meta:
        verbose_name = _("factuurmaandstand")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["gemeente", "financiering", "boekjaar", "maand", "factuurmaand"],
                name="factuurmaandstand_uniek",
            ),
        ]


class Verplichtingstand(models.Model):
    """The commitments per gemeente, aanbieder, voorziening, financiering, cohort, the cohort of
    their person when that is an asielstatushouder (`asiel_cohort`; 0 for any other person and
    for a commitment without one) and whether R8's open amount is above 0 (`is_open`: not
    closed and bedrag above gefactureerd): how many (`aantal`), their R8 open amount (`open`)
    and what is invoiced on them (`gefactureerd`, the Factuurstand). The dashboard's open
    commitments per aanbieder and R10 costs per cohort read these few hundred rows instead of a
    pass over the commitments. Kept by database triggers on the commitments, their Factuurstand
    and the persons' cohort and doelgroep (migration 0020)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    # Plain ids (no constraint): a row emptied by a move may outlive its aanbieder.
    aanbieder = models.ForeignKey(
        Aanbieder,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    voorziening = models.ForeignKey(
        Voorziening,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    financiering = models.CharField(max_length=12)
    cohort = models.PositiveSmallIntegerField()
    asiel_cohort = models.PositiveSmallIntegerField()
    is_open = models.BooleanField()
    aantal = models.IntegerField()
    open = models.DecimalField(**BEDRAG)
    gefactureerd = models.DecimalField(**BEDRAG)

    class Meta:
        verbose_name = _("verplichtingstand")
        constraints = [
            *bedraggrenzen("open", "gefactureerd"),
            models.UniqueConstraint(
                fields=[
                    "gemeente",
                    "aanbieder",
                    "voorziening",
                    "financiering",
                    "cohort",
                    "asiel_cohort",
                    "is_open",
                ],
                name="verplichtingstand_uniek",
            ),
        ]


class Stilstand(models.Model):
    """How many commitments with an R8 open amount above 0 (the signal "zonder recente
    factuur") have their latest invoice, or without one their datum (`stil_sinds`), on each
    day, per gemeente: the count of those silent since before a date is a sum over at most a
    few thousand rows. Kept by database triggers (migration 0020)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    stil_sinds = models.DateField()
    aantal = models.IntegerField()

    class Meta:
        verbose_name = _("stilstand")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "stil_sinds"], name="stilstand_uniek")
        ]


class Persoonstand(models.Model):
    """Per person and gemeente of the commitments, the commitments with an R8 open amount above
    0 (not closed, bedrag above gefactureerd): how many (`aantal`) and that amount summed
    (`open`). The signal "gestopt met open" reads its persons' figures from here instead of a
    sum over each person's commitments. Kept by database triggers on the commitments and their
    Factuurstand (migration 0023)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    # A plain id (no constraint): a row emptied when the commitments went may outlive its person.
    inburgeraar = models.ForeignKey(
        Inburgeraar,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="persoonstanden",
    )
    aantal = models.IntegerField()
    open = models.DecimalField(**BEDRAG)

    class Meta:
        verbose_name = _("persoonstand")
        constraints = [
            *bedraggrenzen("open"),
            # Person first: the signal reads the stand of each of a few hundred persons by it.
            models.UniqueConstraint(fields=["inburgeraar", "gemeente"], name="persoonstand_uniek"),
        ]


class Stilte(models.Model):
    """Since when each commitment has been quiet: its latest invoice date (None without
    invoices) next to copies of its gemeente, nummer, datum and whether it is open, so that the
    signal list (selectors.signalen: open commitments in the order of COALESCE(latest invoice,
    datum), nummer) reads its page from one index, stilte_idx. Kept by the database (migration
    0024), never by Python; herbouw_standen rebuilds it.

    A narrow table of its own rather than a column on Verplichting (migration 0021): an invoice
    that moves the date then writes one small row with two indexes and no triggers, where the
    commitment's row has fourteen indexes (the update could never be HOT) and update triggers
    for four standen."""

    verplichting = models.OneToOneField(
        Verplichting,
        on_delete=models.DO_NOTHING,  # the commitment's delete trigger removes the row
        primary_key=True,
        db_constraint=False,
        related_name="stilte",
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    nummer = models.CharField(max_length=50)
    datum = models.DateField()
    laatste_factuurdatum = models.DateField(null=True)
    is_open = models.BooleanField()

    class Meta:
        verbose_name = _("stilte")
        indexes = [
            models.Index(
                F("gemeente"),
                Coalesce("laatste_factuurdatum", "datum"),
                F("nummer"),
                condition=Q(is_open=True),
                name="stilte_idx",
            )
        ]


class Openstand(models.Model):
    """R8 open before closing, max(0, bedrag - gefactureerd), of the commitments per financing
    source, cohort, month of the commitment's datum (`maand`) and month it was closed in
    (`gesloten_maand`; NOOIT_GESLOTEN while it is open), of one gemeente; months as their first
    day. Open on a peildatum is then the rows dated up to its month and not closed by then,
    corrected only for the commitments dated, closed or invoiced later in its month or invoiced
    after it. Kept by database triggers on the commitments and the Factuurstand (migration
    0017)."""

    NOOIT_GESLOTEN = date(9999, 12, 1)

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    financiering = models.CharField(max_length=12)
    cohort = models.PositiveSmallIntegerField()
    maand = models.DateField()
    gesloten_maand = models.DateField()
    open = models.DecimalField(**BEDRAG)
    # The commitments' bedrag and how many there are (migration 0018): the commitment list's
    # totals and page count without a pass over the commitments.
    verplicht = models.DecimalField(**BEDRAG, db_default=Decimal("0.00"))
    aantal = models.IntegerField(db_default=0)

    class Meta:
        verbose_name = _("openstand")
        constraints = [
            *bedraggrenzen("open", "verplicht"),
            models.UniqueConstraint(
                fields=["gemeente", "financiering", "maand", "cohort", "gesloten_maand"],
                name="openstand_uniek",
            ),
        ]
