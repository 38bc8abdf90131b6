"""The koppelingen browser URLs for the central access test (see tests/kern/urlwandeling.py).
The API paths (/api/v1/...) have their own walk: tests/koppelingen/test_api_toegang.py."""

import uuid
from datetime import date

from kern.rechten import Recht
from koppelingen.efacturen import lees_in
from koppelingen.journaal_export import exporteer
from koppelingen.services import maak_api_client


def _client(gemeente):
    naam = f"c-{gemeente.code}-{uuid.uuid4().hex[:6]}"
    client, _ = maak_api_client(gemeente=gemeente, naam=naam, scopes=["lezen"])
    return {"pk": client.pk}


def _export(gemeente):
    export = exporteer(gemeente=gemeente, van=date(2025, 1, 1), tot=date(2025, 12, 31))
    return {"pk": export.pk, "formaat": "csv"}


def _inlezing(gemeente):
    return {"pk": lees_in(gemeente=gemeente, bestanden=[("leeg.xml", b"<x/>")]).pk}


VOORBEELDEN = {
    "koppelingen:efacturen": lambda gemeente: {},
    "koppelingen:efacturen_inlezing": _inlezing,
    "koppelingen:efacturen_boeken": _inlezing,
    "koppelingen:factuurexport_inlezen": lambda gemeente: {},
    "koppelingen:factuurkolommen": lambda gemeente: {},
    "koppelingen:journaal": lambda gemeente: {},
    "koppelingen:journaal_bijwerken": lambda gemeente: {},
    "koppelingen:journaal_exporteren": lambda gemeente: {},
    "koppelingen:journaal_export_bestand": _export,
    "koppelingen:journaal_instellingen": lambda gemeente: {},
    "koppelingen:api_clients": lambda gemeente: {},
    "koppelingen:api_client": _client,
    "koppelingen:api_client_intrekken": _client,
}

MUTATIES = {
    "koppelingen:efacturen": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:efacturen_boeken": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:factuurexport_inlezen": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:factuurkolommen": Recht.BEHEREN,
    "koppelingen:journaal_bijwerken": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:journaal_exporteren": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:journaal_instellingen": Recht.BEHEREN,
    "koppelingen:api_clients": Recht.BEHEREN,
    "koppelingen:api_client_intrekken": Recht.BEHEREN,
}

LEES_RECHTEN = {
    "koppelingen:efacturen": Recht.FINANCIEEL_MUTEREN,
    "koppelingen:factuurkolommen": Recht.BEHEREN,
    "koppelingen:journaal_instellingen": Recht.BEHEREN,
    "koppelingen:api_clients": Recht.BEHEREN,
    "koppelingen:api_client": Recht.BEHEREN,
}

GET_STATUS = {
    "koppelingen:efacturen_boeken": 405,
    "koppelingen:factuurexport_inlezen": 405,
    "koppelingen:api_client_intrekken": 405,
    "koppelingen:journaal_bijwerken": 405,
    "koppelingen:journaal_exporteren": 405,
}
