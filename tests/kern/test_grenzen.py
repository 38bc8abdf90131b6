"""Issue 14: one upper bound of every amount and one plausible date range, in kern.invoer,
refused with the same Dutch sentence by the forms, the services and the import."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inburgering import services
from inburgering.models import Factuur, Statuswijziging
from kern.forms import BedragField, DatumField
from kern.invoer import MAX_BEDRAG, OngeldigeInvoer, bedrag_fout, parse_bedrag, parse_datum
from spuk.models import Beschikking
from tests.factories import InburgeraarFactory, VerplichtingFactory
from tests.werkboek.werkboeken import als_xlsx, voorbeeld_b
from werkboek.services import importeer_werkboek

TE_GROOT = "is te groot: een bedrag is kleiner dan 1.000.000.000.000 euro"


def _token(antwoord) -> str:
    return re.search(rb'name="formtoken" value="([0-9a-f-]{36})"', antwoord.content)[1].decode()


@pytest.mark.parametrize("waarde", ["1234567890123456", "1.000.000.000.000,00", 10**15, 1e13])
def test_bedraggrens_in_de_invoer(waarde):
    with pytest.raises(OngeldigeInvoer, match=TE_GROOT):
        parse_bedrag(waarde)


def test_bedraggrens_past_op_het_databaseveld():
    grootste = parse_bedrag("999.999.999.999,99")
    assert grootste == MAX_BEDRAG - Decimal("0.01") and bedrag_fout(grootste) is None
    assert len(grootste.as_tuple().digits) == 14  # DecimalField(max_digits=14)


def test_bedragveld_en_datumveld_weigeren_met_een_zin():
    with pytest.raises(ValidationError, match=TE_GROOT):
        BedragField().clean("1234567890123456")
    for datum in ("0001-01-01", "9999-12-31"):
        with pytest.raises(ValidationError, match="niet in een plausibel jaar"):
            DatumField().clean(datum)
    assert DatumField().clean("2025-03-31") == date(2025, 3, 31)


@pytest.mark.parametrize("waarde", ["01-01-0001", "9999-12-31", date(1, 1, 1), date(9999, 1, 1)])
def test_datumbereik_in_de_invoer(waarde):
    with pytest.raises(OngeldigeInvoer, match="tussen 1900 en 2200"):
        parse_datum(waarde)


@pytest.mark.django_db
def test_beschikking_van_15_cijfers_geeft_een_melding_geen_500(adviseur_client, gemeente):
    url = reverse("spuk:beschikkingen", kwargs={"gemeente": gemeente.code})
    antwoord = adviseur_client.post(
        url,
        {
            "formtoken": _token(adviseur_client.get(url)),
            "regeling": "SPUK-IV",
            "jaar": "2026",
            "soort": "voorlopig",
            "datum": "2025-10-01",
            "bedrag": "123.456.789.012.345",
        },
    )
    assert antwoord.status_code == 200
    assert TE_GROOT in antwoord.content.decode()
    assert not Beschikking.objects.exists()


@pytest.mark.django_db
def test_beschikking_met_datum_in_jaar_9999_geeft_een_melding(adviseur_client, gemeente):
    url = reverse("spuk:beschikkingen", kwargs={"gemeente": gemeente.code})
    antwoord = adviseur_client.post(
        url,
        {
            "formtoken": _token(adviseur_client.get(url)),
            "regeling": "SPUK-IV",
            "jaar": "2026",
            "soort": "voorlopig",
            "datum": "9999-10-01",
            "bedrag": "1.000,00",
        },
    )
    assert antwoord.status_code == 200
    assert "niet in een plausibel jaar" in antwoord.content.decode()
    assert not Beschikking.objects.exists()


@pytest.mark.django_db
def test_r8_service_weigert_een_factuur_van_16_cijfers(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    with pytest.raises(ValidationError, match=TE_GROOT):
        services.boek_factuur(
            verplichting=v,
            factuurnummer="F-1",
            datum=date(2025, 1, 1),
            bedrag=Decimal("-1234567890123456"),
        )
    with pytest.raises(ValidationError, match=TE_GROOT):
        services.wijzig_verplichting(
            verplichting=v, nieuw_bedrag=Decimal("1234567890123456"), reden="typfout"
        )
    assert not Factuur.objects.exists()


@pytest.mark.django_db
def test_r8_service_weigert_een_factuur_in_het_jaar_1(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    with pytest.raises(ValidationError, match="plausibel jaar"):
        services.boek_factuur(
            verplichting=v, factuurnummer="F-1", datum=date(1, 1, 1), bedrag=Decimal("10.00")
        )


@pytest.mark.django_db
def test_import_gebruikt_dezelfde_bedraggrens():
    rijen = voorbeeld_b()
    rijen["Ontvangsten"][0]["bedrag"] = "1234567890123456"
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="t.xlsx", proefdraai=True)
    assert any(TE_GROOT in p.melding for p in uitkomst.problemen)


# --- the same status change twice: one rule (inburgering.regels.dubbele_status_fout) ----------


@pytest.mark.django_db
def test_dezelfde_statuswijziging_twee_keer_wordt_in_de_browser_geweigerd(client_met_rol, gemeente):
    client = client_met_rol("consulent")
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    url = reverse(
        "inburgering:status_wijzigen", kwargs={"gemeente": gemeente.code, "pk": persoon.pk}
    )
    for _ in range(2):
        antwoord = client.post(
            url,
            {"formtoken": _token(client.get(url)), "datum": "01-03-2025", "status": "gestopt"},
        )
    assert antwoord.status_code == 200
    assert "staat al in de geschiedenis" in antwoord.content.decode()
    assert Statuswijziging.objects.filter(inburgeraar=persoon).count() == 1


@pytest.mark.django_db
def test_dezelfde_statuswijziging_twee_keer_in_een_werkboek_met_dezelfde_zin():
    rijen = voorbeeld_b()
    wijziging = {"kenmerk": "B001", "datum": date(2025, 3, 1), "status": "gestopt"}
    rijen["Statuswijzigingen"] = [wijziging, dict(wijziging)]
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="t.xlsx", proefdraai=True)
    assert [p.melding for p in uitkomst.problemen] == [
        "B001: De statuswijziging 'gestopt' op 01-03-2025 staat al in de geschiedenis; een "
        "wijziging wordt één keer vastgelegd. Kies een andere datum of status. (zie rij 2)"
    ]


# --- a BSN typed as a kenmerk (kern.invoer.kenmerk_fout) --------------------------------------

BSN_ALS_KENMERK = "Dit kenmerk is een BSN"


@pytest.mark.parametrize("kenmerk", ["111222333", "111.222.333", " 111 222 333 "])
@pytest.mark.django_db
def test_bsn_als_kenmerk_wordt_door_de_service_geweigerd(gemeente, kenmerk):
    with pytest.raises(ValidationError, match=BSN_ALS_KENMERK):
        services.registreer_inburgeraar(
            gemeente=gemeente, kenmerk=kenmerk, doelgroep="asiel", startdatum=date(2025, 1, 1)
        )


@pytest.mark.django_db
def test_negen_cijfers_zonder_elfproef_zijn_een_gewoon_kenmerk(gemeente):
    persoon = services.registreer_inburgeraar(
        gemeente=gemeente, kenmerk="123456789", doelgroep="gezin", startdatum=date(2025, 1, 1)
    )
    assert persoon.kenmerk == "123456789"


@pytest.mark.django_db
def test_bsn_als_kenmerk_wordt_in_het_formulier_en_de_import_geweigerd(adviseur_client, gemeente):
    url = reverse("inburgering:inburgeraar_nieuw", kwargs={"gemeente": gemeente.code})
    antwoord = adviseur_client.post(
        url,
        {
            "formtoken": _token(adviseur_client.get(url)),
            "kenmerk": "111222333",
            "doelgroep": "gezin",
            "startdatum": "01-03-2025",
        },
    )
    assert antwoord.status_code == 200 and BSN_ALS_KENMERK in antwoord.content.decode()
    rijen = voorbeeld_b()
    rijen["Inburgeraars"][0]["kenmerk"] = "111222333"
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="t.xlsx", proefdraai=True)
    assert any(BSN_ALS_KENMERK in p.melding for p in uitkomst.problemen)
