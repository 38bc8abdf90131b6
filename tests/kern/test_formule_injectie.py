"""Issue 14: a text that starts with = + - @ is written as text in every export, never as a live
formula (kern.spreadsheet), and the exports stay re-importable."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kern.spreadsheet import bewaar, csv_tekst, formule
from rapportage.models import SisaIndicator
from rapportage.services import zorg_voor_sisa_definities
from tests.factories import AanbiederFactory, InburgeraarFactory, VerplichtingFactory
from tests.rapportage.factories import HerberekeningFactory, JaarSaldoFactory, TellingFactory
from werkboek.exporteren import exporteer_gemeente
from werkboek.services import importeer_werkboek

pytestmark = pytest.mark.django_db

KWAADAARDIG = ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","klik")']


def _formulecellen(inhoud: bytes) -> list[str]:
    werkmap = load_workbook(io.BytesIO(inhoud))  # not data_only: formulas stay visible
    return [
        f"{blad.title}!{cel.coordinate}={cel.value}"
        for blad in werkmap.worksheets
        for rij in blad.iter_rows()
        for cel in rij
        if cel.data_type == "f"
    ]


def _teksten(inhoud: bytes) -> set:
    werkmap = load_workbook(io.BytesIO(inhoud))
    return {cel.value for blad in werkmap.worksheets for rij in blad.iter_rows() for cel in rij}


@pytest.fixture
def kwaadaardige_gegevens(gemeente):
    aanbieder = AanbiederFactory(gemeente=gemeente, naam="@SUM(A1)")
    personen = [
        InburgeraarFactory(gemeente=gemeente, kenmerk=kenmerk, startdatum=date(2024, 3, 1))
        for kenmerk in KWAADAARDIG
    ]
    VerplichtingFactory(
        gemeente=gemeente, inburgeraar=personen[0], aanbieder=aanbieder, nummer="=2*3"
    )
    return personen


def test_werkboek_export_schrijft_teksten_als_tekst_en_blijft_importeerbaar(
    gemeente, kwaadaardige_gegevens
):
    inhoud = exporteer_gemeente(gemeente)
    assert _formulecellen(inhoud) == []
    assert set(KWAADAARDIG) | {"@SUM(A1)", "=2*3"} <= _teksten(inhoud)
    uitkomst = importeer_werkboek(bestand=inhoud, bron="rondreis.xlsx", proefdraai=True)
    assert uitkomst.problemen == []
    assert uitkomst.samenvatting["Inburgeraars"]["ongewijzigd"] == len(KWAADAARDIG)
    assert uitkomst.samenvatting["Verplichtingen"]["ongewijzigd"] == 1


@pytest.mark.parametrize("lijst", ["inburgeraars", "verplichtingen"])
def test_lijstexport_schrijft_teksten_als_tekst(
    adviseur_client, gemeente, kwaadaardige_gegevens, lijst
):
    url = reverse(f"inburgering:{lijst}", kwargs={"gemeente": gemeente.code})
    antwoord = adviseur_client.get(url, {"_export": "xlsx"})
    assert antwoord.status_code == 200
    inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    assert _formulecellen(inhoud) == []
    assert "=1+1" in _teksten(inhoud) or "=2*3" in _teksten(inhoud)


def test_auditexport_schrijft_teksten_als_tekst(client_met_rol, gemeente):
    from inburgering import services

    services.registreer_inburgeraar(
        gemeente=gemeente, kenmerk="=1+1", doelgroep="gezin", startdatum=date(2025, 1, 1)
    )
    client = client_met_rol("controller")
    antwoord = client.get(
        reverse("kern:audittrail", kwargs={"gemeente": gemeente.code}), {"_export": "xlsx"}
    )
    inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    assert _formulecellen(inhoud) == []
    assert any(isinstance(t, str) and "=1+1" in t for t in _teksten(inhoud))


def test_sisa_csv_en_xlsx_neutraliseren_formules_in_definities(adviseur_client, gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h)
    TellingFactory(herberekening=h)
    zorg_voor_sisa_definities(jaar=2024)
    SisaIndicator.objects.filter(jaar=2024).update(omschrijving='=HYPERLINK("http://x")')
    csv_tekst_ = adviseur_client.get(
        reverse("rapportage:sisa_csv", args=[gemeente.code, 2024])
    ).content.decode("utf-8")
    rijen = list(csv.reader(io.StringIO(csv_tekst_.lstrip("\ufeff")), delimiter=";"))
    # The toekenning's omschrijving is followed by its R5 source (": definitieve beschikking").
    assert all(r[6].startswith('\'=HYPERLINK("http://x")') for r in rijen[1:])
    xlsx = adviseur_client.get(reverse("rapportage:sisa_xlsx", args=[gemeente.code, 2024]))
    assert _formulecellen(xlsx.content) == []


def test_csv_tekst_laat_getallen_staan_en_neutraliseert_formules():
    assert csv_tekst("-1.234,56") == "-1.234,56"
    assert csv_tekst("-12") == "-12"
    assert csv_tekst(Decimal("-5")) == Decimal("-5")
    for waarde in ("=1+1", "+1+1", "-1+1", "@A1", "\t=1", "\r=1"):
        assert csv_tekst(waarde) == "'" + waarde


def test_eigen_formules_blijven_formules():
    werkmap = Workbook()
    blad = werkmap.active
    blad["A1"] = 1
    blad["A2"] = "=A1*2"  # text that looks like a formula: becomes text
    formule(blad, 3, 1, "=SUM(A1:A1)")
    assert _formulecellen(bewaar(werkmap)) == ["Sheet!A3==SUM(A1:A1)"]
