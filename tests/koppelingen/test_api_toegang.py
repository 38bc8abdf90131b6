"""THE API access walk: every API path, for every scope, another gemeente's client, a revoked
token and no token. A new API path without an entry in VOORBEELDEN fails the suite."""

import json
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering.models import Factuur
from koppelingen.services import trek_api_client_in
from spuk.models import Ontvangst
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory
from tests.kern.urlwandeling import alle_patronen

pytestmark = pytest.mark.django_db

OPENBAAR = {"api:schema", "api:docs"}


def _gegevens(gemeente):
    """Objects of one gemeente: one of each kind the API shows."""
    persoon = InburgeraarFactory(gemeente=gemeente, kenmerk=f"K-{gemeente.code}")
    v = VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=persoon,
        nummer=f"V-{gemeente.code}",
        bedrag=Decimal("5000.00"),
        datum=date.today(),
    )
    f = FactuurFactory(verplichting=v, factuurnummer=f"F-{gemeente.code}", bedrag=Decimal("10.00"))
    o = Ontvangst.objects.create(
        gemeente=gemeente,
        regeling="SPUK-IV",
        jaar=2026,
        datum=date(2026, 1, 15),
        soort="voorschot",
        bedrag=Decimal("1000.00"),
    )
    return {"inburgeraar": persoon, "verplichting": v, "factuur": f, "ontvangst": o}


VOORBEELDEN = {
    "api:schema": lambda g: {},
    "api:docs": lambda g: {},
    "api:inburgeraars": lambda g: {},
    "api:inburgeraar": lambda g: {"pk": g["inburgeraar"].pk},
    "api:verplichtingen": lambda g: {},
    "api:verplichting": lambda g: {"pk": g["verplichting"].pk},
    "api:facturen": lambda g: {},
    "api:factuur": lambda g: {"pk": g["factuur"].pk},
    "api:ontvangsten": lambda g: {},
    "api:saldi": lambda g: {},
    "api:sisa": lambda g: {"jaar": 2026},
    "api:signalen_zonder_factuur": lambda g: {},
    "api:signalen_gestopt_met_open": lambda g: {},
}
# Lists: what must appear for the own gemeente's client (and never for another's).
KENMERK = {
    "api:inburgeraars": lambda g: g["inburgeraar"].kenmerk,
    "api:verplichtingen": lambda g: g["verplichting"].nummer,
    "api:facturen": lambda g: g["factuur"].factuurnummer,
    "api:ontvangsten": lambda g: f'"id":{g["ontvangst"].pk},',
}
API_PATRONEN = [p for p in alle_patronen() if p.naam.startswith("api:")]


def test_elk_api_pad_heeft_een_voorbeeld():
    namen = {p.naam for p in API_PATRONEN}
    assert "api:facturen" in namen
    assert namen == set(VOORBEELDEN), namen ^ set(VOORBEELDEN)


def _boeking(gemeente_gegevens):
    return {
        "verplichting": gemeente_gegevens["verplichting"].nummer,
        "factuurnummer": f"API-{uuid.uuid4().hex[:8]}",
        "datum": date.today().isoformat(),
        "bedrag": "1.00",
    }


@pytest.mark.parametrize("naam", sorted(VOORBEELDEN))
def test_api_toegang(naam, gemeente, andere_gemeente, api_client_voor):
    hier, daar = _gegevens(gemeente), _gegevens(andere_gemeente)
    url = reverse(naam, kwargs=VOORBEELDEN[naam](hier) or None)
    fouten = []

    def verwacht(wie, response, toegestaan):
        if response.status_code not in toegestaan:
            fouten.append(f"{wie}: {response.status_code} op {url}, verwacht {toegestaan}")
        if response["API-Version"] != "1.0.0":
            fouten.append(f"{wie}: geen API-Version op {url}")
        if response.status_code >= 400 and response["Content-Type"] != "application/problem+json":
            fouten.append(f"{wie}: fout zonder problem+json op {url}")

    from tests.koppelingen.conftest import ApiTestClient

    anoniem = ApiTestClient(None)
    verwacht("zonder token", anoniem.get(url), {200} if naam in OPENBAAR else {401})
    if naam in OPENBAAR:
        assert not fouten, fouten
        return

    lezer, _ = api_client_voor(gemeente, "lezen")
    boeker, _ = api_client_voor(gemeente, "facturen_boeken")
    buur, _ = api_client_voor(andere_gemeente, "lezen", "facturen_boeken")
    ingetrokken, client = api_client_voor(gemeente, "lezen", "facturen_boeken", naam="oud")
    trek_api_client_in(client=client)

    verwacht("scope lezen", lezer.get(url), {200})
    verwacht("alleen facturen_boeken", boeker.get(url), {403})
    verwacht("ingetrokken", ingetrokken.get(url), {401})
    buur_antwoord = buur.get(url)
    if "pk" in VOORBEELDEN[naam](hier):
        # Another gemeente's object, by its id: not found, exactly as one that does not exist.
        verwacht("andere gemeente", buur_antwoord, {404})
        eigen = reverse(naam, kwargs=VOORBEELDEN[naam](daar))
        verwacht("andere gemeente, eigen object", buur.get(eigen), {200})
    else:
        verwacht("andere gemeente", buur_antwoord, {200})
        if naam in KENMERK:
            tekst = buur_antwoord.content.decode()
            if KENMERK[naam](hier) in tekst:
                fouten.append(f"andere gemeente ziet {KENMERK[naam](hier)} in {url}")
            if KENMERK[naam](daar) not in tekst:
                fouten.append(f"andere gemeente ziet haar eigen {KENMERK[naam](daar)} niet")
            if KENMERK[naam](hier) not in lezer.get(url).content.decode():
                fouten.append(f"scope lezen ziet {KENMERK[naam](hier)} niet in {url}")

    # Writing: only /facturen takes a POST, and only with facturen_boeken.
    if naam == "api:facturen":
        aantal = Factuur.objects.count()
        verwacht("lezen POST", lezer.post(url, _boeking(hier), sleutel="x1"), {403})
        verwacht("buur POST op eigen nummer", buur.post(url, _boeking(hier), sleutel="x2"), {400})
        verwacht("ingetrokken POST", ingetrokken.post(url, _boeking(hier), sleutel="x3"), {401})
        assert Factuur.objects.count() == aantal, "een geweigerde POST boekte toch"
        verwacht("facturen_boeken POST", boeker.post(url, _boeking(hier), sleutel="x4"), {201})
    else:
        verwacht("POST", boeker.post(url, {}, sleutel="y"), {403, 405})
        verwacht("POST lezer", lezer.post(url, {}, sleutel="y"), {405})
    assert not fouten, f"API-toegangsfouten voor {naam}:\n  " + "\n  ".join(fouten)


def test_een_lijst_van_een_andere_gemeente_is_leeg_niet_verboden(
    gemeente, andere_gemeente, api_client_voor
):
    _gegevens(gemeente)
    buur, _ = api_client_voor(andere_gemeente, "lezen")
    data = buur.get("/api/v1/verplichtingen").json()
    assert data["count"] == 0
    assert json.dumps(data).count("GM0397") == 0
