"""Pure scenario math: spreading, R4 toekenning from assumptions, R7 via spuk.rekenregels."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rapportage.scenario import (
    ROUTES,
    VOORZIENINGEN,
    Aannames,
    Betaalritme,
    bereken,
    besteding_per_jaar,
    instroom_uit_taakstelling,
    kosten_van_cohort,
    naar_json,
    spreid,
    toekenning,
    uit_json,
)

RITMES = [
    Betaalritme(2021, 2025, (Decimal("0.61"), Decimal("0.31"), Decimal("0.08"))),
    Betaalritme(2026, None, (Decimal("0.40"), Decimal("0.30"), Decimal("0.30"))),
]
PRIJZEN = {
    "B1": Decimal("9700.00"),
    "Z": Decimal("11400.00"),
    "OR": Decimal("17100.00"),
    "MB": Decimal("2100.00"),
    "PVT": Decimal("200.00"),
    "MAP": Decimal("300.00"),
    "TOLK": Decimal("500.00"),
}
SPREIDING = {
    "leerroute": (38, 32, 30),
    "MB": (75, 20, 5),
    "PVT": (80, 14, 6),
    "MAP": (46, 39, 15),
    "TOLK": (57, 30, 13),
}


def aannames(**anders) -> Aannames:
    basis = Aannames(
        startjaar=2026,
        instroom={
            2024: {"asiel": 10},
            2025: {"asiel": 8, "gezin": 5},
            2026: {"asiel": 6, "gezin": 4},
        },
        routemix={"B1": Decimal("60"), "Z": Decimal("30"), "OR": Decimal("10")},
        prijzen=PRIJZEN,
        spreiding=SPREIDING,
        trajectbedrag=Decimal("16000.00"),
        betaalritmes=RITMES,
        bedrag_gezin=Decimal("720.00"),
        bedrag_overig=Decimal("720.00"),
        bedrag_onderwijsroute=Decimal("5000.00"),
    )
    return replace(basis, **anders)


def test_r4_toekenning_uit_aannames_volgt_het_betaalritme_per_cohort():
    # Cohort 2024 and 2025 at 61/31/8 of 16,000 (9,760 / 4,960 / 1,280), 2026 at 40/30/30.
    a = aannames(
        routemix={"B1": Decimal("60"), "Z": Decimal("30"), "OR": Decimal("0")},
    )
    verwacht = 6 * Decimal("6400.00") + 4 * Decimal("720.00") + 8 * Decimal("4960.00")
    verwacht += 10 * Decimal("1280.00")
    assert toekenning(2026, a) == verwacht


def test_r4_onderwijsroute_component_vanaf_2026_naar_aandeel():
    a = aannames()
    zonder = toekenning(2026, replace(a, routemix={**a.routemix, "OR": Decimal("0")}))
    # 10% of 6 statushouders in the OR: 0.6 x 5,000.
    assert toekenning(2026, a) - zonder == Decimal("3000.00")


def test_taakstelling_maal_aandeel_rondt_half_naar_boven():
    assert instroom_uit_taakstelling(45, Decimal("50")) == 23
    assert instroom_uit_taakstelling(40, Decimal("62.5")) == 25


def test_kosten_van_een_cohort_volgen_mix_en_pakket():
    kosten = kosten_van_cohort(
        {"asiel": 10, "gezin": 5, "overig": 1},
        {"B1": Decimal("60"), "Z": Decimal("30"), "OR": Decimal("15")},
        PRIJZEN,
    )
    assert kosten["B1"] == Decimal("58200.00")
    assert kosten["OR"] == Decimal("25650.00")
    assert kosten["MB"] == Decimal("21000.00")  # asielstatushouders only
    assert kosten["PVT"] == Decimal("3200.00")  # everyone
    assert kosten["TOLK"] == Decimal("5000.00")


def test_r7_vijf_jaar_met_reservering_en_terugbetaling():
    a = aannames(
        instroom={2026: {"asiel": 10}},
        routemix={"B1": Decimal("0"), "Z": Decimal("0"), "OR": Decimal("0")},
        prijzen={k: Decimal("0.00") for k in PRIJZEN},
        uitvoering_budget=Decimal("100000.00"),
        uitvoering_kosten=Decimal("125000.00"),
    )
    jaren = bereken(a)
    assert [j.jaar for j in jaren] == [2026, 2027, 2028, 2029, 2030]
    assert [j.toekenning for j in jaren[:3]] == [
        Decimal("64000.00"),
        Decimal("48000.00"),
        Decimal("48000.00"),
    ]
    # Nothing spent: everything is reserved up to 100% of the toekenning, the rest repaid.
    assert jaren[0].reservering_uit == Decimal("64000.00")
    assert jaren[1].reservering_uit == Decimal("48000.00")
    assert jaren[1].terug_te_betalen == Decimal("64000.00")
    assert jaren[0].uitvoering_tekort == Decimal("25000.00")


def test_json_heen_en_terug_verliest_niets():
    a = aannames()
    assert uit_json(naar_json(a)) == replace(
        a, instroom={c: dict(v) for c, v in a.instroom.items()}
    )


bedragen = st.decimals(min_value=Decimal("0"), max_value=Decimal("9999999.99"), places=2)
percentages = st.tuples(*(st.integers(0, 100),) * 2).filter(lambda t: t[0] + t[1] <= 100)


@given(bedragen, percentages)
def test_spreiding_verdeelt_altijd_de_volledige_kosten(bedrag, p):
    delen = spreid(bedrag, (p[0], p[1], 100 - p[0] - p[1]))
    assert sum(delen) == bedrag
    assert all(d >= 0 for d in delen)


@given(
    st.dictionaries(
        st.integers(2024, 2032),
        st.fixed_dictionaries(
            {
                "asiel": st.integers(0, 500),
                "gezin": st.integers(0, 200),
                "overig": st.integers(0, 50),
            }
        ),
        max_size=9,
    )
)
def test_totale_besteding_is_de_som_van_de_cohortkosten_binnen_het_venster(instroom):
    a = aannames(startjaar=2024, jaren=11, instroom=instroom)
    per_jaar = besteding_per_jaar(a)
    totaal = sum(sum(soorten.values()) for soorten in per_jaar.values())
    verwacht = sum(
        sum(kosten_van_cohort(aantallen, a.routemix, a.prijzen).values())
        for aantallen in instroom.values()
    )
    assert totaal == verwacht
    for soorten in per_jaar.values():
        assert set(soorten) == {*ROUTES, *VOORZIENINGEN}


@given(st.lists(st.tuples(bedragen, bedragen), min_size=1, max_size=5))
def test_r7_saldo_wordt_altijd_volledig_toegedeeld(jaren):
    from spuk.rekenregels import JaarInvoer, jaarbalansen

    balansen = jaarbalansen(
        [JaarInvoer(2026 + i, t, b) for i, (t, b) in enumerate(jaren)], cap=Decimal("1")
    )
    for b in balansen:
        assert b.reservering_uit + b.terug_te_betalen - b.doorschuif_uit == b.saldo
        assert b.reservering_uit <= b.toekenning


def test_routemix_telt_op_tot_precies_100_procent():
    from rapportage.scenario import GEEN_ROUTE_LANDELIJK, ROUTEMIX_LANDELIJK, routemix_fout

    landelijk = {**{k: Decimal(v) for k, v in ROUTEMIX_LANDELIJK.items()}, "geen": Decimal(1)}
    assert sum(ROUTEMIX_LANDELIJK.values()) + GEEN_ROUTE_LANDELIJK == 100
    assert routemix_fout(landelijk) is None
    fout = routemix_fout({"B1": Decimal("60"), "Z": Decimal("30"), "OR": Decimal("15")})
    assert "telt op tot 105%" in fout and "geen route 0%" in fout
    assert routemix_fout({"B1": Decimal("57.5"), "Z": Decimal("29"), "OR": Decimal("13")}) == (
        routemix_fout({"B1": Decimal("57.50"), "Z": Decimal("29"), "OR": Decimal("13")})
    )
    assert "99,5%" in routemix_fout(
        {"B1": Decimal("57.5"), "Z": Decimal("29"), "OR": Decimal("13")}
    )


def test_procent_tekst_zonder_exponent():
    from rapportage.scenario import procent_tekst

    assert [procent_tekst(Decimal(x)) for x in ("30", "3E+1", "30.00", "38.50", "0")] == [
        "30",
        "30",
        "30",
        "38,5",
        "0",
    ]


def test_r7_scenario_begint_met_de_positie_van_het_laatste_echte_jaar():
    a = aannames()
    zonder = bereken(a)
    met = bereken(replace(a, reservering_in=Decimal("560000.00")))
    assert met[0].beschikbaar == zonder[0].beschikbaar + Decimal("560000.00")
    doorgeschoven = bereken(replace(a, doorschuif_in=Decimal("1000.00")))
    assert doorgeschoven[0].beschikbaar == zonder[0].beschikbaar - Decimal("1000.00")
