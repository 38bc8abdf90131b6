"""The figures per year (what `manage.py saldi` reads) and the other reads, against the DB."""

from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Voorziening
from tests.factories import (
    FactuurFactory,
    GemeenteFactory,
    InburgeraarFactory,
    VerplichtingFactory,
    voorziening,
)
from uitvoering import selectors

from .factories import (
    BudgetwijzigingFactory,
    KostenregelFactory,
    TijdregistratieFactory,
    UitvoeringsbudgetFactory,
    verband_van,
)

D = Decimal
pytestmark = pytest.mark.django_db


def _jaren(gemeente, peildatum=None):
    return {j.jaar: j for j in selectors.uitvoering_per_jaar(gemeente, peildatum)}


def test_r11_voorbeeld_d_via_de_database(gemeente, andere_gemeente):
    """A shared service of 272,000.00 split 52% / 48%; budget 101,000.00 gives tekort 40,440.00."""
    verband = verband_van(
        gemeente, andere_gemeente, verdeelsleutel="percentage", percentages=["52", "48"]
    )
    KostenregelFactory(
        gemeente=None,
        samenwerkingsverband=verband,
        jaar=2022,
        formatie=True,
        fte=D("2.20"),
        kosten_per_fte=D("112727.27"),
        bedrag=D("247999.99"),
    )
    KostenregelFactory(gemeente=None, samenwerkingsverband=verband, jaar=2022, bedrag=D("24000.01"))
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2022, bedrag=D("101000.00"))
    eerste = _jaren(gemeente)[2022]
    assert (eerste.budget, eerste.kosten, eerste.tekort) == (
        D("101000.00"),
        D("141440.00"),
        D("40440.00"),
    )
    tweede = _jaren(andere_gemeente)[2022]
    assert (tweede.budget, tweede.kosten, tweede.tekort) == (
        D("0.00"),
        D("130560.00"),
        D("130560.00"),
    )


def test_r11_kosten_zijn_formatie_plus_overig_plus_aandeel(gemeente, andere_gemeente):
    KostenregelFactory(
        gemeente=gemeente,
        jaar=2024,
        formatie=True,
        fte=D("1.50"),
        kosten_per_fte=D("80000.00"),
        bedrag=D("120000.00"),
    )
    KostenregelFactory(gemeente=gemeente, jaar=2024, bedrag=D("5000.00"))
    verband = verband_van(gemeente, andere_gemeente)  # inwoners 27,500 / 163,000
    KostenregelFactory(
        gemeente=None, samenwerkingsverband=verband, jaar=2024, bedrag=D("190500.00")
    )
    jaar = _jaren(gemeente)[2024]
    assert jaar.kosten == D("120000.00") + D("5000.00") + D("27500.00")
    assert _jaren(andere_gemeente)[2024].kosten == D("163000.00")


def test_r11_restcent_van_gedeelde_kosten_naar_wie_eerst_meedeed(gemeente, andere_gemeente):
    derde = GemeenteFactory(inwoners=27_500)
    andere_gemeente.inwoners = 27_500
    andere_gemeente.save()
    verband = verband_van(andere_gemeente, gemeente, derde)
    KostenregelFactory(gemeente=None, samenwerkingsverband=verband, jaar=2025, bedrag=D("100.00"))
    assert _jaren(andere_gemeente)[2025].kosten == D("33.34")
    assert _jaren(gemeente)[2025].kosten == D("33.33")
    assert _jaren(derde)[2025].kosten == D("33.33")


def test_budget_telt_budgetwijzigingen_tot_de_peildatum_mee(gemeente):
    budget = UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025, bedrag=D("101000.00"))
    BudgetwijzigingFactory(budget=budget, datum=date(2025, 9, 16), bedrag=D("1850.00"))
    BudgetwijzigingFactory(budget=budget, datum=date(2025, 12, 1), bedrag=D("-350.00"))
    assert _jaren(gemeente)[2025].budget == D("102500.00")
    assert _jaren(gemeente, date(2025, 10, 1))[2025].budget == D("102850.00")
    assert _jaren(gemeente, date(2025, 6, 30))[2025].budget == D("101000.00")


def test_jaren_tot_en_met_het_jaar_van_de_peildatum(gemeente):
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2025)
    UitvoeringsbudgetFactory(gemeente=gemeente, jaar=2026)
    KostenregelFactory(gemeente=gemeente, jaar=2027)
    assert [j.jaar for j in selectors.uitvoering_per_jaar(gemeente)] == [2025, 2026, 2027]
    assert [j.jaar for j in selectors.uitvoering_per_jaar(gemeente, date(2026, 3, 1))] == [
        2025,
        2026,
    ]


def test_facturen_op_uitvoeringsverplichtingen_tellen_niet_in_de_kosten_maar_staan_ernaast(
    gemeente,
):
    """R11 kosten are cost lines; invoices on UITVOERING commitments are shown beside them."""
    KostenregelFactory(gemeente=gemeente, jaar=2024, bedrag=D("14000.00"))
    verplichting = VerplichtingFactory(
        gemeente=gemeente,
        voorziening=voorziening(gemeente, "FIN_ZELFREDZAAM"),
        financiering="UITVOERING",
        bedrag=D("14000.00"),
    )
    FactuurFactory(verplichting=verplichting, bedrag=D("6000.00"), datum=date(2024, 5, 1))
    spuk = VerplichtingFactory(gemeente=gemeente)
    FactuurFactory(verplichting=spuk, bedrag=D("9000.00"), datum=date(2024, 5, 1))
    assert _jaren(gemeente)[2024].kosten == D("14000.00")
    detail = {d.jaar: d for d in selectors.uitvoering_details(gemeente)}[2024]
    assert detail.facturen_uitvoering == D("6000.00")
    assert detail.tekort_met_facturen == D("20000.00")


def test_een_gemeente_ziet_alleen_haar_eigen_aandeel(gemeente, andere_gemeente):
    verband = verband_van(
        gemeente, andere_gemeente, verdeelsleutel="percentage", percentages=["52", "48"]
    )
    KostenregelFactory(
        gemeente=None, samenwerkingsverband=verband, jaar=2022, bedrag=D("272000.00")
    )
    [aandeel] = selectors.aandelen(andere_gemeente)[2022]
    assert aandeel.aandeel == D("130560.00")
    assert aandeel.totaal == D("272000.00")
    assert aandeel.percentage == D("48.00")


def test_eigen_kosten_van_een_andere_gemeente_tellen_niet_mee(gemeente, andere_gemeente):
    KostenregelFactory(gemeente=andere_gemeente, jaar=2025, bedrag=D("999.00"))
    UitvoeringsbudgetFactory(gemeente=andere_gemeente, jaar=2025)
    assert selectors.uitvoering_per_jaar(gemeente) == []


def test_begeleide_inburgeraars_drie_jaar_tenzij_eerder_geeindigd(gemeente):
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2022, 5, 1))
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 5, 1))
    InburgeraarFactory(
        gemeente=gemeente,
        startdatum=date(2023, 5, 1),
        huidige_status="gestopt",
        status_sinds=date(2023, 11, 1),
    )
    assert selectors.begeleide_inburgeraars(gemeente, [2022, 2023, 2024, 2025]) == {
        2022: 1,
        2023: 2,
        2024: 2,
        2025: 1,
    }


def test_mogelijk_ten_laste_van_spuk(gemeente):
    """The schot: an SPUK-eligible voorziening paid from UITVOERING is flagged; others not."""
    gemarkeerd = VerplichtingFactory(
        gemeente=gemeente, financiering="UITVOERING", voorziening=voorziening(gemeente, "MB")
    )
    VerplichtingFactory(gemeente=gemeente, financiering="SPUK-IV")
    VerplichtingFactory(
        gemeente=gemeente, financiering="UITVOERING", voorziening=voorziening(gemeente, "INTAKE")
    )
    assert list(selectors.mogelijk_ten_laste_van_spuk(gemeente)) == [gemarkeerd]


def test_herindeling_van_een_voorziening_telt_voor_het_signaal(gemeente):
    """BRUGKLAS is uitvoering by default; reclassified as SPUK it is flagged from then on."""
    brugklas = voorziening(gemeente, "BRUGKLAS")
    verplichting = VerplichtingFactory(
        gemeente=gemeente, financiering="UITVOERING", voorziening=brugklas
    )
    assert not selectors.mogelijk_ten_laste_van_spuk(gemeente).exists()
    Voorziening.objects.filter(pk=brugklas.pk).update(classificatie="spuk")
    assert list(selectors.mogelijk_ten_laste_van_spuk(gemeente)) == [verplichting]


def test_r11_uren_per_activiteit_en_per_inburgeraar(gemeente, settings):
    settings.PRODUCTIEVE_UREN_PER_FTE = D("1364")
    persoon = InburgeraarFactory(gemeente=gemeente)
    TijdregistratieFactory(
        gemeente=gemeente,
        activiteit="INTAKE",
        uren=D("6"),
        inburgeraar=persoon,
        kosten_per_fte=D("95000.00"),
    )
    TijdregistratieFactory(
        gemeente=gemeente, activiteit="INTAKE", uren=D("4"), kosten_per_fte=D("95000.00")
    )
    TijdregistratieFactory(
        gemeente=gemeente, activiteit="BELEID", uren=D("13.64"), kosten_per_fte=D("120000.00")
    )
    TijdregistratieFactory(gemeente=gemeente, jaar=2024, activiteit="BELEID", uren=D("99"))
    overzicht = selectors.uren_overzicht(gemeente, 2025)
    per = {a.activiteit: a for a in overzicht.per_activiteit}
    assert per["INTAKE"].uren == D("10")
    assert per["INTAKE"].kosten == D("696.48")  # 10 x 95,000 / 1,364
    assert per["BELEID"].kosten == D("1200.00")  # 13.64 x 120,000 / 1,364
    assert overzicht.kosten == D("1896.48")
    assert overzicht.aantal_inburgeraars == 1
    assert overzicht.per_inburgeraar == D("417.89")  # 6 x 95,000 / 1,364


def test_r11_productieve_uren_komen_uit_de_instelling(gemeente, settings):
    settings.PRODUCTIEVE_UREN_PER_FTE = D("1000")
    TijdregistratieFactory(gemeente=gemeente, uren=D("10"), kosten_per_fte=D("100000.00"))
    assert selectors.uren_overzicht(gemeente, 2025).kosten == D("1000.00")


def test_open_verplichtingen_uit_het_uitvoeringsbudget(gemeente):
    """R8 open: amount minus invoices, never below 0, 0 once closed; SPUK commitments apart."""
    intake = voorziening(gemeente, "INTAKE")
    deels = VerplichtingFactory(
        gemeente=gemeente, voorziening=intake, financiering="UITVOERING", bedrag=D("1000.00")
    )
    FactuurFactory(verplichting=deels, bedrag=D("400.00"))
    vol = VerplichtingFactory(
        gemeente=gemeente, voorziening=intake, financiering="UITVOERING", bedrag=D("500.00")
    )
    FactuurFactory(verplichting=vol, bedrag=D("500.00"))
    VerplichtingFactory(
        gemeente=gemeente,
        voorziening=intake,
        financiering="UITVOERING",
        bedrag=D("700.00"),
        gesloten=True,
    )
    VerplichtingFactory(gemeente=gemeente, financiering="SPUK-IV", bedrag=D("9700.00"))
    uitkomst = selectors.verplichtingen_uitvoering(gemeente)
    assert (uitkomst.aantal_open, uitkomst.open) == (1, D("600.00"))


def test_r11_aandelen_van_alle_deelnemers_tellen_op_tot_de_kosten_van_het_verband():
    leden = [GemeenteFactory(inwoners=n) for n in (27_513, 23_011, 163_097)]
    verband = verband_van(*leden)
    KostenregelFactory(
        gemeente=None, samenwerkingsverband=verband, jaar=2025, bedrag=D("272000.01")
    )
    KostenregelFactory(
        gemeente=None,
        samenwerkingsverband=verband,
        jaar=2025,
        formatie=True,
        fte=D("0.27"),
        kosten_per_fte=D("105333.33"),
        bedrag=D("28440.00"),
    )
    delen = [selectors.uitvoering_per_jaar(g)[0].kosten for g in leden]
    assert sum(delen) == D("300440.01")
    # floor 38,694.72 / 32,363.04 / 229,382.24; the one leftover cent to the largest remainder
    assert delen == [D("38694.73"), D("32363.04"), D("229382.24")]
