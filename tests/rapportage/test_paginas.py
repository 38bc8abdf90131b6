"""Dashboard, landing and scenario pages: what a user sees, fixed query counts, isolation."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kern.models import Rol
from rapportage.models import Scenario
from tests.factories import (
    FactuurFactory,
    InburgeraarFactory,
    StatuswijzigingFactory,
    VerplichtingFactory,
)

from .factories import (
    CohortSaldoFactory,
    HerberekeningFactory,
    JaarSaldoFactory,
    PcStandFactory,
    ScenarioFactory,
    TellingFactory,
)

pytestmark = pytest.mark.django_db


def vul(gemeente, n: int):
    """A gemeente with n persons (with commitments and invoices) and a recomputation."""
    h = HerberekeningFactory(gemeente=gemeente)
    for jaar in range(2022, 2022 + min(n, 5)):
        JaarSaldoFactory(herberekening=h, jaar=jaar)
        CohortSaldoFactory(herberekening=h, cohort=jaar)
        TellingFactory(herberekening=h, jaar=jaar)
    for i in range(n):
        p = InburgeraarFactory(
            gemeente=gemeente,
            startdatum=date(2022 + i % 5, 3, 1),
            # A gezinsmigrant has no leerroute (regels.leerroute_fout; a database constraint).
            leerroute="" if i % 4 == 3 else ["B1", "Z", "OR"][i % 3],
            gezin=i % 4 == 3,
        )
        v = VerplichtingFactory(gemeente=gemeente, inburgeraar=p, datum=date(2022 + i % 5, 4, 1))
        FactuurFactory(verplichting=v, datum=date(2022 + i % 5, 6, 1))
        if i % 5 == 0:
            StatuswijzigingFactory(inburgeraar=p, datum=date(2026, 1, 1), status="gestopt")
    return h


def queries(client, url) -> int:
    cache.clear()  # the uncached path: the dashboard's pass over all commitments included
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGINAS = [
    ("rapportage:overzicht", {}),
    ("rapportage:dashboard", {}),
    ("rapportage:sisa", {"jaar": 2024}),
    ("rapportage:sisa_xlsx", {"jaar": 2024}),
    ("rapportage:sisa_csv", {"jaar": 2024}),
    ("rapportage:sisa_herkomst", {"jaar": 2024, "regeling": "SPUK-IV", "sleutel": "besteding"}),
    ("rapportage:sisa_herkomst", {"jaar": 2024, "regeling": "SPUK-IV", "sleutel": "asiel_1"}),
    ("rapportage:sisa_herkomst", {"jaar": 2024, "regeling": "SPUK-IV", "sleutel": "toekenning"}),
    (
        "rapportage:sisa_herkomst",
        {"jaar": 2024, "regeling": "SPUK-IV", "sleutel": "reservering_uit"},
    ),
    ("rapportage:pc", {"jaar": 2026}),
    ("rapportage:pc_xlsx", {"jaar": 2026}),
    ("rapportage:pc_vergelijk", {"jaar": 2026}),
    ("rapportage:scenarios", {}),
    ("rapportage:scenarios_xlsx", {}),
    ("rapportage:scenario_nieuw", {}),
]


@pytest.mark.parametrize(("naam", "kwargs"), PAGINAS, ids=lambda x: str(x))
def test_elke_pagina_een_vast_aantal_queries(adviseur_client, gemeente, naam, kwargs):
    url = reverse(naam, kwargs={"gemeente": gemeente.code, **kwargs})
    vul(gemeente, 3)
    ScenarioFactory(gemeente=gemeente)
    adviseur_client.get(url)  # first use seeds the SiSa definitions of the year
    weinig = queries(adviseur_client, url)
    vul(gemeente, 60)
    ScenarioFactory.create_batch(3, gemeente=gemeente)
    PcStandFactory.create_batch(3, gemeente=gemeente)
    veel = queries(adviseur_client, url)
    assert veel == weinig <= 25


def test_dashboard_toont_ruimte_signalen_instroom_en_landelijke_vergelijking(
    adviseur_client, gemeente
):
    h = HerberekeningFactory(gemeente=gemeente)
    CohortSaldoFactory(herberekening=h, cohort=2024, vrije_ruimte=Decimal("-1234.00"))
    JaarSaldoFactory(herberekening=h, jaar=2025, terug_te_betalen=Decimal("4321.00"))
    p = InburgeraarFactory(gemeente=gemeente, leerroute="Z")
    VerplichtingFactory(
        gemeente=gemeente, inburgeraar=p, bedrag=Decimal("11400.00"), datum=date(2020, 1, 1)
    )
    StatuswijzigingFactory(inburgeraar=p, status="gestopt")
    p.huidige_status = "gestopt"
    p.save()
    tekst = adviseur_client.get(reverse("rapportage:dashboard", args=[gemeente.code])).content
    tekst = tekst.decode()
    assert "tekort € 1.234" in tekst  # on the cohort's bar
    assert "-€\xa01.234,00 (tekort)" in tekst  # in the table
    assert "4.321,00 (terugbetalingsrisico)" in tekst
    assert "Taalschool" in tekst  # open commitments by provider
    # The national mix next to the own mix (all Z), in the table and on the bars.
    assert "57%" in tekst and "100,0%" in tekst and "100,0% eigen" in tekst
    assert "14.400" in tekst and "11.400,00" in tekst  # cost per statushouder vs national
    assert "Gestopt of vertrokken met open verplichtingen" in tekst
    assert 'role="img"' in tekst and "<caption" in tekst


def test_dashboard_filtert_op_cohort(adviseur_client, gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    CohortSaldoFactory(herberekening=h, cohort=2023, vrije_ruimte=Decimal("111.00"))
    CohortSaldoFactory(herberekening=h, cohort=2024, vrije_ruimte=Decimal("222.00"))
    InburgeraarFactory.create_batch(3, gemeente=gemeente, startdatum=date(2023, 5, 1))
    InburgeraarFactory.create_batch(2, gemeente=gemeente, startdatum=date(2024, 5, 1))
    url = reverse("rapportage:dashboard", args=[gemeente.code])
    assert adviseur_client.get(url).context["cohortkeuzes"] == [2023, 2024]
    tekst = adviseur_client.get(url, {"cohort": "2024"}).content.decode()
    assert "222,00" in tekst and "111,00" not in tekst
    assert adviseur_client.get(url, {"cohort": "abc"}).status_code == 200


def test_dashboard_filter_laat_kerncijfers_en_jaarkeuze_over_de_hele_herberekening(
    adviseur_client, gemeente
):
    # The page reads the run's cohorts and years once and filters them itself: the chosen
    # cohort and year narrow the tables, never the key figures nor the choice of years.
    h = HerberekeningFactory(gemeente=gemeente)
    CohortSaldoFactory(herberekening=h, cohort=2023, vrije_ruimte=Decimal("111.00"))
    CohortSaldoFactory(herberekening=h, cohort=2024, vrije_ruimte=Decimal("222.00"))
    JaarSaldoFactory(herberekening=h, jaar=2024, terug_te_betalen=Decimal("10.00"))
    JaarSaldoFactory(herberekening=h, jaar=2025, terug_te_betalen=Decimal("20.00"))
    url = reverse("rapportage:dashboard", args=[gemeente.code])
    heel = adviseur_client.get(url).context
    deel = adviseur_client.get(url, {"cohort": "2024", "jaar": "2024"}).context
    assert [c.cohort for c in deel["d"].cohorten] == [2024]
    assert [j.jaar for j in deel["d"].jaren] == [2024]
    assert deel["jaarkeuzes"] == heel["jaarkeuzes"] == [2024, 2025]
    assert deel["kerncijfers"] == heel["kerncijfers"]
    (iv,) = [k for k in heel["kerncijfers"] if k.regeling == "SPUK-IV"]
    assert iv.vrij == Decimal("333.00") and iv.terug == Decimal("30.00")


def test_alleen_eigen_gemeente_en_geen_bsn_in_exports(
    client, gebruiker_met_rol, gemeente, andere_gemeente
):
    for g in (gemeente, andere_gemeente):
        h = HerberekeningFactory(gemeente=g)
        JaarSaldoFactory(
            herberekening=h, besteding=Decimal("777.77") if g == gemeente else Decimal("999.99")
        )
        PcStandFactory(gemeente=g)
        ScenarioFactory(gemeente=g, naam=f"Scenario van {g.naam}")
    client.force_login(gebruiker_met_rol(Rol.CONTROLLER))
    urls = [
        reverse("rapportage:sisa_xlsx", args=[gemeente.code, 2024]),
        reverse("rapportage:pc_xlsx", args=[gemeente.code, 2026]),
        reverse("rapportage:scenarios_xlsx", args=[gemeente.code]),
        reverse("rapportage:pc_vergelijk_xlsx", args=[gemeente.code, 2026]),
    ]
    for url in urls:
        boek = load_workbook(io.BytesIO(client.get(url).content))
        cellen = [str(c.value) for blad in boek for rij in blad.iter_rows() for c in rij if c.value]
        alles = " ".join(cellen)
        assert "Haarlem" not in alles and "999.99" not in alles
    sisa = load_workbook(io.BytesIO(client.get(urls[0]).content)).active
    assert any(
        c.value == Decimal("777.77") or c.value == 777.77 for r in sisa.iter_rows() for c in r
    )
    csv = client.get(reverse("rapportage:sisa_csv", args=[gemeente.code, 2024])).content.decode()
    assert "777,77" in csv and "999,99" not in csv
    # Another gemeente's stand or scenario is not found under this gemeente.
    vreemd = PcStandFactory(gemeente=andere_gemeente)
    assert (
        client.get(reverse("rapportage:pc_stand_xlsx", args=[gemeente.code, vreemd.pk])).status_code
        == 404
    )


def test_scenario_aanmaken_via_formulier_en_naast_elkaar(adviseur_client, gemeente):
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    form = adviseur_client.get(url).context["form"]
    data = {naam: form[naam].value() for naam in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["naam"] = "Laag"
    data[f"instroom_{data['startjaar']}_asiel"] = ""
    data[f"taakstelling_{data['startjaar']}"] = "40"
    data["aandeel_plichtig"] = "50"
    antwoord = adviseur_client.post(url, data)
    assert antwoord.status_code == 302, antwoord.context["form"].errors
    laag = Scenario.objects.get(naam="Laag")
    assert laag.aannames["instroom"][str(data["startjaar"])]["asiel"] == 20

    data["naam"] = "Hoog"
    data["taakstelling_" + str(data["startjaar"])] = "80"
    # A new scenario is a new form: its own one-time token (the old one would be a double submit).
    data["formtoken"] = adviseur_client.get(url).context["form"]["formtoken"].value()
    adviseur_client.post(url, data)
    hoog = Scenario.objects.get(naam="Hoog")
    lijst = reverse("rapportage:scenarios", args=[gemeente.code])
    antwoord = adviseur_client.get(lijst, {"s": [laag.pk, hoog.pk]})
    tekst = antwoord.content.decode()
    assert "verschil met Laag" in tekst
    assert len(antwoord.context["uitkomsten"]) == 2


def test_scenario_fouten_staan_bij_het_veld(adviseur_client, gemeente):
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    form = adviseur_client.get(url).context["form"]
    data = {naam: form[naam].value() for naam in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["naam"] = "Fout"
    data["spreiding_MB"] = "75/20/10"
    data["prijs_B1"] = "9.700,001"
    antwoord = adviseur_client.post(url, data)
    fouten = antwoord.context["form"].errors
    assert "moeten samen 100 zijn" in fouten["spreiding_MB"][0]
    assert "prijs_B1" in fouten
    assert not Scenario.objects.exists()


def _formulierdata(client, url) -> dict:
    form = client.get(url).context["form"]
    return {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}


def test_beleidsmedewerker_maakt_en_vergelijkt_scenarios(client, gebruiker_met_rol, gemeente):
    """Scenarios are no financial data: the beleidsmedewerker makes them too."""
    client.force_login(gebruiker_met_rol(Rol.BELEIDSMEDEWERKER))
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    data = _formulierdata(client, url)
    assert (data["mix_B1"], data["mix_Z"], data["mix_OR"], data["mix_geen"]) == (57, 29, 13, 1)
    data["naam"] = "Beleid"
    assert client.post(url, data).status_code == 302
    assert Scenario.objects.get().gewijzigd_door.username.startswith("beleidsmedewerker")
    lijst = client.get(reverse("rapportage:scenarios", args=[gemeente.code])).content.decode()
    assert "Nieuw scenario" in lijst and "Beleid" in lijst


def test_scenario_routemix_moet_100_procent_zijn(adviseur_client, gemeente):
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    data = _formulierdata(adviseur_client, url)
    data.update(naam="Te veel", mix_B1="60", mix_Z="30", mix_OR="15", mix_geen="")
    antwoord = adviseur_client.post(url, data)
    fout = antwoord.context["form"].errors["mix_B1"][0]
    assert "telt op tot 105%" in fout and "B1-route 60%" in fout and "precies 100%" in fout
    assert not Scenario.objects.exists()


def test_scenario_percentages_zoals_mensen_ze_schrijven(adviseur_client, gemeente):
    s = ScenarioFactory(gemeente=gemeente)
    s.aannames["spreiding"]["leerroute"] = ["30", "40.5", "29.50"]
    s.save()
    tekst = adviseur_client.get(
        reverse("rapportage:scenario_wijzig", args=[gemeente.code, s.pk])
    ).content.decode()
    assert 'value="30/40,5/29,5"' in tekst and "E+" not in tekst


def test_r7_scenario_start_vanuit_de_reservering_van_het_laatste_echte_jaar(
    adviseur_client, gemeente
):
    s = ScenarioFactory(gemeente=gemeente)  # first prognosis year 2027
    zonder = adviseur_client.get(reverse("rapportage:scenarios", args=[gemeente.code]))
    eerste_zonder = zonder.context["uitkomsten"][0][1][0]
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2025, reservering_uit=Decimal("1.00"))
    JaarSaldoFactory(herberekening=h, jaar=2026, reservering_uit=Decimal("560000.00"))
    met = adviseur_client.get(reverse("rapportage:scenarios", args=[gemeente.code]))
    s_, jaren, start = met.context["uitkomsten"][0]
    assert s_ == s and start.jaar == 2026
    assert jaren[0].beschikbaar == eerste_zonder.beschikbaar + Decimal("560000.00")
    assert "560.000,00" in met.content.decode()


def test_signaaltellingen_gelijk_aan_die_van_het_register(gemeente, andere_gemeente):
    """The dashboard counts signals in its one pass; they must equal the register's own."""
    from inburgering.selectors import signalen
    from rapportage.selectors import verplichtingen_voor_dashboard

    vandaag = date(2026, 6, 30)
    for g in (gemeente, andere_gemeente):
        vul(g, 30)
        stil = VerplichtingFactory(gemeente=g, datum=date(2025, 1, 1), groepscontract=True)
        FactuurFactory(verplichting=stil, datum=date(2025, 2, 27))
        VerplichtingFactory(gemeente=g, datum=date(2026, 6, 1), groepscontract=True)
        weg = InburgeraarFactory(gemeente=g, huidige_status="verhuisd")
        VerplichtingFactory(gemeente=g, inburgeraar=weg, datum=date(2026, 6, 1))
        klaar = InburgeraarFactory(gemeente=g, huidige_status="afgerond")
        v = VerplichtingFactory(gemeente=g, inburgeraar=klaar, bedrag=Decimal("100.00"))
        FactuurFactory(verplichting=v, bedrag=Decimal("100.00"))
    _, _, tellingen = verplichtingen_voor_dashboard(gemeente, vandaag=vandaag)
    register = signalen(gemeente, vandaag)
    assert tellingen == {
        "zonder_factuur": register.zonder_factuur.count(),
        "gestopt_met_open": register.gestopt_met_open.count(),
    }
    assert tellingen["zonder_factuur"] > 0 and tellingen["gestopt_met_open"] > 0


def test_ander_startjaar_toont_eerst_de_nieuwe_cohorten(adviseur_client, gemeente):
    url = reverse("rapportage:scenario_nieuw", args=[gemeente.code])
    form = adviseur_client.get(url).context["form"]
    data = {
        naam: ("" if form[naam].value() is None else form[naam].value()) for naam in form.fields
    }
    oud = int(data["startjaar"])
    data.update(naam="Later", startjaar=str(oud + 2), startjaar_getoond=str(oud))
    antwoord = adviseur_client.post(url, data)
    assert "eerste prognosejaar gewijzigd" in antwoord.content.decode()
    assert antwoord.context["form"].cohorten[0] == oud  # the cohorts of the new start year
    assert not Scenario.objects.exists()
    data["startjaar_getoond"] = str(oud + 2)
    assert adviseur_client.post(url, data).status_code == 302


def test_dashboard_volgt_de_herberekening_en_houdt_gemeenten_apart(
    adviseur_client, gemeente, andere_gemeente, django_assert_max_num_queries
):
    HerberekeningFactory(gemeente=gemeente)
    VerplichtingFactory(gemeente=gemeente, aanbieder__naam="Eerste School")
    url = reverse("rapportage:dashboard", args=[gemeente.code])
    assert "Eerste School" in adviseur_client.get(url).content.decode()
    with django_assert_max_num_queries(25):  # the cached path is a fixed number as well
        adviseur_client.get(url)

    # A new commitment is announced and recomputed (kern.signals): a new run, a new key.
    VerplichtingFactory(gemeente=gemeente, aanbieder__naam="Tweede School")
    HerberekeningFactory(gemeente=gemeente)
    assert "Tweede School" in adviseur_client.get(url).content.decode()

    # The other gemeente's run never shows this gemeente's commitments.
    HerberekeningFactory(gemeente=andere_gemeente)
    VerplichtingFactory(gemeente=andere_gemeente, aanbieder__naam="School elders")
    from kern.models import Rol, Roltoekenning

    Roltoekenning.objects.create(
        gebruiker=adviseur_client.get(url).wsgi_request.user,
        gemeente=andere_gemeente,
        rol=Rol.FINANCIEEL_ADVISEUR,
    )
    elders = adviseur_client.get(reverse("rapportage:dashboard", args=[andere_gemeente.code]))
    tekst = elders.content.decode()
    assert "School elders" in tekst and "Eerste School" not in tekst


def test_r10_kosten_per_statushouder_bij_hele_euros(adviseur_client, gemeente):
    """SQLite (make run) sums whole euros as ints: the dashboard once answered 500 on a cohort
    whose SPUK amounts were all whole euros. The cost per person is exact to the cent."""
    HerberekeningFactory(gemeente=gemeente)
    for bedrag in (Decimal("9700"), Decimal("9701")):
        p = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
        v = VerplichtingFactory(gemeente=gemeente, inburgeraar=p, bedrag=bedrag)
        FactuurFactory(verplichting=v, bedrag=Decimal("1000"))
    antwoord = adviseur_client.get(reverse("rapportage:dashboard", args=[gemeente.code]))
    assert antwoord.status_code == 200
    # (2 x 1.000 invoiced + 8.700 + 8.701 open) / 2 persons
    assert "9.700,50" in antwoord.content.decode()


def test_scenarios_ook_als_grafiek(adviseur_client, gemeente):
    s = ScenarioFactory(gemeente=gemeente, naam="Midden")
    tekst = adviseur_client.get(reverse("rapportage:scenarios", args=[gemeente.code])).content
    tekst = tekst.decode()
    assert f'aria-labelledby="grafiek-{s.pk}"' in tekst and 'role="img"' in tekst
    assert "Saldo per jaar: Midden" in tekst


def test_overzicht_toont_elk_jaar_met_of_zonder_bevriezing(adviseur_client, gemeente):
    """The landing page lists the SiSa of every year of the recomputation (and last and this
    year), each frozen one with its date, and counts the saved scenarios."""
    from django.utils import timezone

    from rapportage.models import SisaBevriezing

    h = HerberekeningFactory(gemeente=gemeente)
    for regeling in ("SPUK-IV", "SPUK-OR"):
        JaarSaldoFactory(herberekening=h, jaar=2022, regeling=regeling)
    SisaBevriezing.objects.create(gemeente=gemeente, jaar=2022, gegevens={"x": [1] * 100})
    SisaBevriezing.objects.filter(jaar=2022).update(bevroren_op=timezone.now().replace(2023, 6, 30))
    ScenarioFactory(gemeente=gemeente)
    pagina = adviseur_client.get(reverse("rapportage:overzicht", args=[gemeente.code]))
    inhoud = pagina.content.decode()
    jaar = date.today().year
    assert [j for j, _ in pagina.context["jaren"]] == [jaar, jaar - 1, 2022]
    assert inhoud.count("SiSa 2022</a>") == 1 and "Bevroren op 30-06-2023" in inhoud
    assert inhoud.count("Niet bevroren") == 2
    assert "(1 opgeslagen)" in inhoud
