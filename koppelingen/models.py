"""API clients of a gemeente, their idempotency keys and the log of their calls."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
