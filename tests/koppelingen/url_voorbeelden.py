"""The koppelingen browser URLs for the central access test (see tests/kern/urlwandeling.py).
The API paths (/api/v1/...) have their own walk: tests/koppelingen/test_api_toegang.py."""

from kern.rechten import Recht
from koppelingen.services import maak_api_client


def _client(gemeente):
    client, _ = maak_api_client(gemeente=gemeente, naam=f"c-{gemeente.code}", scopes=["lezen"])
    return {"pk": client.pk}


VOORBEELDEN = {
    "koppelingen:api_clients": lambda gemeente: {},
    "koppelingen:api_client": _client,
    "koppelingen:api_client_intrekken": _client,
}

MUTATIES = {
    "koppelingen:api_clients": Recht.BEHEREN,
    "koppelingen:api_client_intrekken": Recht.BEHEREN,
}

LEES_RECHTEN = {
    "koppelingen:api_clients": Recht.BEHEREN,
    "koppelingen:api_client": Recht.BEHEREN,
}

GET_STATUS = {"koppelingen:api_client_intrekken": 405}
