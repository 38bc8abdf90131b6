"""The OpenAPI document: valid OpenAPI 3, public, and following the design rules."""

import copy
import re

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


# --- the Dutch API Design Rules, checked on the whole document ---------------------------------

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|\{[a-z][a-zA-Z0-9]*\})$")


def _ref(document, obj):
    """Follows a local $ref (#/components/...)."""
    while isinstance(obj, dict) and "$ref" in obj:
        doel = document
        for deel in obj["$ref"].removeprefix("#/").split("/"):
            doel = doel[deel]
        obj = doel
    return obj


def overtredingen(document) -> list[str]:
    """Every place where the document breaks one of the rules issue 15 lists."""
    fout = []
    for pad, operaties in document["paths"].items():
        if not pad.startswith("/api/v1/") or pad.endswith("/"):
            fout.append(f"{pad}: niet onder /api/v1/ of met een schuine streep aan het eind")
        if not all(SEGMENT.match(s) for s in pad.removeprefix("/api/v1/").split("/")):
            fout.append(f"{pad}: een padsegment is niet in kleine letters met streepjes")
        for methode, op in operaties.items():
            waar = f"{methode.upper()} {pad}"
            parameters = {
                p["name"]: p for p in (_ref(document, p) for p in op.get("parameters", []))
            }
            for naam, p in parameters.items():
                if p["in"] in ("query", "path") and not CAMEL.match(naam):
                    fout.append(f"{waar}: parameter {naam} is geen camelCase")
            if "page" in parameters:
                grootte = parameters.get("pageSize", {}).get("schema", {})
                if grootte.get("maximum", 10**9) > 500:
                    fout.append(f"{waar}: pageSize zonder maximum van ten hoogste 500")
            for code, antwoord in op["responses"].items():
                antwoord = _ref(document, antwoord)
                if "API-Version" not in antwoord.get("headers", {}):
                    fout.append(f"{waar} {code}: geen API-Version-header")
                if str(code)[0] in "45":
                    inhoud = antwoord.get("content", {})
                    if list(inhoud) != ["application/problem+json"]:
                        fout.append(f"{waar} {code}: geen application/problem+json")
                        continue
                    velden = _ref(document, inhoud["application/problem+json"]["schema"])
                    velden = velden.get("properties", {})
                    if not {"status", "title", "detail", "invalidParams"} <= set(velden):
                        fout.append(f"{waar} {code}: het probleem mist status/title/detail/velden")
    for naam, schema in document["components"]["schemas"].items():
        for veld in schema.get("properties", {}):
            if not CAMEL.match(veld):
                fout.append(f"schema {naam}: veld {veld} is geen camelCase")
    return fout


def test_het_document_volgt_de_api_design_rules(document):
    assert overtredingen(document) == []


def test_de_controle_vindt_een_overtreding(document):
    """The check itself can fail: break each rule once in a copy of the document."""
    kapot = copy.deepcopy(document)
    kapot["paths"]["/api/v1/verplichtingen/"] = kapot["paths"]["/api/v1/verplichtingen"]
    lijst = kapot["paths"]["/api/v1/facturen"]["get"]
    lijst["responses"]["404"]["content"] = {"application/json": {"schema": {}}}
    del lijst["responses"]["200"]["headers"]["API-Version"]
    for p in lijst["parameters"]:
        if p["name"] == "pageSize":
            p["schema"]["maximum"] = 10_000
    kapot["components"]["schemas"]["Factuur"]["properties"]["open_bedrag"] = {"type": "string"}
    gevonden = "\n".join(overtredingen(kapot))
    for woord in ("schuine streep", "problem+json", "API-Version", "pageSize", "open_bedrag"):
        assert woord in gevonden, woord


def test_de_regels_ook_in_de_antwoorden(gemeente, api_client_voor):
    """What the document promises, the API does: API-Version on every documented path, a 404
    problem for each path with a trailing slash, Dutch problems that name the camelCase field,
    and pageSize capped at 500."""
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from koppelingen.api.views import Paginering
    from tests.factories import FactuurFactory

    api, _ = api_client_voor(gemeente, "lezen", "facturen_boeken")
    f = FactuurFactory(verplichting__gemeente=gemeente)
    invullen = {"{id}": str(f.pk), "{jaar}": "2026"}
    document = api.get("/api/v1/openapi.json").json()
    for pad in document["paths"]:
        for plek, waarde in invullen.items():
            pad = pad.replace(plek, waarde)
        antwoord = api.get(pad)
        assert antwoord["API-Version"] == document["info"]["version"], pad
        schuin = api.get(pad + "/")
        assert (schuin.status_code, schuin["Content-Type"]) == (404, "application/problem+json")
        assert schuin["API-Version"]
    fout = api.post(
        "/api/v1/facturen",
        {"verplichting": f.verplichting.nummer, "btwCompensabel": "misschien"},
        sleutel="regels",
    )
    assert fout["Content-Type"] == "application/problem+json"
    velden = {v["name"]: v["reason"] for v in fout.json()["invalidParams"]}
    assert {"btwCompensabel", "factuurnummer", "datum", "bedrag"} <= set(velden)
    assert velden["btwCompensabel"] == "Vul true of false in."
    assert all("required" not in r and "valid" not in r.split() for r in velden.values())
    verzoek = Request(APIRequestFactory().get("/api/v1/facturen", {"pageSize": 100000}))
    assert Paginering().get_page_size(verzoek) == 500
