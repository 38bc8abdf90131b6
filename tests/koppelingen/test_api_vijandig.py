"""A hostile client, as a finance system gone wrong (or an attacker with a token) would call the
API: nothing answers 500, every refusal is a Dutch problem+json, and nothing is written."""

import json
import re
import uuid
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Factuur
from koppelingen.models import Idempotentiesleutel
from tests.factories import VerplichtingFactory

pytestmark = pytest.mark.django_db

VANDAAG = date.today()


@pytest.fixture
def verplichting(gemeente):
    return VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("5000.00"), datum=VANDAAG)


def _body(v, **anders):
    return {
        "verplichting": v.nummer,
        "factuurnummer": "F-1",
        "datum": VANDAAG.isoformat(),
        "bedrag": "100.00",
        **anders,
    }


# Words of DRF's and Python's English messages that its Dutch translation leaves untranslated.
ENGELS = re.compile(
    r"\b(must|valid|required|field|not|string|value|parse|error|expecting|characters|"
    r"dictionary|expected|date|wrong|format|ensure|invalid|line|column)\b",
    re.IGNORECASE,
)


def _probleem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    data = response.json()
    assert data["status"] == status and data["title"] and data["detail"]
    # Dutch texts (design rule), also for the messages DRF leaves in English.
    for tekst in [data["detail"], *(p["reason"] for p in data.get("invalidParams", []))]:
        assert not ENGELS.search(tekst), tekst
    return data


def _velden(data) -> dict:
    return {p["name"]: p["reason"] for p in data.get("invalidParams", [])}


RUWE_BODIES = {
    "kapotte JSON": b'{"verplichting": ',
    "geen object maar een lijst": b"[1, 2, 3]",
    "geen object maar tekst": b'"factuur"',
    "null": b"null",
    "geen UTF-8": b'{"factuurnummer": "\xff\xfe"}',
    "diep genest": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "NaN als bedrag": b'{"bedrag": NaN}',
}


@pytest.mark.parametrize("body", RUWE_BODIES.values(), ids=RUWE_BODIES.keys())
def test_onleesbare_body_400_en_niets_geboekt(api, verplichting, body):
    data = _probleem(api.post("/api/v1/facturen", body, sleutel=str(uuid.uuid4())), 400)
    assert data["detail"]
    assert not Factuur.objects.exists() and not Idempotentiesleutel.objects.exists()


VELDEN = {
    "bedrag met drie decimalen als getal": ({"bedrag": 100.125}, "bedrag"),
    "bedrag enorm": ({"bedrag": "1e400"}, "bedrag"),
    "bedrag oneindig": ({"bedrag": "Infinity"}, "bedrag"),
    "bedrag boven de grens": ({"bedrag": "99999999999999.99"}, "bedrag"),
    "btw als lijst": ({"btw": ["1"]}, "btw"),
    "datum bestaat niet": ({"datum": "2026-02-30"}, "datum"),
    "datum als getal": ({"datum": 20260101}, "datum"),
    "verplichting als object": ({"verplichting": {"id": 1}}, "verplichting"),
    "verplichting te lang": ({"verplichting": "V" * 5000}, "verplichting"),
    "boekjaar als tekst": ({"boekjaar": "vorig jaar"}, "boekjaar"),
    "boekjaar enorm": ({"boekjaar": 10**30}, "boekjaar"),
    "corrigeert enorm": ({"corrigeert": 10**30}, "corrigeert"),
    "corrigeert van niemand": ({"corrigeert": 2_000_000_000}, "corrigeert"),
    "btwCompensabel als tekst": ({"btwCompensabel": "misschien"}, "btwCompensabel"),
    "factuurnummer met nul-teken": ({"factuurnummer": "F\x00-1"}, "factuurnummer"),
}


@pytest.mark.parametrize("anders,veld", VELDEN.values(), ids=VELDEN.keys())
def test_verkeerd_veld_400_dat_het_veld_noemt(api, verplichting, anders, veld):
    body = _body(verplichting)
    body.update(anders)
    data = _probleem(api.post("/api/v1/facturen", body, sleutel=str(uuid.uuid4())), 400)
    assert veld in _velden(data), data
    assert not Factuur.objects.exists()


def test_een_bedrag_als_json_getal_wordt_exact_gelezen(api, verplichting):
    """The schema says text; a JSON number of at most 14 digits is still read exactly (Python
    reads it back to the digits the client wrote), so it is accepted rather than refused."""
    response = api.post("/api/v1/facturen", _body(verplichting, bedrag=100.5), sleutel="getal")
    assert response.status_code == 201 and response.json()["bedrag"] == "100.50"


def test_een_te_grote_body_413_als_probleem_en_niets_geboekt(api, verplichting):
    body = json.dumps(_body(verplichting, omschrijving="x" * (12 * 1024 * 1024)))
    data = _probleem(api.post("/api/v1/facturen", body, sleutel=str(uuid.uuid4())), 413)
    assert "groter dan 2,5 MB" in data["detail"]
    assert not Factuur.objects.exists()


def test_zoeken_met_een_nul_teken_in_de_audittrail_zonder_500(api):
    from kern.models import AuditRecord

    assert api.get("/api/v1/verplichtingen?zoek=a%00b").status_code < 500
    regel = AuditRecord.objects.get(actie="geraadpleegd")
    assert regel.object_omschrijving.startswith("GET /api/v1/verplichtingen?zoek=a%00b")


def test_een_ander_formaat_dan_json_415(api, verplichting):
    response = api.http.post(
        "/api/v1/facturen",
        "verplichting=V1",
        content_type="application/x-www-form-urlencoded",
        HTTP_IDEMPOTENCY_KEY="k",
        **api.kop,
    )
    _probleem(response, 415)


@pytest.mark.parametrize(
    "pad",
    [
        "/api/v1/facturen/99999999999999999999",
        "/api/v1/verplichtingen/9223372036854775808",
        "/api/v1/inburgeraars/2147483648",
        "/api/v1/sisa/99999999999999999999",
        "/api/v1/verplichtingen?page=99999999999999999999",
        "/api/v1/verplichtingen?pageSize=-1",
        "/api/v1/verplichtingen?cohort=99999999999999999999",
        "/api/v1/verplichtingen?aanbieder=abc",
        "/api/v1/facturen?boekjaar=1e9",
        "/api/v1/saldi?peildatum=9999-99-99",
        "/api/v1/sisa/2026?peildatum=0000-01-01",
        "/api/v1/verplichtingen?zoek=%00",
        "/api/v1/inburgeraars?zoek=%C0%AF",
        "/api/v1/facturen?" + "&".join(f"v{i}=1" for i in range(1200)),
    ],
)
def test_vreemde_leesverzoeken_geven_nooit_500(api, pad):
    response = api.get(pad)
    assert response.status_code < 500, (pad, response.content[:300])
    assert response["API-Version"]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


def test_dezelfde_sleutel_andere_body_422_en_de_eerste_blijft(api, verplichting):
    sleutel = str(uuid.uuid4())
    assert api.post("/api/v1/facturen", _body(verplichting), sleutel=sleutel).status_code == 201
    anders = _body(verplichting, bedrag="999.00")
    data = _probleem(api.post("/api/v1/facturen", anders, sleutel=sleutel), 422)
    assert "andere inhoud" in data["detail"]
    assert list(Factuur.objects.values_list("bedrag", flat=True)) == [Decimal("100.00")]


def test_een_sleutel_is_per_client(api_client_voor, gemeente, verplichting):
    """Another client's key never replays this client's answer (nor reveals it)."""
    een, _ = api_client_voor(gemeente, "facturen_boeken", naam="een")
    twee, _ = api_client_voor(gemeente, "facturen_boeken", naam="twee")
    assert een.post("/api/v1/facturen", _body(verplichting), sleutel="zelfde").status_code == 201
    tweede = twee.post("/api/v1/facturen", _body(verplichting), sleutel="zelfde")
    data = _probleem(tweede, 400)
    assert "al geboekt" in _velden(data)["factuurnummer"]


@pytest.mark.parametrize("sleutel", ["x" * 201, " ", "\t"])
def test_een_vreemde_sleutel_400(api, verplichting, sleutel):
    data = _probleem(api.post("/api/v1/facturen", _body(verplichting), sleutel=sleutel), 400)
    assert "Idempotency-Key" in _velden(data)


def test_zonder_scope_facturen_boeken_403_en_niets_geboekt(api_client_voor, gemeente, verplichting):
    lezer, _ = api_client_voor(gemeente, "lezen")
    data = _probleem(lezer.post("/api/v1/facturen", _body(verplichting), sleutel="k"), 403)
    assert "facturen_boeken" in data["detail"]
    assert not Factuur.objects.exists()


def test_een_verplichting_van_een_andere_gemeente_400_als_onbekend(
    api, andere_gemeente, verplichting
):
    vreemd = VerplichtingFactory(gemeente=andere_gemeente, nummer="V-VREEMD")
    data = _probleem(api.post("/api/v1/facturen", _body(vreemd), sleutel="v"), 400)
    assert "verplichting" in _velden(data)
    assert not Factuur.objects.exists()


@pytest.mark.parametrize("methode", ["put", "patch", "delete"])
def test_niet_toegestane_methode_405(api, verplichting, methode):
    response = getattr(api.http, methode)(
        "/api/v1/facturen", "{}", content_type="application/json", **api.kop
    )
    _probleem(response, 405)


@pytest.mark.parametrize(
    "kop",
    ["Bearer", "Bearer a b", "Basic YWRtaW46YWRtaW4=", "Bearer " + "x" * 10000, "Bearer \x00"],
)
def test_rare_autorisatie_401(db, kop):
    from django.test import Client

    response = Client().get("/api/v1/verplichtingen", HTTP_AUTHORIZATION=kop)
    _probleem(response, 401)


def test_een_interne_fout_van_de_api_is_ook_een_probleem(rf):
    from koppelingen.api.fouten import interne_fout

    response = interne_fout(rf.get("/api/v1/verplichtingen"))
    assert (response.status_code, response["Content-Type"]) == (500, "application/problem+json")
    assert json.loads(response.content)["title"] == "Interne fout."


def test_een_verzoek_dat_django_weigert_is_voor_de_api_een_probleem(api):
    """More query fields than Django accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS): a 400 problem."""
    from django.core.exceptions import TooManyFieldsSent
    from django.test import RequestFactory

    from koppelingen.api.fouten import ongeldig_verzoek

    response = ongeldig_verzoek(RequestFactory().get("/api/v1/facturen"), TooManyFieldsSent())
    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")
