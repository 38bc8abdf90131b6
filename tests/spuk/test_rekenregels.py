"""R3-R7, R9, R10: the worked examples of REKENREGELS.md to the cent, plus property tests."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from spuk.rekenregels import (
    BeschikkingFeit,
    Groep,
    JaarInvoer,
    Parameters,
    bedrag_asiel_afgeleid,
    dekking,
    eerste_jaar_zonder_telling,
    jaarbalansen,
    kies_toekenning,
    opbrengst_per_jaar,
    splits_ontvangst,
    telling,
    telt_mee,
    toegekend_per_cohort,
    verwacht_voor_cohort,
)

D = Decimal
OUD = (D("0.61"), D("0.31"), D("0.08"))
NIEUW = (D("0.40"), D("0.30"), D("0.30"))


def voorbeeld_b_parameters() -> Parameters:
    return Parameters(
        bedragen={(2026, "gezin", 1): D("720.00"), (2026, "onderwijsroute", 1): D("5000.00")},
        trajectbedragen={2024: D("15500.00"), 2025: D("15900.00"), 2026: D("16000.00")},
        ritmes=[(2021, 2025, OUD), (2026, None, NIEUW)],
    )


def voorbeeld_b_register() -> list[Groep]:
    return [
        Groep(2024, "asiel", None, False, 10),
        Groep(2025, "asiel", None, False, 8),
        Groep(2025, "gezin", None, False, 5),
        Groep(2026, "asiel", None, False, 4),
        Groep(2026, "asiel", None, True, 2),
        Groep(2026, "gezin", None, False, 4),
    ]


# --- R4 -------------------------------------------------------------------------------------


def test_r4_voorbeeld_b_bedragen_per_inburgeringsjaar():
    p = voorbeeld_b_parameters()
    assert p.bedrag(2026, "asiel", 1) == D("6400.00")
    assert p.bedrag(2026, "asiel", 2) == D("4929.00")
    assert p.bedrag(2026, "asiel", 3) == D("1240.00")


def test_r4_afgeleid_bedrag_rondt_half_naar_boven():
    assert bedrag_asiel_afgeleid(D("15555.55"), OUD, 3) == D("1244.44")  # 1244.444
    assert bedrag_asiel_afgeleid(D("0.25"), (D("0.5"), D("0"), D("0")), 1) == D("0.13")


def test_r4_ingevoerd_bedrag_gaat_voor_afgeleid():
    p = Parameters(
        bedragen={(2026, "asiel", 1): D("6500.00")},
        trajectbedragen={2026: D("16000.00")},
        ritmes=[(2026, None, NIEUW)],
    )
    assert p.bedrag(2026, "asiel", 1) == D("6500.00")


def test_r4_voorbeeld_b_cohortaandelen_en_berekende_toekenning():
    t = telling(2026, voorbeeld_b_register(), voorbeeld_b_parameters())
    assert t.aandeel_t == D("51280.00")
    assert t.aandeel_t1 == D("39432.00")
    assert t.aandeel_t2 == D("12400.00")
    assert t.berekende_toekenning == D("103112.00")
    assert (t.asiel_1, t.asiel_2, t.asiel_3, t.gezin, t.onderwijsroute) == (6, 8, 10, 4, 2)


def test_r4_onderwijsroute_component_pas_vanaf_2026_maar_wel_geteld():
    p = Parameters(
        bedragen={(2025, "onderwijsroute", 1): D("5000.00"), (2025, "asiel", 1): D("9000.00")},
        trajectbedragen={},
        ritmes=[],
    )
    t = telling(2025, [Groep(2025, "asiel", None, True, 3)], p)
    assert t.onderwijsroute == 3
    assert t.berekende_toekenning == D("27000.00")


# --- R3 -------------------------------------------------------------------------------------


def test_r3_asiel_telt_drie_jaar_gezin_een_jaar():
    assert [
        telt_mee(doelgroep="asiel", cohort=2024, jaar=j, eind_jaar=None) for j in range(2023, 2028)
    ] == [False, True, True, True, False]
    assert [
        telt_mee(doelgroep="gezin", cohort=2024, jaar=j, eind_jaar=None) for j in (2024, 2025)
    ] == [True, False]


def test_r3_ontheffing_op_31_december_beeindigt_telling_in_dat_jaar():
    eind = eerste_jaar_zonder_telling("ontheven", date(2025, 12, 31))
    assert not telt_mee(doelgroep="asiel", cohort=2024, jaar=2025, eind_jaar=eind)
    assert telt_mee(doelgroep="asiel", cohort=2024, jaar=2024, eind_jaar=eind)


def test_r3_aow_telt_nog_in_het_jaar_zelf_niet_erna():
    eind = eerste_jaar_zonder_telling("aow", date(2025, 3, 1))
    assert telt_mee(doelgroep="asiel", cohort=2024, jaar=2025, eind_jaar=eind)
    assert not telt_mee(doelgroep="asiel", cohort=2024, jaar=2026, eind_jaar=eind)


def test_r3_gestopt_en_afgerond_beeindigen_telling_niet():
    assert eerste_jaar_zonder_telling("gestopt", date(2024, 5, 1)) is None
    assert eerste_jaar_zonder_telling("afgerond", date(2024, 5, 1)) is None
    assert eerste_jaar_zonder_telling("overstap", date(2024, 5, 1)) is None


def test_r3_eindstatussen_zijn_instelbaar():
    eigen = {"gestopt": "op_datum"}
    assert eerste_jaar_zonder_telling("gestopt", date(2024, 5, 1), eigen) == 2024
    assert eerste_jaar_zonder_telling("verhuisd", date(2024, 5, 1), eigen) is None


# --- R5 -------------------------------------------------------------------------------------


def test_r5_definitief_gaat_voor_nader_en_voorlopig():
    b = [
        BeschikkingFeit("voorlopig", date(2024, 10, 1), 1, D("100.00")),
        BeschikkingFeit("nader", date(2025, 3, 1), 2, D("110.00")),
        BeschikkingFeit("definitief", date(2026, 5, 1), 3, D("120.00")),
    ]
    assert kies_toekenning(b, D("1.00")) == (D("120.00"), "definitief")
    assert kies_toekenning(b[:2], D("1.00")) == (D("110.00"), "nader")
    assert kies_toekenning(b[:1], D("1.00")) == (D("100.00"), "voorlopig")
    assert kies_toekenning([], D("1.00")) == (D("1.00"), "raming")


def test_r5_laatste_nader_op_datum_dan_id():
    b = [
        BeschikkingFeit("nader", date(2025, 6, 1), 5, D("200.00")),
        BeschikkingFeit("nader", date(2025, 6, 1), 7, D("210.00")),
        BeschikkingFeit("nader", date(2025, 3, 1), 9, D("190.00")),
    ]
    assert kies_toekenning(b, D("0")) == (D("210.00"), "nader")


# --- R6 -------------------------------------------------------------------------------------


def test_r6_voorbeeld_b_voorschot_en_terugvordering():
    aandelen = telling(2026, voorbeeld_b_register(), voorbeeld_b_parameters()).aandelen
    assert splits_ontvangst(D("8333.33"), 2026, aandelen) == {
        2026: D("4144.36"),
        2025: D("3186.82"),
        2024: D("1002.15"),
    }
    assert splits_ontvangst(D("-1234.57"), 2026, aandelen) == {
        2026: D("-613.98"),
        2025: D("-472.12"),
        2024: D("-148.47"),
    }


def test_r6_zonder_aandelen_alles_naar_cohort_t():
    assert splits_ontvangst(D("10.00"), 2022, [D("0")] * 3) == {
        2022: D("10.00"),
        2021: D("0.00"),
        2020: D("0.00"),
    }


bedragen = st.decimals(min_value=D("-10000000"), max_value=D("10000000"), places=2, allow_nan=False)
gewichten = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2, allow_nan=False)


@given(bedragen, st.lists(gewichten, min_size=3, max_size=3))
def test_r6_delen_tellen_altijd_op_tot_het_bedrag(bedrag, aandelen):
    delen = splits_ontvangst(bedrag, 2026, aandelen)
    assert sum(delen.values()) == bedrag
    assert all(d == d.quantize(D("0.01")) for d in delen.values())


# --- R7 -------------------------------------------------------------------------------------


def test_r7_voorbeeld_c_reservering_en_doorschuif():
    jaren = [
        JaarInvoer(2022, D("260000"), D("150000")),
        JaarInvoer(2023, D("300000"), D("450000")),
        JaarInvoer(2024, D("200000"), D("100000")),
        JaarInvoer(2025, D("50000"), D("0")),
    ]
    rijen = [
        (b.jaar, b.beschikbaar, b.saldo, b.reservering_uit, b.doorschuif_uit, b.terug_te_betalen)
        for b in jaarbalansen(jaren, cap=D("1"))
    ]
    assert rijen == [
        (2022, 260000, 110000, 110000, 0, 0),
        (2023, 410000, -40000, 0, 40000, 0),
        (2024, 160000, 60000, 60000, 0, 0),
        (2025, 110000, 110000, 50000, 0, 60000),
    ]


def test_r7_cap_van_de_helft():
    [balans] = jaarbalansen([JaarInvoer(2024, D("1000.00"), D("0"))], cap=D("0.5"))
    assert balans.reservering_uit == D("500.00")
    assert balans.terug_te_betalen == D("500.00")


jaar_invoer = st.builds(
    lambda t, b: (t, b),
    st.decimals(min_value=D("0"), max_value=D("1000000"), places=2, allow_nan=False),
    st.decimals(min_value=D("-1000"), max_value=D("1500000"), places=2, allow_nan=False),
)


@given(
    st.lists(jaar_invoer, min_size=1, max_size=6),
    st.decimals(min_value=D("0"), max_value=D("1"), places=2, allow_nan=False),
)
def test_r7_eigenschappen_cap_en_aansluiting(invoer, cap):
    jaren = [JaarInvoer(2022 + i, t, b) for i, (t, b) in enumerate(invoer)]
    balansen = jaarbalansen(jaren, cap=cap)
    for b in balansen:
        assert b.reservering_uit <= cap * b.toekenning + D("0.005")
        assert min(b.reservering_uit, b.doorschuif_uit, b.terug_te_betalen) >= 0
        assert b.saldo == b.reservering_uit + b.terug_te_betalen - b.doorschuif_uit
    for vorig, volgend in zip(balansen, balansen[1:], strict=False):
        assert volgend.reservering_in == vorig.reservering_uit
        assert volgend.doorschuif_in == vorig.doorschuif_uit
    assert jaarbalansen(jaren, cap=cap) == balansen


# --- R9 -------------------------------------------------------------------------------------


def test_r9_toegekend_volgt_de_beschikking_verdeeld_met_de_r4_aandelen():
    aandelen = {2026: telling(2026, voorbeeld_b_register(), voorbeeld_b_parameters()).aandelen}
    per_cohort = toegekend_per_cohort({2026: D("100000.00")}, aandelen, tot_jaar=2026)
    assert sum(per_cohort.values()) == D("100000.00")
    assert per_cohort[2026] > per_cohort[2025] > per_cohort[2024]


def test_r9_verwacht_alleen_toekomstige_jaren_van_wie_nog_telt():
    p = voorbeeld_b_parameters()
    groepen = [Groep(2026, "asiel", None, False, 2), Groep(2026, "asiel", 2026, False, 1)]
    # 2027: k=2, 2028: k=3; each 30% of 16,000 for the two persons who still count.
    assert verwacht_voor_cohort(2026, groepen, p, vandaag_jaar=2026) == D("19200.00")
    assert verwacht_voor_cohort(2024, voorbeeld_b_register(), p, vandaag_jaar=2026) == D("0")


# --- R10 ------------------------------------------------------------------------------------


def test_r10_voorbeeld_e_dekking_per_asielstatushouder():
    kosten = [D("850"), D("11000"), D("1944"), D("417")]
    per_persoon = dekking([D("13000.00")], kosten)
    assert per_persoon.kosten == D("14211.00")
    assert per_persoon.dekking == D("-1211.00")
    assert per_persoon.dekking * 20 == D("-24220.00")


def test_r10_opbrengst_over_drie_jaren_met_onderwijsroute():
    jaren = opbrengst_per_jaar(
        doelgroep="asiel",
        cohort=2026,
        eind_jaar=None,
        leerroute_jaar_1="OR",
        parameters=voorbeeld_b_parameters(),
        vandaag_jaar=2026,
    )
    assert [(j.jaar, j.bedrag, j.onderwijsroute) for j in jaren] == [
        (2026, D("6400.00"), D("5000.00")),
        (2027, D("4800.00"), D("0.00")),
        (2028, D("4800.00"), D("0.00")),
    ]
    assert sum(j.bedrag + j.onderwijsroute for j in jaren) == D("21000.00")
