"""API clients of a gemeente, their idempotency keys and the log of their calls."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from inburgering import regels
from kern.bedraggrens import bedraggrenzen
from kern.models import Gemeente


class Scope(models.TextChoices):
    LEZEN = "lezen", _("Lezen")
    FACTUREN_BOEKEN = "facturen_boeken", _("Facturen boeken")


class ApiClient(models.Model):
    """A system of one gemeente (its finance system) that calls the API with a bearer token.

    Only a SHA-256 of the token is stored: the token itself is shown once, when it is made.
    A client is never deleted (the audit trail names it); revoking sets `ingetrokken_op`.
    Its `gebruiker` is a user without password or roles, so the audit trail of every write
    names the client as the actor through the same services the browser uses.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="api_clients")
    naam = models.CharField(_("naam"), max_length=100)
    scopes = models.JSONField(_("scopes"), default=list)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, so a beheerder can tell two tokens apart.
    token_begin = models.CharField(_("token begint met"), max_length=8, editable=False)
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["naam", "id"]
        verbose_name = _("API-client")
        verbose_name_plural = _("API-clients")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "naam"],
                condition=models.Q(ingetrokken_op__isnull=True),
                name="apiclient_naam_uniek_zolang_actief",
            )
        ]

    def __str__(self) -> str:
        return f"API-client {self.naam}"

    @property
    def is_actief(self) -> bool:
        return self.ingetrokken_op is None

    def heeft_scope(self, scope: str) -> bool:
        return scope in self.scopes


class Idempotentiesleutel(models.Model):
    """An Idempotency-Key of a client that booked something: the same key returns this result.

    Claimed in the same transaction as the booking; a refused request rolls it back with the
    booking, so a corrected retry with the same key can still book.
    """

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="sleutels")
    sleutel = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    antwoord = models.JSONField(default=dict)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotentiesleutel")
        verbose_name_plural = _("idempotentiesleutels")
        constraints = [
            models.UniqueConstraint(fields=["client", "sleutel"], name="idempotentiesleutel_uniek")
        ]

    def __str__(self) -> str:
        return self.sleutel


class ApiAanroep(models.Model):
    """One call of a client: who, when, what and the answer (the API's own call log)."""

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="aanroepen")
    tijdstip = models.DateTimeField(auto_now_add=True, db_index=True)
    methode = models.CharField(max_length=8)
    pad = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-tijdstip", "-id"]
        verbose_name = _("API-aanroep")
        verbose_name_plural = _("API-aanroepen")

    def __str__(self) -> str:
        return f"{self.methode} {self.pad} {self.status}"


# --- Journaalposten ----------------------------------------------------------------------------
# Every event that moves money between ledger accounts, as balanced journal lines for the
# finance system (the gemeente's book of record). Derived from the source rows, but append-only:
# a source that changes after its entry was written gets a correction entry with the difference,
# so what was exported once never changes and is never exported twice.


class Journaalpost(models.Model):
    class Soort(models.TextChoices):
        ONTVANGST = "ontvangst", _("Ontvangst over cohortrekeningen (R6)")
        HERVERDELING = "herverdeling", _("Herverdeling tussen cohortrekeningen (R6)")
        FACTUUR = "factuur", _("Factuur")
        VERPLICHTING = "verplichting", _("Verplichting (obligo)")
        MUTATIE = "mutatie", _("Wijziging van een verplichting")
        VRIJVAL = "vrijval", _("Vrijval")
        HERFINANCIERING = "herfinanciering", _("Herfinanciering SPUK-OR naar SPUK-IV")
        JAAREINDE = "jaareinde", _("Jaareinde (reservering, doorschuif, terug te betalen)")
        CORRECTIE = "correctie", _("Correctie")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    volgnummer = models.PositiveIntegerField(_("boekstuk"))
    soort = models.CharField(_("soort"), max_length=16, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    boekjaar = models.PositiveSmallIntegerField(_("boekjaar"))
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    # The source row: "factuur:123", "jaareinde:SPUK-IV:2025:reservering", ...
    bron = models.CharField(_("bron"), max_length=80, db_index=True)
    corrigeert = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correcties"
    )
    export = models.ForeignKey(
        "Journaalexport", on_delete=models.PROTECT, null=True, blank=True, related_name="posten"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["datum", "volgnummer"]
        verbose_name = _("journaalpost")
        verbose_name_plural = _("journaalposten")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "volgnummer"], name="journaalpost_volgnummer_uniek"
            )
        ]
        indexes = [models.Index(fields=["gemeente", "export", "datum"])]

    def __str__(self) -> str:
        return f"Journaalpost {self.volgnummer}"


class Journaalregel(models.Model):
    """One line: debet or credit (the other is 0) on one account; a post's lines balance."""

    post = models.ForeignKey(Journaalpost, on_delete=models.PROTECT, related_name="regels")
    # The neutral account ("cohort:2024", "crediteuren", ...) and what the gemeente's settings
    # made of it when the line was written.
    rekening = models.CharField(_("rekening"), max_length=40)
    grootboekrekening = models.CharField(_("grootboekrekening"), max_length=30, blank=True)
    kostenplaats = models.CharField(_("kostenplaats"), max_length=30, blank=True)
    taakveld = models.CharField(_("taakveld"), max_length=30, blank=True)
    debet = models.DecimalField(_("debet"), max_digits=14, decimal_places=2, default=0)
    credit = models.DecimalField(_("credit"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["post", "id"]
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaalregels")
        constraints = [
            *bedraggrenzen("debet", "credit"),
            models.CheckConstraint(
                condition=(models.Q(debet=0) & models.Q(credit__gt=0))
                | (models.Q(credit=0) & models.Q(debet__gt=0)),
                name="journaalregel_debet_of_credit",
            ),
        ]


class Rekeninginstelling(models.Model):
    """Per gemeente: what a neutral account is in its own chart of accounts.

    `rekening` is a neutral account ("crediteuren") or a prefix that covers a family of them
    ("cohort", "obligo"); the most specific row wins. Cohort and regeling accounts take their
    grootboekrekening from spuk's grootboek page unless set here.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    rekening = models.CharField(_("rekening"), max_length=40)
    grootboekrekening = models.CharField(_("grootboekrekening"), max_length=30, blank=True)
    kostenplaats = models.CharField(_("kostenplaats"), max_length=30, blank=True)
    taakveld = models.CharField(_("taakveld"), max_length=30, blank=True)

    class Meta:
        ordering = ["rekening"]
        verbose_name = _("rekeninginstelling")
        verbose_name_plural = _("rekeninginstellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "rekening"], name="rekeninginstelling_uniek"
            )
        ]

    def __str__(self) -> str:
        return self.rekening


class Exportindeling(models.Model):
    """Per gemeente: the columns of the journal export, as (heading, field) pairs."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.PROTECT, related_name="+")
    kolommen = models.JSONField(default=list)
    scheidingsteken = models.CharField(max_length=1, default=";")

    class Meta:
        verbose_name = _("exportindeling")
        verbose_name_plural = _("exportindelingen")


class Journaalexport(models.Model):
    """One export of the not yet exported entries of a period; they are marked with it."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"))
    aantal_posten = models.PositiveIntegerField(default=0)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("journaalexport")
        verbose_name_plural = _("journaalexports")

    def __str__(self) -> str:
        return f"Journaalexport {self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"


# --- E-invoices (UBL) --------------------------------------------------------------------------


class Ublinlezing(models.Model):
    """One upload of UBL files: the preview, then the booking of the matched ones."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geboekt_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-id"]
        verbose_name = _("inlezing van e-facturen")
        verbose_name_plural = _("inlezingen van e-facturen")

    def __str__(self) -> str:
        return f"E-facturen {self.aangemaakt_op:%d-%m-%Y %H:%M}"


class Ublregel(models.Model):
    """One file of an upload: what it says, what it matched, and what became of it."""

    class Status(models.TextChoices):
        GEMATCHT = "gematcht", _("Gematcht")
        NIET_GEMATCHT = "niet_gematcht", _("Niet gematcht")
        FOUT = "fout", _("Fout in bestand")
        GEBOEKT = "geboekt", _("Geboekt")
        GEWEIGERD = "geweigerd", _("Geweigerd bij boeken")
        AL_GEBOEKT = "al_geboekt", _("Al eerder geboekt")

    inlezing = models.ForeignKey(Ublinlezing, on_delete=models.PROTECT, related_name="regels")
    bestandsnaam = models.CharField(max_length=255)
    # SHA-256 of the file: the same file booked again books nothing.
    afdruk = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=14, choices=Status.choices)
    reden = models.CharField(max_length=300, blank=True)
    factuurnummer = models.CharField(max_length=50, blank=True)
    datum = models.DateField(null=True, blank=True)
    bedrag = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    btw = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # R8: whether the btw is claimed from the BCF; booked with the invoice.
    btw_compensabel = models.BooleanField(default=True)
    leverancier = models.CharField(max_length=150, blank=True)
    verplichting = models.ForeignKey(
        "inburgering.Verplichting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    open_voor = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    factuur = models.ForeignKey(
        "inburgering.Factuur", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = bedraggrenzen("bedrag", "btw", "open_voor")
        ordering = ["id"]
        verbose_name = _("e-factuur")
        verbose_name_plural = _("e-facturen")

    def __str__(self) -> str:
        return self.bestandsnaam

    @property
    def last(self):
        """R8: what booking this file charges to the commitment (bedrag less compensable btw)."""
        if self.bedrag is None:
            return None
        return regels.last(self.bedrag, self.btw or Decimal("0.00"), self.btw_compensabel)

    @property
    def open_na(self):
        if self.open_voor is None or self.bedrag is None:
            return None
        return self.open_voor - self.last


class Factuurkolommen(models.Model):
    """Per gemeente: which column of the finance system's export holds which invoice field."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.PROTECT, related_name="+")
    kolommen = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("kolommen van de facturenexport")
        verbose_name_plural = _("kolommen van de facturenexport")
