"""The same Idempotency-Key sent twice at the same moment books once (PostgreSQL, threads)."""

import json
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from inburgering import regels
from inburgering.models import Factuur
from koppelingen.services import maak_api_client
from tests.factories import VerplichtingFactory


@pytest.mark.postgres  # waits on the unique index of the key (SQLite serializes all writes)
@pytest.mark.django_db(transaction=True)
def test_zelfde_sleutel_tegelijk_boekt_een_keer(gemeente, monkeypatch):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"), datum=date.today())
    _, token = maak_api_client(gemeente=gemeente, naam="fin", scopes=["facturen_boeken"])
    echte_check = regels.factuur_fout

    def trage_check(**kwargs):
        # Keep the first booking's transaction open while the second request arrives.
        uitkomst = echte_check(**kwargs)
        time.sleep(0.3)
        return uitkomst

    monkeypatch.setattr(regels, "factuur_fout", trage_check)
    body = json.dumps(
        {
            "verplichting": v.nummer,
            "factuurnummer": "F-1",
            "datum": date.today().isoformat(),
            "bedrag": "100.00",
        }
    )
    start = threading.Barrier(2)
    antwoorden = []

    def stuur():
        try:
            start.wait()
            r = Client().post(
                "/api/v1/facturen",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY="zelfde",
            )
            antwoorden.append((r.status_code, r.json()))
        finally:
            connection.close()

    draden = [threading.Thread(target=stuur) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert [a[0] for a in antwoorden] == [201, 201]
    assert antwoorden[0][1] == antwoorden[1][1]
    assert Factuur.objects.filter(verplichting=v).count() == 1
