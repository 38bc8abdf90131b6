"""Issue 14: the SiSa definitions are national: only 'landelijk beheer' changes them, with its own
trail that every gemeente's controller reads, and a page view never writes them."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from kern.models import AuditRecord, Rol
from kern.rechten import LANDELIJK_BEHEER
from rapportage.models import LandelijkeWijziging, SisaIndicator, SisaRegeling
from rapportage.services import zorg_voor_sisa_definities

pytestmark = pytest.mark.django_db


def _url(gemeente, jaar=2024):
    return reverse("rapportage:sisa_indicatoren", args=[gemeente.code, jaar])


def _formulier(client, gemeente, jaar=2024, **wijziging):
    pagina = client.get(_url(gemeente, jaar))
    formset = pagina.context["formset"]
    data = {
        "i-TOTAL_FORMS": str(len(formset.forms)),
        "i-INITIAL_FORMS": str(len(formset.forms)),
        "i-MIN_NUM_FORMS": "0",
        "i-MAX_NUM_FORMS": "1000",
    }
    for f in pagina.context["regelingforms"]:
        for naam, veld in f.initial.items():
            if naam in f.fields and veld not in (None, False):
                data[f"{f.prefix}-{naam}"] = veld
    for n, f in enumerate(formset.forms):
        data[f"i-{n}-id"] = f.instance.pk
        for naam in ("code", "omschrijving", "aard_controle", "volgorde"):
            data[f"i-{n}-{naam}"] = getattr(f.instance, naam)
        data[f"i-{n}-is_voorbeeld"] = "on"
        if f.instance.sleutel == "besteding" and f.instance.regeling == "SPUK-IV":
            data[f"i-{n}-code"] = wijziging.get("code", f.instance.code)
    return data


@pytest.fixture
def landelijk_beheerder(client_met_rol, gemeente):
    from django.test import Client

    from tests.conftest import maak_gebruiker

    gebruiker = maak_gebruiker("landelijk", gemeente, Rol.BELEIDSMEDEWERKER)
    call_command("landelijk_beheer", "landelijk")
    client = Client()
    client.force_login(gebruiker)
    return client


def test_een_get_schrijft_geen_definities(adviseur_client, gemeente):
    for naam in ("rapportage:sisa", "rapportage:sisa_indicatoren"):
        assert adviseur_client.get(reverse(naam, args=[gemeente.code, 2024])).status_code == 200
    assert not SisaRegeling.objects.exists() and not SisaIndicator.objects.exists()


def test_de_beheerder_van_een_gemeente_wijzigt_de_landelijke_definities_niet(
    beheerder_client, gemeente
):
    zorg_voor_sisa_definities(jaar=2024)
    pagina = beheerder_client.get(_url(gemeente)).content.decode()
    assert "Definities opslaan" not in pagina
    data = _formulier(beheerder_client, gemeente, code="GEKAAPT")
    assert beheerder_client.post(_url(gemeente), data).status_code == 403
    assert not SisaIndicator.objects.filter(code="GEKAAPT").exists()


def test_landelijk_beheer_wijzigt_met_een_eigen_trail_die_elke_controller_leest(
    landelijk_beheerder, gemeente, andere_gemeente, client_met_rol
):
    # A year without stored definitions: landelijk beheer stores the defaults with one POST.
    assert landelijk_beheerder.post(_url(gemeente)).status_code == 302
    assert SisaIndicator.objects.filter(jaar=2024).exists()
    data = _formulier(landelijk_beheerder, gemeente, code="OFFICIEEL-1")
    assert landelijk_beheerder.post(_url(gemeente), data).status_code == 302
    assert SisaIndicator.objects.get(jaar=2024, regeling="SPUK-IV", sleutel="besteding").code == (
        "OFFICIEEL-1"
    )
    wijziging = LandelijkeWijziging.objects.get(actie="gewijzigd")
    assert wijziging.wijzigingen["code"]["nieuw"] == "OFFICIEEL-1"
    assert not AuditRecord.objects.filter(object_type="sisaindicator").exists()
    # Every gemeente's controller sees the national trail ...
    for g in (gemeente, andere_gemeente):
        controller = client_met_rol(Rol.CONTROLLER, g)
        url = reverse("rapportage:landelijke_wijzigingen", args=[g.code])
        pagina = controller.get(url).content.decode()
        assert "OFFICIEEL-1" in pagina and "landelijk" in pagina
    # ... a role without the audit right does not.
    lezer = client_met_rol(Rol.BELEIDSMEDEWERKER, andere_gemeente)
    url = reverse("rapportage:landelijke_wijzigingen", args=[andere_gemeente.code])
    assert lezer.get(url).status_code == 403


def test_landelijk_beheer_intrekken(landelijk_beheerder, gemeente):
    call_command("landelijk_beheer", "landelijk", "--intrekken")
    assert not Group.objects.get(name=LANDELIJK_BEHEER).user_set.exists()
    assert landelijk_beheerder.post(_url(gemeente)).status_code == 403


def test_toekennen_en_intrekken_staan_in_de_landelijke_trail_van_elke_controller(
    gemeente, andere_gemeente, client_met_rol, capsys
):
    """Who may change what every gemeente uses is national too: granting and revoking the role
    are lines in the national trail, with who did it, and every gemeente's controller reads
    them. Granting twice changes nothing and writes no second line."""
    from tests.conftest import maak_gebruiker

    maak_gebruiker("nieuw", andere_gemeente, Rol.BELEIDSMEDEWERKER)
    maak_gebruiker("bea", gemeente, Rol.BEHEERDER)
    call_command("landelijk_beheer", "nieuw", "--door", "bea")
    call_command("landelijk_beheer", "nieuw")
    assert "had de rol landelijk beheer al" in capsys.readouterr().out
    call_command("landelijk_beheer", "nieuw", "--intrekken")
    call_command("landelijk_beheer", "nieuw", "--intrekken")

    regels = list(LandelijkeWijziging.objects.order_by("id"))
    assert [(r.actie, r.gebruiker and r.gebruiker.username) for r in regels] == [
        ("rol_toegekend", "bea"),
        ("rol_ingetrokken", None),
    ]
    assert regels[0].wijzigingen == {LANDELIJK_BEHEER: {"oud": "nee", "nieuw": "ja"}}
    for g in (gemeente, andere_gemeente):
        controller = client_met_rol(Rol.CONTROLLER, g)
        url = reverse("rapportage:landelijke_wijzigingen", args=[g.code])
        pagina = controller.get(url).content.decode()
        assert "Rol landelijk beheer toegekend" in pagina
        assert "Rol landelijk beheer ingetrokken" in pagina
        assert "Rol landelijk beheer van nieuw" in pagina and "beheer van de server" in pagina
    # The trail is append-only, as every trail.
    with pytest.raises(PermissionError):
        regels[0].delete()


def test_landelijk_beheer_voor_een_onbekende_gebruiker_geeft_een_zin(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Er is geen gebruiker 'niemand'"):
        call_command("landelijk_beheer", "niemand")
    assert not LandelijkeWijziging.objects.exists()
