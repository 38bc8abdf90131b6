"""Issue 13.2: the SiSa bijlage in its real shape: kinds, cumulative amounts, eindverantwoording,
the correction over T-1 (a late invoice for work in a closed year), and the R5 label."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from inburgering import services as inb
from kern import jaarafsluiting as ja
from kern.models import Rol
from rapportage import selectors
from rapportage.models import SisaIndicator
from rapportage.services import zorg_voor_sisa_definities
from rapportage.sisa import als_json, verschillen
from tests.conftest import maak_gebruiker
from tests.factories import VerplichtingFactory

from .factories import HerberekeningFactory, JaarSaldoFactory, TellingFactory

pytestmark = pytest.mark.django_db
D = Decimal

NIEUW = [
    # (code, sleutel, soort, aard)
    ("IV-CUM-B", "besteding_cumulatief", "bedrag", "R"),
    ("IV-CUM-T", "toekenning_cumulatief", "bedrag", "R"),
    ("IV-COR", "correctie_besteding", "bedrag", "R"),
    ("IV-EIND", "eindverantwoording", "ja_nee", "n.v.t."),
    ("IV-BRON", "toekenning_bron", "tekst", "n.v.t."),
]


def voeg_toe(jaar=2024, regeling="SPUK-IV"):
    """The year's list with the new kinds, as landelijk beheer's import stores them."""
    zorg_voor_sisa_definities(jaar=jaar)
    for n, (code, sleutel, soort, aard) in enumerate(NIEUW, start=20):
        SisaIndicator.objects.create(
            jaar=jaar,
            regeling=regeling,
            code=code,
            sleutel=sleutel,
            soort=soort,
            aard_controle=aard,
            omschrijving=f"Omschrijving {code}",
            volgorde=n,
            is_voorbeeld=False,
        )


def sisa_json(gemeente, jaar):
    h = selectors.huidige_herberekening(gemeente)
    regels = selectors.sisa_regels(gemeente, jaar, h)
    return als_json(gemeente_code=gemeente.code, jaar=jaar, peildatum=h.peildatum, regels=regels)


def per_code(gegevens, regeling="SPUK-IV"):
    r = next(r for r in gegevens["regelingen"] if r["regeling"] == regeling)
    return {i["code"]: i for i in r["indicatoren"]}


@pytest.fixture
def jaren(gemeente):
    """Three R7 years of SPUK-IV and one later year that a cumulative figure of 2024 leaves out."""
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2022, toekenning=D("150000.00"), besteding=D("1.11"))
    JaarSaldoFactory(herberekening=h, jaar=2023, toekenning=D("175000.50"), besteding=D("20.20"))
    JaarSaldoFactory(herberekening=h, jaar=2024, toekenning_bron="raming")
    JaarSaldoFactory(herberekening=h, jaar=2025, toekenning=D("9.99"), besteding=D("999.99"))
    TellingFactory(herberekening=h)
    voeg_toe()
    return h


def test_cumulatief_is_de_som_van_de_jaren_tot_en_met_t(gemeente, jaren):
    w = per_code(sisa_json(gemeente, 2024))
    assert w["IV-CUM-B"]["waarde"] == "100021.31"  # 1.11 + 20.20 + 100,000.00; 2025 not
    assert w["IV-CUM-T"]["waarde"] == "525000.50"  # 150,000 + 175,000.50 + 200,000
    assert w["IV-CUM-B"]["cumulatief"] is True and w["VB-IV-02"]["cumulatief"] is False
    # The figure of year T itself is unchanged beside it.
    assert w["VB-IV-02"]["waarde"] == "100000.00"


def test_elke_soort_in_de_json(gemeente, jaren):
    w = per_code(sisa_json(gemeente, 2024))
    assert (w["VB-IV-02"]["soort"], w["VB-IV-02"]["waarde"]) == ("bedrag", "100000.00")
    assert (w["VB-IV-06"]["soort"], w["VB-IV-06"]["waarde"]) == ("aantal", "6")
    assert (w["IV-EIND"]["soort"], w["IV-EIND"]["waarde"]) == ("ja_nee", "Nee")
    assert (w["IV-BRON"]["soort"], w["IV-BRON"]["waarde"]) == ("tekst", "raming uit het register")
    assert w["IV-EIND"]["aard_controle"] == "n.v.t."


def test_eindverantwoording_ja_als_niets_naar_t_plus_1_gaat(gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, reservering_uit=D("0.00"), terug_te_betalen=D("60000.00"))
    voeg_toe()
    gegevens = sisa_json(gemeente, 2024)
    assert per_code(gegevens)["IV-EIND"]["waarde"] == "Ja"
    assert gegevens["regelingen"][0]["eindverantwoording"] is True


def test_elke_soort_op_de_pagina_en_in_de_exports(adviseur_client, gemeente, jaren):
    tekst = adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024]))
    tekst = tekst.content.decode()
    assert "100.021,31" in tekst  # cumulative amount, Dutch notation
    assert "bedrag (t/m 2024)" in tekst and "ja/nee" in tekst and "tekst" in tekst
    assert ">Nee<" in tekst
    # R5: the toekenning names its source, on the page and in both exports.
    assert "Toekenning op basis van" in tekst and "raming uit het register" in tekst
    assert "Eindverantwoording" in tekst and "Correctie besteding 2023" in tekst

    xlsx = adviseur_client.get(reverse("rapportage:sisa_xlsx", args=[gemeente.code, 2024]))
    blad = load_workbook(io.BytesIO(xlsx.content)).active
    rijen = {r[5].value: r for r in blad.iter_rows(min_row=5) if r[5].value}
    assert D(str(rijen["IV-CUM-B"][7].value)) == D("100021.31")
    assert rijen["IV-CUM-B"][7].number_format == "#,##0.00 €"
    assert rijen["IV-CUM-B"][9].value == "bedrag (t/m jaar T)"
    assert rijen["VB-IV-06"][7].value == 6 and rijen["VB-IV-06"][7].number_format == "0"
    assert rijen["IV-EIND"][7].value == "Nee" and rijen["IV-EIND"][7].data_type == "s"
    assert rijen["IV-BRON"][7].value == "raming uit het register"
    assert rijen["VB-IV-01"][6].value == "Toekenning (jaar T): raming uit het register"
    assert rijen["VB-IV-01"][10].value == "raming uit het register"

    antwoord = adviseur_client.get(reverse("rapportage:sisa_csv", args=[gemeente.code, 2024]))
    regels = list(
        csv.reader(io.StringIO(antwoord.content.decode().lstrip("\ufeff")), delimiter=";")
    )
    csv_rijen = {r[5]: r for r in regels[1:]}
    assert csv_rijen["IV-CUM-B"][7] == "100021,31"
    assert csv_rijen["IV-EIND"][7] == "Nee" and csv_rijen["VB-IV-06"][7] == "6"


def test_csv_en_xlsx_blijven_formule_neutraal_met_een_tekstwaarde(adviseur_client, gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h)
    voeg_toe()
    SisaIndicator.objects.filter(code="IV-BRON").update(omschrijving="=HYPERLINK(1)")
    antwoord = adviseur_client.get(reverse("rapportage:sisa_csv", args=[gemeente.code, 2024]))
    assert "'=HYPERLINK(1)" in antwoord.content.decode()
    xlsx = adviseur_client.get(reverse("rapportage:sisa_xlsx", args=[gemeente.code, 2024]))
    blad = load_workbook(io.BytesIO(xlsx.content)).active
    cel = next(r[6] for r in blad.iter_rows(min_row=5) if r[5].value == "IV-BRON")
    assert cel.value == "=HYPERLINK(1)" and cel.data_type == "s"


def test_de_database_weigert_een_soort_die_niet_bij_de_sleutel_past(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SisaIndicator.objects.create(
            jaar=2024,
            regeling="SPUK-IV",
            code="FOUT",
            sleutel="besteding",
            soort="aantal",
            aard_controle="R",
            omschrijving="x",
        )


def test_verschillen_met_ja_nee_en_tekst():
    def gegevens(eind, bron):
        return {
            "regelingen": [
                {
                    "regeling": "SPUK-IV",
                    "indicatoren": [
                        {
                            "code": "E",
                            "sleutel": "eindverantwoording",
                            "omschrijving": "e",
                            "waarde": eind,
                        },
                        {
                            "code": "B",
                            "sleutel": "toekenning_bron",
                            "omschrijving": "b",
                            "waarde": bron,
                        },
                    ],
                }
            ]
        }

    assert verschillen(gegevens("Nee", "raming"), gegevens("Nee", "raming")) == []
    (v,) = verschillen(gegevens("Nee", "raming"), gegevens("Ja", "raming"))
    assert (v.bevroren, v.huidig, v.verschil, v.is_getal) == ("Nee", "Ja", None, False)


def test_bevroren_sisa_met_nieuwe_soorten_toont_het_verschil(adviseur_client, gemeente, jaren):
    url = reverse("rapportage:sisa_bevriezen", args=[gemeente.code, 2024])
    assert adviseur_client.post(url, {"bevestig": "on"}).status_code == 302
    later = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=later, jaar=2024, reservering_uit=D("0.00"))
    tekst = adviseur_client.get(reverse("rapportage:sisa", args=[gemeente.code, 2024]))
    tekst = tekst.content.decode()
    assert "Verschillen met de bevroren versie" in tekst
    assert "Omschrijving IV-EIND" in tekst  # Nee frozen, Ja now


# --- the correction over T-1: a late invoice for work in a closed year ----------------------


@pytest.fixture
def gesloten_2025(gemeente):
    adviseur = maak_gebruiker("ada", gemeente, Rol.FINANCIEEL_ADVISEUR)
    controller = maak_gebruiker("cor", gemeente, Rol.CONTROLLER)
    voorstel = ja.stel_afsluiting_voor(gemeente=gemeente, jaar=2025, gebruiker=adviseur)
    ja.bevestig_afsluiting(afsluiting=voorstel, gebruiker=controller)


def test_r8_late_factuur_voor_werk_in_het_gesloten_jaar_is_de_correctie_in_de_sisa(
    gemeente, gesloten_2025, adviseur_client
):
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2025, 3, 1))
    laat = {"verplichting": v, "datum": date(2026, 1, 10), "bedrag": D("500.00"), "boekjaar": 2026}
    inb.boek_factuur(factuurnummer="LAAT", werkjaar=2025, **laat)
    inb.boek_factuur(factuurnummer="GEWOON", **{**laat, "bedrag": D("300.00")})
    # The SiSa of 2026: the late invoice is in the besteding of 2026 and, apart, the correction.
    zorg_voor_sisa_definities(jaar=2026)
    SisaIndicator.objects.create(
        jaar=2026,
        regeling="SPUK-IV",
        code="IV-COR",
        sleutel="correctie_besteding",
        soort="bedrag",
        aard_controle="R",
        omschrijving="Correctie besteding 2025",
        volgorde=30,
    )
    uit = io.StringIO()
    call_command(
        "sisa",
        "--gemeente",
        "GM0397",
        "--jaar",
        "2026",
        "--peildatum",
        "2026-06-30",
        "--json",
        stdout=uit,
    )
    gegevens = json.loads(uit.getvalue())
    iv = gegevens["regelingen"][0]
    assert iv["correctie"] == {"jaar": 2025, "besteding": "500.00"}
    w = per_code(gegevens)
    assert w["IV-COR"]["waarde"] == "500.00"
    assert w["VB-IV-02"]["waarde"] == "800.00"  # besteding 2026 holds both invoices
    # The drill-down lists the late invoice only.
    url = reverse(
        "rapportage:sisa_herkomst", args=[gemeente.code, 2026, "SPUK-IV", "correctie_besteding"]
    )
    tekst = adviseur_client.get(url).content.decode()
    assert "LAAT" in tekst and "GEWOON" not in tekst


def test_r8_werkjaar_alleen_het_gesloten_jaar_voor_het_boekjaar(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2025, 3, 1))
    laat = {"verplichting": v, "datum": date(2026, 1, 10), "bedrag": D("500.00"), "boekjaar": 2026}
    with pytest.raises(ValidationError, match="Boekjaar 2025 is niet afgesloten") as fout:
        inb.boek_factuur(factuurnummer="OPEN", werkjaar=2025, **laat)
    assert "werkjaar" in fout.value.error_dict
    with pytest.raises(ValidationError, match="het jaar vóór het boekjaar 2026"):
        inb.boek_factuur(factuurnummer="TWEE", werkjaar=2024, **laat)
    assert not v.facturen.exists()


def test_het_factuurformulier_boekt_een_late_factuur_voor_het_gesloten_jaar(
    adviseur_client, gemeente, gesloten_2025
):
    from inburgering.models import Factuur
    from tests.inburgering.test_views import token, url

    v = VerplichtingFactory(gemeente=gemeente, datum=date(2025, 3, 1))
    formulier = adviseur_client.get(url("factuur_nieuw", gemeente, pk=v.pk))
    assert "Late factuur voor werk in het afgesloten jaar" in formulier.content.decode()
    antwoord = adviseur_client.post(
        url("factuur_nieuw", gemeente, pk=v.pk),
        {
            "formtoken": token(formulier),
            "factuurnummer": "LAAT-1",
            "datum": "10-01-2026",
            "bedrag": "250,00",
            "boekjaar": "2026",
            "voor_afgesloten_jaar": "on",
        },
    )
    assert antwoord.status_code == 302
    f = Factuur.objects.get(factuurnummer="LAAT-1")
    assert (f.boekjaar, f.werkjaar) == (2026, 2025)
    pagina = adviseur_client.get(url("verplichting", gemeente, pk=v.pk)).content.decode()
    assert "2026 (werk 2025)" in pagina
