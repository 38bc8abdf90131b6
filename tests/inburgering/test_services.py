"""The services of the register, commitments and invoices (R8), against PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inburgering import selectors, services
from inburgering.models import Factuur, Verplichting
from kern import eenmalig as kern_eenmalig
from kern.models import AuditRecord
from kern.signals import gegevens_gewijzigd
from tests.factories import (
    AanbiederFactory,
    FactuurFactory,
    InburgeraarFactory,
    VerplichtingFactory,
    voorziening,
)

GELDIG_BSN = "111222333"


@pytest.fixture
def meldingen():
    """Collects the meld_wijziging calls (the spuk app listens to these)."""
    gezien = []

    def ontvanger(sender, gemeente_id, oorzaak, **kwargs):
        gezien.append((gemeente_id, oorzaak))

    gegevens_gewijzigd.connect(ontvanger, dispatch_uid="test-inburgering")
    yield gezien
    gegevens_gewijzigd.disconnect(dispatch_uid="test-inburgering")


def _open(v: Verplichting) -> Decimal:
    return selectors.verplichtingen(v.gemeente).get(pk=v.pk).open_bedrag


# --- commitments and the schot ---


def test_r8_verplichting_krijgt_cohort_van_de_persoon(gemeente, adviseur, meldingen):
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2023, 11, 2))
    v = services.maak_verplichting(
        gemeente=gemeente,
        inburgeraar=persoon,
        voorziening=voorziening(gemeente, "B1"),
        aanbieder=AanbiederFactory(gemeente=gemeente),
        bedrag=Decimal("9700.00"),
        datum=date(2024, 1, 10),
        financiering="SPUK-IV",
        cohort=2026,  # ignored: a personal commitment follows the person (R2)
        gebruiker=adviseur,
    )
    assert v.cohort == 2023
    assert v.classificatie == "spuk"
    assert v.nummer == "V2024-00001"
    assert meldingen == [(gemeente.pk, "Verplichting V2024-00001 aangemaakt")]
    audit = AuditRecord.objects.get(object_type="verplichting", object_id=str(v.pk))
    assert audit.wijzigingen["bedrag"] == {"oud": None, "nieuw": "9700.00"}


def test_r8_groepscontract_vraagt_cohort(gemeente):
    with pytest.raises(ValidationError) as fout:
        services.maak_verplichting(
            gemeente=gemeente,
            voorziening=voorziening(gemeente, "TOLK"),
            aanbieder=AanbiederFactory(gemeente=gemeente),
            bedrag=Decimal("500.00"),
            datum=date(2024, 1, 10),
            financiering="SPUK-IV",
        )
    assert "cohort" in fout.value.message_dict


@pytest.mark.parametrize("financiering", ["SPUK-IV", "SPUK-OR"])
def test_r8_schot_service_weigert_uitvoering_uit_spuk(gemeente, financiering):
    with pytest.raises(ValidationError) as fout:
        services.maak_verplichting(
            gemeente=gemeente,
            inburgeraar=InburgeraarFactory(gemeente=gemeente),
            voorziening=voorziening(gemeente, "BRUGKLAS"),
            aanbieder=AanbiederFactory(gemeente=gemeente),
            bedrag=Decimal("850.00"),
            datum=date(2024, 1, 10),
            financiering=financiering,
        )
    assert "het schot" in fout.value.message_dict["financiering"][0]
    assert not Verplichting.objects.exists()


def test_r8_schot_uitvoering_uit_uitvoeringsbudget_mag(gemeente):
    v = services.maak_verplichting(
        gemeente=gemeente,
        inburgeraar=InburgeraarFactory(gemeente=gemeente),
        voorziening=voorziening(gemeente, "BRUGKLAS"),
        aanbieder=AanbiederFactory(gemeente=gemeente),
        bedrag=Decimal("850.00"),
        datum=date(2024, 1, 10),
        financiering="UITVOERING",
    )
    assert v.classificatie == "uitvoering"


def test_r8_schot_database_weigert_directe_insert(gemeente):
    brugklas = voorziening(gemeente, "BRUGKLAS")
    with pytest.raises(IntegrityError), transaction.atomic():
        VerplichtingFactory(
            gemeente=gemeente,
            voorziening=brugklas,
            classificatie="uitvoering",
            financiering="SPUK-IV",
        )


def test_herclassificatie_brugklas_maakt_spuk_mogelijk_en_wordt_geaudit(gemeente, beheerder):
    brugklas = voorziening(gemeente, "BRUGKLAS")
    services.herclassificeer_voorziening(
        voorziening=brugklas, classificatie="spuk", reden="Raadsbesluit 2026", gebruiker=beheerder
    )
    v = services.maak_verplichting(
        gemeente=gemeente,
        inburgeraar=InburgeraarFactory(gemeente=gemeente),
        voorziening=voorziening(gemeente, "BRUGKLAS"),
        aanbieder=AanbiederFactory(gemeente=gemeente),
        bedrag=Decimal("850.00"),
        datum=date(2026, 1, 10),
        financiering="SPUK-IV",
    )
    assert v.classificatie == "spuk"
    audit = AuditRecord.objects.get(object_type="voorziening", object_id=str(brugklas.pk))
    assert audit.wijzigingen == {"classificatie": {"oud": "uitvoering", "nieuw": "spuk"}}
    assert audit.reden == "Raadsbesluit 2026"


# --- invoices ---


def test_r8_factuur_boven_open_wordt_geweigerd(gemeente, adviseur):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("700.00"))
    with pytest.raises(ValidationError) as fout:
        services.boek_factuur(
            verplichting=v, factuurnummer="F-2", datum=date(2024, 7, 1), bedrag=Decimal("300.01")
        )
    assert "€ 300,00" in fout.value.message_dict["bedrag"][0]
    factuur = services.boek_factuur(
        verplichting=v,
        factuurnummer="F-2",
        datum=date(2024, 7, 1),
        bedrag=Decimal("300.00"),
        gebruiker=adviseur,
    )
    assert factuur.boekjaar == 2024
    assert factuur.aanbieder == v.aanbieder
    assert _open(v) == Decimal("0.00")


def test_r8_creditfactuur_corrigeert_en_opent_weer(gemeente, meldingen):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    origineel = services.boek_factuur(
        verplichting=v, factuurnummer="F-1", datum=date(2024, 7, 1), bedrag=Decimal("1000.00")
    )
    credit = services.boek_factuur(
        verplichting=v,
        factuurnummer="C-1",
        datum=date(2025, 1, 5),
        bedrag=Decimal("-250.00"),
        corrigeert=origineel,
    )
    assert credit.corrigeert == origineel and credit.boekjaar == 2025
    assert _open(v) == Decimal("250.00")
    # A credit note can never take the total below zero.
    with pytest.raises(ValidationError):
        services.boek_factuur(
            verplichting=v, factuurnummer="C-2", datum=date(2025, 1, 6), bedrag=Decimal("-750.01")
        )
    assert len(meldingen) == 2
    assert AuditRecord.objects.filter(actie="gecorrigeerd", object_type="factuur").count() == 1


def test_r8_factuurnummer_uniek_per_aanbieder(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    services.boek_factuur(
        verplichting=v, factuurnummer="F-1", datum=date(2024, 7, 1), bedrag=Decimal("100.00")
    )
    with pytest.raises(ValidationError) as fout:
        services.boek_factuur(
            verplichting=v, factuurnummer="F-1", datum=date(2024, 7, 2), bedrag=Decimal("100.00")
        )
    assert "al geboekt" in fout.value.message_dict["factuurnummer"][0]


def test_r8_niets_op_een_gesloten_verplichting(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, gesloten=True)
    with pytest.raises(ValidationError) as fout:
        services.boek_factuur(
            verplichting=v, factuurnummer="F-1", datum=date(2025, 7, 1), bedrag=Decimal("1.00")
        )
    assert "gesloten" in fout.value.message_dict["bedrag"][0]


# --- raising, lowering, releasing, re-pricing ---


def test_r8_ophogen_met_reden_maakt_factuur_mogelijk(gemeente, adviseur):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("900.00"))
    with pytest.raises(ValidationError) as fout:
        services.wijzig_verplichting(verplichting=v, nieuw_bedrag=Decimal("1200.00"), reden=" ")
    assert "reden" in fout.value.message_dict
    mutatie = services.wijzig_verplichting(
        verplichting=v, nieuw_bedrag=Decimal("1200.00"), reden="Extra lesuren", gebruiker=adviseur
    )
    assert (mutatie.soort, mutatie.bedrag_oud, mutatie.bedrag_nieuw) == (
        "wijziging",
        Decimal("1000.00"),
        Decimal("1200.00"),
    )
    assert v.bedrag == Decimal("1200.00")
    assert _open(v) == Decimal("300.00")
    audit = AuditRecord.objects.get(object_type="verplichting", actie="gewijzigd")
    assert audit.wijzigingen == {
        "bedrag": {"oud": "1000.00", "nieuw": "1200.00"},
        "mutatie": {"oud": None, "nieuw": "wijziging"},
    }
    assert audit.reden == "Extra lesuren"


def test_r8_verlagen_niet_onder_gefactureerd(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("600.00"))
    with pytest.raises(ValidationError) as fout:
        services.wijzig_verplichting(verplichting=v, nieuw_bedrag=Decimal("599.99"), reden="x")
    assert "Vul minstens € 600,00 in" in fout.value.message_dict["bedrag"][0]
    services.wijzig_verplichting(verplichting=v, nieuw_bedrag=Decimal("600.00"), reden="x")
    assert _open(v) == Decimal("0.00")


def test_r8_vrijval_sluit_en_open_wordt_nul(gemeente, adviseur, meldingen):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("400.00"))
    mutatie = services.vrijval(
        verplichting=v, datum=date(2025, 3, 1), reden="Gestopt", gebruiker=adviseur
    )
    assert mutatie.vrijgevallen == Decimal("600.00")
    assert v.gesloten_op == date(2025, 3, 1)
    assert v.bedrag == Decimal("1000.00")  # what was committed stays visible
    assert _open(v) == Decimal("0.00")
    assert meldingen
    with pytest.raises(ValidationError, match="al gesloten"):
        services.vrijval(verplichting=v, reden="nog eens")


def test_r8_vrijval_zonder_reden_geweigerd_en_niets_gesloten(gemeente):
    v = VerplichtingFactory(gemeente=gemeente)
    with pytest.raises(ValidationError, match="Vul de reden van de vrijval in"):
        services.vrijval(verplichting=v, reden=" ")
    with pytest.raises(ValidationError, match="Vul de reden van de vrijval in"):
        services.vrijval_alles(inburgeraar=v.inburgeraar, reden="")
    v.refresh_from_db()
    assert v.gesloten_op is None and not v.mutaties.exists()


# --- the register ---


def test_registreer_inburgeraar_bewaart_bsn_versleuteld_en_audit_gemaskeerd(gemeente, adviseur):
    persoon = services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K-1",
        doelgroep="asiel",
        startdatum=date(2025, 5, 1),
        leerroute="B1",
        bsn=GELDIG_BSN,
        gebruiker=adviseur,
    )
    assert persoon.cohort == 2025 and persoon.huidige_leerroute == "B1"
    assert persoon.bsn_gemaskeerd == "******333"
    assert GELDIG_BSN not in persoon.bsn_versleuteld
    audit = AuditRecord.objects.get(object_type="inburgeraar")
    assert GELDIG_BSN not in str(audit.wijzigingen)
    assert audit.wijzigingen["bsn_gemaskeerd"]["nieuw"] == "******333"
    with pytest.raises(ValidationError) as fout:
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K-2",
            doelgroep="asiel",
            startdatum=date(2025, 5, 1),
            bsn=GELDIG_BSN,
        )
    assert "bsn" in fout.value.message_dict


def test_registreer_inburgeraar_weigert_bsn_zonder_elfproef(gemeente):
    with pytest.raises(ValidationError) as fout:
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K-1",
            doelgroep="asiel",
            startdatum=date(2025, 5, 1),
            bsn="123456789",
        )
    assert "elfproef" in fout.value.message_dict["bsn"][0]


def test_status_overstap_houdt_huidige_velden_bij(gemeente, meldingen):
    persoon = InburgeraarFactory(gemeente=gemeente, leerroute="B1")
    services.registreer_status(
        inburgeraar=persoon, datum=date(2024, 9, 1), status="overstap", leerroute="Z"
    )
    assert (persoon.huidige_status, persoon.status_sinds, persoon.huidige_leerroute) == (
        "overstap",
        date(2024, 9, 1),
        "Z",
    )
    assert persoon.leerroute == "B1"
    services.registreer_status(inburgeraar=persoon, datum=date(2024, 9, 1), status="gestopt")
    assert persoon.huidige_status == "gestopt" and persoon.huidige_leerroute == "Z"
    assert len(meldingen) == 2


def test_statusgeschiedenis_gaat_niet_terug_in_de_tijd(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente)
    services.registreer_status(inburgeraar=persoon, datum=date(2025, 1, 1), status="gestopt")
    with pytest.raises(ValidationError) as fout:
        services.registreer_status(inburgeraar=persoon, datum=date(2024, 12, 31), status="actief")
    assert "terug in de tijd" in fout.value.message_dict["datum"][0]
    persoon.refresh_from_db()
    assert persoon.huidige_status == "gestopt"


def test_status_voor_de_startdatum_wordt_geweigerd(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    with pytest.raises(ValidationError) as fout:
        services.registreer_status(inburgeraar=persoon, datum=date(2024, 2, 29), status="gestopt")
    assert "vóór de startdatum (01-03-2024)" in fout.value.message_dict["datum"][0]


def test_overstap_zonder_leerroute_wordt_geweigerd(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente)
    with pytest.raises(ValidationError) as fout:
        services.registreer_status(inburgeraar=persoon, datum=date(2025, 1, 1), status="overstap")
    assert "leerroute" in fout.value.message_dict


# --- the one-time token ---


def test_eenmalig_tweede_inzending_doet_niets(gemeente, adviseur):
    import uuid

    token = uuid.uuid4()
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))

    def boek():
        services.boek_factuur(
            verplichting=v, factuurnummer="F-1", datum=date(2024, 7, 1), bedrag=Decimal("10.00")
        )
        return "/resultaat/"

    assert kern_eenmalig.eenmalig(
        token=token, gemeente=gemeente, gebruiker=adviseur, actie=boek
    ) == ("/resultaat/")
    with pytest.raises(kern_eenmalig.DubbeleInzending) as dubbel:
        kern_eenmalig.eenmalig(token=token, gemeente=gemeente, gebruiker=adviseur, actie=boek)
    assert dubbel.value.resultaat_url == "/resultaat/"
    assert Factuur.objects.count() == 1


def test_eenmalig_mislukte_schrijfactie_geeft_token_vrij(gemeente, adviseur):
    import uuid

    token = uuid.uuid4()

    def faalt():
        raise ValidationError("fout")

    with pytest.raises(ValidationError):
        kern_eenmalig.eenmalig(token=token, gemeente=gemeente, gebruiker=adviseur, actie=faalt)
    assert (
        kern_eenmalig.eenmalig(
            token=token, gemeente=gemeente, gebruiker=adviseur, actie=lambda: "/ok/"
        )
        == "/ok/"
    )
