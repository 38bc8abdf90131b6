"""Every SPUK form writes through kern.eenmalig.verwerk_formulier: a double submit writes once
and says so (also the beheerder's parameter and ledger forms, which had no guard), a service's
refusal stands at its field and writes nothing."""

import pytest
from django.urls import reverse

from kern.models import AuditRecord, Rol
from spuk.models import Beschikking, Ontvangst, Parameter
from tests.formulieren import AL_VERZONDEN, fout_bij_veld, met_token, sluit_boekjaar, twee_keer

pytestmark = pytest.mark.django_db

BESCHIKKING = {
    "regeling": "SPUK-IV",
    "jaar": "2025",
    "soort": "voorlopig",
    "datum": "01-10-2025",
    "bedrag": "103.112,00",
}
ONTVANGST = {
    "regeling": "SPUK-IV",
    "jaar": "2025",
    "soort": "voorschot",
    "datum": "31-01-2025",
    "bedrag": "8.333,33",
    "stap": "boeken",
}
PARAMETER = {
    "formulier": "parameter",
    "p-jaar": "2025",
    "p-categorie": "gezin",
    "p-inburgeringsjaar": "1",
    "p-bedrag": "720,00",
}
COHORTREKENING = {"formulier": "cohort", "c-cohort": "2025", "c-grootboekrekening": "6.1.2025"}


def _audit(soort):
    return lambda: AuditRecord.objects.filter(object_type=soort).count()


@pytest.mark.parametrize(
    ("rol", "naam", "gegevens", "prefix", "rijen"),
    [
        (Rol.FINANCIEEL_ADVISEUR, "beschikkingen", BESCHIKKING, "", Beschikking.objects.count),
        (Rol.FINANCIEEL_ADVISEUR, "ontvangsten", ONTVANGST, "", Ontvangst.objects.count),
        (Rol.BEHEERDER, "parameters", PARAMETER, "p", _audit("parameter")),
        (Rol.FINANCIEEL_ADVISEUR, "grootboek", COHORTREKENING, "c", _audit("cohortrekening")),
    ],
)
def test_twee_keer_verzenden_schrijft_een_keer(
    client_met_rol, gemeente, rol, naam, gegevens, prefix, rijen
):
    client = client_met_rol(rol)
    url = reverse(f"spuk:{naam}", args=[gemeente.code])
    eerste, tweede = twee_keer(client, url, gegevens, prefix)
    assert eerste.status_code == 302
    assert rijen() == 1
    assert AL_VERZONDEN in tweede.content.decode()


@pytest.mark.parametrize(
    ("rol", "naam", "gegevens", "prefix", "veld"),
    [
        (Rol.FINANCIEEL_ADVISEUR, "beschikkingen", BESCHIKKING, "", "jaar"),
        (Rol.FINANCIEEL_ADVISEUR, "ontvangsten", ONTVANGST, "", "jaar"),
        (Rol.BEHEERDER, "parameters", PARAMETER, "p", "jaar"),
    ],
)
def test_weigering_van_de_dienst_staat_bij_het_veld_en_schrijft_niets(
    client_met_rol, gemeente, rol, naam, gegevens, prefix, veld
):
    client = client_met_rol(rol)
    sluit_boekjaar(gemeente, 2025)
    url = reverse(f"spuk:{naam}", args=[gemeente.code])
    antwoord = client.post(url, met_token(client, url, gegevens, prefix))
    fout_bij_veld(antwoord, veld, "Boekjaar 2025 is afgesloten", formulier="formulier")
    assert not Beschikking.objects.exists() and not Ontvangst.objects.exists()
    assert not Parameter.objects.exists()
