"""R5 SPUK-OR raming: without a beschikking, round_half_up(landelijk budget(t) * n / N(t));
without the national parameters no raming (toekenning 0.00, bron `geen`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spuk import rekenregels as rr
from spuk.services import zet_parameter
from tests.factories import (
    FactuurFactory,
    InburgeraarFactory,
    StatuswijzigingFactory,
    VerplichtingFactory,
    voorziening,
)
from werkboek.services import importeer_werkboek

from ..werkboek.werkboeken import als_xlsx, voorbeeld_b
from .factories import BeschikkingFactory, ParameterFactory
from .test_herberekening import saldi

D = Decimal
pytestmark = pytest.mark.django_db


def or_besteding_2024(gemeente):
    v = VerplichtingFactory(
        gemeente=gemeente,
        groepscontract=True,
        voorziening=voorziening(gemeente, "OR"),
        bedrag=D("5000.00"),
        datum=date(2024, 2, 1),
        financiering="SPUK-OR",
    )
    FactuurFactory(verplichting=v, datum=date(2024, 6, 1), bedrag=D("2000.00"))


def or_register(gemeente):
    """2024: three OR statushouders count (k = 1, 2 and one who switched to OR in k = 3), one
    B1; one OR person moved out in 2024 and no longer counts."""
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), leerroute="OR")
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2023, 3, 1), leerroute="OR")
    overstapper = InburgeraarFactory(gemeente=gemeente, startdatum=date(2022, 3, 1), leerroute="B1")
    StatuswijzigingFactory(
        inburgeraar=overstapper, datum=date(2024, 2, 1), status="overstap", leerroute="OR"
    )
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), leerroute="B1")
    weg = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), leerroute="OR")
    StatuswijzigingFactory(inburgeraar=weg, datum=date(2024, 9, 1), status="verhuisd")


def or_jaar(data, jaar=2024):
    return next(j for j in data["jaren"] if j["regeling"] == "SPUK-OR" and j["jaar"] == jaar)


def test_r5_or_raming_uit_landelijk_budget_en_aantal(gemeente):
    or_register(gemeente)
    or_besteding_2024(gemeente)
    ParameterFactory(
        gemeente=gemeente,
        jaar=2024,
        categorie="or_landelijk_budget",
        inburgeringsjaar=None,
        bedrag=D("10000000.00"),
    )
    ParameterFactory(
        gemeente=gemeente,
        jaar=2024,
        categorie="or_landelijk_aantal",
        inburgeringsjaar=None,
        bedrag=D("7000"),
    )
    jaar = or_jaar(saldi(gemeente))
    # n = 3: round_half_up(10,000,000 * 3 / 7,000) = 4,285.71
    assert jaar["toekenning_bron"] == "raming"
    assert jaar["toekenning"] == "4285.71"
    assert jaar["besteding"] == "2000.00"


def test_r5_or_zonder_parameters_geen_raming(gemeente, adviseur_client):
    or_register(gemeente)
    or_besteding_2024(gemeente)
    jaar = or_jaar(saldi(gemeente))
    assert (jaar["toekenning"], jaar["toekenning_bron"]) == ("0.00", "geen")
    pagina = adviseur_client.get(reverse("spuk:overzicht", args=[gemeente.code]))
    assert "geen beschikking en geen raming" in pagina.content.decode().lower()


def test_r5_or_beschikking_gaat_voor_de_raming(gemeente):
    or_register(gemeente)
    or_besteding_2024(gemeente)
    BeschikkingFactory(gemeente=gemeente, regeling="SPUK-OR", jaar=2024, bedrag=D("6000.00"))
    jaar = or_jaar(saldi(gemeente))
    assert (jaar["toekenning"], jaar["toekenning_bron"]) == ("6000.00", "voorlopig")


def test_r5_or_raming_rekenregel():
    p = rr.Parameters(
        {(2023, rr.OR_BUDGET, 1): D("1000000.00"), (2023, rr.OR_AANTAL, 1): D("3000")}, {}, []
    )
    assert rr.or_raming(2023, 2, p) == D("666.67")
    assert rr.or_raming(2026, 2, p) is None  # the SPUK-OR ended with 2025
    assert rr.or_raming(2024, 2, p) is None  # no parameters for 2024
    assert rr.kies_toekenning([], None) == (D("0.00"), "geen")


def test_r5_or_landelijk_aantal_is_een_heel_getal_in_dienst_formulier_en_import(
    gemeente, beheerder_client
):
    melding = "een heel getal"
    with pytest.raises(ValidationError, match=melding):
        zet_parameter(
            gemeente=gemeente,
            gebruiker=None,
            jaar=2024,
            categorie="or_landelijk_aantal",
            inburgeringsjaar=None,
            bedrag=D("12.50"),
        )
    antwoord = beheerder_client.post(
        reverse("spuk:parameters", args=[gemeente.code]),
        {
            "p-jaar": "2024",
            "p-categorie": "or_landelijk_aantal",
            "p-inburgeringsjaar": "",
            "p-bedrag": "12,50",
        },
    )
    assert melding in antwoord.content.decode()
    rijen = voorbeeld_b(met_ontvangsten=False)
    rijen["Parameters"] += [
        {"jaar": 2024, "categorie": "or_landelijk_aantal", "bedrag": "12,50"},
        {"jaar": 2024, "categorie": "or_landelijk_budget", "inburgeringsjaar": 1, "bedrag": 5},
    ]
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="or.xlsx")
    meldingen = [(p.kolom, p.melding) for p in uitkomst.problemen]
    assert any(k == "bedrag" and melding in m for k, m in meldingen)
    assert any(k == "inburgeringsjaar" and "Laat inburgeringsjaar leeg" in m for k, m in meldingen)


def test_r5_or_parameters_via_import_en_export_terug(gemeente):
    rijen = voorbeeld_b(met_ontvangsten=False)
    rijen["Parameters"] += [
        {"jaar": 2024, "categorie": "or_landelijk_aantal", "bedrag": 7000},
        {"jaar": 2024, "categorie": "or_landelijk_budget", "bedrag": "10.000.000,00"},
    ]
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="or.xlsx")
    assert uitkomst.problemen == [] and uitkomst.geschreven
    from spuk.models import Parameter

    assert Parameter.objects.get(categorie="or_landelijk_aantal").bedrag == D("7000.00")
    assert Parameter.objects.get(categorie="or_landelijk_budget").inburgeringsjaar is None
