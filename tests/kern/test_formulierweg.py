"""The jaarafsluiting writes through kern.eenmalig.verwerk_formulier: a double click proposes,
confirms, reopens or withdraws once and says so; a second proposal for the year is refused at the
year field."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kern import jaarafsluiting
from kern.models import AuditRecord, Boekjaarafsluiting, Formulierinzending, Rol
from tests.conftest import maak_gebruiker
from tests.formulieren import AL_VERZONDEN, TOKEN, knop_twee_keer, met_token, twee_keer

pytestmark = pytest.mark.django_db

VOORSTEL = {"jaar": "2025", "toelichting": "Jaarrekening opgesteld"}


def test_twee_keer_voorstellen_geeft_een_voorstel_en_al_verzonden(adviseur_client, gemeente):
    url = reverse("kern:jaarafsluiting", args=[gemeente.code])
    eerste, tweede = twee_keer(adviseur_client, url, VOORSTEL)
    assert eerste.status_code == 302
    assert Boekjaarafsluiting.objects.filter(gemeente=gemeente, jaar=2025).count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_een_tweede_voorstel_staat_bij_het_jaar(adviseur_client, gemeente):
    url = reverse("kern:jaarafsluiting", args=[gemeente.code])
    adviseur_client.post(url, met_token(adviseur_client, url, VOORSTEL))
    antwoord = adviseur_client.post(url, met_token(adviseur_client, url, VOORSTEL))
    assert antwoord.status_code == 400
    assert antwoord.context["form"].errors["jaar"] == ["Boekjaar 2025 is al voorgesteld."]
    assert Boekjaarafsluiting.objects.filter(gemeente=gemeente, jaar=2025).count() == 1


# --- The buttons of the table: each carries its own token -------------------------------------


@pytest.fixture
def mensen(gemeente):
    return {
        "adviseur": maak_gebruiker("ada", gemeente, Rol.FINANCIEEL_ADVISEUR),
        "controller": maak_gebruiker("cor", gemeente, Rol.CONTROLLER),
    }


def _voorstel(gemeente, mensen):
    return jaarafsluiting.stel_afsluiting_voor(
        gemeente=gemeente, jaar=2025, gebruiker=mensen["adviseur"]
    )


def _acties(afsluiting, actie: str) -> int:
    return AuditRecord.objects.filter(
        object_type="boekjaarafsluiting", object_id=str(afsluiting.pk), actie=actie
    ).count()


@pytest.mark.parametrize(
    ("knop", "wie", "gesloten", "voor", "gegevens", "audit"),
    [
        ("bevestigen", "controller", False, set(), {}, "gesloten"),
        ("heropenen", "controller", True, {2025}, {"reden": "Correctie accountant"}, "gewijzigd"),
        ("intrekken", "adviseur", False, set(), {}, "ingetrokken"),
    ],
)
def test_een_knop_twee_keer_doet_het_een_keer_en_zegt_al_verzonden(
    client, gemeente, mensen, knop, wie, gesloten, voor, gegevens, audit
):
    afsluiting = _voorstel(gemeente, mensen)
    if gesloten:
        jaarafsluiting.bevestig_afsluiting(afsluiting=afsluiting, gebruiker=mensen["controller"])
        client.force_login(maak_gebruiker("cas", gemeente, Rol.CONTROLLER))
    else:
        client.force_login(mensen[wie])
    assert jaarafsluiting.gesloten_jaren(gemeente=gemeente) == voor
    voor_audit = _acties(afsluiting, audit)
    pagina = reverse("kern:jaarafsluiting", args=[gemeente.code])
    actie = reverse(f"kern:jaarafsluiting_{knop}", args=[gemeente.code, afsluiting.pk])
    eerste, tweede = knop_twee_keer(client, pagina, actie, gegevens)
    assert eerste.status_code == 302
    inhoud = tweede.content.decode()
    assert AL_VERZONDEN in inhoud
    # The second click reached no service: no refusal shown, one audit row more, not two.
    assert "utrecht-alert--error" not in inhoud
    assert _acties(afsluiting, audit) == voor_audit + 1
    assert Formulierinzending.objects.count() == 1


# --- Beheer: the gemeente's data, roles, activating users --------------------------------------


def _beheer(gemeente, naam="kern:beheer", **kwargs):
    return reverse(naam, kwargs={"gemeente": gemeente.code, **kwargs})


def test_gemeentegegevens_twee_keer_een_auditregel(beheerder_client, gemeente):
    url = _beheer(gemeente)
    gegevens = {"gemeente-naam": "Heemstede-Noord", "gemeente-inwoners": "27500"}
    voor = AuditRecord.objects.count()
    eerste, tweede = twee_keer(beheerder_client, url, gegevens, prefix="gemeente")
    assert eerste.status_code == 302
    gemeente.refresh_from_db()
    assert gemeente.naam == "Heemstede-Noord"
    assert AuditRecord.objects.count() == voor + 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_rol_toekennen_twee_keer_een_toekenning(beheerder_client, gemeente):
    ander = maak_gebruiker("ander", gemeente, Rol.CONSULENT)
    url = _beheer(gemeente)
    gegevens = {"rol-username": "ander", "rol-rol": Rol.CONTROLLER}
    html = beheerder_client.get(url).content.decode()
    formulier = next(f for f in html.split("<form")[1:] if 'name="rol-username"' in f)
    gegevens["rol-formtoken"] = TOKEN.search(formulier).group(1)
    eerste = beheerder_client.post(_beheer(gemeente, "kern:rol_toekennen"), gegevens)
    tweede = beheerder_client.post(_beheer(gemeente, "kern:rol_toekennen"), gegevens, follow=True)
    assert eerste.status_code == 302
    assert ander.roltoekenningen.filter(rol=Rol.CONTROLLER).count() == 1
    assert AuditRecord.objects.filter(object_type="roltoekenning").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert "heeft de rol" not in tweede.content.decode().split(AL_VERZONDEN)[0][-200:]


@pytest.mark.parametrize("knop", ["rol_intrekken", "gebruiker_deactiveren", "gebruiker_activeren"])
def test_beheerknop_twee_keer_een_auditregel(beheerder_client, gemeente, knop):
    ander = maak_gebruiker("ander", gemeente, Rol.CONSULENT)
    if knop == "gebruiker_activeren":
        ander.is_active = False
        ander.save(update_fields=["is_active"])
    pk = ander.roltoekenningen.get().pk if knop == "rol_intrekken" else ander.pk
    voor = AuditRecord.objects.count()
    eerste, tweede = knop_twee_keer(
        beheerder_client, _beheer(gemeente), _beheer(gemeente, f"kern:{knop}", pk=pk)
    )
    assert eerste.status_code == 302
    assert AuditRecord.objects.count() == voor + 1
    assert Formulierinzending.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()


def test_nieuwe_gebruiker_twee_keer_een_gebruiker_en_het_wachtwoord_een_keer(
    beheerder_client, gemeente
):
    url = _beheer(gemeente, "kern:gebruiker_nieuw")
    gegevens = {
        "username": "nieuw",
        "voornaam": "Nel",
        "achternaam": "Nieuw",
        "email": "nel@example.org",
        "rollen": [Rol.CONSULENT],
        "wachtwoord": "",
    }
    eerste, tweede = twee_keer(beheerder_client, url, gegevens)
    assert eerste.status_code == 200
    wachtwoord = eerste.context["wachtwoord"]
    assert wachtwoord and wachtwoord in eerste.content.decode()
    assert get_user_model().objects.filter(username="nieuw").count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert wachtwoord not in tweede.content.decode()
