"""Jaarafsluiting: four eyes, and a closed boekjaar refused by every write path."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inburgering import services as inb
from inburgering.models import Factuur
from kern import jaarafsluiting as ja
from kern.models import AuditRecord, Boekjaarafsluiting, Rol
from spuk import services as spuk
from spuk.models import Ontvangst
from tests.conftest import maak_gebruiker
from tests.factories import InburgeraarFactory, VerplichtingFactory
from uitvoering import services as uitv
from werkboek.services import importeer_werkboek

pytestmark = pytest.mark.django_db
D = Decimal
GESLOTEN = "Boekjaar 2025 is afgesloten"


@pytest.fixture
def mensen(gemeente):
    return {
        "adviseur": maak_gebruiker("ada", gemeente, Rol.FINANCIEEL_ADVISEUR),
        "controller": maak_gebruiker("cor", gemeente, Rol.CONTROLLER),
        "controller2": maak_gebruiker("cas", gemeente, Rol.CONTROLLER),
    }


def sluit(gemeente, mensen, jaar=2025):
    voorstel = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=jaar, gebruiker=mensen["adviseur"])
    return ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=mensen["controller"])


def test_jaarafsluiting_vier_ogen_en_beide_in_de_audittrail(gemeente, mensen):
    # A controller who proposes cannot confirm their own proposal.
    eigen = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=2024, gebruiker=mensen["controller"])
    with pytest.raises(ValidationError, match="Vier ogen"):
        ja.bevestig_afsluiting(afsluiting=eigen, gebruiker=mensen["controller"])
    # The finance adviser is no controller.
    voorstel = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=2025, gebruiker=mensen["adviseur"])
    with pytest.raises(ValidationError, match="Alleen een controller"):
        ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=mensen["adviseur"])
    assert ja.gesloten_jaren(gemeente=gemeente) == set()
    ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=mensen["controller"])
    assert ja.gesloten_jaren(gemeente=gemeente) == {2025}
    sporen = AuditRecord.objects.filter(
        object_type="boekjaarafsluiting", object_id=str(voorstel.pk)
    )
    assert {(s.gebruiker.username, s.actie) for s in sporen} == {
        ("ada", AuditRecord.Actie.AANGEMAAKT),
        ("cor", AuditRecord.Actie.GESLOTEN),
    }


def test_jaarafsluiting_tweede_voorstel_voor_hetzelfde_jaar_geweigerd(gemeente, mensen):
    sluit(gemeente, mensen)
    with pytest.raises(ValidationError, match="al gesloten"):
        ja.stel_afsluiting_voor(gemeente=gemeente, jaar=2025, gebruiker=mensen["adviseur"])


def test_r8_boekjaar_gesloten_jaar_weigert_factuur_late_factuur_gaat_naar_t_plus_1(
    gemeente, mensen
):
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2025, 3, 1))
    sluit(gemeente, mensen)
    with pytest.raises(ValidationError, match=GESLOTEN) as fout:
        inb.boek_factuur(
            verplichting=v,
            factuurnummer="LAAT",
            datum=date(2026, 1, 10),
            bedrag=D("500.00"),
            boekjaar=2025,
        )
    assert "boekjaar" in fout.value.error_dict
    assert "gaat naar 2026" in str(fout.value)
    with pytest.raises(ValidationError, match=GESLOTEN):  # a credit note too
        inb.boek_factuur(
            verplichting=v, factuurnummer="CR", datum=date(2025, 12, 1), bedrag=D("-1.00")
        )
    assert not Factuur.objects.filter(factuurnummer__in=["LAAT", "CR"]).exists()
    f = inb.boek_factuur(
        verplichting=v,
        factuurnummer="LAAT",
        datum=date(2026, 1, 10),
        bedrag=D("500.00"),
        boekjaar=2026,
    )
    assert f.boekjaar == 2026


def test_jaarafsluiting_weigert_elke_schrijvende_dienst_in_het_gesloten_jaar(gemeente, mensen):
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2025, 2, 1))
    v = VerplichtingFactory(gemeente=gemeente, inburgeraar=persoon, datum=date(2025, 3, 1))
    budget = uitv.leg_budget_vast(gebruiker=None, gemeente=gemeente, jaar=2025, bedrag=D("100"))
    sluit(gemeente, mensen)
    pogingen = {
        "ontvangst": lambda: spuk.registreer_ontvangst(
            gemeente=gemeente,
            gebruiker=None,
            regeling="SPUK-IV",
            jaar=2025,
            datum=date(2026, 1, 5),
            soort="nabetaling",
            bedrag=D("10.00"),
        ),
        "beschikking": lambda: spuk.registreer_beschikking(
            gemeente=gemeente,
            gebruiker=None,
            regeling="SPUK-IV",
            jaar=2025,
            soort="definitief",
            datum=date(2026, 5, 1),
            bedrag=D("10.00"),
        ),
        "parameter": lambda: spuk.zet_parameter(
            gemeente=gemeente,
            gebruiker=None,
            jaar=2025,
            categorie="gezin",
            inburgeringsjaar=1,
            bedrag=D("720.00"),
        ),
        "status": lambda: inb.registreer_status(
            inburgeraar=persoon, datum=date(2025, 11, 1), status="gestopt"
        ),
        "verplichting": lambda: inb.maak_verplichting(
            gemeente=gemeente,
            voorziening=v.voorziening,
            aanbieder=v.aanbieder,
            bedrag=D("10.00"),
            datum=date(2025, 6, 1),
            financiering="SPUK-IV",
            inburgeraar=persoon,
        ),
        "vrijval": lambda: inb.vrijval(verplichting=v, datum=date(2025, 12, 31), reden="x"),
        "budget": lambda: uitv.wijzig_budget(
            gebruiker=None, budget=budget, bedrag=D("1"), bron="", reden="x"
        ),
        "budgetwijziging": lambda: uitv.voeg_budgetwijziging_toe(
            gebruiker=None, budget=budget, datum=date(2025, 9, 1), bedrag=D("5"), reden="x"
        ),
        "kostenregel": lambda: uitv.maak_kostenregel(
            gebruiker=None,
            gemeente=gemeente,
            jaar=2025,
            soort="overig",
            omschrijving="x",
            bedrag=D("5"),
        ),
    }
    doorgelaten = []
    for naam, poging in pogingen.items():
        try:
            poging()
        except ValidationError as fout:
            assert GESLOTEN in str(fout), (naam, fout)
        else:
            doorgelaten.append(naam)
    assert doorgelaten == []
    # The open year next to it stays open.
    spuk.registreer_ontvangst(
        gemeente=gemeente,
        gebruiker=None,
        regeling="SPUK-IV",
        jaar=2026,
        datum=date(2026, 1, 5),
        soort="voorschot",
        bedrag=D("10.00"),
    )
    assert Ontvangst.objects.filter(gemeente=gemeente).count() == 1


def test_jaarafsluiting_heropenen_alleen_controller_met_reden(gemeente, mensen):
    afsluiting = sluit(gemeente, mensen)
    with pytest.raises(ValidationError, match="reden"):
        ja.heropen_boekjaar(afsluiting=afsluiting, gebruiker=mensen["controller2"], reden=" ")
    with pytest.raises(ValidationError, match="Alleen een controller"):
        ja.heropen_boekjaar(afsluiting=afsluiting, gebruiker=mensen["adviseur"], reden="fout")
    ja.heropen_boekjaar(
        afsluiting=afsluiting, gebruiker=mensen["controller2"], reden="Late beschikking SZW"
    )
    assert ja.gesloten_jaren(gemeente=gemeente) == set()
    spoor = AuditRecord.objects.filter(object_type="boekjaarafsluiting").first()
    assert spoor.gebruiker.username == "cas" and spoor.reden == "Late beschikking SZW"
    # Nothing is deleted: the closing stays in the history, and the year can be closed again.
    assert Boekjaarafsluiting.objects.filter(gemeente=gemeente, jaar=2025).count() == 1
    sluit(gemeente, mensen)
    assert ja.gesloten_jaren(gemeente=gemeente) == {2025}


# --- Through the browser ---------------------------------------------------------------------


def _token(response) -> str:
    return re.search(rb'name="formtoken" value="([0-9a-f-]{36})"', response.content)[1].decode()


def test_jaarafsluiting_in_de_browser_voorstellen_bevestigen_en_factuur_geweigerd(
    client, gemeente, mensen
):
    url = reverse("kern:jaarafsluiting", args=["GM0397"])
    client.force_login(mensen["adviseur"])
    antwoord = client.post(url, {"jaar": "2025", "toelichting": "Jaarrekening klaar"})
    assert antwoord.status_code == 302
    afsluiting = Boekjaarafsluiting.objects.get(gemeente=gemeente, jaar=2025)
    # The adviser sees no confirm button; a controller does, and confirms.
    assert b"Bevestigen" not in client.get(url).content
    client.force_login(mensen["controller"])
    assert "Bevestigen" in client.get(url).content.decode()
    client.post(reverse("kern:jaarafsluiting_bevestigen", args=["GM0397", afsluiting.pk]))
    assert ja.gesloten_jaren(gemeente=gemeente) == {2025}

    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 3, 1))
    client.force_login(mensen["adviseur"])
    factuur_url = reverse("inburgering:factuur_nieuw", args=["GM0397", v.pk])
    antwoord = client.post(
        factuur_url,
        {
            "formtoken": _token(client.get(factuur_url)),
            "factuurnummer": "LAAT-1",
            "datum": "10-01-2026",
            "bedrag": "500,00",
            "boekjaar": "2025",
        },
    )
    assert GESLOTEN in antwoord.content.decode()
    assert not Factuur.objects.filter(factuurnummer="LAAT-1").exists()


def test_jaarafsluiting_in_de_browser_heropenen_zonder_reden_geweigerd(client, gemeente, mensen):
    afsluiting = sluit(gemeente, mensen)
    client.force_login(mensen["controller2"])
    url = reverse("kern:jaarafsluiting_heropenen", args=["GM0397", afsluiting.pk])
    volgende = client.post(url, {"reden": ""}, follow=True)
    assert "Vul de reden van de heropening in" in volgende.content.decode()
    assert ja.gesloten_jaren(gemeente=gemeente) == {2025}
    client.post(url, {"reden": "Correctie accountant"})
    assert ja.gesloten_jaren(gemeente=gemeente) == set()


# --- Through the import ----------------------------------------------------------------------


def test_jaarafsluiting_import_weigert_rij_in_gesloten_jaar_met_tabblad_rij_kolom(gemeente, mensen):
    from tests.werkboek.werkboeken import als_xlsx, volledig

    assert importeer_werkboek(bestand=als_xlsx(volledig()), bron="eerste.xlsx").geschreven
    sluit(gemeente, mensen, jaar=2024)
    # Unchanged rows of the closed year are fine: re-importing changes nothing.
    assert not importeer_werkboek(bestand=als_xlsx(volledig()), bron="zelfde.xlsx").problemen
    rijen = volledig()
    rijen["Facturen"].append(
        {"factuurnummer": "F9", "verplichting": "V-001", "datum": date(2024, 12, 1), "bedrag": 10}
    )
    rijen["Ontvangsten"].append(
        {
            "regeling": "SPUK-IV",
            "jaar": 2024,
            "datum": date(2024, 5, 1),
            "soort": "voorschot",
            "bedrag": "5,00",
        }
    )
    aantal = Factuur.objects.count()
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="laat.xlsx")
    assert not uitkomst.geschreven
    plekken = {(p.tabblad, p.rij, p.kolom): p.melding for p in uitkomst.problemen}
    assert "Boekjaar 2024 is afgesloten" in plekken[("Facturen", 5, "boekjaar")]
    assert ("Ontvangsten", len(rijen["Ontvangsten"]) + 1, "jaar") in plekken
    assert Factuur.objects.count() == aantal


def test_jaarafsluiting_ontvangst_en_beschikking_in_de_browser_geweigerd(client, gemeente, mensen):
    from spuk.models import Beschikking

    sluit(gemeente, mensen)
    client.force_login(mensen["adviseur"])
    ontvangst = client.post(
        reverse("spuk:ontvangsten", args=["GM0397"]),
        {
            "formtoken": _token(client.get(reverse("spuk:ontvangsten", args=["GM0397"]))),
            "regeling": "SPUK-IV",
            "jaar": "2025",
            "soort": "nabetaling",
            "datum": "05-01-2026",
            "bedrag": "1.000,00",
            "stap": "boeken",
        },
    )
    assert ontvangst.status_code == 200 and GESLOTEN in ontvangst.content.decode()
    beschikking = client.post(
        reverse("spuk:beschikkingen", args=["GM0397"]),
        {
            "formtoken": _token(client.get(reverse("spuk:beschikkingen", args=["GM0397"]))),
            "regeling": "SPUK-IV",
            "jaar": "2025",
            "soort": "definitief",
            "datum": "01-05-2026",
            "bedrag": "1.000,00",
        },
    )
    assert beschikking.status_code == 200 and GESLOTEN in beschikking.content.decode()
    assert not Ontvangst.objects.exists() and not Beschikking.objects.exists()
