"""A double submit books nothing twice (kern/eenmalig.py), on the SPUK entry forms."""

import re

from django.urls import reverse

from spuk.models import Beschikking, Ontvangst

TOKEN = re.compile(r'name="formtoken" value="([0-9a-f-]+)"')


def _token(antwoord) -> str:
    return TOKEN.search(antwoord.content.decode()).group(1)


def test_ontvangst_voorbeeld_en_twee_keer_boeken_geeft_een_ontvangst(adviseur_client, gemeente):
    url = reverse("spuk:ontvangsten", kwargs={"gemeente": gemeente.code})
    gegevens = {
        "formtoken": _token(adviseur_client.get(url)),
        "regeling": "SPUK-IV",
        "jaar": "2026",
        "soort": "voorschot",
        "datum": "2026-01-31",
        "bedrag": "8.333,33",
    }
    voorbeeld = adviseur_client.post(url, {**gegevens, "stap": "voorbeeld"})
    assert voorbeeld.status_code == 200
    assert not Ontvangst.objects.exists()  # the preview writes nothing
    assert _token(voorbeeld) == gegevens["formtoken"]  # and keeps the form's token

    eerste = adviseur_client.post(url, {**gegevens, "stap": "boeken"})
    tweede = adviseur_client.post(url, {**gegevens, "stap": "boeken"}, follow=True)

    assert eerste.status_code == 302
    assert Ontvangst.objects.count() == 1
    assert "er is niets dubbel vastgelegd" in tweede.content.decode()


def test_beschikking_na_een_fout_opnieuw_verzenden_kan(adviseur_client, gemeente):
    url = reverse("spuk:beschikkingen", kwargs={"gemeente": gemeente.code})
    gegevens = {
        "formtoken": _token(adviseur_client.get(url)),
        "regeling": "SPUK-IV",
        "jaar": "2026",
        "soort": "voorlopig",
        "datum": "2025-10-01",
        "bedrag": "12,345",  # three decimals: refused at the field
    }
    fout = adviseur_client.post(url, gegevens)
    assert fout.status_code == 200
    assert "meer dan 2 decimalen" in fout.content.decode()

    goed = adviseur_client.post(url, {**gegevens, "bedrag": "103.112,00"})
    nog_eens = adviseur_client.post(url, {**gegevens, "bedrag": "103.112,00"})
    assert goed.status_code == 302 and nog_eens.status_code == 302
    assert Beschikking.objects.count() == 1
