"""The REST API as a finance system uses it: reading, booking an invoice, and bad input."""

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Factuur
from kern.models import AuditRecord
from koppelingen.models import ApiAanroep, ApiClient
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db

VANDAAG = date.today()


def _factuur(v, **anders):
    body = {
        "verplichting": v.nummer,
        "factuurnummer": "F-2026-001",
        "datum": VANDAAG.isoformat(),
        "bedrag": "1250.50",
    }
    return {**body, **anders}


@pytest.fixture
def verplichting(gemeente):
    return VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("5000.00"), datum=VANDAAG)


def test_elk_antwoord_heeft_een_api_version_ook_een_fout(api):
    assert api.get("/api/v1/verplichtingen")["API-Version"] == "1.0.0"
    assert api.get("/api/v1/bestaat-niet")["API-Version"] == "1.0.0"
    assert api.get("/api/v1/openapi.json")["API-Version"] == "1.0.0"


def test_een_pad_met_schuine_streep_aan_het_eind_geeft_404_als_probleem(api):
    response = api.get("/api/v1/verplichtingen/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert "schuine streep" in response.json()["detail"]


def test_zonder_token_401_als_probleem_in_het_nederlands(db):
    from tests.koppelingen.conftest import ApiTestClient

    response = ApiTestClient(None).get("/api/v1/verplichtingen")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["title"] == "Niet geauthenticeerd."


def test_een_ingetrokken_token_werkt_niet_meer(gemeente, api_client_voor):
    from koppelingen.services import trek_api_client_in

    http, client = api_client_voor(gemeente, "lezen")
    assert http.get("/api/v1/verplichtingen").status_code == 200
    trek_api_client_in(client=client)
    assert http.get("/api/v1/verplichtingen").status_code == 401


def test_het_token_wordt_alleen_als_afdruk_bewaard(gemeente):
    from koppelingen.services import maak_api_client

    client, token = maak_api_client(gemeente=gemeente, naam="Key2Financiën", scopes=["lezen"])
    opgeslagen = ApiClient.objects.filter(pk=client.pk).values()[0]
    assert token not in json.dumps(opgeslagen, default=str)


def test_verplichtingen_met_open_bedrag_als_tekst_en_camelcase(api, gemeente, verplichting):
    FactuurFactory(verplichting=verplichting, bedrag=Decimal("1200.00"))
    response = api.get("/api/v1/verplichtingen")
    assert response.status_code == 200
    rij = response.json()["results"][0]
    assert rij["nummer"] == verplichting.nummer
    assert rij["bedrag"] == "5000.00"
    assert rij["gefactureerd"] == "1200.00"
    assert rij["openBedrag"] == "3800.00"
    assert "open_bedrag" not in rij


def test_inburgeraars_nooit_een_bsn(api, gemeente):
    InburgeraarFactory(gemeente=gemeente, bsn_gemaskeerd="******123", bsn_zoeksleutel="abc")
    tekst = api.get("/api/v1/inburgeraars").content.decode()
    assert "******123" not in tekst
    assert "bsn" not in tekst.lower()


def test_paginering_page_en_pagesize_ten_hoogste_500(api, gemeente):
    for _ in range(3):
        VerplichtingFactory(gemeente=gemeente)
    response = api.get("/api/v1/verplichtingen?pageSize=2&page=2")
    data = response.json()
    assert data["count"] == 3
    assert len(data["results"]) == 1
    assert api.get("/api/v1/verplichtingen?pageSize=100000").status_code == 200
    assert api.get("/api/v1/verplichtingen?page=9").status_code == 404


def test_lijst_met_vast_aantal_queries(api, gemeente, django_assert_max_num_queries):
    for _ in range(3):
        FactuurFactory(verplichting=VerplichtingFactory(gemeente=gemeente))
    with django_assert_max_num_queries(6) as eerst:
        api.get("/api/v1/verplichtingen")
    for _ in range(20):
        FactuurFactory(verplichting=VerplichtingFactory(gemeente=gemeente))
    with django_assert_max_num_queries(len(eerst.captured_queries)):
        api.get("/api/v1/verplichtingen")
    with django_assert_max_num_queries(len(eerst.captured_queries)):
        api.get("/api/v1/facturen")


def test_filters_zoals_in_de_browser(api, gemeente):
    VerplichtingFactory(gemeente=gemeente, financiering="SPUK-IV", nummer="V-A")
    VerplichtingFactory(gemeente=gemeente, gesloten=True, nummer="V-B")

    def nummers(q):
        return [r["nummer"] for r in api.get(f"/api/v1/verplichtingen?{q}").json()["results"]]

    assert nummers("toestand=gesloten") == ["V-B"]
    assert nummers("zoek=V-A") == ["V-A"]


# --- booking an invoice ------------------------------------------------------------------------


def test_r8_factuur_boeken_via_de_api_zoals_in_de_browser(api, verplichting):
    response = api.post("/api/v1/facturen", _factuur(verplichting), sleutel=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["bedrag"] == "1250.50"
    assert data["verplichting"] == verplichting.nummer
    assert response["Location"].endswith(f"/api/v1/facturen/{data['id']}")
    factuur = Factuur.objects.get()
    assert factuur.bedrag == Decimal("1250.50")
    # The audit trail names the client as the actor, through the service.
    regel = AuditRecord.objects.get(object_type="factuur")
    assert regel.gebruiker.api_client.naam == "systeem-lezen-facturen_boeken"
    assert "Idempotency-Key" in regel.bron


def test_dezelfde_sleutel_en_body_boekt_een_keer(api, verplichting):
    sleutel = str(uuid.uuid4())
    eerste = api.post("/api/v1/facturen", _factuur(verplichting), sleutel=sleutel)
    tweede = api.post("/api/v1/facturen", _factuur(verplichting), sleutel=sleutel)
    assert eerste.status_code == tweede.status_code == 201
    assert eerste.json() == tweede.json()
    assert tweede["Idempotent-Replayed"] == "true"
    assert Factuur.objects.count() == 1


def test_dezelfde_sleutel_met_andere_body_geweigerd(api, verplichting):
    sleutel = str(uuid.uuid4())
    api.post("/api/v1/facturen", _factuur(verplichting), sleutel=sleutel)
    response = api.post("/api/v1/facturen", _factuur(verplichting, bedrag="10.00"), sleutel=sleutel)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "Idempotency-Key" in response.json()["detail"]
    assert Factuur.objects.count() == 1


def test_zonder_idempotency_key_geweigerd(api, verplichting):
    response = api.post("/api/v1/facturen", _factuur(verplichting))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "Idempotency-Key"
    assert not Factuur.objects.exists()


def _ongeldig(response) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


@pytest.mark.parametrize(
    ("anders", "veld"),
    [
        ({"bedrag": "veel"}, "bedrag"),
        ({"bedrag": "12.345"}, "bedrag"),
        ({"datum": "gisteren"}, "datum"),
        ({"boekjaar": "twintig"}, "boekjaar"),
        ({"verplichting": "V-BESTAAT-NIET"}, "verplichting"),
        ({"factuurnummer": ""}, "factuurnummer"),
        ({"corrigeert": 999999}, "corrigeert"),
        ({"corrigeert": "eerste"}, "corrigeert"),
    ],
)
def test_verkeerde_invoer_noemt_het_veld_en_schrijft_niets(api, verplichting, anders, veld):
    velden = _ongeldig(
        api.post("/api/v1/facturen", _factuur(verplichting, **anders), sleutel=str(uuid.uuid4()))
    )
    assert veld in velden
    assert not Factuur.objects.exists()


def test_r8_bedrag_boven_open_zelfde_melding_als_de_browser(api, verplichting):
    sleutel = str(uuid.uuid4())
    velden = _ongeldig(
        api.post("/api/v1/facturen", _factuur(verplichting, bedrag="5000.01"), sleutel=sleutel)
    )
    assert "bedrag" in velden
    assert "open" in velden["bedrag"].lower()
    assert not Factuur.objects.exists()
    # The refusal booked nothing, so the same key may be used again for a corrected request.
    goed = api.post("/api/v1/facturen", _factuur(verplichting, bedrag="5000.00"), sleutel=sleutel)
    assert goed.status_code == 201


def test_verplichting_van_een_andere_gemeente_is_onbekend(api, andere_gemeente):
    vreemd = VerplichtingFactory(gemeente=andere_gemeente, datum=VANDAAG)
    velden = _ongeldig(api.post("/api/v1/facturen", _factuur(vreemd), sleutel="k1"))
    assert "bestaat niet" in velden["verplichting"]
    assert not Factuur.objects.exists()


def test_kapotte_json_geeft_een_probleem(api):
    response = api.post("/api/v1/facturen", "{niet json", sleutel="k2")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_dubbel_factuurnummer_zelfde_melding_als_de_browser(api, verplichting):
    api.post("/api/v1/facturen", _factuur(verplichting, bedrag="10.00"), sleutel="a")
    velden = _ongeldig(api.post("/api/v1/facturen", _factuur(verplichting), sleutel="b"))
    assert "al geboekt" in velden["factuurnummer"]
    assert Factuur.objects.count() == 1


def test_elke_aanroep_komt_in_het_aanroeplog(api, gemeente):
    api.get("/api/v1/verplichtingen")
    api.get("/api/v1/verplichtingen/999999")
    assert list(ApiAanroep.objects.order_by("id").values_list("pad", "status")) == [
        ("/api/v1/verplichtingen", 200),
        ("/api/v1/verplichtingen/999999", 404),
    ]


def test_saldi_zijn_die_van_het_werkboekcontract(api, gemeente):
    from rapportage.contract import saldi_json

    data = api.get("/api/v1/saldi?peildatum=2026-06-30").json()
    verwacht = saldi_json(gemeente, date(2026, 6, 30), oorzaak="test")
    assert data["gemeente"] == verwacht["gemeente"] == "GM0397"
    assert data["peildatum"] == "2026-06-30"
    assert len(data["telling"]) == len(verwacht["telling"])
    assert set(data) == {"gemeente", "peildatum", "jaren", "cohorten", "telling", "uitvoering"} | (
        {"btw"} if "btw" in verwacht else set()
    )


def test_sisa_van_een_jaar(api):
    data = api.get("/api/v1/sisa/2025?peildatum=2026-06-30").json()
    assert data["jaar"] == 2025
    assert {r["regeling"] for r in data["regelingen"]} >= {"SPUK-IV"}
    assert api.get("/api/v1/sisa/1999").status_code == 404


def test_r8_btw_via_de_api_de_last_past_in_wat_open_is(api, verplichting):
    # 6,050.00 including 1,050.00 compensable btw: the last (5,000.00) fits in what is open.
    response = api.post(
        "/api/v1/facturen",
        _factuur(verplichting, bedrag="6050.00", btw="1050.00"),
        sleutel=str(uuid.uuid4()),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["btw"], data["btwCompensabel"], data["last"]) == ("1050.00", True, "5000.00")
    factuur = Factuur.objects.get()
    assert factuur.last == Decimal("5000.00")


def test_r8_btw_via_de_api_zelfde_melding_als_de_browser(api, verplichting):
    # btw larger than the amount: the service's rule, named at the field.
    velden = _ongeldig(
        api.post(
            "/api/v1/facturen",
            _factuur(verplichting, bedrag="100.00", btw="121.00"),
            sleutel=str(uuid.uuid4()),
        )
    )
    assert "btw" in velden
    assert not Factuur.objects.exists()


def test_r8_niet_compensabele_btw_telt_in_de_last(api, verplichting):
    velden = _ongeldig(
        api.post(
            "/api/v1/facturen",
            _factuur(verplichting, bedrag="6050.00", btw="1050.00", btwCompensabel=False),
            sleutel=str(uuid.uuid4()),
        )
    )
    assert "open" in velden["bedrag"].lower()
    assert not Factuur.objects.exists()


TE_GROOT = "is te groot: een bedrag is kleiner dan 1.000.000.000.000 euro"


@pytest.mark.parametrize(
    ("veld", "anders"),
    [
        ("bedrag", {"bedrag": "1000000000000.00"}),
        ("bedrag", {"bedrag": "1e300"}),
        ("btw", {"bedrag": "10.00", "btw": "-1234567890123456"}),
    ],
)
def test_een_te_groot_bedrag_geeft_de_zin_van_het_formulier(api, verplichting, veld, anders):
    """Issue 14.3: kern.invoer's bound and sentence, not DRF's count of digits."""
    velden = _ongeldig(
        api.post("/api/v1/facturen", _factuur(verplichting, **anders), sleutel=str(uuid.uuid4()))
    )
    assert TE_GROOT in velden[veld]
    assert not Factuur.objects.exists()


def test_elke_leesaanroep_een_auditregel_met_de_client_als_actor(
    api_client_voor, gemeente, beheerder_client
):
    api, client = api_client_voor(gemeente, "lezen", naam="Key2Financiën")
    v = VerplichtingFactory(gemeente=gemeente)
    for _ in range(3):
        VerplichtingFactory(gemeente=gemeente)
    api.get("/api/v1/verplichtingen?pageSize=2")
    api.get(f"/api/v1/verplichtingen/{v.pk}")
    api.get("/api/v1/verplichtingen/999999")
    # A BSN typed into the search never reaches the trail (111222333 passes the elfproef).
    api.get("/api/v1/inburgeraars?zoek=111222333")
    api.get("/api/v1/sisa/2026")
    regels = list(
        AuditRecord.objects.filter(actie="geraadpleegd")
        .order_by("id")
        .values_list(
            "gebruiker", "gemeente", "object_type", "object_id", "object_omschrijving", "bron"
        )
    )
    actor = (client.gebruiker_id, gemeente.pk)
    assert regels[:4] == [
        (
            *actor,
            "verplichting",
            "lijst",
            "GET /api/v1/verplichtingen?pageSize=2 (200)",
            "API-client Key2Financiën",
        ),
        (
            *actor,
            "verplichting",
            str(v.pk),
            f"GET /api/v1/verplichtingen/{v.pk} (200)",
            "API-client Key2Financiën",
        ),
        (
            *actor,
            "verplichting",
            "999999",
            "GET /api/v1/verplichtingen/999999 (404)",
            "API-client Key2Financiën",
        ),
        (
            *actor,
            "inburgeraar",
            "lijst",
            "GET /api/v1/inburgeraars?zoek=******333 (200)",
            "API-client Key2Financiën",
        ),
    ]
    assert regels[4][2:4] == ("sisa", "2026")
    assert not AuditRecord.objects.filter(object_omschrijving__contains="111222333").exists()
    assert (
        AuditRecord.objects.filter(actie="geraadpleegd")
        .values("wijzigingen")
        .distinct()
        .get()["wijzigingen"]
        == {}
    )
    # The browser's audit trail shows the reads, with the client as the actor.
    pagina = beheerder_client.get("/GM0397/audittrail/")
    assert pagina.status_code == 200
    assert "Geraadpleegd" in pagina.content.decode()
    assert beheerder_client.get("/GM0397/audittrail/verplichting/lijst/").status_code == 200


def test_een_lijst_is_een_auditregel_per_aanroep_bij_een_vast_aantal_queries(
    api, gemeente, django_assert_num_queries
):
    FactuurFactory(verplichting=VerplichtingFactory(gemeente=gemeente))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as een:
        api.get("/api/v1/facturen")
    for _ in range(30):
        FactuurFactory(verplichting=VerplichtingFactory(gemeente=gemeente))
    with django_assert_num_queries(len(een.captured_queries)):
        api.get("/api/v1/facturen")
    assert AuditRecord.objects.filter(actie="geraadpleegd", object_type="factuur").count() == 2


def test_r8_late_factuur_via_de_api_draagt_haar_werkjaar_als_de_browser(api, gemeente):
    """A late invoice for work in the closed year T is booked into T+1 with werkjaar T, so the
    SiSa of T+1 shows it as the correction; an open year is refused with the service's words."""
    from kern import jaarafsluiting as ja
    from kern.models import Rol
    from tests.conftest import maak_gebruiker

    vorig = VANDAAG.year - 1
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("5000.00"), datum=date(vorig, 3, 1))
    laat = _factuur(v, datum=date(VANDAAG.year, 1, 10).isoformat(), boekjaar=VANDAAG.year)
    velden = _ongeldig(
        api.post("/api/v1/facturen", {**laat, "werkjaar": vorig}, sleutel=str(uuid.uuid4()))
    )
    assert f"Boekjaar {vorig} is niet afgesloten" in velden["werkjaar"]
    assert not Factuur.objects.exists()

    adviseur = maak_gebruiker("ada", gemeente, Rol.FINANCIEEL_ADVISEUR)
    controller = maak_gebruiker("cor", gemeente, Rol.CONTROLLER)
    voorstel = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=vorig, gebruiker=adviseur)
    ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=controller)
    response = api.post("/api/v1/facturen", {**laat, "werkjaar": vorig}, sleutel=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    assert (response.json()["boekjaar"], response.json()["werkjaar"]) == (VANDAAG.year, vorig)
    assert Factuur.objects.get().werkjaar == vorig
