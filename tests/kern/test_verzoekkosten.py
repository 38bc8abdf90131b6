"""What every gemeente page pays before its own work: the session, the user and one query for
the user's roles with their gemeenten (the gemeente of the URL, the rights there and the
gemeente switcher all come from it). Before: the gemeente, the roles and the switcher's
gemeenten were three queries, and the landing page read the roles a fourth time."""

import pytest
from django.urls import reverse

from kern.models import Rol, Roltoekenning

OVERZICHT = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})


def test_overzicht_kost_drie_queries(adviseur_client, django_assert_num_queries):
    adviseur_client.get(OVERZICHT)
    # session, user, the user's roles with their gemeenten
    with django_assert_num_queries(3):
        html = adviseur_client.get(OVERZICHT).content.decode()
    assert "financieel adviseur" in html
    assert 'id="gemeentekeuze"' not in html  # one gemeente: no switcher


def test_keuzelijst_gemeenten_uit_dezelfde_query(
    client, gebruiker_met_rol, andere_gemeente, django_assert_num_queries
):
    gebruiker = gebruiker_met_rol(Rol.CONTROLLER)
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=andere_gemeente, rol=Rol.CONSULENT)
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=andere_gemeente, rol=Rol.CONTROLLER)
    client.force_login(gebruiker)
    client.get(OVERZICHT)
    with django_assert_num_queries(3):
        html = client.get(OVERZICHT).content.decode()
    keuze = html[html.index('id="gemeentekeuze"') : html.index("</select>")]
    # Ordered by name, each gemeente once, the current one selected.
    assert keuze.count("<option") == 2
    assert keuze.index("Haarlem") < keuze.index("Heemstede")
    assert '<option value="GM0397" selected>' in keuze
    haarlem = client.get(reverse("kern:overzicht", kwargs={"gemeente": "GM0392"})).content
    assert "consulent, controller" in haarlem.decode()


@pytest.mark.parametrize("code", ["GM0392", "GM9999"])
def test_niet_toegekende_of_onbekende_gemeente_404(adviseur_client, andere_gemeente, code):
    assert (
        adviseur_client.get(reverse("kern:overzicht", kwargs={"gemeente": code})).status_code == 404
    )


def test_zonder_recht_403(client_met_rol):
    client = client_met_rol(Rol.BELEIDSMEDEWERKER)
    url = reverse("kern:beheer", kwargs={"gemeente": "GM0397"})
    assert client.get(url).status_code == 403
