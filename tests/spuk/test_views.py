"""The SPUK pages as a user sees them: figures, drill-down, entry with the R6 preview, rights."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kern.models import AuditRecord, Rol
from spuk.models import Beschikking, Herberekening, Ontvangst, Parameter
from spuk.services import herbereken
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory

from .factories import BeschikkingFactory, OntvangstFactory
from .helpers import voorbeeld_b

pytestmark = pytest.mark.django_db


def url(naam, gemeente, **kwargs):
    return reverse(f"spuk:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


def test_zonder_berekening_zegt_de_pagina_dat_en_biedt_berekenen_aan(adviseur_client, gemeente):
    inhoud = adviseur_client.get(url("overzicht", gemeente)).content.decode()
    assert "nog geen berekende cijfers" in inhoud
    assert "Nu herberekenen" in inhoud


def test_beleidsmedewerker_ziet_geen_herbereken_knop(client, gemeente, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol(Rol.BELEIDSMEDEWERKER))
    assert "Nu herberekenen" not in client.get(url("overzicht", gemeente)).content.decode()
    assert client.post(url("herbereken", gemeente)).status_code == 403


def test_nu_herberekenen_maakt_de_cijfers(adviseur_client, gemeente):
    voorbeeld_b(gemeente)
    antwoord = adviseur_client.post(url("herbereken", gemeente), follow=True)
    assert antwoord.status_code == 200
    assert Herberekening.objects.get(gemeente=gemeente).status == "voltooid"
    telling = adviseur_client.get(url("telling", gemeente)).content.decode()
    assert "103.112,00" in telling
    assert "Berekend op" in telling


def test_overzicht_toont_de_laatste_voltooide_en_de_lopende_herberekening(
    adviseur_client, gemeente, andere_gemeente
):
    """Both read in one query (spuk.selectors.laatste_en_lopende): the newest complete run's
    date, the newest waiting one's progress, never another gemeente's or a failed run."""
    voorbeeld_b(gemeente)
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2025, 6, 1))
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 6, 1))
    herbereken(gemeente_id=andere_gemeente.pk, peildatum=date(2026, 7, 1))
    S = Herberekening.Status
    Herberekening.objects.create(gemeente=gemeente, peildatum=date(2026, 8, 1), status=S.MISLUKT)
    inhoud = adviseur_client.get(url("overzicht", gemeente)).content.decode()
    assert "peildatum 01-06-2026" in inhoud and 'data-lopend="0"' in inhoud
    Herberekening.objects.create(
        gemeente=gemeente,
        peildatum=date(2026, 9, 1),
        status=S.BEZIG,
        stappen_totaal=4,
        stappen_klaar=3,
        oorzaak="test",
    )
    Herberekening.objects.create(
        gemeente=andere_gemeente, peildatum=date(2026, 9, 1), status=S.GEPLAND, oorzaak="ander"
    )
    inhoud = adviseur_client.get(url("overzicht", gemeente)).content.decode()
    assert "peildatum 01-06-2026" in inhoud and 'data-lopend="1"' in inhoud
    assert "Herberekening bezig (test)" in inhoud and "3 van 4" in inhoud


def test_jaaroverzicht_waarschuwt_voor_terugbetaling_en_doorschuif(adviseur_client, gemeente):
    BeschikkingFactory(gemeente=gemeente, jaar=2024, soort="definitief", bedrag=Decimal("1000"))
    BeschikkingFactory(gemeente=gemeente, jaar=2025, soort="definitief", bedrag=Decimal("1000"))
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("5000"), datum=date(2024, 1, 1))
    FactuurFactory(verplichting=v, datum=date(2025, 3, 1), bedrag=Decimal("2500"))
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 6, 1))
    inhoud = adviseur_client.get(url("overzicht", gemeente)).content.decode()
    assert "Definitieve beschikking" in inhoud or "definitieve beschikking" in inhoud
    assert "1.000,00 moet worden terugbetaald" not in inhoud  # 2024: saldo = cap, nothing back
    assert "schuift door naar het volgende jaar" in inhoud  # 2025: 2000 available, 2500 spent


def test_cohortoverzicht_en_drilldown_naar_facturen(adviseur_client, gemeente):
    voorbeeld_b(gemeente)
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 5, 1))
    FactuurFactory(verplichting=v, factuurnummer="F-DRILL-1", bedrag=Decimal("1234.56"))
    herbereken(gemeente_id=gemeente.pk)
    inhoud = adviseur_client.get(url("cohorten", gemeente)).content.decode()
    link = url("cohort", gemeente, cohort=2024, cijfer="besteed")
    assert link in inhoud and "1.234,56" in inhoud
    detail = adviseur_client.get(link).content.decode()
    assert "F-DRILL-1" in detail
    for cijfer in ("toegekend", "verwacht", "ontvangen", "open"):
        assert (
            adviseur_client.get(url("cohort", gemeente, cohort=2024, cijfer=cijfer)).status_code
            == 200
        )


def test_ontvangst_toont_eerst_de_r6_verdeling_en_boekt_pas_na_bevestigen(
    adviseur_client, gemeente, django_capture_on_commit_callbacks
):
    voorbeeld_b(gemeente)
    gegevens = {
        "regeling": "SPUK-IV",
        "jaar": "2026",
        "soort": "voorschot",
        "datum": "15-01-2026",
        "bedrag": "8.333,33",
        "stap": "voorbeeld",
    }
    inhoud = adviseur_client.post(url("ontvangsten", gemeente), gegevens).content.decode()
    assert "4.144,36" in inhoud and "3.186,82" in inhoud and "1.002,15" in inhoud
    assert not Ontvangst.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        adviseur_client.post(url("ontvangsten", gemeente), {**gegevens, "stap": "boeken"})
    assert Ontvangst.objects.get().bedrag == Decimal("8333.33")
    assert Herberekening.objects.filter(gemeente=gemeente, status="voltooid").exists()


def test_terugvordering_met_positief_bedrag_geeft_melding_bij_het_veld(adviseur_client, gemeente):
    antwoord = adviseur_client.post(
        url("ontvangsten", gemeente),
        {
            "regeling": "SPUK-IV",
            "jaar": "2026",
            "soort": "terugvordering",
            "datum": "2026-05-01",
            "bedrag": "100",
            "stap": "boeken",
        },
    )
    assert "Een terugvordering is een negatief bedrag" in antwoord.content.decode()
    assert not Ontvangst.objects.exists()


def test_beschikking_registreren(adviseur_client, gemeente):
    adviseur_client.post(
        url("beschikkingen", gemeente),
        {
            "regeling": "SPUK-OR",
            "jaar": "2024",
            "soort": "definitief",
            "datum": "2025-05-15",
            "bedrag": "12.500,00",
        },
    )
    b = Beschikking.objects.get()
    assert (b.regeling, b.bedrag) == ("SPUK-OR", Decimal("12500.00"))
    assert AuditRecord.objects.filter(object_type="beschikking").exists()


def test_parameter_wijzigen_door_beheerder_met_geschiedenis(beheerder_client, gemeente):
    gegevens = {
        "p-jaar": "2026",
        "p-categorie": "gezin",
        "p-inburgeringsjaar": "1",
        "p-bedrag": "720,00",
        "formulier": "parameter",
    }
    beheerder_client.post(url("parameters", gemeente), gegevens)
    beheerder_client.post(url("parameters", gemeente), {**gegevens, "p-bedrag": "735,00"})
    assert Parameter.objects.get(gemeente=gemeente).bedrag == Decimal("735.00")
    inhoud = beheerder_client.get(url("parameters", gemeente)).content.decode()
    assert "720.00 → 735.00" in inhoud


def test_adviseur_mag_parameters_niet_wijzigen(adviseur_client, gemeente):
    antwoord = adviseur_client.post(url("parameters", gemeente), {"formulier": "parameter"})
    assert antwoord.status_code == 403


def test_andere_gemeente_geeft_404(adviseur_client, andere_gemeente):
    assert adviseur_client.get(url("overzicht", andere_gemeente)).status_code == 404


def test_r10_dekking_als_fragment_en_als_pagina(adviseur_client, gemeente):
    voorbeeld_b(gemeente)
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2026, 2, 1), leerroute="OR")
    v = VerplichtingFactory(
        gemeente=gemeente, inburgeraar=persoon, bedrag=Decimal("17100.00"), datum=date(2026, 2, 1)
    )
    FactuurFactory(verplichting=v, datum=date(2026, 3, 1), bedrag=Decimal("5000.00"))
    pagina = adviseur_client.get(url("dekking", gemeente, pk=persoon.pk)).content.decode()
    # 6,400 + 5,000 (onderwijsroute) + 4,800 + 4,800 = 21,000 against 17,100 committed.
    assert "21.000,00" in pagina and "17.100,00" in pagina and "3.900,00" in pagina
    assert "<h1" in pagina
    fragment = adviseur_client.get(
        url("dekking", gemeente, pk=persoon.pk), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<h1" not in fragment and 'id="dekking-kop"' in fragment


@pytest.mark.parametrize("aantal", [3, 40])
def test_paginas_doen_een_vast_aantal_queries(
    adviseur_client, gemeente, aantal, django_assert_max_num_queries
):
    voorbeeld_b(gemeente)
    for i in range(aantal):
        v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 5, 1))
        FactuurFactory(verplichting=v)
        OntvangstFactory(gemeente=gemeente, datum=date(2026, 1, 1 + i % 28))
    herbereken(gemeente_id=gemeente.pk)
    persoon = InburgeraarFactory(gemeente=gemeente)
    paginas = [
        url("overzicht", gemeente),
        url("cohorten", gemeente),
        url("telling", gemeente),
        url("ontvangsten", gemeente),
        url("beschikkingen", gemeente),
        url("parameters", gemeente),
        url("grootboek", gemeente),
        url("dekking", gemeente, pk=persoon.pk),
    ] + [
        url("cohort", gemeente, cohort=2024, cijfer=c)
        for c in ("toegekend", "verwacht", "ontvangen", "besteed", "open")
    ]
    for pagina in paginas:
        with django_assert_max_num_queries(16):
            assert adviseur_client.get(pagina).status_code == 200, pagina


def test_betaalritme_wijzigen_telt_door_in_de_afleiding(beheerder_client, gemeente):
    from spuk.models import Betaalritme

    gegevens = {
        "formulier": "ritme",
        "ritme-vanaf_cohort": "2026",
        "ritme-jaar1": "50",
        "ritme-jaar2": "25",
        "ritme-jaar3": "20",
    }
    inhoud = beheerder_client.post(url("parameters", gemeente), gegevens).content.decode()
    assert "samen 100 zijn" in inhoud
    beheerder_client.post(url("parameters", gemeente), {**gegevens, "ritme-jaar3": "25"})
    ritme = Betaalritme.objects.get(gemeente=gemeente, vanaf_cohort=2026)
    assert (ritme.jaar1, ritme.jaar2, ritme.jaar3) == (
        Decimal("0.5"),
        Decimal("0.25"),
        Decimal("0.25"),
    )
