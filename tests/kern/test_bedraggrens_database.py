"""Issue 14.3: the one amount bound of kern.invoer at the database and in every service that
takes an amount. A write that skips the services (a script, a bulk update, raw SQL) is refused
by the database, so no 16-digit amount can land on SQLite and break the pages that sum it."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction

from inburgering.models import Factuur, Factuurstand, Verplichting
from kern.invoer import MAX_BEDRAG
from rapportage import services as rapportage
from spuk import services as spuk
from spuk.models import Beschikking, Ontvangst, Parameter
from tests.factories import FactuurFactory, VerplichtingFactory
from uitvoering import services as uitvoering
from uitvoering.models import Budgetwijziging, Kostenregel, Uitvoeringsbudget

pytestmark = pytest.mark.django_db

TE_GROOT = "is te groot: een bedrag is kleiner dan 1.000.000.000.000 euro"
APPS = ("inburgering", "spuk", "uitvoering", "rapportage", "koppelingen", "kern", "werkboek")


def _geldvelden():
    for model in apps.get_models():
        if model._meta.app_label in APPS:
            for veld in model._meta.concrete_fields:
                geld = isinstance(veld, models.DecimalField) and veld.decimal_places == 2
                if geld and veld.name not in ("fte", "uren", "percentage"):
                    yield model, veld.name


def test_elk_geldveld_van_elk_model_heeft_de_grens_in_de_database():
    ontbreekt = []
    for model, veld in _geldvelden():
        naam = f"{model._meta.app_label}_{model._meta.model_name}_{veld}_grens"
        grens = [c for c in model._meta.constraints if c.name == naam]
        if not grens or grens[0].condition != models.Q(
            **{f"{veld}__gt": -MAX_BEDRAG, f"{veld}__lt": MAX_BEDRAG}
        ):
            ontbreekt.append(f"{model._meta.label}.{veld}")
    assert ontbreekt == []
    assert len(list(_geldvelden())) >= 40  # every money column, derived figures included


def _geweigerd():
    # SQLite: the CHECK constraint. PostgreSQL refuses numeric(14,2) overflow even before it.
    return pytest.raises((IntegrityError, DataError))


def test_een_bulk_update_buiten_de_services_wordt_door_de_database_geweigerd(gemeente):
    factuur = FactuurFactory(verplichting__gemeente=gemeente)
    for model, pk, veld in [
        (Verplichting, factuur.verplichting_id, "bedrag"),
        (Factuur, factuur.pk, "bedrag"),
    ]:
        with _geweigerd(), transaction.atomic():
            model.objects.filter(pk=pk).update(**{veld: Decimal("1234567890123456")})
    factuur.refresh_from_db()
    assert factuur.bedrag == Decimal("1000.00")
    assert Factuurstand.objects.get(verplichting=factuur.verplichting).gefactureerd == Decimal(
        "1000.00"
    )


@pytest.mark.parametrize("bedrag", ["1000000000000", "-1000000000000", "1234567890123456.78"])
def test_ruwe_sql_kan_geen_te_groot_bedrag_schrijven(gemeente, bedrag):
    with _geweigerd(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO spuk_beschikking (gemeente_id, regeling, jaar, soort, datum, bedrag, "
            "kenmerk, aangemaakt_op) VALUES (%s, 'SPUK-IV', 2026, 'voorlopig', %s, %s, '', %s)",
            [gemeente.pk, date(2026, 1, 5), Decimal(bedrag), date(2026, 1, 5)],
        )
    assert not Beschikking.objects.exists()


def test_het_grootste_bedrag_past_nog(gemeente):
    grootste = MAX_BEDRAG - Decimal("0.01")
    v = VerplichtingFactory(gemeente=gemeente, bedrag=grootste)
    v.refresh_from_db()
    assert v.bedrag == grootste


def test_de_standentriggers_bestaan_na_de_migratie():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its triggers when a constraint is added")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        namen = {r[0] for r in cursor.fetchall()}
    assert {
        "inburgering_factuur_standen_insert",
        "inburgering_factuur_standen_delete",
        "inburgering_factuur_standen_update",
        "inburgering_verplichting_standen",
    } <= namen


TE_VEEL = Decimal("1000000000000.00")


def _budget(gemeente, adviseur):
    return uitvoering.leg_budget_vast(
        gebruiker=adviseur, gemeente=gemeente, jaar=2026, bedrag=Decimal("100.00")
    )


SERVICES = {
    "beschikking": lambda g, a: spuk.registreer_beschikking(
        gemeente=g, gebruiker=a, regeling="SPUK-IV", jaar=2026, soort="voorlopig",
        datum=date(2026, 1, 5), bedrag=TE_VEEL,
    ),
    "ontvangst": lambda g, a: spuk.registreer_ontvangst(
        gemeente=g, gebruiker=a, regeling="SPUK-IV", jaar=2026, soort="voorschot",
        datum=date(2026, 1, 5), bedrag=TE_VEEL,
    ),
    "parameter": lambda g, a: spuk.zet_parameter(
        gemeente=g, gebruiker=a, jaar=2026, categorie="trajectbedrag", inburgeringsjaar=None,
        bedrag=TE_VEEL,
    ),
    "budget": lambda g, a: uitvoering.leg_budget_vast(
        gebruiker=a, gemeente=g, jaar=2026, bedrag=TE_VEEL
    ),
    "budget gewijzigd": lambda g, a: uitvoering.wijzig_budget(
        gebruiker=a, budget=_budget(g, a), bedrag=TE_VEEL, bron="", reden="typfout"
    ),
    "budgetwijziging": lambda g, a: uitvoering.voeg_budgetwijziging_toe(
        gebruiker=a, budget=_budget(g, a), datum=date(2026, 9, 1), bedrag=TE_VEEL,
        reden="septembercirculaire",
    ),
    "overige kosten": lambda g, a: uitvoering.maak_kostenregel(
        gebruiker=a, gemeente=g, jaar=2026, soort="overig", omschrijving="huur", bedrag=TE_VEEL
    ),
    "kosten per fte": lambda g, a: uitvoering.maak_kostenregel(
        gebruiker=a, gemeente=g, jaar=2026, soort="formatie", omschrijving="consulenten",
        fte=Decimal("1.00"), kosten_per_fte=TE_VEEL,
    ),
    "begroting": lambda g, a: rapportage.boek_begroting(
        gemeente=g, jaar=2026, stroom="uitvoering", soort="origineel", bedrag=TE_VEEL, gebruiker=a
    ),
}  # fmt: skip
VELD = {"kosten per fte": "kosten_per_fte"}


@pytest.mark.parametrize("wat", SERVICES)
def test_elke_service_die_een_bedrag_neemt_geeft_de_zin_van_het_formulier(wat, gemeente, adviseur):
    with pytest.raises(ValidationError) as fout:
        SERVICES[wat](gemeente, adviseur)
    meldingen = fout.value.message_dict[VELD.get(wat, "bedrag")]
    assert any(TE_GROOT in m for m in meldingen), meldingen
    assert not Beschikking.objects.exists() and not Ontvangst.objects.exists()
    assert not Parameter.objects.exists() and not Kostenregel.objects.exists()
    assert not Budgetwijziging.objects.exists()
    assert not Uitvoeringsbudget.objects.filter(bedrag=TE_VEEL).exists()


def test_fte_maal_kosten_boven_de_grens_wordt_bij_de_fte_geweigerd(gemeente, adviseur):
    with pytest.raises(ValidationError) as fout:
        uitvoering.maak_kostenregel(
            gebruiker=adviseur, gemeente=gemeente, jaar=2026, soort="formatie",
            omschrijving="consulenten", fte=Decimal("3000.00"),
            kosten_per_fte=Decimal("999999999.00"),
        )  # fmt: skip
    assert TE_GROOT in fout.value.message_dict["fte"][0]
    assert not Kostenregel.objects.exists()
