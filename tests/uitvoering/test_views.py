"""The uitvoering pages as users see them: figures, forms, rights and privacy between members."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kern.models import Rol, Roltoekenning
from tests.conftest import maak_gebruiker
from tests.factories import (
    FactuurFactory,
    GemeenteFactory,
    InburgeraarFactory,
    VerplichtingFactory,
    voorziening,
)
from uitvoering.models import (
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Tijdregistratie,
    Uitvoeringsbudget,
)

from .factories import (
    BudgetwijzigingFactory,
    KostenregelFactory,
    TijdregistratieFactory,
    UitvoeringsbudgetFactory,
    verband_van,
)

D = Decimal
pytestmark = pytest.mark.django_db


def url(naam, gemeente, **kwargs):
    return reverse(f"uitvoering:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


@pytest.fixture
def gedeeld(gemeente, andere_gemeente):
    """Worked example D: A (gemeente) and B (andere_gemeente) share a service, 52% / 48%."""
    verband = verband_van(
        gemeente,
        andere_gemeente,
        verdeelsleutel="percentage",
        percentages=["52", "48"],
        naam="Team inburgering A-B",
    )
    KostenregelFactory(
        gemeente=None,
        samenwerkingsverband=verband,
        jaar=2022,
        formatie=True,
        omschrijving="Consulenten gedeeld",
        fte=D("2.00"),
        kosten_per_fte=D("124000.00"),
        bedrag=D("248000.00"),
    )
    KostenregelFactory(
        gemeente=None,
        samenwerkingsverband=verband,
        jaar=2022,
        omschrijving="Software gedeeld",
        bedrag=D("24000.00"),
    )
    UitvoeringsbudgetFactory(
        gemeente=gemeente, jaar=2022, bedrag=D("101000.00"), bron="meicirculaire 2022"
    )
    UitvoeringsbudgetFactory(
        gemeente=andere_gemeente, jaar=2022, bedrag=D("97123.45"), bron="meicirculaire 2022 B"
    )
    KostenregelFactory(
        gemeente=gemeente, jaar=2023, omschrijving="Geheime inhuur A", bedrag=D("31415.92")
    )
    return verband


def test_voorbeeld_d_op_het_overzicht(client, adviseur, gedeeld, gemeente):
    client.force_login(adviseur)
    html = client.get(url("overzicht", gemeente)).content.decode()
    assert "€ 101.000,00" in html
    assert "€ 141.440,00" in html
    assert "€ 40.440,00" in html
    assert "meicirculaire 2022" in html


def test_jaarpagina_toont_verdeelsleutel_aandeel_en_tekort(client, adviseur, gedeeld, gemeente):
    client.force_login(adviseur)
    html = client.get(url("jaar", gemeente, jaar=2022)).content.decode()
    assert "Team inburgering A-B" in html
    assert "vast percentage: 52%" in html
    assert "€ 272.000,00" in html and "€ 141.440,00" in html and "€ 40.440,00" in html


@pytest.mark.parametrize("rol", [Rol.BELEIDSMEDEWERKER, Rol.FINANCIEEL_ADVISEUR])
def test_gemeente_b_ziet_nooit_de_cijfers_van_gemeente_a(
    client, gedeeld, gemeente, andere_gemeente, rol
):
    gebruiker_b = maak_gebruiker(f"b-{rol}", andere_gemeente, rol)
    client.force_login(gebruiker_b)
    paginas = [
        url("overzicht", andere_gemeente),
        url("jaar", andere_gemeente, jaar=2022),
        url("jaar", andere_gemeente, jaar=2023),
        url("samenwerking", andere_gemeente),
        url("verband", andere_gemeente, pk=gedeeld.pk),
    ]
    for pagina in paginas:
        antwoord = client.get(pagina)
        assert antwoord.status_code == 200, pagina
        html = antwoord.content.decode()
        for geheim in (
            "101.000,00",
            "141.440,00",
            "40.440,00",
            "Geheime inhuur A",
            "31.415,92",
            "52%",
            "52,00",
        ):
            assert geheim not in html, (pagina, geheim)
    verband_html = client.get(url("verband", andere_gemeente, pk=gedeeld.pk)).content.decode()
    assert "€ 130.560,00" in verband_html  # own share
    assert "€ 272.000,00" in verband_html  # the verband's costs
    assert "48%" in verband_html


def test_gemeente_b_kan_de_paginas_van_a_niet_openen(client, gedeeld, gemeente, andere_gemeente):
    client.force_login(maak_gebruiker("b", andere_gemeente, Rol.BEHEERDER))
    regel_a = Kostenregel.objects.get(omschrijving="Geheime inhuur A")
    budget_a = Uitvoeringsbudget.objects.get(gemeente=gemeente)
    assert client.get(url("overzicht", gemeente)).status_code == 404
    assert client.get(url("verband", gemeente, pk=gedeeld.pk)).status_code == 404
    # Through B's own gemeente in the URL, A's rows are not found either.
    assert client.get(url("kosten_wijzigen", andere_gemeente, pk=regel_a.pk)).status_code == 404
    assert client.get(url("budget_wijzigen", andere_gemeente, pk=budget_a.pk)).status_code == 404
    assert (
        client.post(
            url("budgetwijziging_nieuw", andere_gemeente, pk=budget_a.pk),
            {"datum": "2022-09-01", "bedrag": "5", "reden": "x"},
        ).status_code
        == 404
    )
    assert not Budgetwijziging.objects.exists()


def test_verband_waarin_de_gemeente_niet_meedoet_is_onvindbaar(client, adviseur, gemeente):
    vreemd = verband_van(GemeenteFactory(), GemeenteFactory())
    client.force_login(adviseur)
    assert client.get(url("verband", gemeente, pk=vreemd.pk)).status_code == 404
    assert (
        client.post(
            url("verband_kosten_nieuw", gemeente, pk=vreemd.pk),
            {"jaar": 2025, "soort": "overig", "omschrijving": "x", "bedrag": "1"},
        ).status_code
        == 404
    )
    assert not Kostenregel.objects.exists()


def test_overzicht_vaste_aantal_queries(
    client, adviseur, gemeente, andere_gemeente, django_assert_max_num_queries
):
    client.force_login(adviseur)
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    verband = verband_van(gemeente, andere_gemeente)
    KostenregelFactory(gemeente=gemeente, jaar=2025)
    KostenregelFactory(gemeente=None, samenwerkingsverband=verband, jaar=2025)
    VerplichtingFactory(
        gemeente=gemeente, financiering="UITVOERING", voorziening=voorziening(gemeente, "MB")
    )
    with django_assert_max_num_queries(14) as weinig:
        assert client.get(url("overzicht", gemeente)).status_code == 200
    for jaar in range(2022, 2030):
        UitvoeringsbudgetFactory(gemeente=gemeente, jaar=jaar + 100)
        for _ in range(3):
            KostenregelFactory(gemeente=gemeente, jaar=jaar)
            KostenregelFactory(gemeente=None, samenwerkingsverband=verband, jaar=jaar)
    for i in range(3):
        ander = verband_van(gemeente, GemeenteFactory(), naam=f"Verband {i}")
        KostenregelFactory(gemeente=None, samenwerkingsverband=ander, jaar=2024)
    for _ in range(30):
        v = VerplichtingFactory(
            gemeente=gemeente, financiering="UITVOERING", voorziening=voorziening(gemeente, "MB")
        )
        FactuurFactory(verplichting=v, bedrag=D("10.00"))
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        antwoord = client.get(url("overzicht", gemeente))
    assert antwoord.content.decode().count("Mogelijk ten laste van de SPUK</strong>") == 25


def test_jaar_en_verband_en_uren_vaste_aantal_queries(
    client, adviseur, gemeente, andere_gemeente, django_assert_max_num_queries
):
    client.force_login(adviseur)
    verband = verband_van(gemeente, andere_gemeente)
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    paginas = [
        url("jaar", gemeente, jaar=2025),
        url("verband", gemeente, pk=verband.pk),
        url("uren", gemeente) + "?jaar=2025",
        url("samenwerking", gemeente),
    ]
    TijdregistratieFactory(gemeente=gemeente, inburgeraar=InburgeraarFactory(gemeente=gemeente))
    aantallen = []
    for pagina in paginas:
        with django_assert_max_num_queries(16) as q:
            assert client.get(pagina).status_code == 200
        aantallen.append(len(q.captured_queries))
    for i in range(20):
        BudgetwijzigingFactory(budget=budget)
        KostenregelFactory(gemeente=gemeente, jaar=2025)
        KostenregelFactory(gemeente=None, samenwerkingsverband=verband, jaar=2020 + i % 8)
        TijdregistratieFactory(
            gemeente=gemeente,
            activiteit=["PIP", "BELEID"][i % 2],
            inburgeraar=InburgeraarFactory(gemeente=gemeente),
        )
    for pagina, aantal in zip(paginas, aantallen, strict=True):
        with django_assert_max_num_queries(aantal):
            assert client.get(pagina).status_code == 200


def test_budget_vastleggen_in_nederlandse_notatie(client, adviseur, gemeente):
    client.force_login(adviseur)
    antwoord = client.post(
        url("budget_nieuw", gemeente),
        {"jaar": "2025", "bedrag": "101.000,00", "bron": "meicirculaire 2025"},
    )
    assert antwoord.status_code == 302
    budget = Uitvoeringsbudget.objects.get(gemeente=gemeente)
    assert (budget.jaar, budget.bedrag) == (2025, D("101000.00"))


def test_ongeldig_bedrag_geeft_melding_bij_het_veld_en_schrijft_niets(client, adviseur, gemeente):
    client.force_login(adviseur)
    antwoord = client.post(url("budget_nieuw", gemeente), {"jaar": "2025", "bedrag": "veel"})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "is geen bedrag" in html and "utrecht-form-field--invalid" in html
    assert not Uitvoeringsbudget.objects.exists()


def test_dubbel_budget_melding_bij_jaar(client, adviseur, gemeente):
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    client.force_login(adviseur)
    antwoord = client.post(url("budget_nieuw", gemeente), {"jaar": "2025", "bedrag": "5"})
    assert "Voor 2025 is al een uitvoeringsbudget vastgelegd" in antwoord.content.decode()


def test_formatieregel_via_het_formulier(client, adviseur, gemeente):
    client.force_login(adviseur)
    zonder_fte = client.post(
        url("kosten_nieuw", gemeente),
        {
            "jaar": "2025",
            "soort": "formatie",
            "omschrijving": "Consulenten",
            "kosten_per_fte": "95.000,00",
        },
    )
    assert "Vul bij formatie het aantal fte in" in zonder_fte.content.decode()
    assert not Kostenregel.objects.exists()
    antwoord = client.post(
        url("kosten_nieuw", gemeente),
        {
            "jaar": "2025",
            "soort": "formatie",
            "omschrijving": "Consulenten",
            "fte": "1,68",
            "kosten_per_fte": "112.000,00",
        },
    )
    assert antwoord.status_code == 302
    assert Kostenregel.objects.get().bedrag == D("188160.00")


def test_budgetwijziging_via_het_formulier_telt_in_het_budget(client, adviseur, gemeente):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025, bedrag=D("101000.00"))
    client.force_login(adviseur)
    client.post(
        url("budgetwijziging_nieuw", gemeente, pk=budget.pk),
        {"datum": "16-09-2025", "bedrag": "-1.250,50", "reden": "Decembercirculaire"},
    )
    html = client.get(url("jaar", gemeente, jaar=2025)).content.decode()
    assert "-€ 1.250,50" in html and "€ 99.749,50" in html


def test_beleidsmedewerker_mag_lezen_maar_niet_muteren(client, gebruiker_met_rol, gemeente):
    client.force_login(gebruiker_met_rol(Rol.BELEIDSMEDEWERKER))
    assert client.get(url("overzicht", gemeente)).status_code == 200
    assert (
        "Uitvoeringsbudget vastleggen"
        not in client.get(url("overzicht", gemeente)).content.decode()
    )
    assert client.get(url("budget_nieuw", gemeente)).status_code == 403
    assert (
        client.post(url("budget_nieuw", gemeente), {"jaar": "2025", "bedrag": "1"}).status_code
        == 403
    )
    assert not Uitvoeringsbudget.objects.exists()


def test_adviseur_van_een_lid_mag_gedeelde_kosten_invoeren(
    client, adviseur, gemeente, andere_gemeente
):
    verband = verband_van(gemeente, andere_gemeente)
    client.force_login(adviseur)
    antwoord = client.post(
        url("verband_kosten_nieuw", gemeente, pk=verband.pk),
        {"jaar": "2025", "soort": "overig", "omschrijving": "Software", "bedrag": "10.000,00"},
    )
    assert antwoord.status_code == 302
    assert Kostenregel.objects.get().samenwerkingsverband == verband


def test_deelnemer_toevoegen_vraagt_beheer_in_elke_gemeente(
    client, beheerder, gemeente, andere_gemeente
):
    verband = verband_van(gemeente, andere_gemeente)
    derde = GemeenteFactory()
    Roltoekenning.objects.create(gebruiker=beheerder, gemeente=derde, rol=Rol.BEHEERDER)
    client.force_login(beheerder)
    assert client.get(url("deelnemer_nieuw", gemeente, pk=verband.pk)).status_code == 403
    assert client.get(url("verdeelsleutel", gemeente, pk=verband.pk)).status_code == 403
    Roltoekenning.objects.create(gebruiker=beheerder, gemeente=andere_gemeente, rol=Rol.BEHEERDER)
    beheerder._rechten_cache = None
    antwoord = client.post(url("deelnemer_nieuw", gemeente, pk=verband.pk), {"gemeente": derde.pk})
    assert antwoord.status_code == 302
    assert Deelname.objects.get(gemeente=derde).volgorde == 3


def test_deelnemer_kan_alleen_een_gemeente_zijn_die_je_beheert(
    client, beheerder, gemeente, andere_gemeente
):
    verband = verband_van(gemeente)
    client.force_login(beheerder)
    antwoord = client.post(
        url("deelnemer_nieuw", gemeente, pk=verband.pk), {"gemeente": andere_gemeente.pk}
    )
    assert antwoord.status_code == 200
    assert "utrecht-form-field--invalid" in antwoord.content.decode()
    assert not Deelname.objects.filter(gemeente=andere_gemeente).exists()


def test_samenwerkingsverband_aanmaken_en_verdeelsleutel(client, beheerder, gemeente):
    client.force_login(beheerder)
    antwoord = client.post(
        url("verband_nieuw", gemeente), {"naam": "Team regio", "verdeelsleutel": "inwoners"}
    )
    assert antwoord.status_code == 302
    deelname = Deelname.objects.get(gemeente=gemeente)
    fout = client.post(
        url("verdeelsleutel", gemeente, pk=deelname.samenwerkingsverband_id),
        {"verdeelsleutel": "percentage", f"pct_{gemeente.pk}": "90", "reden": "x"},
    )
    assert "precies 100" in fout.content.decode()
    goed = client.post(
        url("verdeelsleutel", gemeente, pk=deelname.samenwerkingsverband_id),
        {"verdeelsleutel": "percentage", f"pct_{gemeente.pk}": "100", "reden": "x"},
    )
    assert goed.status_code == 302


def test_schot_signaal_op_het_overzicht(client, adviseur, gemeente):
    VerplichtingFactory(
        gemeente=gemeente,
        nummer="V-MB-1",
        financiering="UITVOERING",
        voorziening=voorziening(gemeente, "MB"),
    )
    VerplichtingFactory(
        gemeente=gemeente,
        nummer="V-INTAKE-1",
        financiering="UITVOERING",
        voorziening=voorziening(gemeente, "INTAKE"),
    )
    client.force_login(adviseur)
    html = client.get(url("overzicht", gemeente)).content.decode()
    assert "V-MB-1" in html and "Mogelijk ten laste van de SPUK" in html
    assert "V-INTAKE-1" not in html


def test_uren_registreren_en_kosten_per_activiteit(client, adviseur, gemeente, settings):
    settings.PRODUCTIEVE_UREN_PER_FTE = D("1364")
    regel = KostenregelFactory(
        gemeente=gemeente,
        jaar=2025,
        formatie=True,
        omschrijving="Consulent",
        kosten_per_fte=D("95000.00"),
    )
    InburgeraarFactory(gemeente=gemeente, kenmerk="K-42")
    client.force_login(adviseur)
    onbekend = client.post(
        url("uren_nieuw", gemeente),
        {
            "jaar": "2025",
            "maand": "3",
            "activiteit": "INTAKE",
            "uren": "10",
            "formatieregel": regel.pk,
            "kenmerk": "K-99",
        },
    )
    assert "Er is geen inburgeraar met kenmerk K-99" in onbekend.content.decode()
    assert not Tijdregistratie.objects.exists()
    antwoord = client.post(
        url("uren_nieuw", gemeente),
        {
            "jaar": "2025",
            "maand": "3",
            "activiteit": "INTAKE",
            "uren": "10",
            "formatieregel": regel.pk,
            "kenmerk": "K-42",
        },
    )
    assert antwoord.status_code == 302
    html = client.get(url("uren", gemeente) + "?jaar=2025").content.decode()
    assert "€ 696,48" in html  # 10 x 95,000 / 1,364
    assert "K-42" in html
    assert "€ 2.300,00" in html  # national figure for < 30,000 inhabitants (27,500)


def test_uren_formulier_biedt_geen_formatie_van_een_andere_gemeente(
    client, adviseur, gemeente, andere_gemeente
):
    vreemd = KostenregelFactory(
        gemeente=andere_gemeente, jaar=2025, formatie=True, omschrijving="Vreemde rol"
    )
    client.force_login(adviseur)
    assert "Vreemde rol" not in client.get(url("uren_nieuw", gemeente)).content.decode()
    antwoord = client.post(
        url("uren_nieuw", gemeente),
        {
            "jaar": "2025",
            "maand": "3",
            "activiteit": "INTAKE",
            "uren": "1",
            "formatieregel": vreemd.pk,
        },
    )
    assert antwoord.status_code == 200
    assert not Tijdregistratie.objects.exists()


def test_vergelijking_met_landelijk_cijfer_per_begeleide_inburgeraar(client, adviseur, gemeente):
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    KostenregelFactory(gemeente=gemeente, jaar=2025, bedrag=D("30000.00"))
    for _ in range(12):
        InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    client.force_login(adviseur)
    html = client.get(url("overzicht", gemeente)).content.decode()
    assert "€ 2.500,00" in html  # 30,000 / 12
    assert "€ 2.300,00" in html
    assert "€ 200,00 (hoger)" in html


def test_gedeelde_kostenregel_wijzigen_door_een_lid(client, gedeeld, gemeente, andere_gemeente):
    """B's adviseur corrects the verband's software line; A's share follows, B sees only B's."""
    client.force_login(maak_gebruiker("b-fa", andere_gemeente, Rol.FINANCIEEL_ADVISEUR))
    regel = Kostenregel.objects.get(omschrijving="Software gedeeld")
    antwoord = client.post(
        url("kosten_wijzigen", andere_gemeente, pk=regel.pk),
        {
            "jaar": "2022",
            "soort": "overig",
            "omschrijving": "Software gedeeld",
            "bedrag": "24.000,00",
            "reden": "Factuur leverancier",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == url("verband", andere_gemeente, pk=gedeeld.pk)


def test_kostenregel_van_een_vreemd_verband_is_onvindbaar(client, adviseur, gemeente):
    vreemd = verband_van(GemeenteFactory(), GemeenteFactory())
    regel = KostenregelFactory(gemeente=None, samenwerkingsverband=vreemd)
    client.force_login(adviseur)
    assert client.get(url("kosten_wijzigen", gemeente, pk=regel.pk)).status_code == 404


def test_tweede_keer_hetzelfde_formulier_verzenden_schrijft_niets_dubbel(
    client, adviseur, gemeente
):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    client.force_login(adviseur)
    formulier = client.get(url("budgetwijziging_nieuw", gemeente, pk=budget.pk)).content.decode()
    token = re.search(r'name="formtoken" value="([0-9a-f-]+)"', formulier).group(1)
    gegevens = {"formtoken": token, "datum": "2025-09-16", "bedrag": "1.850,00", "reden": "Sept."}
    eerste = client.post(url("budgetwijziging_nieuw", gemeente, pk=budget.pk), gegevens)
    tweede = client.post(
        url("budgetwijziging_nieuw", gemeente, pk=budget.pk), gegevens, follow=True
    )
    assert eerste.status_code == 302
    assert Budgetwijziging.objects.count() == 1
    assert "er is niets dubbel vastgelegd" in tweede.content.decode()


def test_na_een_fout_kan_hetzelfde_formulier_opnieuw(client, adviseur, gemeente):
    client.force_login(adviseur)
    formulier = client.get(url("budget_nieuw", gemeente)).content.decode()
    token = re.search(r'name="formtoken" value="([0-9a-f-]+)"', formulier).group(1)
    fout = client.post(
        url("budget_nieuw", gemeente), {"formtoken": token, "jaar": "2025", "bedrag": "x"}
    )
    nieuw = re.search(r'name="formtoken" value="([0-9a-f-]+)"', fout.content.decode()).group(1)
    goed = client.post(
        url("budget_nieuw", gemeente), {"formtoken": nieuw, "jaar": "2025", "bedrag": "5"}
    )
    assert goed.status_code == 302
    assert Uitvoeringsbudget.objects.count() == 1
