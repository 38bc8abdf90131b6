"""The inburgering forms write through kern.eenmalig.verwerk_formulier: a double submit writes
once and says so, a service's refusal stands at its field and writes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inburgering.models import Aanbieder, Factuur, Statuswijziging
from tests.factories import VerplichtingFactory
from tests.formulieren import AL_VERZONDEN, fout_bij_veld, met_token, sluit_boekjaar, twee_keer

pytestmark = pytest.mark.django_db

STATUS = ("status_wijzigen", "persoon", {"datum": "01-03-2025", "status": "gestopt"})
FACTUUR = (
    "factuur_nieuw",
    "verplichting",
    {"factuurnummer": "TW-1", "datum": "01-07-2025", "bedrag": "100,00", "boekjaar": "2025"},
)


def _url(naam, gemeente, waarop, verplichting):
    kwargs = {"gemeente": gemeente.code}
    if waarop:
        kwargs["pk"] = verplichting.inburgeraar.pk if waarop == "persoon" else verplichting.pk
    return reverse(f"inburgering:{naam}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("naam", "waarop", "gegevens", "model"),
    [
        (*STATUS, Statuswijziging),
        (*FACTUUR, Factuur),
        ("aanbieder_nieuw", None, {"naam": "Taalschool Noord"}, Aanbieder),
    ],
)
def test_twee_keer_verzenden_schrijft_een_rij(
    adviseur_client, gemeente, naam, waarop, gegevens, model
):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    voor = model.objects.count()
    eerste, tweede = twee_keer(adviseur_client, _url(naam, gemeente, waarop, v), gegevens)
    assert eerste.status_code == 302
    assert model.objects.count() == voor + 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]


@pytest.mark.parametrize(
    ("naam", "waarop", "gegevens", "veld"), [(*STATUS, "datum"), (*FACTUUR, "boekjaar")]
)
def test_weigering_van_de_dienst_staat_bij_het_veld_en_schrijft_niets(
    adviseur_client, gemeente, naam, waarop, gegevens, veld
):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    statussen = Statuswijziging.objects.count()
    sluit_boekjaar(gemeente, 2025)
    url = _url(naam, gemeente, waarop, v)
    antwoord = adviseur_client.post(url, met_token(adviseur_client, url, gegevens))
    fout_bij_veld(antwoord, veld, "Boekjaar 2025 is afgesloten")
    assert Statuswijziging.objects.count() == statussen and not Factuur.objects.exists()
