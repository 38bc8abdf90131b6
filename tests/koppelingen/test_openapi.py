"""The OpenAPI document: valid OpenAPI 3, public, and following the design rules."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_het_document_is_geldig_openapi_3(document):
    assert document["openapi"].startswith("3.")
    validate(document)


def test_paden_onder_api_v1_zonder_schuine_streep_aan_het_eind(document):
    assert document["paths"]
    for pad in document["paths"]:
        assert pad.startswith("/api/v1/"), pad
        assert not pad.endswith("/"), pad


def test_sleutels_zijn_camelcase(document):
    verplichting = document["components"]["schemas"]["Verplichting"]["properties"]
    assert "openBedrag" in verplichting and "open_bedrag" not in verplichting
    for schema in document["components"]["schemas"].values():
        for naam in schema.get("properties", {}):
            assert "_" not in naam, naam


def test_bedragen_zijn_tekst(document):
    assert document["components"]["schemas"]["Verplichting"]["properties"]["bedrag"]["type"] == (
        "string"
    )


def test_lijsten_hebben_page_en_pagesize(document):
    namen = {p["name"] for p in document["paths"]["/api/v1/verplichtingen"]["get"]["parameters"]}
    assert {"page", "pageSize"} <= namen


def test_boeken_vraagt_een_idempotency_key(document):
    parameters = document["paths"]["/api/v1/facturen"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in parameters)


def test_geen_veld_of_parameter_draagt_een_bsn(document):
    namen = [n for s in document["components"]["schemas"].values() for n in s.get("properties", {})]
    namen += [
        p["name"]
        for pad in document["paths"].values()
        for op in pad.values()
        for p in op.get("parameters", [])
    ]
    assert namen and not [n for n in namen if "bsn" in n.lower()]


def test_documentatiepagina_werkt_zonder_netwerk_en_zonder_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "http" not in html.replace("http-equiv", "")
    assert "<script>" not in html and "<style>" not in html
    script = client.get("/api/v1/docs?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
