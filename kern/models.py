"""Gemeenten, role grants and the audit trail: the small place every app may import."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ketenhash import keten_sqlite, schrijfslot


class Gemeente(models.Model):
    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("Een CBS-code is GM met vier cijfers, bv. GM0397."))
        ],
    )
    naam = models.CharField(_("naam"), max_length=100)
    inwoners = models.PositiveIntegerField(_("aantal inwoners"), null=True, blank=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})"


class Rol(models.TextChoices):
    BEHEERDER = "beheerder", _("Beheerder")
    FINANCIEEL_ADVISEUR = "financieel_adviseur", _("Financieel adviseur")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    CONSULENT = "consulent", _("Consulent")
    CONTROLLER = "controller", _("Controller")


class Roltoekenning(models.Model):
    """A user holds a role for one gemeente; a user may hold several roles and gemeenten."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roltoekenningen"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="roltoekenningen")
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)

    class Meta:
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "gemeente", "rol"], name="roltoekenning_uniek"
            ),
            models.CheckConstraint(
                condition=models.Q(rol__in=Rol.values), name="roltoekenning_rol_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} – {self.get_rol_display()} – {self.gemeente}"


def nu():
    """timezone.now looked up at every call (as auto_now_add does), so that a test that
    patches django.utils.timezone.now also sets the audit row's time."""
    return timezone.now()


class AuditRecordQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """On SQLite the rows are chained here, in list order (kern.ketenhash.keten_sqlite);
        PostgreSQL chains them itself, one statement at a time."""
        objs = list(objs)
        if connections[self.db].vendor != "sqlite" or not objs:
            return super().bulk_create(objs, *args, **kwargs)
        with schrijfslot(self.db):
            keten_sqlite(objs, self.db)
            return super().bulk_create(objs, *args, **kwargs)


class AuditRecord(models.Model):
    """Append-only record of one change to financial or personal data.

    Rows are only ever inserted (see kern.audit.registreer); the model refuses updates and
    deletes so that the trail cannot be rewritten through the ORM.
    """

    class Actie(models.TextChoices):
        AANGEMAAKT = "aangemaakt", _("Aangemaakt")
        GEWIJZIGD = "gewijzigd", _("Gewijzigd")
        GECORRIGEERD = "gecorrigeerd", _("Gecorrigeerd")
        GESLOTEN = "gesloten", _("Gesloten")
        GEIMPORTEERD = "geimporteerd", _("Geïmporteerd")
        # Only for non-financial rows such as a role grant; financial data is never removed.
        INGETROKKEN = "ingetrokken", _("Ingetrokken")
        # A read by a system (an API call): who read what, never the values read.
        GERAADPLEEGD = "geraadpleegd", _("Geraadpleegd")

    # Set when the object is made rather than auto_now_add (set at saving): on SQLite the hash
    # over the row is computed before the insert, so the time must be known by then.
    tijdstip = models.DateTimeField(_("tijdstip"), default=nu, editable=False, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # No index of their own for gemeente, object_type and object_id: every read of the trail
    # is one gemeente's, and Meta.indexes (gemeente, object_type, object_id) serves all of
    # them (the list, a kind, one object's history, the kinds, a BSN's records). The five
    # indexes Django made for these columns alone (two of them varchar_pattern_ops copies for
    # LIKE, which no query does) were used by no query and cost every insert: an import
    # writes 20,000 audit rows (migration kern/0010).
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=60)
    object_id = models.CharField(_("id"), max_length=40)
    object_omschrijving = models.CharField(_("omschrijving"), max_length=200)
    wijzigingen = models.JSONField(
        _("wijzigingen"),
        default=dict,
        encoder=DjangoJSONEncoder,
        help_text=_("Per veld de oude en de nieuwe waarde."),
    )
    reden = models.TextField(_("reden"), blank=True)
    bron = models.CharField(
        _("bron"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld het geïmporteerde bestand."),
    )
    # The hash chain (kern/auditketen.py): per gemeente a running number and
    # sha256(previous hash | this row), set on insert (by the database on PostgreSQL, by
    # keten_sqlite on SQLite), so that a removed or changed row breaks the chain
    # (manage.py controleer_audittrail).
    volgnummer = models.BigIntegerField(null=True, blank=True, editable=False)
    keten_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        indexes = [models.Index(fields=["gemeente", "object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_actie_display()} {self.object_omschrijving}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Een auditregel wordt nooit gewijzigd.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if connections[using].vendor != "sqlite":
            return super().save(*args, **kwargs)
        with schrijfslot(using):
            keten_sqlite([self], using)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Een auditregel wordt nooit verwijderd.")


class AuditKeten(models.Model):
    """The head of a gemeente's audit hash chain: the last number and hash, kept by the
    database triggers of migrations kern/0005, kern/0008 and kern/0012. It tells the
    verification where the chain ends, so that removing the newest rows is detected too."""

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    volgnummer = models.BigIntegerField(default=0)
    laatste_hash = models.CharField(max_length=64, blank=True)
    # How many of the chain's rows are reads (actie geraadpleegd), kept by the same triggers
    # (kern/0012): with volgnummer, the number of rows, the audit trail's unfiltered count.
    raadplegingen = models.BigIntegerField(db_default=0, editable=False)

    class Meta:
        verbose_name = _("kop van de auditketen")


class Formulierinzending(models.Model):
    """A claimed one-time form token (kern/eenmalig.py): the write it guarded happened once."""

    token = models.UUIDField(unique=True)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resultaat_url = models.CharField(max_length=500, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formulierinzending")
        verbose_name_plural = _("formulierinzendingen")

    def __str__(self) -> str:
        return str(self.token)


class Boekjaarafsluiting(models.Model):
    """Jaarafsluiting: boekjaar T of a gemeente, proposed by the finance adviser and confirmed
    by a controller (four eyes). While a row is `gesloten`, every write that would change a
    figure of T is refused (kern.jaarafsluiting.controleer_boekjaar_open). Reopening marks the
    row `heropend` with a reason; it is never deleted, so the history of closings stays."""

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld")
        GESLOTEN = "gesloten", _("Gesloten")
        HEROPEND = "heropend", _("Heropend")
        INGETROKKEN = "ingetrokken", _("Voorstel ingetrokken")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("boekjaar"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voorgesteld_op = models.DateTimeField(auto_now_add=True)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    heropend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    heropend_op = models.DateTimeField(null=True, blank=True)
    reden_heropening = models.TextField(_("reden van heropening"), blank=True)

    class Meta:
        ordering = ["gemeente", "-jaar", "-voorgesteld_op", "-id"]
        verbose_name = _("jaarafsluiting")
        verbose_name_plural = _("jaarafsluitingen")
        constraints = [
            # At most one live proposal or closing per boekjaar; history rows may repeat.
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                condition=models.Q(status__in=["voorgesteld", "gesloten"]),
                name="een_lopende_afsluiting_per_boekjaar",
            ),
            # Four eyes, also in the database: the controller who confirms did not propose.
            models.CheckConstraint(
                condition=models.Q(bevestigd_door__isnull=True)
                | ~models.Q(bevestigd_door=models.F("voorgesteld_door")),
                name="afsluiting_vier_ogen",
            ),
        ]

    def __str__(self) -> str:
        return f"Boekjaar {self.jaar}: {self.get_status_display()}"


class TijdelijkWachtwoord(models.Model):
    """A password a beheerder set (a reset, or a new user's generated one): its owner must
    choose their own at the next login (kern.wachtwoord). Removed when they do."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tijdelijk_wachtwoord"
    )
    gezet_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    gezet_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tijdelijk wachtwoord")
        verbose_name_plural = _("tijdelijke wachtwoorden")

    def __str__(self) -> str:
        return f"Tijdelijk wachtwoord van {self.gebruiker}"
