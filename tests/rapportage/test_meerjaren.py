"""The meerjarenraming T+1..T+3: R9 verwacht per year, the scenario's new cohorts, baten and
lasten apart, per stream."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapportage.meerjaren import nieuwe_cohorten, raming, verwacht_in_jaar
from rapportage.scenario import toekenning
from spuk.rekenregels import Groep, Parameters
from tests.rapportage.test_scenario import aannames

D = Decimal
PARAMETERS = Parameters(
    bedragen={},
    trajectbedragen={2025: D("15900.00"), 2026: D("16000.00")},
    ritmes=[
        (2021, 2025, (D("0.61"), D("0.31"), D("0.08"))),
        (2026, None, (D("0.40"), D("0.30"), D("0.30"))),
    ],
)
GROEPEN = [
    Groep(cohort=2026, doelgroep="asiel", eind_jaar=None, onderwijsroute=False, aantal=6),
    Groep(cohort=2026, doelgroep="gezin", eind_jaar=None, onderwijsroute=False, aantal=4),
    Groep(cohort=2025, doelgroep="asiel", eind_jaar=None, onderwijsroute=False, aantal=8),
    # Left in 2027 (ontheffing): no longer expected from then on.
    Groep(cohort=2026, doelgroep="asiel", eind_jaar=2027, onderwijsroute=False, aantal=5),
]


def test_r9_verwacht_per_jaar_van_het_register():
    # 2027: cohort 2026 in k=2 (30% of 16,000 = 4,800) and cohort 2025 in k=3 (8% of 15,900).
    assert verwacht_in_jaar(2027, GROEPEN, PARAMETERS) == 6 * D("4800.00") + 8 * D("1272.00")
    assert verwacht_in_jaar(2028, GROEPEN, PARAMETERS) == 6 * D("4800.00")
    assert verwacht_in_jaar(2029, GROEPEN, PARAMETERS) == D("0.00")


def test_r9_meerjarenraming_baten_en_lasten_per_stroom():
    regels = raming(
        jaar=2026,
        groepen=GROEPEN,
        parameters=PARAMETERS,
        verplichtingen={2027: {"SPUK-IV": D("20000.00"), "SPUK-OR": D("500.00")}},
        uitvoering_budget=D("102500.00"),
        uitvoering_kosten=D("140920.00"),
    )
    per = {(r.jaar, r.stroom): r for r in regels}
    assert sorted({r.jaar for r in regels}) == [2027, 2028, 2029]
    assert per[(2027, "SPUK-IV")].baten == D("38976.00")
    assert per[(2027, "SPUK-IV")].lasten == D("20000.00")
    assert per[(2027, "SPUK-IV")].saldo == D("18976.00")
    assert (per[(2027, "SPUK-OR")].baten, per[(2027, "SPUK-OR")].lasten) == (D("0"), D("500.00"))
    assert per[(2029, "UITVOERING")].saldo == D("-38420.00")


def test_r4_meerjarenraming_met_scenario_telt_alleen_de_nieuwe_cohorten():
    basis = aannames()  # cohorts 2024-2026, which the register already holds
    a = replace(basis, instroom={**basis.instroom, 2027: {"asiel": 10, "gezin": 3}})
    zonder = raming(
        jaar=2026,
        groepen=GROEPEN,
        parameters=PARAMETERS,
        verplichtingen={},
        uitvoering_budget=D("0"),
        uitvoering_kosten=D("0"),
    )
    met = raming(
        jaar=2026,
        groepen=GROEPEN,
        parameters=PARAMETERS,
        verplichtingen={},
        uitvoering_budget=D("0"),
        uitvoering_kosten=D("0"),
        aannames=a,
    )
    nieuw = nieuwe_cohorten(a, 2026)
    assert min(nieuw.instroom) == 2027
    iv = {(r.jaar, r.stroom): r for r in met}
    iv0 = {(r.jaar, r.stroom): r for r in zonder}
    assert iv[(2027, "SPUK-IV")].baten - iv0[(2027, "SPUK-IV")].baten == toekenning(2027, nieuw)
    assert iv[(2027, "SPUK-IV")].lasten > 0
    # The register's own cohorts (up to 2026) are never counted twice: the scenario's inflow of
    # those years does not change the raming.
    anders = replace(a, instroom={**a.instroom, 2025: {"asiel": 999}, 2026: {"asiel": 999}})
    assert (
        raming(
            jaar=2026,
            groepen=GROEPEN,
            parameters=PARAMETERS,
            verplichtingen={},
            uitvoering_budget=D("0"),
            uitvoering_kosten=D("0"),
            aannames=anders,
        )
        == met
    )


# --- The page --------------------------------------------------------------------------------


def _pagina(client, gemeente, **params):
    from django.urls import reverse

    return client.get(reverse("rapportage:pc_meerjaren", args=[gemeente.code, 2026]), params)


@pytest.mark.django_db
def test_r9_meerjarenraming_pagina_toont_baten_en_lasten_en_scenario(adviseur_client, gemeente):
    from datetime import date

    from tests.factories import InburgeraarFactory
    from tests.rapportage.factories import ScenarioFactory
    from tests.spuk.factories import ParameterFactory

    ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=2026, bedrag=D("16000.00"))
    InburgeraarFactory.create_batch(6, gemeente=gemeente, startdatum=date(2026, 3, 1))
    s = ScenarioFactory(gemeente=gemeente, naam="Hoge instroom")
    antwoord = _pagina(adviseur_client, gemeente)
    tekst = antwoord.content.decode()
    assert "Meerjarenraming 2027 t/m 2029" in tekst
    # 6 asielstatushouders of cohort 2026 in k=2 in 2027: 6 x 30% x 16,000.
    assert "28.800,00" in tekst and "Baten" in tekst and "Lasten" in tekst
    met = _pagina(adviseur_client, gemeente, scenario=s.pk)
    assert "Hoge instroom" in met.content.decode()
    assert met.context["per_stroom"][0][1][0].baten > antwoord.context["per_stroom"][0][1][0].baten
    # A fixed number of queries, whatever the size of the register and the number of scenarios.
    with CaptureQueriesContext(connection) as weinig:
        _pagina(adviseur_client, gemeente, scenario=s.pk)
    InburgeraarFactory.create_batch(20, gemeente=gemeente, startdatum=date(2025, 3, 1), gezin=True)
    ScenarioFactory.create_batch(3, gemeente=gemeente)
    with CaptureQueriesContext(connection) as veel:
        _pagina(adviseur_client, gemeente, scenario=s.pk)
    assert len(veel.captured_queries) == len(weinig.captured_queries) <= 30
