"""SiSa: the contract JSON, the exports, drill-down and freezing."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rapportage import selectors
from rapportage.models import SisaBevriezing, SisaIndicator
from rapportage.services import zorg_voor_sisa_definities
from rapportage.sisa import als_json, verschillen
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory

from .factories import HerberekeningFactory, JaarSaldoFactory, TellingFactory

pytestmark = pytest.mark.django_db


def sisa_json(gemeente, jaar):
    h = selectors.huidige_herberekening(gemeente)
    regels = selectors.sisa_regels(gemeente, jaar, h)
    return als_json(gemeente_code=gemeente.code, jaar=jaar, peildatum=h.peildatum, regels=regels)


def indicator(gegevens, regeling, sleutel):
    r = next(r for r in gegevens["regelingen"] if r["regeling"] == regeling)
    return next(i for i in r["indicatoren"] if i["sleutel"] == sleutel)


@pytest.fixture
def cijfers(gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h)  # example C, 2024
    JaarSaldoFactory(
        herberekening=h,
        regeling="SPUK-OR",
        toekenning=Decimal("12345.67"),
        besteding=Decimal("2345.67"),
        beschikbaar=Decimal("12345.67"),
        doorschuif_in=Decimal("0.00"),
        saldo=Decimal("10000.00"),
        reservering_uit=Decimal("10000.00"),
    )
    TellingFactory(herberekening=h)
    return h


def test_sisa_json_heeft_precies_de_sleutels_van_het_contract(gemeente, cijfers):
    gegevens = sisa_json(gemeente, 2024)
    assert list(gegevens) == ["gemeente", "jaar", "peildatum", "regelingen"]
    assert gegevens["gemeente"] == "GM0397" and gegevens["jaar"] == 2024
    assert gegevens["peildatum"] == "2026-06-30"
    # Issue 13: the keys of the contract come first, unchanged; the new ones follow.
    for regeling in gegevens["regelingen"]:
        assert list(regeling) == [
            "regeling",
            "uitkeringscode",
            "naam",
            "indicatoren",
            "toekenning_bron",
            "eindverantwoording",
            "correctie",
        ]
        assert list(regeling["correctie"]) == ["jaar", "besteding"]
        for i in regeling["indicatoren"]:
            assert list(i) == [
                "code",
                "sleutel",
                "omschrijving",
                "waarde",
                "aard_controle",
                "soort",
                "cumulatief",
            ]
    assert [r["regeling"] for r in gegevens["regelingen"]] == ["SPUK-IV", "SPUK-OR"]
    iv = gegevens["regelingen"][0]
    assert iv["toekenning_bron"] == "definitief"
    assert iv["eindverantwoording"] is False  # 60,000 reserved into 2025
    assert iv["correctie"] == {"jaar": 2023, "besteding": "0.00"}
    # The default list is exactly the contract's: its keys, amounts then counts, none cumulative.
    assert [(i["sleutel"], i["soort"], i["cumulatief"]) for i in iv["indicatoren"]] == [
        *[
            (s, "bedrag", False)
            for s in ("toekenning", "besteding", "reservering_uit", "doorschuif_uit")
        ],
        ("terug_te_betalen", "bedrag", False),
        *[
            (s, "aantal", False)
            for s in ("asiel_1", "asiel_2", "asiel_3", "gezin", "overig", "onderwijsroute")
        ],
    ]


def test_r7_bedragen_van_jaar_t_uit_de_jaarbalans_met_twee_decimalen(gemeente, cijfers):
    gegevens = sisa_json(gemeente, 2024)
    assert indicator(gegevens, "SPUK-IV", "toekenning")["waarde"] == "200000.00"
    assert indicator(gegevens, "SPUK-IV", "besteding")["waarde"] == "100000.00"
    assert indicator(gegevens, "SPUK-IV", "reservering_uit")["waarde"] == "60000.00"
    assert indicator(gegevens, "SPUK-IV", "doorschuif_uit")["waarde"] == "0.00"
    assert indicator(gegevens, "SPUK-IV", "terug_te_betalen")["waarde"] == "0.00"
    assert indicator(gegevens, "SPUK-OR", "toekenning")["waarde"] == "12345.67"


def test_r3_aantallen_van_jaar_t_als_reeks_cijfers_alleen_bij_spuk_iv(gemeente, cijfers):
    gegevens = sisa_json(gemeente, 2024)
    verwacht = {
        "asiel_1": "6",
        "asiel_2": "8",
        "asiel_3": "10",
        "gezin": "4",
        "overig": "1",
        "onderwijsroute": "2",
    }
    for sleutel, waarde in verwacht.items():
        assert indicator(gegevens, "SPUK-IV", sleutel)["waarde"] == waarde
    or_sleutels = {i["sleutel"] for i in gegevens["regelingen"][1]["indicatoren"]}
    assert or_sleutels == {
        "toekenning",
        "besteding",
        "reservering_uit",
        "doorschuif_uit",
        "terug_te_betalen",
    }


def test_zonder_rij_is_een_bedrag_0_00_en_spuk_or_ontbreekt_vanaf_2026(gemeente, cijfers):
    gegevens = sisa_json(gemeente, 2026)
    assert [r["regeling"] for r in gegevens["regelingen"]] == ["SPUK-IV"]
    assert indicator(gegevens, "SPUK-IV", "besteding")["waarde"] == "0.00"
    assert indicator(gegevens, "SPUK-IV", "asiel_1")["waarde"] == "0"


def test_de_laatste_voltooide_herberekening_telt(gemeente, cijfers):
    nieuwer = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=nieuwer, besteding=Decimal("123.45"))
    HerberekeningFactory(gemeente=gemeente, status="mislukt", voltooid_op=None)
    assert indicator(sisa_json(gemeente, 2024), "SPUK-IV", "besteding")["waarde"] == "123.45"


def test_indicatordefinities_zijn_gegevens_per_jaar(gemeente, cijfers):
    zorg_voor_sisa_definities(jaar=2024)
    zorg_voor_sisa_definities(jaar=2024)  # idempotent
    assert SisaIndicator.objects.filter(jaar=2024, regeling="SPUK-IV").count() == 11
    SisaIndicator.objects.filter(jaar=2024, sleutel="besteding", regeling="SPUK-IV").update(
        code="IV-B-03", omschrijving="Besteding (jaar T) aan voorzieningen"
    )
    besteding = indicator(sisa_json(gemeente, 2024), "SPUK-IV", "besteding")
    assert besteding["code"] == "IV-B-03"
    assert besteding["omschrijving"] == "Besteding (jaar T) aan voorzieningen"
    assert indicator(sisa_json(gemeente, 2025), "SPUK-IV", "besteding")["code"] == "VB-IV-02"


def test_sisa_pagina_herinnert_aan_het_officiele_model_en_linkt_naar_onderbouwing(
    adviseur_client, gemeente, cijfers
):
    antwoord = adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024]))
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "officiële SiSa-model 2024" in tekst
    assert "100.000,00" in tekst
    assert "Toekenning op basis van" in tekst and "definitieve beschikking" in tekst
    herkomst = reverse(
        "rapportage:sisa_herkomst", args=[gemeente.code, 2024, "SPUK-IV", "besteding"]
    )
    assert herkomst in tekst


def test_onderbouwing_besteding_toont_de_facturen_van_het_boekjaar(
    adviseur_client, gemeente, andere_gemeente, cijfers
):
    v = VerplichtingFactory(gemeente=gemeente)
    FactuurFactory(verplichting=v, factuurnummer="F-IN-2024", bedrag=Decimal("500.00"))
    FactuurFactory(verplichting=v, factuurnummer="F-IN-2025", datum=v.datum.replace(year=2025))
    FactuurFactory(
        verplichting=VerplichtingFactory(gemeente=andere_gemeente), factuurnummer="F-ANDER"
    )
    url = reverse("rapportage:sisa_herkomst", args=[gemeente.code, 2024, "SPUK-IV", "besteding"])
    tekst = adviseur_client.get(url).content.decode()
    assert "F-IN-2024" in tekst
    assert "F-IN-2025" not in tekst and "F-ANDER" not in tekst


def test_onderbouwing_telling_toont_wie_meetelt(adviseur_client, gemeente, cijfers):
    InburgeraarFactory(gemeente=gemeente, kenmerk="TELT-MEE", startdatum=date(2024, 2, 1))
    weg = InburgeraarFactory(gemeente=gemeente, kenmerk="ONTHEVEN", startdatum=date(2024, 2, 1))
    weg.statuswijzigingen.create(datum=date(2024, 10, 1), status="ontheven")
    url = reverse("rapportage:sisa_herkomst", args=[gemeente.code, 2024, "SPUK-IV", "asiel_1"])
    tekst = adviseur_client.get(url).content.decode()
    assert "TELT-MEE" in tekst and "ONTHEVEN" not in tekst
    assert "telde 6 personen" in tekst


def test_xlsx_heeft_de_bijlage_kolommen_en_echte_getallen(adviseur_client, gemeente, cijfers):
    antwoord = adviseur_client.get(reverse("rapportage:sisa_xlsx", args=[gemeente.code, 2024]))
    assert antwoord["Content-Type"].startswith("application/vnd.openxmlformats")
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    kop = [c.value for c in blad[4]]
    assert kop == [  # the columns that were there keep their place; issue 13's follow
        "Verstrekker",
        "Uitkeringscode",
        "Specifieke uitkering",
        "Juridische grondslag",
        "Ontvanger",
        "Indicatorcode",
        "Omschrijving",
        "Waarde",
        "Aard controle",
        "Soort",
        "Toekenning op basis van",
    ]
    rijen = {r[5].value: r for r in blad.iter_rows(min_row=5) if r[5].value}
    besteding = rijen["VB-IV-02"]
    assert besteding[0].value == "Ministerie van SZW"
    assert besteding[4].value == "Heemstede (GM0397)"
    assert besteding[7].value == 100000 and besteding[7].number_format == "#,##0.00 €"
    assert rijen["VB-IV-06"][7].value == 6 and rijen["VB-IV-06"][7].number_format == "0"


def test_csv_voor_nederlandse_excel(adviseur_client, gemeente, cijfers):
    antwoord = adviseur_client.get(reverse("rapportage:sisa_csv", args=[gemeente.code, 2024]))
    tekst = antwoord.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert rijen[0][0] == "Verstrekker"
    besteding = next(r for r in rijen if r[5] == "VB-IV-02")
    assert besteding[7] == "100000,00"


def test_bevroren_sisa_verandert_niet_en_toont_verschillen(
    adviseur_client, adviseur, gemeente, cijfers
):
    url = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 2024])
    antwoord = adviseur_client.post(url, {"bevestig": "on", "toelichting": "Raad 1 juli"})
    assert antwoord.status_code == 302
    bevriezing = SisaBevriezing.objects.get(gemeente=gemeente, jaar=2024)
    assert indicator(bevriezing.gegevens, "SPUK-IV", "besteding")["waarde"] == "100000.00"

    # The underlying data change afterwards: a new recomputation with a higher besteding.
    later = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=later, besteding=Decimal("100250.00"))
    bevriezing.refresh_from_db()
    assert indicator(bevriezing.gegevens, "SPUK-IV", "besteding")["waarde"] == "100000.00"
    tekst = adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024])).content
    tekst = tekst.decode()
    assert "Verschillen met de bevroren versie" in tekst
    assert "100.250,00" in tekst and ">250,00<" in tekst

    with pytest.raises(PermissionError):
        bevriezing.save()
    with pytest.raises(PermissionError):
        bevriezing.delete()
    assert adviseur_client.post(url, {"bevestig": "on"}).status_code == 200
    assert SisaBevriezing.objects.filter(gemeente=gemeente, jaar=2024).count() == 1


def test_bevriezen_vraagt_bevestiging(adviseur_client, gemeente, cijfers):
    url = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 2024])
    antwoord = adviseur_client.post(url, {})
    assert "Vink aan dat de jaarrekening definitief is." in antwoord.content.decode()
    assert not SisaBevriezing.objects.exists()


def test_beleidsmedewerker_mag_niet_bevriezen(client, gebruiker_met_rol, gemeente, cijfers):
    client.force_login(gebruiker_met_rol("beleidsmedewerker"))
    url = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 2024])
    assert client.post(url, {"bevestig": "on"}).status_code == 403
    assert not SisaBevriezing.objects.exists()


def test_bevriezen_weigert_de_post_voordat_de_pagina_iets_doet(
    client, gebruiker_met_rol, gemeente, cijfers
):
    """The right to freeze is declared on the view (gemeente_view(..., post=...)), not checked
    halfway through its body: a role without it gets a 403 for any year, before the page looks
    at the year or the figures, and still reads the page itself."""
    client.force_login(gebruiker_met_rol("beleidsmedewerker"))
    buiten = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 1999])
    assert client.post(buiten, {"bevestig": "on"}).status_code == 403
    assert client.get(buiten).status_code == 404
    url = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 2024])
    assert client.get(url).status_code == 200


def test_verschillen_negeert_gelijke_waarden():
    a = {
        "regelingen": [
            {
                "regeling": "SPUK-IV",
                "indicatoren": [
                    {"code": "1", "sleutel": "besteding", "omschrijving": "b", "waarde": "10.00"},
                    {"code": "2", "sleutel": "toekenning", "omschrijving": "t", "waarde": "5.00"},
                ],
            }
        ]
    }
    b = json.loads(json.dumps(a))
    b["regelingen"][0]["indicatoren"][0]["waarde"] = "12.50"
    (v,) = verschillen(a, b)
    assert v.sleutel == "besteding" and v.verschil == Decimal("2.50")


def test_r5_sisa_omschrijving_noemt_de_bron_van_de_toekenning(adviseur_client, gemeente):
    """A raming is never labelled "volgens de beschikking" (R5: every report names its source)."""
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2024, toekenning_bron="raming")
    adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024]))
    # A definition of an earlier release still carries the old text.
    SisaIndicator.objects.filter(jaar=2024, sleutel="toekenning").update(
        omschrijving="Toekenning (jaar T) volgens de beschikking"
    )
    tekst = adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024])).content
    tekst = tekst.decode()
    assert "Toekenning (jaar T): raming uit het register" in tekst
    assert "volgens de beschikking" not in tekst
