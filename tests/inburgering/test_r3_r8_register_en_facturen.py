"""Issue 11, register and invoice side: vestigingsdatum and stelsel (R3), the statuses doelgroep
and tijdelijk_vrijgesteld, btw and the last, boekjaar and date, SPUK-OR limits, the OR split of
the standard package and the SPUK-OR -> SPUK-IV refinancing (R8). The form, the service and the
import refuse the same bad input with the same Dutch message (they call the same rule)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from inburgering import regels, selectors, services
from inburgering.models import Factuur, Statuswijziging, Verplichting
from kern.models import AuditRecord
from tests.factories import (
    AanbiederFactory,
    FactuurFactory,
    InburgeraarFactory,
    TariefFactory,
    VerplichtingFactory,
    voorziening,
)
from tests.werkboek.werkboeken import als_xlsx, volledig
from werkboek.services import importeer_werkboek

pytestmark = pytest.mark.django_db


def url(naam, gemeente, **kwargs):
    return reverse(f"inburgering:{naam}", kwargs={"gemeente": gemeente.code, **kwargs})


def token(response) -> str:
    return re.search(rb'name="formtoken" value="([0-9a-f-]{36})"', response.content)[1].decode()


def melding(fout: ValidationError, veld: str) -> str:
    return fout.message_dict[veld][0]


def importmelding(rijen, tabblad: str, kolom: str) -> str:
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="x.xlsx")
    assert not uitkomst.geschreven
    return next(p.melding for p in uitkomst.problemen if (p.tabblad, p.kolom) == (tabblad, kolom))


# --- pure rules ---


def test_r8_btw_last_is_bedrag_min_compensabele_btw():
    assert regels.last(Decimal("121.00"), Decimal("21.00"), True) == Decimal("100.00")
    assert regels.last(Decimal("121.00"), Decimal("21.00"), False) == Decimal("121.00")
    assert regels.last(Decimal("-12.10"), Decimal("-2.10"), True) == Decimal("-10.00")


@given(
    bedrag=st.decimals(min_value=Decimal("-99999"), max_value=Decimal("99999"), places=2),
    deel=st.integers(0, 100),
    compensabel=st.booleans(),
)
def test_r8_btw_eigenschap_de_last_overschrijdt_nooit_het_bedrag(bedrag, deel, compensabel):
    btw = (bedrag * deel / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert regels.btw_fout(bedrag, btw) is None
    last = regels.last(bedrag, btw, compensabel)
    assert abs(last) <= abs(bedrag)
    assert last == 0 or (last > 0) == (bedrag > 0)


def test_r8_boekjaar_is_factuurjaar_of_het_jaar_ervoor_nooit_na_dit_jaar():
    vandaag = date(2026, 12, 1)
    assert regels.toegestane_boekjaren(date(2026, 1, 10), vandaag) == [2025, 2026]
    assert regels.boekjaar_fout(date(2026, 1, 10), 2025, vandaag) is None
    assert "kies 2025 of 2026" in regels.boekjaar_fout(date(2026, 1, 10), 2027, vandaag)
    assert "kies 2024 of 2025" in regels.boekjaar_fout(date(2025, 12, 22), 2030, vandaag)
    assert regels.factuurdatum_fout(date(2031, 1, 1), vandaag)
    assert regels.factuurdatum_fout(vandaag, vandaag) is None


def test_r8_or_splitsing_b1_deel_uit_spuk_iv_rest_uit_spuk_or():
    assert regels.or_splitsing(Decimal("17100.00"), Decimal("9700.00")) == (
        Decimal("9700.00"),
        Decimal("7400.00"),
    )
    assert regels.or_splitsing(Decimal("9000.00"), Decimal("9700.00"))[1] == Decimal("0.00")


# --- R3: vestigingsdatum and stelsel, in form, service and import ---


def test_r3_vestigingsdatum_standaard_de_startdatum(gemeente):
    persoon = services.registreer_inburgeraar(
        gemeente=gemeente, kenmerk="K1", doelgroep="asiel", startdatum=date(2022, 5, 1)
    )
    assert (persoon.vestigingsdatum, persoon.stelsel) == (date(2022, 5, 1), "Wi2021")
    verhuisd = services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="K2",
        doelgroep="asiel",
        startdatum=date(2022, 5, 1),
        vestigingsdatum=date(2023, 3, 1),
    )
    assert (verhuisd.cohort, verhuisd.vestigingsdatum) == (2022, date(2023, 3, 1))


def test_r3_vestigingsdatum_voor_startdatum_zelfde_melding_in_formulier_dienst_en_import(
    adviseur_client, gemeente
):
    with pytest.raises(ValidationError) as dienst:
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K1",
            doelgroep="asiel",
            startdatum=date(2024, 3, 1),
            vestigingsdatum=date(2024, 2, 1),
        )
    pagina = adviseur_client.get(url("inburgeraar_nieuw", gemeente))
    formulier = adviseur_client.post(
        url("inburgeraar_nieuw", gemeente),
        {
            "formtoken": token(pagina),
            "kenmerk": "K1",
            "doelgroep": "asiel",
            "startdatum": "01-03-2024",
            "vestigingsdatum": "01-02-2024",
            "voorstel": "",
        },
    )
    rijen = volledig()
    rijen["Inburgeraars"][0].update(startdatum=date(2024, 3, 1), vestigingsdatum=date(2024, 2, 1))
    verwacht = melding(dienst.value, "vestigingsdatum")
    assert "vóór de startdatum" in verwacht
    assert formulier.context["form"].errors["vestigingsdatum"] == [verwacht]
    assert importmelding(rijen, "Inburgeraars", "vestigingsdatum") == verwacht


def test_r3_geen_spuk_voor_een_wi2013_inburgeraar_wel_uitvoering(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente, stelsel="Wi2013")
    kwargs = {
        "gemeente": gemeente,
        "inburgeraar": persoon,
        "voorziening": voorziening(gemeente, "B1"),
        "aanbieder": AanbiederFactory(gemeente=gemeente),
        "bedrag": Decimal("9700.00"),
        "datum": date(2024, 3, 1),
    }
    for financiering in ("SPUK-IV", "SPUK-OR"):
        with pytest.raises(ValidationError) as fout:
            services.maak_verplichting(financiering=financiering, **kwargs)
        assert "Wet inburgering 2013" in melding(fout.value, "financiering")
    assert services.maak_verplichting(financiering="OVERIG", **kwargs).financiering == "OVERIG"
    assert not Verplichting.objects.filter(financiering__startswith="SPUK").exists()


def test_r3_wi2013_zelfde_melding_in_dienst_en_import(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente, stelsel="Wi2013")
    with pytest.raises(ValidationError) as dienst:
        services.maak_verplichting(
            gemeente=gemeente,
            inburgeraar=persoon,
            voorziening=voorziening(gemeente, "B1"),
            aanbieder=AanbiederFactory(gemeente=gemeente),
            bedrag=Decimal("9700.00"),
            datum=date(2024, 3, 1),
            financiering="SPUK-IV",
        )
    rijen = volledig()
    rijen["Inburgeraars"][0]["stelsel"] = "Wi2013"
    assert importmelding(rijen, "Verplichtingen", "financiering") == melding(
        dienst.value, "financiering"
    )


# --- statuses doelgroep and tijdelijk_vrijgesteld ---


def test_r3_consulent_legt_doelgroep_en_tijdelijke_vrijstelling_vast(client_met_rol, gemeente):
    client = client_met_rol("consulent")
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2023, 3, 1))
    for datum, status, doelgroep in [
        ("01-02-2024", "doelgroep", "gezin"),
        ("01-03-2024", "tijdelijk_vrijgesteld", ""),
        ("01-09-2024", "actief", ""),
    ]:
        pagina = client.get(url("status_wijzigen", gemeente, pk=persoon.pk))
        antwoord = client.post(
            url("status_wijzigen", gemeente, pk=persoon.pk),
            {"formtoken": token(pagina), "datum": datum, "status": status, "doelgroep": doelgroep},
        )
        assert antwoord.status_code == 302, antwoord.context["form"].errors
    historie = list(persoon.statuswijzigingen.values_list("status", "doelgroep"))
    assert historie == [("doelgroep", "gezin"), ("tijdelijk_vrijgesteld", ""), ("actief", "")]
    persoon.refresh_from_db()
    assert (persoon.doelgroep, persoon.cohort, persoon.huidige_status) == ("asiel", 2023, "actief")
    pagina = client.get(url("inburgeraar", gemeente, pk=persoon.pk)).content.decode()
    assert "Doelgroep gewijzigd" in pagina and "Gezinsmigrant" in pagina
    assert "Tijdelijk vrijgesteld" in pagina


def test_r3_doelgroepstatus_zonder_doelgroep_zelfde_melding_in_formulier_dienst_en_import(
    client_met_rol, gemeente
):
    client = client_met_rol("consulent")
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    with pytest.raises(ValidationError) as dienst:
        services.registreer_status(inburgeraar=persoon, datum=date(2024, 5, 1), status="doelgroep")
    pagina = client.get(url("status_wijzigen", gemeente, pk=persoon.pk))
    formulier = client.post(
        url("status_wijzigen", gemeente, pk=persoon.pk),
        {"formtoken": token(pagina), "datum": "01-05-2024", "status": "doelgroep"},
    )
    rijen = volledig()
    rijen["Statuswijzigingen"][1].update(status="doelgroep")
    verwacht = melding(dienst.value, "doelgroep")
    assert formulier.context["form"].errors["doelgroep"] == [verwacht]
    assert importmelding(rijen, "Statuswijzigingen", "doelgroep") == verwacht
    assert not Statuswijziging.objects.filter(inburgeraar=persoon).exists()


# --- btw and boekjaar on invoices ---


def _factuurpost(client, gemeente, v, **velden):
    pagina = client.get(url("factuur_nieuw", gemeente, pk=v.pk))
    data = {"formtoken": token(pagina), "factuurnummer": "F-1", "datum": "01-07-2024"}
    return client.post(url("factuur_nieuw", gemeente, pk=v.pk), {**data, **velden})


def test_r8_btw_factuur_met_btw_boeken_in_de_browser(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    antwoord = _factuurpost(adviseur_client, gemeente, v, bedrag="1.210,00", btw="210,00")
    assert antwoord.status_code == 302, antwoord.context["form"].errors
    factuur = Factuur.objects.get()
    assert (factuur.btw, factuur.btw_compensabel) == (Decimal("210.00"), True)
    pagina = adviseur_client.get(url("verplichting", gemeente, pk=v.pk)).content.decode()
    # The last (1,000.00) fits exactly in the commitment: nothing is open.
    assert re.search(r'id="open-na">€\xa00,00<', pagina)
    audit = AuditRecord.objects.get(object_type="factuur")
    assert audit.wijzigingen["btw"]["nieuw"] == "210.00"


def test_r8_btw_niet_compensabel_telt_volledig_tegen_wat_open_staat(adviseur_client, gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    antwoord = _factuurpost(
        adviseur_client, gemeente, v, bedrag="1.210,00", btw="210,00", btw_compensabel="nee"
    )
    assert "hoger dan wat nog open staat" in antwoord.context["form"].errors["bedrag"][0]
    assert not Factuur.objects.exists()


# (what the user types, the same as Python values, the field, a word of the message)
FACTUURFOUTEN = [
    ({"btw": "121,00"}, {"btw": Decimal("121.00")}, "btw", "groter dan het factuurbedrag"),
    ({"btw": "-21,00"}, {"btw": Decimal("-21.00")}, "btw", "ander teken"),
    ({"boekjaar": "2025"}, {"boekjaar": 2025}, "boekjaar", "kies 2023 of 2024"),
    ({"datum": "01-01-2099"}, {"datum": date(2099, 1, 1)}, "datum", "in de toekomst"),
]


@pytest.mark.parametrize(
    "getypt,waarden,veld,woord",
    FACTUURFOUTEN,
    ids=["btw-te-groot", "btw-teken", "boekjaar-later", "datum-toekomst"],
)
def test_r8_factuur_zelfde_melding_in_formulier_dienst_en_import(
    adviseur_client, gemeente, getypt, waarden, veld, woord
):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    formulier = _factuurpost(adviseur_client, gemeente, v, bedrag="100,00", **getypt)
    factuur = {"datum": date(2024, 7, 1), "bedrag": Decimal("100.00"), **waarden}
    with pytest.raises(ValidationError) as dienst:
        services.boek_factuur(verplichting=v, factuurnummer="F-1", **factuur)
    rijen = volledig()
    rijen["Facturen"][0].update(factuur)  # F1 on V-001
    verwacht = melding(dienst.value, veld)
    assert woord in verwacht
    assert formulier.context["form"].errors[veld] == [verwacht]
    assert importmelding(rijen, "Facturen", veld) == verwacht
    assert not Factuur.objects.exists()


# --- SPUK-OR (R8) ---


def test_r8_spuk_or_alleen_voor_or_en_cohorten_tot_2025(gemeente):
    aanbieder = AanbiederFactory(gemeente=gemeente)

    def maak(code, startdatum):
        return services.maak_verplichting(
            gemeente=gemeente,
            inburgeraar=InburgeraarFactory(gemeente=gemeente, startdatum=startdatum),
            voorziening=voorziening(gemeente, code),
            aanbieder=aanbieder,
            bedrag=Decimal("7400.00"),
            datum=startdatum,
            financiering="SPUK-OR",
        )

    with pytest.raises(ValidationError, match="alleen de onderwijsroute"):
        maak("B1", date(2024, 3, 1))
    with pytest.raises(ValidationError, match="cohorten tot en met 2025"):
        maak("OR", date(2026, 3, 1))
    assert maak("OR", date(2025, 3, 1)).financiering == "SPUK-OR"


def test_r8_geen_factuur_op_spuk_or_met_boekjaar_na_2025(gemeente):
    v = VerplichtingFactory(
        gemeente=gemeente, voorziening=voorziening(gemeente, "OR"), financiering="SPUK-OR"
    )
    with pytest.raises(ValidationError) as fout:
        services.boek_factuur(
            verplichting=v,
            factuurnummer="F-26",
            datum=date(2026, 2, 1),
            bedrag=Decimal("100.00"),
            vandaag=date(2026, 12, 1),
        )
    assert "SPUK-OR is na 2025 geëindigd" in melding(fout.value, "boekjaar")
    # A late invoice for 2025 is still booked on the SPUK-OR.
    services.boek_factuur(
        verplichting=v,
        factuurnummer="F-25",
        datum=date(2026, 2, 1),
        bedrag=Decimal("100.00"),
        boekjaar=2025,
        vandaag=date(2026, 12, 1),
    )
    assert Factuur.objects.get().boekjaar == 2025


def test_r8_herfinanciering_spuk_or_naar_spuk_iv_in_een_stap(adviseur_client, gemeente):
    v = VerplichtingFactory(
        gemeente=gemeente,
        voorziening=voorziening(gemeente, "OR"),
        financiering="SPUK-OR",
        bedrag=Decimal("7400.00"),
    )
    FactuurFactory(verplichting=v, bedrag=Decimal("2400.00"), datum=date(2025, 6, 1))
    pagina = adviseur_client.get(url("herfinanciering", gemeente, pk=v.pk))
    assert "Open: € 5.000,00" in pagina.content.decode()
    antwoord = adviseur_client.post(
        url("herfinanciering", gemeente, pk=v.pk),
        {"formtoken": token(pagina), "reden": "SPUK-OR geëindigd"},
        follow=True,
    )
    nieuw = Verplichting.objects.get(vervangt=v)
    assert (nieuw.financiering, nieuw.bedrag, nieuw.cohort) == ("SPUK-IV", Decimal("5000.00"), 2024)
    assert (nieuw.voorziening.code, nieuw.aanbieder, nieuw.inburgeraar) == (
        "OR",
        v.aanbieder,
        v.inburgeraar,
    )
    v.refresh_from_db()
    assert v.gesloten_op == timezone.localdate()
    assert v.mutaties.get().vrijgevallen == Decimal("5000.00")
    assert "gaat naar SPUK-IV" in antwoord.content.decode()
    assert v.nummer in antwoord.content.decode()  # the new commitment's page names the old one
    assert AuditRecord.objects.filter(object_id__in=[str(v.pk), str(nieuw.pk)]).count() >= 2
    with pytest.raises(ValidationError, match="al gesloten"):
        services.herfinancier_naar_spuk_iv(verplichting=v)


def test_r8_alleen_spuk_or_wordt_geherfinancierd(gemeente):
    with pytest.raises(ValidationError, match="Alleen een SPUK-OR"):
        services.herfinancier_naar_spuk_iv(verplichting=VerplichtingFactory(gemeente=gemeente))


# --- the standard package for the onderwijsroute (R8) ---


@pytest.fixture
def or_tarieven(gemeente):
    school = AanbiederFactory(gemeente=gemeente, naam="Taalschool")
    for code, bedrag in [("B1", "9700.00"), ("OR", "17100.00")]:
        TariefFactory(
            gemeente=gemeente,
            aanbieder=school,
            voorziening=voorziening(gemeente, code),
            bedrag=Decimal(bedrag),
            geldig_van=date(2022, 1, 1),
        )
    return school


def _or_regels(gemeente, startdatum):
    pakket = selectors.standaard_pakket(
        gemeente, doelgroep="asiel", leerroute="OR", startdatum=startdatum
    )
    return [
        (r.financiering, r.als_formulier()["bedrag"]) for r in pakket if r.voorziening.code == "OR"
    ]


def test_r8_pakket_onderwijsroute_tot_cohort_2025_in_twee_delen(gemeente, or_tarieven):
    assert _or_regels(gemeente, date(2025, 3, 1)) == [
        ("SPUK-IV", Decimal("9700.00")),
        ("SPUK-OR", Decimal("7400.00")),
    ]


def test_r8_pakket_onderwijsroute_vanaf_cohort_2026_geheel_spuk_iv(gemeente, or_tarieven):
    assert _or_regels(gemeente, date(2026, 3, 1)) == [("SPUK-IV", Decimal("17100.00"))]


# --- btw for the BCF ---


def test_r8_btw_per_jaar_en_financiering_voor_het_bcf(gemeente):
    spuk = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    uitvoering = VerplichtingFactory(
        gemeente=gemeente,
        voorziening=voorziening(gemeente, "INTAKE"),
        financiering="UITVOERING",
        bedrag=Decimal("5000.00"),
    )
    FactuurFactory(verplichting=spuk, bedrag=Decimal("1210.00"), btw=Decimal("210.00"))
    FactuurFactory(verplichting=spuk, bedrag=Decimal("-121.00"), btw=Decimal("-21.00"))
    FactuurFactory(verplichting=spuk, bedrag=Decimal("500.00"))  # no btw: not listed
    FactuurFactory(
        verplichting=uitvoering,
        bedrag=Decimal("605.00"),
        btw=Decimal("105.00"),
        btw_compensabel=False,
        datum=date(2025, 3, 1),
    )
    regels_ = selectors.btw_per_jaar(gemeente.pk)
    assert [(r.jaar, r.financiering, r.compensabel, r.niet_compensabel) for r in regels_] == [
        (2024, "SPUK-IV", Decimal("189.00"), Decimal("0.00")),
        (2025, "UITVOERING", Decimal("0.00"), Decimal("105.00")),
    ]
    assert len(selectors.btw_per_jaar(gemeente.pk, tot_en_met_jaar=2024)) == 1


def test_toekomstige_datum_in_de_dienst_met_de_klok_van_vandaag(gemeente):
    v = VerplichtingFactory(gemeente=gemeente)
    morgen = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="in de toekomst"):
        services.boek_factuur(
            verplichting=v, factuurnummer="F", datum=morgen, bedrag=Decimal("1.00")
        )


def test_r8_btw_bcf_pagina_en_export(adviseur_client, gemeente):
    from io import BytesIO

    from openpyxl import load_workbook

    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("1210.00"), btw=Decimal("210.00"))
    FactuurFactory(
        verplichting=v, bedrag=Decimal("60.50"), btw=Decimal("10.50"), btw_compensabel=False
    )
    lijst = adviseur_client.get(url("facturen", gemeente)).content.decode()
    assert url("btw", gemeente) in lijst
    pagina = adviseur_client.get(url("btw", gemeente))
    inhoud = pagina.content.decode()
    assert "SPUK-IV" in inhoud and "€\xa0210,00" in inhoud and "€\xa010,50" in inhoud
    export = adviseur_client.get(url("btw", gemeente) + "?formaat=xlsx")
    blad = load_workbook(BytesIO(export.getvalue())).active
    assert blad["A1"].value.startswith("Btw per boekjaar en financiering (BCF) – Heemstede")
    assert [c.value for c in blad[3]] == [2024, "SPUK-IV", 210, 10.5]
    assert blad["C3"].number_format == "#,##0.00 €" and blad.auto_filter.ref == "A2:D3"


def test_r3_vestiging_en_stelsel_wijzigen_op_de_persoonspagina(client_met_rol, gemeente):
    client = client_met_rol("consulent")
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2022, 6, 1))
    pagina = client.get(url("inburgeraar", gemeente, pk=persoon.pk)).content.decode()
    assert url("vestiging_wijzigen", gemeente, pk=persoon.pk) in pagina
    formulier = client.get(url("vestiging_wijzigen", gemeente, pk=persoon.pk))
    te_vroeg = client.post(
        url("vestiging_wijzigen", gemeente, pk=persoon.pk),
        {
            "formtoken": token(formulier),
            "vestigingsdatum": "01-01-2022",
            "stelsel": "Wi2021",
            "reden": "Verhuizing",
        },
    )
    assert "vóór de startdatum" in te_vroeg.context["form"].errors["vestigingsdatum"][0]
    goed = client.post(
        url("vestiging_wijzigen", gemeente, pk=persoon.pk),
        {
            "formtoken": token(te_vroeg),
            "vestigingsdatum": "01-03-2023",
            "stelsel": "Wi2021",
            "reden": "Kwam uit Haarlem",
        },
        follow=True,
    )
    persoon.refresh_from_db()
    assert (persoon.vestigingsdatum, persoon.cohort) == (date(2023, 3, 1), 2022)
    assert "telt hier vanaf 2023" in goed.content.decode()
    audit = AuditRecord.objects.filter(object_type="inburgeraar").latest("pk")
    assert audit.reden == "Kwam uit Haarlem"
    assert audit.wijzigingen["vestigingsdatum"] == {"oud": "2022-06-01", "nieuw": "2023-03-01"}


def test_r3_wi2013_kan_niet_met_open_spuk_verplichtingen(gemeente):
    v = VerplichtingFactory(gemeente=gemeente)
    with pytest.raises(ValidationError, match=v.nummer):
        services.wijzig_vestiging(
            inburgeraar=v.inburgeraar,
            vestigingsdatum=v.inburgeraar.startdatum,
            stelsel="Wi2013",
            reden="DUO: Wi2013",
        )
    v.inburgeraar.refresh_from_db()
    assert v.inburgeraar.stelsel == "Wi2021"
