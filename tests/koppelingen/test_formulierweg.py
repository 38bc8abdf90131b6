"""The column mapping of the invoice export writes through kern.eenmalig.verwerk_formulier: a
double submit saves once and says so."""

import pytest
from django.urls import reverse

from koppelingen.factuurexport import VELDEN, kolommen
from tests.formulieren import AL_VERZONDEN, twee_keer

pytestmark = pytest.mark.django_db


def test_kolommen_twee_keer_opslaan_slaat_een_keer_op(beheerder_client, gemeente):
    url = reverse("koppelingen:factuurkolommen", args=[gemeente.code])
    gegevens = {veld: veld.upper() for veld in VELDEN}
    eerste, tweede = twee_keer(beheerder_client, url, gegevens)
    assert eerste.status_code == 302
    assert kolommen(gemeente)["bedrag"] == "BEDRAG"
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]
