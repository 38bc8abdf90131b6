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


# --- the rules every writer shares (services, forms, the workbook import) -----------------

statussen = st.sampled_from(["actief", "overstap", "gestopt", "verhuisd", "afgerond"])
routes = st.sampled_from(["", "B1", "Z", "OR"])


@given(
    begin=routes,
    historie=st.lists(
        st.tuples(st.dates(date(2022, 1, 1), date(2030, 1, 1)), statussen, routes), max_size=6
    ),
)
def test_alleen_een_overstap_verandert_de_huidige_leerroute(begin, historie):
    historie = sorted(historie, key=lambda w: w[0])
    stand = regels.huidige_stand(regels.Stand("actief", None, begin), historie)
    overstappen = [r for _d, s, r in historie if s == "overstap" and r]
    assert stand.leerroute == (overstappen[-1] if overstappen else begin)
    if historie:
        assert (stand.status, stand.sinds) == (historie[-1][1], historie[-1][0])


def test_gestopt_met_een_leerroute_houdt_de_route():
    stand = regels.Stand("actief", date(2024, 3, 1), "B1")
    na = regels.na_statuswijziging(stand, datum=date(2025, 2, 1), status="gestopt", leerroute="OR")
    assert na == regels.Stand("gestopt", date(2025, 2, 1), "B1")


def test_r8_classificatie_blijft_zoals_bij_het_aangaan():
    assert regels.classificatie_momentopname(voorziening="spuk") == "spuk"
    bestaand = {"bestaand": "uitvoering", "voorziening": "spuk"}
    assert regels.classificatie_momentopname(**bestaand, zelfde_voorziening=True) == "uitvoering"
    assert regels.classificatie_momentopname(**bestaand, zelfde_voorziening=False) == "spuk"


def test_r8_gesloten_verplichting_houdt_bedrag_en_sluitdatum():
    gesloten = {"bedrag_oud": Decimal("2100.00"), "gesloten_op": date(2025, 2, 1)}
    assert (
        regels.gesloten_wijziging_fout(
            **gesloten, bedrag_nieuw=Decimal("2100.00"), gesloten_op_nieuw=date(2025, 2, 1)
        )
        is None
    )
    veld, _ = regels.gesloten_wijziging_fout(
        **gesloten, bedrag_nieuw=Decimal("2500.00"), gesloten_op_nieuw=date(2025, 2, 1)
    )
    assert veld == "bedrag"
    veld, _ = regels.gesloten_wijziging_fout(
        **gesloten, bedrag_nieuw=Decimal("2100.00"), gesloten_op_nieuw=None
    )
    assert veld == "gesloten_op"


def test_leerroute_alleen_waar_de_doelgroep_die_heeft():
    assert regels.leerroute_fout("asiel", "B1") is None
    assert regels.leerroute_fout("gezin", "") is None
    assert "eigen leerroute" in regels.leerroute_fout("gezin", "B1")
    assert "eigen leerroute" in regels.leerroute_fout("overig", "OR")
    assert regels.pipdatum_fout(date(2024, 3, 1), date(2024, 3, 1)) is None
    assert "vóór de startdatum" in regels.pipdatum_fout(date(2024, 3, 1), date(2024, 2, 29))
