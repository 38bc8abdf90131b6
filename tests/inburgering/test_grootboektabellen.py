"""Lists that read like a ledger: Dutch names instead of codes, short financing sources, dates
and amounts that do not wrap, and low-priority columns that give way on a narrow screen."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FactuurFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


def url(naam, gemeente):
    return reverse(f"inburgering:{naam}", kwargs={"gemeente": gemeente.code})


def test_verplichtingen_tonen_de_voorziening_bij_naam_en_de_financiering_kort(
    adviseur_client, gemeente
):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1234.56"), datum=date(2024, 3, 1))
    inhoud = adviseur_client.get(url("verplichtingen", gemeente)).content.decode()
    assert v.voorziening.naam in inhoud
    assert f">{v.voorziening.code}<" not in inhoud
    assert ">SPUK-IV<" in inhoud and "SPUK inburgeringsvoorzieningen</td>" not in inhoud
    # Amounts and dates keep to one line; the low-priority columns carry their class.
    assert re.search(r'class="[^"]*app-bedrag[^"]*">€\xa01\.234,56<', inhoud)
    assert re.search(r'class="[^"]*app-datum[^"]*">01-03-2024<', inhoud)
    assert inhoud.count("app-prio-laag") >= 4 and "app-prio-breed" in inhoud


def test_facturen_tonen_hun_omschrijving(adviseur_client, gemeente):
    FactuurFactory(
        verplichting__gemeente=gemeente, omschrijving="Lesperiode januari tot en met maart"
    )
    inhoud = adviseur_client.get(url("facturen", gemeente)).content.decode()
    assert "Omschrijving" in inhoud and "Lesperiode januari tot en met maart" in inhoud
