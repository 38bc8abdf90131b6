"""The pure R8 rules of inburgering.regels, with examples and properties."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from inburgering import regels

bedragen = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)


def test_r8_open_bedrag_voorbeelden():
    assert regels.open_bedrag(Decimal("9700.00"), Decimal("4462.00"), False) == Decimal("5238.00")
    assert regels.open_bedrag(Decimal("9700.00"), Decimal("9800.00"), False) == Decimal("0.00")
    assert regels.open_bedrag(Decimal("9700.00"), Decimal("0.00"), True) == Decimal("0.00")


@given(bedrag=bedragen, gefactureerd=bedragen, gesloten=st.booleans())
def test_r8_open_is_nooit_negatief_en_nul_na_sluiten(bedrag, gefactureerd, gesloten):
    open_ = regels.open_bedrag(bedrag, gefactureerd, gesloten)
    assert open_ >= 0
    assert not gesloten or open_ == 0
    assert open_ <= bedrag


@given(bedrag=bedragen, gefactureerd=bedragen, factuur=bedragen)
def test_r8_een_toegestane_factuur_brengt_totaal_nooit_boven_de_verplichting(
    bedrag, gefactureerd, factuur
):
    if factuur == 0 or gefactureerd > bedrag:
        return
    if (
        regels.factuur_fout(
            bedrag=factuur, bedrag_verplichting=bedrag, gefactureerd=gefactureerd, gesloten=False
        )
        is None
    ):
        assert gefactureerd + factuur <= bedrag


def test_r8_schot_alleen_uitvoering_uit_spuk_geweigerd():
    assert "het schot" in regels.schot_fout("uitvoering", "SPUK-OR", "BRUGKLAS")
    assert regels.schot_fout("uitvoering", "UITVOERING") is None
    assert regels.schot_fout("spuk", "SPUK-IV") is None


def test_r8_wijziging_niet_onder_gefactureerd():
    fout = regels.wijziging_fout(
        nieuw_bedrag=Decimal("999.99"), gefactureerd=Decimal("1000.00"), gesloten=False
    )
    assert "Vul minstens € 1.000,00 in" in fout
    assert (
        regels.wijziging_fout(
            nieuw_bedrag=Decimal("1000.00"), gefactureerd=Decimal("1000.00"), gesloten=False
        )
        is None
    )
    assert "gesloten" in regels.wijziging_fout(
        nieuw_bedrag=Decimal("5.00"), gefactureerd=Decimal("0"), gesloten=True
    )


@given(tarief=bedragen, gefactureerd=bedragen)
def test_r8_herprijzing_nooit_onder_gefactureerd(tarief, gefactureerd):
    nieuw = regels.herprijsd_bedrag(tarief=tarief, gefactureerd=gefactureerd)
    assert nieuw >= gefactureerd
    assert nieuw in (tarief, gefactureerd)


def test_maanden_terug_ook_aan_het_eind_van_een_maand():
    assert regels.maanden_terug(date(2026, 6, 15), 4) == date(2026, 2, 15)
    assert regels.maanden_terug(date(2026, 6, 30), 4) == date(2026, 2, 28)
    assert regels.maanden_terug(date(2024, 6, 30), 4) == date(2024, 2, 29)
    assert regels.maanden_terug(date(2026, 2, 10), 4) == date(2025, 10, 10)
    assert regels.maanden_terug(date(2026, 7, 31), 1) == date(2026, 6, 30)


def test_statusvolgorde_zelfde_dag_mag_eerder_niet():
    eerdere = [date(2025, 1, 1), date(2025, 3, 1)]
    assert regels.statusvolgorde_fout(eerdere, date(2025, 3, 1)) is None
    assert "01-03-2025" in regels.statusvolgorde_fout(eerdere, date(2025, 2, 28))


def test_standaard_financiering_volgt_schot_en_onderwijsroute():
    assert regels.standaard_financiering(
        code="BRUGKLAS", classificatie="uitvoering", cohort=2025
    ) == ("UITVOERING")
    assert regels.standaard_financiering(code="OR", classificatie="spuk", cohort=2025) == "SPUK-OR"
    assert regels.standaard_financiering(code="OR", classificatie="spuk", cohort=2026) == "SPUK-IV"
    assert regels.standaard_financiering(code="B1", classificatie="spuk", cohort=2024) == "SPUK-IV"
