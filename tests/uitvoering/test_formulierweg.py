"""Every uitvoering form writes through kern.eenmalig.verwerk_formulier: a double submit writes
once and says so, a service's refusal stands at its field and writes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.formulieren import AL_VERZONDEN, fout_bij_veld, met_token, sluit_boekjaar, twee_keer
from uitvoering.models import Budgetwijziging, Kostenregel, Uitvoeringsbudget

from .factories import UitvoeringsbudgetFactory

pytestmark = pytest.mark.django_db

KOSTEN = {"jaar": "2025", "soort": "overig", "omschrijving": "Software", "bedrag": "1.000,00"}
WIJZIGING = {"datum": "16-09-2025", "bedrag": "1.850,00", "reden": "Septembercirculaire"}

# (URL name, needs a budget of 2025, what is sent, the rows it writes)
NIEUW = [
    ("budget_nieuw", False, {"jaar": "2025", "bedrag": "101.000,00"}, Uitvoeringsbudget),
    ("budgetwijziging_nieuw", True, WIJZIGING, Budgetwijziging),
    ("kosten_nieuw", False, KOSTEN, Kostenregel),
]


def _url(naam, gemeente, budget):
    kwargs = {"gemeente": gemeente.code, **({"pk": budget.pk} if budget else {})}
    return reverse(f"uitvoering:{naam}", kwargs=kwargs)


@pytest.mark.parametrize(("naam", "met_budget", "gegevens", "model"), NIEUW)
def test_twee_keer_verzenden_schrijft_een_rij(
    adviseur_client, gemeente, naam, met_budget, gegevens, model
):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025) if met_budget else None
    voor = model.objects.count()
    eerste, tweede = twee_keer(adviseur_client, _url(naam, gemeente, budget), gegevens)
    assert eerste.status_code == 302
    assert model.objects.count() == voor + 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]  # back where the first one led


@pytest.mark.parametrize(
    ("naam", "met_budget", "gegevens", "veld"),
    [
        ("budget_nieuw", False, {"jaar": "2025", "bedrag": "101.000,00"}, "jaar"),
        ("budget_wijzigen", True, {"bedrag": "5,00", "reden": "Typefout"}, "bedrag"),
        ("budgetwijziging_nieuw", True, WIJZIGING, "bedrag"),
        ("kosten_nieuw", False, KOSTEN, "jaar"),
    ],
)
def test_weigering_van_de_dienst_staat_bij_het_veld_en_schrijft_niets(
    adviseur_client, gemeente, naam, met_budget, gegevens, veld
):
    budget = (
        UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025, bedrag=Decimal("100.00"))
        if met_budget
        else None
    )
    sluit_boekjaar(gemeente, 2025)
    url = _url(naam, gemeente, budget)
    antwoord = adviseur_client.post(url, met_token(adviseur_client, url, gegevens))
    fout_bij_veld(antwoord, veld, "Boekjaar 2025 is afgesloten")
    assert Uitvoeringsbudget.objects.count() == (1 if budget else 0)
    assert not Budgetwijziging.objects.exists() and not Kostenregel.objects.exists()
    if budget:
        budget.refresh_from_db()
        assert budget.bedrag == Decimal("100.00")
