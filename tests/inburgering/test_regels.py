"""The pure R8 rules of inburgering.regels, with examples and properties."""

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
