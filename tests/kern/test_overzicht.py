"""The landing page: who you are, your roles here and the tasks your roles allow."""

import pytest
from django.urls import reverse

from kern.models import Rol, Roltoekenning

URL = reverse("kern:overzicht", kwargs={"gemeente": "GM0397"})


@pytest.mark.parametrize(
    ("rol", "zichtbaar", "onzichtbaar"),
    [
        (Rol.CONTROLLER, ["Audittrail"], ["Beheer"]),
        (Rol.BEHEERDER, ["Audittrail", "Beheer"], []),
        (Rol.CONSULENT, [], ["Audittrail", "Beheer"]),
        (Rol.BELEIDSMEDEWERKER, [], ["Audittrail", "Beheer"]),
    ],
)
def test_taken_passen_bij_de_rol(client, gebruiker_met_rol, rol, zichtbaar, onzichtbaar):
    client.force_login(gebruiker_met_rol(rol))
    html = client.get(URL).content.decode()
    taken = html[html.index("Uw taken") :]
    for tekst in zichtbaar:
        assert f">{tekst}</a>" in taken
    for tekst in onzichtbaar:
        assert f">{tekst}</a>" not in taken


def test_wie_u_bent_en_uw_rollen(client, gebruiker_met_rol, gemeente):
    gebruiker = gebruiker_met_rol(Rol.CONSULENT)
    gebruiker.first_name, gebruiker.last_name = "Cor", "Consulent"
    gebruiker.save()
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=Rol.CONTROLLER)
    client.force_login(gebruiker)
    html = client.get(URL).content.decode()
    assert "Cor Consulent" in html
    assert "consulent, controller" in html


def test_met_een_gemeente_direct_naar_het_overzicht(adviseur_client):
    response = adviseur_client.get(reverse("kern:start"))
    assert response["Location"] == URL


def test_met_twee_gemeenten_een_keuze(client, gebruiker_met_rol, andere_gemeente):
    gebruiker = gebruiker_met_rol(Rol.CONTROLLER)
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=andere_gemeente, rol=Rol.CONSULENT)
    client.force_login(gebruiker)
    html = client.get(reverse("kern:start")).content.decode()
    assert "Heemstede (GM0397)" in html and "Haarlem (GM0392)" in html
    response = client.get(reverse("kern:start"), {"gemeente": "GM0392"})
    assert response["Location"] == reverse("kern:overzicht", kwargs={"gemeente": "GM0392"})


def test_gezondheidscontrole_zonder_inloggen(client, db):
    response = client.get(reverse("kern:gezond"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_foutpagina_500_is_nederlands(client, db, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and 'lang="nl"' in html


def test_de_favicon_is_er_ook_voor_het_inloggen(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
