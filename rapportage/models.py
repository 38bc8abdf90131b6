"""Reporting: SiSa definitions and frozen versions, begroting inputs, P&C stands, scenarios.

The reporting app reads the figures of the other apps; the only data it owns are what the
adviser and the beheerder enter here. Financial data is never deleted, and what was handed in
(a frozen SiSa, a saved P&C stand) can never be changed: the models refuse it.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kern.bedraggrens import bedraggrenzen
from kern.models import Gemeente

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Regeling(models.TextChoices):
    SPUK_IV = "SPUK-IV", _("SPUK inburgeringsvoorzieningen")
    SPUK_OR = "SPUK-OR", _("SPUK onderwijsroute")


class Sleutel(models.TextChoices):
    """The stable keys of the contract (WERKBOEK.md, JSON of `sisa --json`): which figure an
    indicator shows. A key never changes meaning; new figures get new keys."""

    TOEKENNING = "toekenning", _("Toekenning jaar T")
    BESTEDING = "besteding", _("Besteding jaar T")
    RESERVERING_UIT = "reservering_uit", _("Reservering naar jaar T+1")
    DOORSCHUIF_UIT = "doorschuif_uit", _("Doorschuif naar jaar T+1")
    TERUG_TE_BETALEN = "terug_te_betalen", _("Terug te betalen")
    ASIEL_1 = "asiel_1", _("Aantal asielstatushouders, inburgeringsjaar 1")
    ASIEL_2 = "asiel_2", _("Aantal asielstatushouders, inburgeringsjaar 2")
    ASIEL_3 = "asiel_3", _("Aantal asielstatushouders, inburgeringsjaar 3")
    GEZIN = "gezin", _("Aantal gezinsmigranten")
    OVERIG = "overig", _("Aantal overige migranten")
    ONDERWIJSROUTE = "onderwijsroute", _("Aantal asielstatushouders in de onderwijsroute")
    # Issue 13: cumulative amounts (t/m jaar T), the correction over T-1, the final account.
    TOEKENNING_CUMULATIEF = "toekenning_cumulatief", _("Toekenning t/m jaar T")
    BESTEDING_CUMULATIEF = "besteding_cumulatief", _("Besteding t/m jaar T")
    CORRECTIE_BESTEDING = "correctie_besteding", _("Correctie besteding jaar T-1")
    EINDVERANTWOORDING = "eindverantwoording", _("Eindverantwoording Ja/Nee")
    TOEKENNING_BRON = "toekenning_bron", _("Grondslag van de toekenning (R5)")


class Soort(models.TextChoices):
    """The kind of an indicator: how its value is written and exported."""

    BEDRAG = "bedrag", _("bedrag")
    AANTAL = "aantal", _("aantal")
    JA_NEE = "ja_nee", _("ja/nee")
    TEKST = "tekst", _("tekst")


BEDRAG_SLEUTELS = (
    Sleutel.TOEKENNING,
    Sleutel.BESTEDING,
    Sleutel.RESERVERING_UIT,
    Sleutel.DOORSCHUIF_UIT,
    Sleutel.TERUG_TE_BETALEN,
)
AANTAL_SLEUTELS = (
    Sleutel.ASIEL_1,
    Sleutel.ASIEL_2,
    Sleutel.ASIEL_3,
    Sleutel.GEZIN,
    Sleutel.OVERIG,
    Sleutel.ONDERWIJSROUTE,
)
# A cumulative key sums the R7 figure of its base key over every year up to T.
CUMULATIEF = {
    Sleutel.TOEKENNING_CUMULATIEF: Sleutel.TOEKENNING,
    Sleutel.BESTEDING_CUMULATIEF: Sleutel.BESTEDING,
}
# Each key has exactly one kind; the database and the import refuse any other combination.
SOORT_VAN_SLEUTEL = {
    **dict.fromkeys((*BEDRAG_SLEUTELS, *CUMULATIEF, Sleutel.CORRECTIE_BESTEDING), Soort.BEDRAG),
    **dict.fromkeys(AANTAL_SLEUTELS, Soort.AANTAL),
    Sleutel.EINDVERANTWOORDING: Soort.JA_NEE,
    Sleutel.TOEKENNING_BRON: Soort.TEKST,
}


class Onveranderlijk(models.Model):
    """Rows that record what was handed in or decided: inserted once, never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Een vastgelegde versie wordt nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Een vastgelegde versie wordt nooit verwijderd.")


class SisaRegeling(models.Model):
    """How a regeling appears in the SiSa bijlage of a year (national, the same for everyone)."""

    jaar = models.PositiveSmallIntegerField(_("jaar"))
    regeling = models.CharField(_("regeling"), max_length=8, choices=Regeling.choices)
    uitkeringscode = models.CharField(_("uitkeringscode"), max_length=20)
    naam = models.CharField(_("specifieke uitkering"), max_length=200)
    juridische_grondslag = models.CharField(_("juridische grondslag"), max_length=300)
    verstrekker = models.CharField(_("verstrekker"), max_length=100, default="Ministerie van SZW")
    is_voorbeeld = models.BooleanField(
        _("voorbeeldwaarde"),
        default=True,
        help_text=_("Nog niet gecontroleerd tegen het officiële SiSa-model van dit jaar."),
    )

    class Meta:
        ordering = ["jaar", "regeling"]
        verbose_name = _("SiSa-regeling")
        verbose_name_plural = _("SiSa-regelingen")
        constraints = [
            models.UniqueConstraint(fields=["jaar", "regeling"], name="sisaregeling_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.regeling} {self.uitkeringscode}"


class AardControle(models.TextChoices):
    """The control kind the SiSa model gives each indicator."""

    R = "R", _("R: rechtmatigheid")
    D1 = "D1", _("D1: getrouwheid, eigen controle")
    D2 = "D2", _("D2: getrouwheid, controle door derde")
    NVT = "n.v.t.", _("n.v.t.: geen accountantscontrole")


def _soort_past() -> Q:
    """The kind of an indicator is the kind of its key."""
    voorwaarde = Q()
    for soort in Soort.values:
        voorwaarde |= Q(
            soort=soort, sleutel__in=[str(k) for k, v in SOORT_VAN_SLEUTEL.items() if v == soort]
        )
    return voorwaarde


class SisaIndicator(models.Model):
    """One numbered indicator of the SiSa model of a year; `sleutel` says which figure it shows."""

    AardControle = AardControle

    jaar = models.PositiveSmallIntegerField(_("jaar"))
    regeling = models.CharField(_("regeling"), max_length=8, choices=Regeling.choices)
    code = models.CharField(_("indicatorcode"), max_length=20)
    sleutel = models.CharField(_("sleutel"), max_length=30, choices=Sleutel.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    soort = models.CharField(_("soort"), max_length=8, choices=Soort.choices)
    aard_controle = models.CharField(_("aard controle"), max_length=6, choices=AardControle.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_voorbeeld = models.BooleanField(
        _("voorbeeldwaarde"),
        default=True,
        help_text=_("Nog niet gecontroleerd tegen het officiële SiSa-model van dit jaar."),
    )

    class Meta:
        ordering = ["jaar", "regeling", "volgorde", "code"]
        verbose_name = _("SiSa-indicator")
        verbose_name_plural = _("SiSa-indicatoren")
        constraints = [
            models.UniqueConstraint(
                fields=["jaar", "regeling", "sleutel"], name="sisaindicator_sleutel_uniek"
            ),
            models.UniqueConstraint(
                fields=["jaar", "regeling", "code"], name="sisaindicator_code_uniek"
            ),
            models.CheckConstraint(
                condition=Q(sleutel__in=Sleutel.values), name="sisaindicator_sleutel_geldig"
            ),
            models.CheckConstraint(
                condition=Q(aard_controle__in=AardControle.values),
                name="sisaindicator_aard_controle_geldig",
            ),
            models.CheckConstraint(condition=_soort_past(), name="sisaindicator_soort_past"),
        ]

    def __str__(self) -> str:
        return f"{self.jaar} {self.regeling} {self.code} ({self.sleutel})"

    @property
    def cumulatief(self) -> bool:
        """t/m jaar T: the sum over every year up to T (the key says so, see CUMULATIEF)."""
        return self.sleutel in CUMULATIEF


class SisaBevriezing(Onveranderlijk):
    """The SiSa of a year as handed in with the final jaarrekening (the JSON of `sisa`)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    gegevens = models.JSONField(_("bevroren SiSa"), encoder=DjangoJSONEncoder)
    toelichting = models.TextField(_("toelichting"), blank=True)
    bevroren_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    bevroren_op = models.DateTimeField(_("bevroren op"), auto_now_add=True)

    class Meta:
        ordering = ["-jaar"]
        verbose_name = _("bevroren SiSa")
        verbose_name_plural = _("bevroren SiSa's")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="sisabevriezing_uniek")
        ]

    def __str__(self) -> str:
        return f"SiSa {self.jaar} {self.gemeente.code} (bevroren)"


class Stroom(models.TextChoices):
    UITVOERING = "UITVOERING", _("Uitvoering (gemeentefonds)")
    SPUK_IV = "SPUK-IV", _("SPUK inburgeringsvoorzieningen")
    SPUK_OR = "SPUK-OR", _("SPUK onderwijsroute")


class PcMoment(models.TextChoices):
    BEGROTING = "begroting", _("Begroting")
    VOORJAARSNOTA = "voorjaarsnota", _("Voorjaarsnota")
    TUSSENRAPPORTAGE_1 = "tussenrapportage_1", _("Tussenrapportage 1")
    TUSSENRAPPORTAGE_2 = "tussenrapportage_2", _("Tussenrapportage 2")
    JAARREKENING = "jaarrekening", _("Jaarrekening")


class Begrotingsregel(Onveranderlijk):
    """The original begroting of a stream, or a change to it (with its reason).

    The begroting of a year and stream is the original plus all changes; a mistake is corrected
    by a new change, never by editing a row.
    """

    class Soort(models.TextChoices):
        ORIGINEEL = "origineel", _("Primaire begroting")
        WIJZIGING = "wijziging", _("Begrotingswijziging")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    stroom = models.CharField(_("budgetstroom"), max_length=10, choices=Stroom.choices)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    reden = models.TextField(_("reden"), blank=True)
    moment = models.CharField(_("P&C-moment"), max_length=20, choices=PcMoment.choices, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jaar", "stroom", "aangemaakt_op", "id"]
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        constraints = [
            *bedraggrenzen("bedrag"),
            models.UniqueConstraint(
                fields=["gemeente", "jaar", "stroom"],
                condition=Q(soort="origineel"),
                name="begroting_een_origineel_per_stroom",
            ),
            models.CheckConstraint(
                condition=Q(soort="origineel") | ~Q(reden=""),
                name="begrotingswijziging_heeft_reden",
            ),
            models.CheckConstraint(
                condition=Q(stroom__in=Stroom.values), name="begrotingsregel_stroom_geldig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.stroom} {self.jaar}: {self.bedrag}"


class PcStand(Onveranderlijk):
    """The figures of the P&C overview of a year, saved at a P&C moment."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    moment = models.CharField(_("P&C-moment"), max_length=20, choices=PcMoment.choices)
    cijfers = models.JSONField(_("cijfers"), encoder=DjangoJSONEncoder)
    toelichting = models.TextField(_("toelichting"), blank=True)
    opgeslagen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    opgeslagen_op = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)

    class Meta:
        ordering = ["-jaar", "-opgeslagen_op", "-id"]
        verbose_name = _("P&C-stand")
        verbose_name_plural = _("P&C-standen")

    def __str__(self) -> str:
        return f"{self.get_moment_display()} {self.jaar} ({self.opgeslagen_op:%d-%m-%Y})"


class Scenario(models.Model):
    """A named set of assumptions for the five-year prognose (see rapportage/scenario.py).

    Assumptions are not financial data: a scenario may be edited; every change is audited.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=100)
    aannames = models.JSONField(_("aannames"), encoder=DjangoJSONEncoder)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="scenario_naam_uniek")
        ]

    def __str__(self) -> str:
        return self.naam


class LandelijkeWijziging(Onveranderlijk):
    """The audit trail of shared, national data (the SiSa definitions) and of who may change it
    (the role 'landelijk beheer'): who changed what, when.

    National data belongs to no gemeente, so it has its own trail, which every gemeente's
    controller can read; only a user with the role 'landelijk beheer' changes the definitions,
    and granting or revoking that role is a line here too.
    """

    class Actie(models.TextChoices):
        VASTGELEGD = "vastgelegd", _("Standaarddefinities vastgelegd")
        GEWIJZIGD = "gewijzigd", _("Gewijzigd")
        GEIMPORTEERD = "geimporteerd", _("Indicatorenlijst geïmporteerd")
        GEKOPIEERD = "gekopieerd", _("Gekopieerd van het vorige jaar")
        ROL_TOEGEKEND = "rol_toegekend", _("Rol landelijk beheer toegekend")
        ROL_INGETROKKEN = "rol_ingetrokken", _("Rol landelijk beheer ingetrokken")

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    object_type = models.CharField(_("soort gegeven"), max_length=60)
    object_id = models.CharField(_("id"), max_length=40)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    wijzigingen = models.JSONField(_("wijzigingen"), default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-tijdstip", "-id"]
        verbose_name = _("landelijke wijziging")
        verbose_name_plural = _("landelijke wijzigingen")

    def __str__(self) -> str:
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_actie_display()} {self.omschrijving}"
