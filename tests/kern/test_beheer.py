"""Beheer: the gemeente's data, granting and revoking roles, creating users. All audited."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from kern.models import AuditRecord, Rol, Roltoekenning
from tests.conftest import maak_gebruiker


def _url(naam, **kwargs):
    return reverse(naam, kwargs={"gemeente": "GM0397", **kwargs})


def test_gemeentegegevens_wijzigen_wordt_vastgelegd(beheerder_client, gemeente, beheerder):
    response = beheerder_client.post(
        _url("kern:beheer"), {"gemeente-naam": "Heemstede", "gemeente-inwoners": "28000"}
    )
    assert response.status_code == 302
    gemeente.refresh_from_db()
    assert gemeente.inwoners == 28_000
    regel = AuditRecord.objects.get(object_type="gemeente")
    assert regel.gebruiker == beheerder
    assert regel.wijzigingen == {"inwoners": {"oud": 27_500, "nieuw": 28_000}}
    pagina = beheerder_client.get(response["Location"]).content.decode()
    assert "De gegevens van de gemeente zijn opgeslagen." in pagina


def test_ongeldig_aantal_inwoners_geeft_melding_bij_het_veld(beheerder_client, gemeente):
    response = beheerder_client.post(
        _url("kern:beheer"), {"gemeente-naam": "Heemstede", "gemeente-inwoners": "27.500,5"}
    )
    assert response.status_code == 400
    assert "Vul een heel getal in" in response.content.decode()
    gemeente.refresh_from_db()
    assert gemeente.inwoners == 27_500
    assert not AuditRecord.objects.exists()


def test_rol_toekennen_aan_bestaande_gebruiker(beheerder_client, gemeente, andere_gemeente):
    collega = maak_gebruiker("collega", andere_gemeente, Rol.CONTROLLER)
    response = beheerder_client.post(
        _url("kern:rol_toekennen"), {"rol-username": "Collega", "rol-rol": Rol.CONTROLLER}
    )
    assert response.status_code == 302
    assert Roltoekenning.objects.filter(gebruiker=collega, gemeente=gemeente).exists()
    regel = AuditRecord.objects.get(object_type="roltoekenning")
    assert regel.actie == AuditRecord.Actie.AANGEMAAKT
    assert regel.wijzigingen["rol"]["nieuw"] == Rol.CONTROLLER
    # The new role shows on the page; the role in the other gemeente does not exist here.
    pagina = beheerder_client.get(_url("kern:beheer")).content.decode()
    assert "collega" in pagina


def test_onbekende_gebruiker_of_dubbele_rol_geeft_melding(beheerder_client, beheerder):
    response = beheerder_client.post(
        _url("kern:rol_toekennen"), {"rol-username": "niemand", "rol-rol": Rol.CONSULENT}
    )
    assert response.status_code == 400
    assert "Er is geen gebruiker met deze gebruikersnaam" in response.content.decode()
    response = beheerder_client.post(
        _url("kern:rol_toekennen"), {"rol-username": beheerder.username, "rol-rol": "beheerder"}
    )
    assert response.status_code == 400
    assert "heeft de rol Beheerder al in deze gemeente" in response.content.decode()


def test_rol_intrekken_wordt_vastgelegd(beheerder_client, gebruiker_met_rol):
    consulent = gebruiker_met_rol(Rol.CONSULENT)
    toekenning = consulent.roltoekenningen.get()
    response = beheerder_client.post(_url("kern:rol_intrekken", pk=toekenning.pk))
    assert response.status_code == 302
    assert not Roltoekenning.objects.filter(pk=toekenning.pk).exists()
    regel = AuditRecord.objects.get(object_type="roltoekenning")
    assert regel.actie == AuditRecord.Actie.INGETROKKEN
    assert regel.wijzigingen["rol"] == {"oud": Rol.CONSULENT, "nieuw": None}
    # The consulent has lost access to the gemeente at once.
    client = Client()
    client.force_login(consulent)
    assert client.get(_url("kern:overzicht")).status_code == 404


def test_de_laatste_beheerder_kan_niet_worden_ingetrokken(beheerder_client, beheerder):
    toekenning = beheerder.roltoekenningen.get()
    response = beheerder_client.post(_url("kern:rol_intrekken", pk=toekenning.pk), follow=True)
    assert Roltoekenning.objects.filter(pk=toekenning.pk).exists()
    assert "Dit is de laatste beheerder van Heemstede" in response.content.decode()


def test_beheerder_kan_geen_rol_van_een_andere_gemeente_intrekken(
    beheerder_client, andere_gemeente
):
    buur = maak_gebruiker("buur", andere_gemeente, Rol.CONSULENT)
    toekenning = buur.roltoekenningen.get()
    assert beheerder_client.post(_url("kern:rol_intrekken", pk=toekenning.pk)).status_code == 404
    assert Roltoekenning.objects.filter(pk=toekenning.pk).exists()


def test_beheer_toont_alleen_rollen_in_deze_gemeente(beheerder_client, gemeente, andere_gemeente):
    gedeeld = maak_gebruiker("gedeeld", gemeente, Rol.CONSULENT)
    Roltoekenning.objects.create(gebruiker=gedeeld, gemeente=andere_gemeente, rol=Rol.CONTROLLER)
    maak_gebruiker("alleen-buur", andere_gemeente, Rol.BEHEERDER)
    response = beheerder_client.get(_url("kern:beheer"))
    gebruikers = {g.username: g.rollen_hier for g in response.context["gebruikers"]}
    assert "alleen-buur" not in gebruikers
    assert [t.rol for t in gebruikers["gedeeld"]] == [Rol.CONSULENT]


def test_nieuwe_gebruiker_met_gegenereerd_wachtwoord_en_uitnodiging(beheerder_client, gemeente):
    response = beheerder_client.post(
        _url("kern:gebruiker_nieuw"),
        {
            "username": "j.jansen",
            "voornaam": "Jan",
            "achternaam": "Jansen",
            "email": "j.jansen@heemstede.nl",
            "rollen": [Rol.CONSULENT, Rol.CONTROLLER],
        },
    )
    assert response.status_code == 200
    wachtwoord = response.context["wachtwoord"]
    assert len(wachtwoord) >= 20
    html = response.content.decode()
    assert "Tijdelijk wachtwoord: " + wachtwoord in html
    assert "Gebruikersnaam: j.jansen" in html
    gebruiker = get_user_model().objects.get(username="j.jansen")
    assert {t.rol for t in gebruiker.roltoekenningen.filter(gemeente=gemeente)} == {
        Rol.CONSULENT,
        Rol.CONTROLLER,
    }
    inloggen = Client().post(reverse("login"), {"username": "j.jansen", "password": wachtwoord})
    assert inloggen.status_code == 302
    # The password is in no audit record.
    assert all(wachtwoord not in str(r.wijzigingen) for r in AuditRecord.objects.all())
    assert AuditRecord.objects.filter(object_type="user").exists()


@pytest.mark.parametrize(
    ("wachtwoord", "melding"),
    [
        ("kort-1", "te kort: gebruik minstens 12 tekens"),
        ("123456789012345", "bevat alleen cijfers"),
    ],
)
def test_nieuwe_gebruiker_met_zwak_wachtwoord_wordt_geweigerd(
    beheerder_client, wachtwoord, melding
):
    response = beheerder_client.post(
        _url("kern:gebruiker_nieuw"),
        {
            "username": "zwak",
            "voornaam": "Z",
            "achternaam": "Wak",
            "rollen": [Rol.CONSULENT],
            "wachtwoord": wachtwoord,
        },
    )
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not get_user_model().objects.filter(username="zwak").exists()


def test_nieuwe_gebruiker_zonder_rol_of_met_bestaande_naam(beheerder_client, beheerder):
    response = beheerder_client.post(
        _url("kern:gebruiker_nieuw"),
        {"username": beheerder.username.upper(), "voornaam": "A", "achternaam": "B"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies minstens één rol." in html
    response = beheerder_client.post(
        _url("kern:gebruiker_nieuw"),
        {
            "username": beheerder.username.upper(),
            "voornaam": "A",
            "achternaam": "B",
            "rollen": [Rol.CONSULENT],
        },
    )
    assert "Deze gebruikersnaam bestaat al" in response.content.decode()


def test_commando_nieuwe_gemeente_met_eerste_beheerder(db):
    from io import StringIO

    from django.core.management import call_command

    uit = StringIO()
    call_command("nieuwe_gemeente", "GM0363", "Amsterdam", "--beheerder", "ams", stdout=uit)
    wachtwoord = uit.getvalue().split("Wachtwoord (alleen nu zichtbaar): ")[1].strip()
    response = Client().post(reverse("login"), {"username": "ams", "password": wachtwoord})
    assert response.status_code == 302
    assert Roltoekenning.objects.get(gebruiker__username="ams").rol == Rol.BEHEERDER
    assert AuditRecord.objects.filter(object_type="gemeente", bron="nieuwe_gemeente").exists()


@pytest.mark.parametrize("aantal", [2, 40])
def test_beheerpagina_vast_aantal_queries(
    beheerder_client, gemeente, django_assert_max_num_queries, aantal
):
    for i in range(aantal):
        gebruiker = maak_gebruiker(f"medewerker{i}", gemeente, Rol.CONSULENT)
        Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=Rol.CONTROLLER)
    with django_assert_max_num_queries(10):
        response = beheerder_client.get(_url("kern:beheer"))
    assert response.status_code == 200
    assert len(response.context["gebruikers"]) == aantal + 1
