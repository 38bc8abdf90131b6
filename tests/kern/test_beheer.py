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


# --- deactivating, reactivating, a new password, last login -------------------------------


def _inloggen(username, wachtwoord="geheim-genoeg-123"):
    client = Client()
    return client, client.post(reverse("login"), {"username": username, "password": wachtwoord})


def test_gedeactiveerde_gebruiker_kan_niet_meer_inloggen_en_sessie_eindigt(
    beheerder_client, gemeente
):
    consulent = maak_gebruiker("c.de.vries", gemeente, Rol.CONSULENT)
    open_sessie, antwoord = _inloggen("c.de.vries")
    assert antwoord.status_code == 302
    assert open_sessie.get(_url("kern:overzicht")).status_code == 200

    antwoord = beheerder_client.post(_url("kern:gebruiker_deactiveren", pk=consulent.pk))
    assert antwoord.status_code == 302
    html = beheerder_client.get(_url("kern:beheer")).content.decode()
    assert "c.de.vries is gedeactiveerd" in html and "Gedeactiveerd" in html
    assert "Weer activeren" in html

    # The open session is gone: the next page asks for a login.
    assert open_sessie.get(_url("kern:overzicht"))["Location"].startswith(reverse("login"))
    _client, antwoord = _inloggen("c.de.vries")
    assert antwoord.status_code == 200  # the login form again, not a redirect into the product
    regel = AuditRecord.objects.get(object_type="user", object_id=str(consulent.pk))
    assert regel.wijzigingen == {"is_active": {"oud": True, "nieuw": False}}
    trail = Client()
    trail.force_login(maak_gebruiker("controller", gemeente, Rol.CONTROLLER))
    pagina = trail.get(_url("kern:audittrail")).content.decode()
    assert 'Actief:</span> <span class="app-waarde">ja</span>' in pagina

    beheerder_client.post(_url("kern:gebruiker_activeren", pk=consulent.pk))
    _client, antwoord = _inloggen("c.de.vries")
    assert antwoord.status_code == 302
    assert AuditRecord.objects.filter(object_type="user", object_id=str(consulent.pk)).count() == 2


def test_uzelf_deactiveren_wordt_geweigerd(beheerder_client, beheerder):
    antwoord = beheerder_client.post(
        _url("kern:gebruiker_deactiveren", pk=beheerder.pk), follow=True
    )
    assert "U kunt uw eigen account niet deactiveren." in antwoord.content.decode()
    beheerder.refresh_from_db()
    assert beheerder.is_active


def test_gebruiker_van_een_andere_gemeente_is_niet_gevonden(beheerder_client, andere_gemeente):
    vreemde = maak_gebruiker("vreemd", andere_gemeente, Rol.CONSULENT)
    for naam in ("kern:gebruiker_deactiveren", "kern:wachtwoord_herstellen"):
        assert beheerder_client.post(_url(naam, pk=vreemde.pk)).status_code == 404
    vreemde.refresh_from_db()
    assert vreemde.is_active and vreemde.check_password("geheim-genoeg-123")


def test_gebruiker_met_rol_in_een_gemeente_buiten_beheer_wordt_niet_gedeactiveerd(
    beheerder_client, beheerder, gemeente, andere_gemeente
):
    gedeeld = maak_gebruiker("gedeeld", gemeente, Rol.CONSULENT)
    Roltoekenning.objects.create(gebruiker=gedeeld, gemeente=andere_gemeente, rol=Rol.CONTROLLER)
    html = beheerder_client.get(_url("kern:beheer")).content.decode()
    assert "Heeft ook rollen buiten uw beheer" in html
    for naam in ("kern:gebruiker_deactiveren", "kern:wachtwoord_herstellen"):
        html = beheerder_client.post(_url(naam, pk=gedeeld.pk), follow=True).content.decode()
        assert "gedeeld heeft ook een rol in een gemeente waar u geen beheerder bent" in html
        assert andere_gemeente.naam not in html  # the other gemeente is not named
    gedeeld.refresh_from_db()
    assert gedeeld.is_active and gedeeld.check_password("geheim-genoeg-123")

    # A beheerder of both gemeenten may.
    Roltoekenning.objects.create(gebruiker=beheerder, gemeente=andere_gemeente, rol=Rol.BEHEERDER)
    beheerder_client.post(_url("kern:gebruiker_deactiveren", pk=gedeeld.pk))
    gedeeld.refresh_from_db()
    assert not gedeeld.is_active
    # Both gemeenten's trails say so.
    assert set(
        AuditRecord.objects.filter(object_type="user", object_id=str(gedeeld.pk)).values_list(
            "gemeente__code", flat=True
        )
    ) == {gemeente.code, andere_gemeente.code}


def test_nieuw_wachtwoord_eenmalig_getoond_en_bij_inloggen_zelf_kiezen(beheerder_client, gemeente):
    consulent = maak_gebruiker("c.de.vries", gemeente, Rol.CONSULENT)
    open_sessie, _antwoord = _inloggen("c.de.vries")
    antwoord = beheerder_client.post(_url("kern:wachtwoord_herstellen", pk=consulent.pk))
    assert antwoord.status_code == 200
    assert "no-store" in antwoord["Cache-Control"]
    tijdelijk = antwoord.context["wachtwoord"]
    assert f"Tijdelijk wachtwoord: {tijdelijk}" in antwoord.content.decode()
    assert all(tijdelijk not in str(r.wijzigingen) for r in AuditRecord.objects.all())
    assert AuditRecord.objects.filter(object_type="user", object_id=str(consulent.pk)).exists()
    # The old session and the old password no longer work.
    assert open_sessie.get(_url("kern:overzicht")).status_code == 302
    assert _inloggen("c.de.vries")[1].status_code == 200

    client, antwoord = _inloggen("c.de.vries", tijdelijk)
    assert antwoord.status_code == 302
    # Every page sends to the password page until an own password is chosen.
    antwoord = client.get(_url("kern:overzicht"))
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse(
        "kern:wachtwoord_wijzigen"
    )
    html = client.get(reverse("kern:wachtwoord_wijzigen")).content.decode()
    assert "U bent ingelogd met een tijdelijk wachtwoord" in html
    antwoord = client.post(
        reverse("kern:wachtwoord_wijzigen"),
        {
            "old_password": tijdelijk,
            "new_password1": "mijn-eigen-wachtwoord-2026",
            "new_password2": "mijn-eigen-wachtwoord-2026",
        },
        follow=True,
    )
    assert "Uw eigen wachtwoord is ingesteld." in antwoord.content.decode()
    assert client.get(_url("kern:overzicht")).status_code == 200
    # And at the next login too.
    client, _antwoord = _inloggen("c.de.vries", "mijn-eigen-wachtwoord-2026")
    assert client.get(_url("kern:overzicht")).status_code == 200


def test_nieuwe_gebruiker_met_gegenereerd_wachtwoord_kiest_eerst_een_eigen(
    beheerder_client, gemeente
):
    antwoord = beheerder_client.post(
        _url("kern:gebruiker_nieuw"),
        {"username": "nieuw", "voornaam": "N", "achternaam": "W", "rollen": [Rol.CONSULENT]},
    )
    client, _antwoord = _inloggen("nieuw", antwoord.context["wachtwoord"])
    assert client.get(_url("kern:overzicht"))["Location"] == reverse("kern:wachtwoord_wijzigen")


def test_beheer_toont_laatste_inlog_in_amsterdamse_tijd(beheerder_client, gemeente):
    from datetime import UTC, datetime

    consulent = maak_gebruiker("c.de.vries", gemeente, Rol.CONSULENT)
    get_user_model().objects.filter(pk=consulent.pk).update(
        last_login=datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    )
    html = beheerder_client.get(_url("kern:beheer")).content.decode()
    assert "Laatst ingelogd" in html
    assert "01-07-2026 08:30" in html  # summer time: UTC+2
    assert "nog nooit" not in html
    maak_gebruiker("nooit", gemeente, Rol.CONTROLLER)
    assert "nog nooit" in beheerder_client.get(_url("kern:beheer")).content.decode()
