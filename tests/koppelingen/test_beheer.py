"""A beheerder makes and revokes API clients in the browser and on the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kern.models import AuditRecord
from koppelingen.models import ApiClient
from koppelingen.services import token_hash
from tests.koppelingen.conftest import ApiTestClient

pytestmark = pytest.mark.django_db


def test_beheerder_maakt_een_client_en_ziet_het_token_een_keer(beheerder_client, gemeente):
    response = beheerder_client.post(
        "/GM0397/beheer/api-clients/", {"naam": "Key2Financiën", "scopes": ["lezen"]}
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.content.decode()
    client = ApiClient.objects.get()
    assert client.token_hash == token_hash(token)
    assert ApiTestClient(token).get("/api/v1/verplichtingen").status_code == 200
    # The list page never shows the token again.
    lijst = beheerder_client.get("/GM0397/beheer/api-clients/").content.decode()
    assert "Key2Financiën" in lijst and token not in lijst
    assert AuditRecord.objects.filter(object_type="apiclient", actie="aangemaakt").exists()


def test_zonder_scope_geweigerd_met_melding(beheerder_client):
    response = beheerder_client.post("/GM0397/beheer/api-clients/", {"naam": "X"})
    assert response.status_code == 400
    assert not ApiClient.objects.exists()


def test_intrekken_in_de_browser(beheerder_client, gemeente):
    response = beheerder_client.post(
        "/GM0397/beheer/api-clients/", {"naam": "Unit4", "scopes": ["lezen", "facturen_boeken"]}
    )
    token = response.context["token"]
    client = ApiClient.objects.get()
    beheerder_client.post(f"/GM0397/beheer/api-clients/{client.pk}/intrekken/")
    assert ApiTestClient(token).get("/api/v1/verplichtingen").status_code == 401
    assert AuditRecord.objects.filter(object_type="apiclient", actie="ingetrokken").exists()


def test_commando_drukt_het_token_als_laatste_regel(gemeente):
    uit = StringIO()
    call_command(
        "api_client",
        "--gemeente",
        "GM0397",
        "--naam",
        "AFAS",
        "--scopes",
        "lezen,facturen_boeken",
        stdout=uit,
    )
    token = uit.getvalue().strip().splitlines()[-1]
    assert ApiClient.objects.get().scopes == ["facturen_boeken", "lezen"]
    assert ApiTestClient(token).get("/api/v1/facturen").status_code == 200


def test_commando_onbekende_scope(gemeente):
    with pytest.raises(CommandError, match="onbekend: schrijven"):
        call_command("api_client", "--gemeente", "GM0397", "--naam", "X", "--scopes", "schrijven")
