"""The lists render their body cells through SnelleTabel.snelle_rijen (one prepared function per
column) instead of django-tables2's per-cell machinery: the page must be the same, byte for
byte, as the one django-tables2 renders (kern/tabel.html falls back to it when there are no
snelle_rijen)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering.tables import SnelleTabel
from tests.factories import (
    FactuurFactory,
    InburgeraarFactory,
    StatuswijzigingFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gevarieerd(gemeente):
    """Choices, empty values, a group contract, closed commitments, credit notes, <&> in text."""
    gezin = InburgeraarFactory(gemeente=gemeente, kenmerk="K<&>1", gezin=True)
    gestopt = InburgeraarFactory(gemeente=gemeente, kenmerk="K2", huidige_status="gestopt")
    # Signals: a person who stopped with an open commitment (the second table of the page).
    VerplichtingFactory(gemeente=gemeente, inburgeraar=gestopt, bedrag=Decimal("7.50"))
    StatuswijzigingFactory(inburgeraar=gezin)
    v = VerplichtingFactory(
        gemeente=gemeente, inburgeraar=gezin, bedrag=Decimal("12345.67"), omschrijving="a<b>"
    )
    VerplichtingFactory(gemeente=gemeente, gesloten=True, financiering="SPUK-OR")
    groep = VerplichtingFactory(gemeente=gemeente, inburgeraar=None, financiering="OVERIG")
    FactuurFactory(verplichting=v, bedrag=Decimal("1000.50"), omschrijving="x & y")
    FactuurFactory(verplichting=groep, bedrag=Decimal("-20.00"), datum=date(2025, 1, 2))
    # Signals: open, no invoice for months (the signal's table is a VerplichtingTable too).
    VerplichtingFactory(gemeente=gemeente, datum=date(2024, 1, 5), bedrag=Decimal("99.99"))
    for i in range(30):
        FactuurFactory(verplichting=v, bedrag=Decimal(i) + Decimal("0.01"))
    return gemeente


def _tabel(html: str) -> str:
    return html[html.index("<table") : html.rindex("</table>")]


@pytest.mark.parametrize("naam", ["inburgeraars", "verplichtingen", "facturen", "signalen"])
@pytest.mark.parametrize("query", [{}, {"sort": "-cohort"}, {"page": "2"}, {"zoek": "K"}])
def test_snelle_rijen_geven_dezelfde_pagina(adviseur_client, gevarieerd, monkeypatch, naam, query):
    url = reverse(f"inburgering:{naam}", args=[gevarieerd.code])
    snel = adviseur_client.get(url, query)
    assert snel.status_code == 200
    tabel = snel.context.get("table") or snel.context["zonder_factuur"]
    assert tabel.snelle_rijen() or query.get("page")
    monkeypatch.setattr(SnelleTabel, "snelle_rijen", lambda self: [])
    gewoon = adviseur_client.get(url, query).content.decode()
    # The table (the rest of the page holds a fresh CSRF token and CSP nonce per response).
    assert _tabel(snel.content.decode()) == _tabel(gewoon)
    assert "<tbody" in gewoon and '<th scope="row"' in gewoon or "Geen" in gewoon
