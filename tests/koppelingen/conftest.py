import pytest
from django.test import Client

from koppelingen.services import maak_api_client


class ApiTestClient:
    """A plain HTTP client as a finance system uses the API: a bearer token, JSON bodies."""

    def __init__(self, token: str | None):
        self.http = Client()
        self.kop = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, pad: str, **extra):
        return self.http.get(pad, **self.kop, **extra)

    def post(self, pad: str, data=None, *, sleutel: str | None = None, **extra):
        if sleutel is not None:
            extra["HTTP_IDEMPOTENCY_KEY"] = sleutel
        body = data if isinstance(data, str | bytes) else __import__("json").dumps(data or {})
        return self.http.post(pad, body, content_type="application/json", **self.kop, **extra)


@pytest.fixture
def api_client_voor(db):
    """api_client_voor(gemeente, "lezen", "facturen_boeken") -> (ApiTestClient, ApiClient)."""

    def maak(gemeente, *scopes, naam=None):
        client, token = maak_api_client(
            gemeente=gemeente, naam=naam or f"systeem-{'-'.join(scopes)}", scopes=list(scopes)
        )
        return ApiTestClient(token), client

    return maak


@pytest.fixture
def api(gemeente, api_client_voor):
    return api_client_voor(gemeente, "lezen", "facturen_boeken")[0]
