"""The write services: validate, write, audit and report the change; nothing half-written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kern.models import AuditRecord
from kern.signals import gegevens_gewijzigd
from tests.factories import GemeenteFactory, InburgeraarFactory
from uitvoering import services
from uitvoering.models import (
    Budgetwijziging,
    Deelname,
    Kostenregel,
    Tijdregistratie,
    Uitvoeringsbudget,
)

from .factories import KostenregelFactory, UitvoeringsbudgetFactory, verband_van

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def meldingen():
    ontvangen = []

    def ontvang(sender, gemeente_id, oorzaak, **kwargs):
        ontvangen.append(gemeente_id)

    gegevens_gewijzigd.connect(ontvang, dispatch_uid="test_uitvoering_meldingen")
    yield ontvangen
    gegevens_gewijzigd.disconnect(dispatch_uid="test_uitvoering_meldingen")


def test_budget_vastleggen_auditeert_en_plant_geen_spuk_herberekening(
    gemeente, adviseur, meldingen
):
    budget = services.leg_budget_vast(
        gebruiker=adviseur,
        gemeente=gemeente,
        jaar=2025,
        bedrag=D("101000.00"),
        bron="meicirculaire 2025",
    )
    assert budget.bron == "meicirculaire 2025"
    record = AuditRecord.objects.get(object_type="uitvoeringsbudget", object_id=str(budget.pk))
    assert record.gebruiker == adviseur and record.gemeente == gemeente
    assert record.wijzigingen["bedrag"]["nieuw"] == "101000.00"
    assert meldingen == []  # no SPUK figure reads the uitvoering


def test_tweede_budget_voor_hetzelfde_jaar_wordt_geweigerd(gemeente, adviseur):
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    with pytest.raises(ValidationError) as fout:
        services.leg_budget_vast(gebruiker=adviseur, gemeente=gemeente, jaar=2025, bedrag=D("1.00"))
    assert "al een uitvoeringsbudget" in str(fout.value.message_dict["jaar"])
    assert Uitvoeringsbudget.objects.count() == 1


def test_budget_corrigeren_vraagt_een_reden_en_bewaart_het_oude_bedrag(gemeente, adviseur):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025, bedrag=D("100000.00"))
    with pytest.raises(ValidationError):
        services.wijzig_budget(
            gebruiker=adviseur, budget=budget, bedrag=D("1.00"), bron="", reden=" "
        )
    services.wijzig_budget(
        gebruiker=adviseur,
        budget=budget,
        bedrag=D("101000.00"),
        bron="meicirculaire 2025",
        reden="Tikfout",
    )
    budget.refresh_from_db()
    assert budget.bedrag == D("101000.00")
    record = AuditRecord.objects.get(actie="gewijzigd", object_type="uitvoeringsbudget")
    assert record.wijzigingen["bedrag"] == {"oud": "100000.00", "nieuw": "101000.00"}
    assert record.reden == "Tikfout"


def test_budgetwijziging_nul_wordt_geweigerd(gemeente, adviseur):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente)
    with pytest.raises(ValidationError) as fout:
        services.voeg_budgetwijziging_toe(
            gebruiker=adviseur,
            budget=budget,
            datum=date(2025, 9, 1),
            bedrag=D("0.00"),
            reden="niets",
        )
    assert "bedrag" in fout.value.message_dict
    assert not Budgetwijziging.objects.exists()
    services.voeg_budgetwijziging_toe(
        gebruiker=adviseur,
        budget=budget,
        datum=date(2025, 9, 1),
        bedrag=D("-500.00"),
        reden="Korting decembercirculaire",
    )
    assert Budgetwijziging.objects.get().geregistreerd_door == adviseur


def test_r11_formatieregel_bedrag_is_fte_maal_kosten_afgerond(gemeente, adviseur):
    regel = services.maak_kostenregel(
        gebruiker=adviseur,
        gemeente=gemeente,
        jaar=2025,
        soort="formatie",
        omschrijving="Consulenten",
        fte=D("0.27"),
        kosten_per_fte=D("105333.33"),
        bedrag=D("1.00"),
    )
    assert regel.bedrag == D("28440.00")


def test_formatie_zonder_fte_wordt_geweigerd_en_niets_geschreven(gemeente, adviseur):
    with pytest.raises(ValidationError) as fout:
        services.maak_kostenregel(
            gebruiker=adviseur,
            gemeente=gemeente,
            jaar=2025,
            soort="formatie",
            omschrijving="Consulenten",
            kosten_per_fte=D("90000.00"),
        )
    assert "fte" in fout.value.message_dict
    assert not Kostenregel.objects.exists()
    assert not AuditRecord.objects.exists()


def test_overige_kosten_zonder_bedrag_wordt_geweigerd(gemeente, adviseur):
    with pytest.raises(ValidationError) as fout:
        services.maak_kostenregel(
            gebruiker=adviseur,
            gemeente=gemeente,
            jaar=2025,
            soort="overig",
            omschrijving="Software",
        )
    assert "bedrag" in fout.value.message_dict


def test_gedeelde_kosten_worden_bij_elke_deelnemer_geauditeerd(
    gemeente, andere_gemeente, adviseur, meldingen
):
    verband = verband_van(gemeente, andere_gemeente)
    services.maak_kostenregel(
        gebruiker=adviseur,
        samenwerkingsverband=verband,
        jaar=2025,
        soort="overig",
        omschrijving="Software",
        bedrag=D("10000.00"),
    )
    assert set(AuditRecord.objects.values_list("gemeente_id", flat=True)) == {
        gemeente.pk,
        andere_gemeente.pk,
    }
    assert meldingen == []


def test_kostenregel_wijzigen_met_reden(gemeente, adviseur):
    regel = KostenregelFactory(gemeente=gemeente, bedrag=D("100.00"))
    services.wijzig_kostenregel(
        gebruiker=adviseur,
        regel=regel,
        jaar=2025,
        soort="overig",
        omschrijving=regel.omschrijving,
        bedrag=D("150.00"),
        reden="Offerte",
    )
    regel.refresh_from_db()
    assert regel.bedrag == D("150.00")
    assert AuditRecord.objects.get(actie="gewijzigd").reden == "Offerte"


def test_samenwerkingsverband_deelnemers_in_volgorde_van_toevoegen(
    gemeente, andere_gemeente, beheerder
):
    verband = services.maak_samenwerkingsverband(
        gebruiker=beheerder, gemeente=gemeente, naam="Team"
    )
    services.voeg_deelnemer_toe(
        gebruiker=beheerder, samenwerkingsverband=verband, gemeente=andere_gemeente
    )
    derde = GemeenteFactory()
    services.voeg_deelnemer_toe(gebruiker=beheerder, samenwerkingsverband=verband, gemeente=derde)
    assert list(
        Deelname.objects.filter(samenwerkingsverband=verband).values_list("gemeente_id", "volgorde")
    ) == [(gemeente.pk, 1), (andere_gemeente.pk, 2), (derde.pk, 3)]
    with pytest.raises(ValidationError):
        services.voeg_deelnemer_toe(
            gebruiker=beheerder, samenwerkingsverband=verband, gemeente=derde
        )


def test_vaste_percentages_moeten_op_100_uitkomen(gemeente, andere_gemeente, beheerder):
    verband = verband_van(gemeente, andere_gemeente)
    with pytest.raises(ValidationError) as fout:
        services.wijzig_verdeelsleutel(
            gebruiker=beheerder,
            samenwerkingsverband=verband,
            verdeelsleutel="percentage",
            percentages={gemeente.pk: D("52"), andere_gemeente.pk: D("40")},
            reden="Afspraak",
        )
    assert "100" in str(fout.value)
    verband.refresh_from_db()
    assert verband.verdeelsleutel == "inwoners"
    services.wijzig_verdeelsleutel(
        gebruiker=beheerder,
        samenwerkingsverband=verband,
        verdeelsleutel="percentage",
        percentages={gemeente.pk: D("52"), andere_gemeente.pk: D("48")},
        reden="Afspraak",
    )
    assert Deelname.objects.get(gemeente=andere_gemeente).percentage == D("48")


def test_uren_nemen_rol_en_kosten_per_fte_over_van_de_formatieregel(gemeente, adviseur):
    regel = KostenregelFactory(
        gemeente=gemeente,
        jaar=2025,
        formatie=True,
        omschrijving="Consulent",
        kosten_per_fte=D("95000.00"),
    )
    persoon = InburgeraarFactory(gemeente=gemeente)
    registratie = services.registreer_uren(
        gebruiker=adviseur,
        gemeente=gemeente,
        jaar=2025,
        maand=3,
        activiteit="PIP",
        uren=D("2.50"),
        formatieregel=regel,
        inburgeraar=persoon,
    )
    assert (registratie.rol, registratie.kosten_per_fte) == ("Consulent", D("95000.00"))


def test_uren_op_een_formatieregel_van_een_ander_jaar_of_andere_gemeente_geweigerd(
    gemeente, andere_gemeente, adviseur
):
    vorig_jaar = KostenregelFactory(gemeente=gemeente, jaar=2024, formatie=True)
    vreemd = KostenregelFactory(gemeente=andere_gemeente, jaar=2025, formatie=True)
    for regel in (vorig_jaar, vreemd):
        with pytest.raises(ValidationError) as fout:
            services.registreer_uren(
                gebruiker=adviseur,
                gemeente=gemeente,
                jaar=2025,
                maand=3,
                activiteit="PIP",
                uren=D("1"),
                formatieregel=regel,
            )
        assert "formatieregel" in fout.value.message_dict
    assert not Tijdregistratie.objects.exists()


def test_uren_op_formatie_van_het_eigen_samenwerkingsverband_mag(
    gemeente, andere_gemeente, adviseur
):
    verband = verband_van(gemeente, andere_gemeente)
    regel = KostenregelFactory(
        gemeente=None, samenwerkingsverband=verband, jaar=2025, formatie=True
    )
    services.registreer_uren(
        gebruiker=adviseur,
        gemeente=gemeente,
        jaar=2025,
        maand=3,
        activiteit="INTAKE",
        uren=D("1"),
        formatieregel=regel,
    )
    assert Tijdregistratie.objects.count() == 1


def test_database_weigert_kostenregel_zonder_eigenaar_of_met_twee(gemeente):
    from django.db import IntegrityError, transaction

    verband = verband_van(gemeente)
    for kwargs in ({"gemeente": None}, {"samenwerkingsverband": verband}):
        with pytest.raises(IntegrityError), transaction.atomic():
            KostenregelFactory(**({"gemeente": gemeente} | kwargs))


def test_audittrail_van_een_lid_toont_nooit_het_percentage_van_een_ander(
    gemeente, andere_gemeente, beheerder
):
    verband = services.maak_samenwerkingsverband(
        gebruiker=beheerder,
        gemeente=gemeente,
        naam="Team",
        verdeelsleutel="percentage",
        percentage=D("52"),
    )
    services.voeg_deelnemer_toe(
        gebruiker=beheerder,
        samenwerkingsverband=verband,
        gemeente=andere_gemeente,
        percentage=D("48"),
    )
    services.wijzig_verdeelsleutel(
        gebruiker=beheerder,
        samenwerkingsverband=verband,
        verdeelsleutel="percentage",
        percentages={gemeente.pk: D("51"), andere_gemeente.pk: D("49")},
        reden="Nieuwe afspraak",
    )

    def percentages_in_spoor(g):
        gezien = set()
        for wijzigingen in AuditRecord.objects.filter(gemeente=g).values_list(
            "wijzigingen", flat=True
        ):
            waarde = wijzigingen.get("percentage") or {}
            gezien |= {waarde.get("oud"), waarde.get("nieuw")} - {None}
        return gezien

    assert percentages_in_spoor(andere_gemeente) == {"48.00", "49.00"}
    sleutels_b = {
        sleutel
        for w in AuditRecord.objects.filter(gemeente=andere_gemeente).values_list(
            "wijzigingen", flat=True
        )
        for sleutel in w
    }
    assert gemeente.code not in sleutels_b
    assert percentages_in_spoor(gemeente) == {"52.00", "51.00"}
