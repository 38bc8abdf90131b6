"""Issue 14: searching the audit trail by BSN never puts the BSN in a URL or on the page."""

from datetime import date

import pytest
from django.urls import reverse

from inburgering import services
from kern import bsn as bsn_opslag

pytestmark = pytest.mark.django_db
BSN = "111222333"


@pytest.fixture
def controller(client_met_rol, gemeente, andere_gemeente):
    persoon = services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K-MET-BSN",
        doelgroep="gezin",
        startdatum=date(2025, 1, 1),
        bsn=BSN,
    )
    services.registreer_status(inburgeraar=persoon, datum=date(2025, 3, 1), status="gestopt")
    services.registreer_inburgeraar(
        gemeente=gemeente, kenmerk="K-ANDER", doelgroep="gezin", startdatum=date(2025, 1, 1)
    )
    # The same BSN in another gemeente: never found from this one.
    services.registreer_inburgeraar(
        gemeente=andere_gemeente,
        kenmerk="K-BUUR",
        doelgroep="gezin",
        startdatum=date(2025, 1, 1),
        bsn=BSN,
    )
    return client_met_rol("controller")


def test_zoeken_op_bsn_gaat_per_post_en_de_url_draagt_alleen_de_hash(controller, gemeente):
    url = reverse("kern:audittrail", kwargs={"gemeente": gemeente.code})
    antwoord = controller.post(url, {"zoek": "111 222 333"})
    assert antwoord.status_code == 302
    assert BSN not in antwoord["Location"] and "111+222+333" not in antwoord["Location"]
    assert f"bsn={bsn_opslag.zoeksleutel(BSN)}" in antwoord["Location"]
    pagina = controller.get(antwoord["Location"]).content.decode()
    assert BSN not in pagina
    assert "Gezocht op een volledig BSN" in pagina
    assert "K-MET-BSN" in pagina and "K-ANDER" not in pagina and "K-BUUR" not in pagina
    assert "2 wijzigingen gevonden" in pagina  # the person and the status change


def test_een_bsn_in_de_url_wordt_meteen_vervangen_door_de_hash(controller, gemeente):
    url = reverse("kern:audittrail", kwargs={"gemeente": gemeente.code})
    antwoord = controller.get(url, {"zoek": BSN})
    assert antwoord.status_code == 302 and BSN not in antwoord["Location"]


def test_het_filterformulier_van_de_audittrail_post(controller, gemeente):
    pagina = controller.get(reverse("kern:audittrail", kwargs={"gemeente": gemeente.code}))
    assert 'method="post"' in pagina.content.decode()
