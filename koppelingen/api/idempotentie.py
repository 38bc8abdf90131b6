"""The Idempotency-Key of a write: the same key and body give the same answer and book once.

The key row is inserted in the same transaction as the booking. A second request with the same
key, even at the same moment, waits on the unique index until the first commits and then reads
its stored answer; when the first was refused, its key row rolled back with it and the second
runs as a new request. The same key with another body is refused (422).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from rest_framework import exceptions, status
from rest_framework.response import Response

from koppelingen.models import ApiClient, Idempotentiesleutel

KOP = "Idempotency-Key"


class AndereBody(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_hergebruikt"
    default_detail = (
        "Deze Idempotency-Key is al gebruikt voor een verzoek met een andere inhoud. "
        "Gebruik voor een nieuw verzoek een nieuwe sleutel."
    )


def sleutel_van(request) -> str:
    sleutel = request.headers.get(KOP, "").strip()
    if not sleutel:
        raise exceptions.ValidationError(
            {KOP: ["Stuur een Idempotency-Key-header (bijvoorbeeld een UUID) bij elke boeking."]}
        )
    if len(sleutel) > 200:
        raise exceptions.ValidationError({KOP: ["De Idempotency-Key is langer dan 200 tekens."]})
    return sleutel


def body_hash(data) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def eenmalig(
    *, client: ApiClient, sleutel: str, data, actie: Callable[[], tuple[int, dict, dict]]
) -> Response:
    """Runs `actie` (-> status, body, headers) at most once per (client, key)."""
    afdruk = body_hash(data)
    with transaction.atomic():
        try:
            with transaction.atomic():
                rij = Idempotentiesleutel.objects.create(
                    client=client, sleutel=sleutel, body_hash=afdruk
                )
        except IntegrityError:
            eerder = Idempotentiesleutel.objects.get(client=client, sleutel=sleutel)
            if eerder.body_hash != afdruk:
                raise AndereBody() from None
            return Response(
                eerder.antwoord, status=eerder.status, headers={"Idempotent-Replayed": "true"}
            )
        status_code, antwoord, headers = actie()
        rij.status = status_code
        rij.antwoord = antwoord
        rij.save(update_fields=["status", "antwoord"])
    return Response(antwoord, status=status_code, headers=headers)
