"""Making and revoking API clients (the browser's beheer page and `manage.py api_client`)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kern.audit import registreer
from kern.models import AuditRecord, Gemeente

from .models import ApiClient, Scope

Actie = AuditRecord.Actie


def token_hash(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 suffices (no slow hash needed: there is
    nothing to guess), and it lets the lookup be one indexed equality."""
    return hashlib.sha256(token.encode()).hexdigest()


def controleer_scopes(scopes: list[str]) -> list[str]:
    scopes = sorted({s.strip() for s in scopes if s.strip()})
    onbekend = [s for s in scopes if s not in Scope.values]
    if onbekend or not scopes:
        raise ValidationError(
            {
                "scopes": [
                    f"Kies een of meer scopes uit {', '.join(Scope.values)}"
                    + (f"; onbekend: {', '.join(onbekend)}." if onbekend else ".")
                ]
            }
        )
    return scopes


def maak_api_client(
    *, gemeente: Gemeente, naam: str, scopes: list[str], door=None
) -> tuple[ApiClient, str]:
    """A new client with a fresh token. Returns the token: it is never shown again."""
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": ["Geef de API-client een naam, bv. Key2Financiën."]})
    scopes = controleer_scopes(scopes)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if ApiClient.objects.filter(
            gemeente=gemeente, naam__iexact=naam, ingetrokken_op__isnull=True
        ).exists():
            raise ValidationError({"naam": [f"Er is al een actieve API-client {naam}."]})
        gebruiker = get_user_model()(
            username=f"api-{gemeente.code.lower()}-{secrets.token_hex(4)}",
            first_name="API-client",
            last_name=naam[:150],
            # Never logs in through the browser: no password, not active for the login form.
            is_active=False,
        )
        gebruiker.set_unusable_password()
        gebruiker.save()
        client = ApiClient.objects.create(
            gemeente=gemeente,
            naam=naam,
            scopes=scopes,
            token_hash=token_hash(token),
            token_begin=token[:8],
            gebruiker=gebruiker,
            aangemaakt_door=door if getattr(door, "is_authenticated", False) else None,
        )
        registreer(
            gebruiker=door,
            gemeente=gemeente,
            actie=Actie.AANGEMAAKT,
            obj=client,
            wijzigingen={
                "naam": {"oud": None, "nieuw": naam},
                "scopes": {"oud": None, "nieuw": ", ".join(scopes)},
            },
        )
    return client, token


def trek_api_client_in(*, client: ApiClient, door=None) -> ApiClient:
    """Revoke: the token stops working at once; the client stays for the audit trail."""
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if not client.is_actief:
            raise ValidationError(f"{client} is al ingetrokken.")
        client.ingetrokken_op = timezone.now()
        client.save(update_fields=["ingetrokken_op"])
        registreer(
            gebruiker=door,
            gemeente=client.gemeente,
            actie=Actie.INGETROKKEN,
            obj=client,
            wijzigingen={"ingetrokken_op": {"oud": None, "nieuw": client.ingetrokken_op}},
        )
    return client
