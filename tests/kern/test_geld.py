"""R1 Money: splitting and rounding, with the worked examples of REKENREGELS.md."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kern.geld import rond_af, verdeel

D = Decimal


def test_r1_voorbeeld_a_honderd_over_drie_gelijke_delen():
    assert verdeel(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]


def test_r1_voorbeeld_b_voorschot_over_cohorten():
    gewichten = [D("51280.00"), D("39432.00"), D("12400.00")]
    assert verdeel(D("8333.33"), gewichten) == [D("4144.36"), D("3186.82"), D("1002.15")]


def test_r1_voorbeeld_b_terugvordering_negatief():
    gewichten = [D("51280.00"), D("39432.00"), D("12400.00")]
    assert verdeel(D("-1234.57"), gewichten) == [D("-613.98"), D("-472.12"), D("-148.47")]


def test_r1_voorbeeld_d_gedeelde_uitvoering():
    assert verdeel(D("272000.00"), [D("52"), D("48")]) == [D("141440.00"), D("130560.00")]


def test_r1_gewichten_nul_alles_naar_eerste_deel():
    assert verdeel(D("10.00"), [0, 0]) == [D("10.00"), D("0.00")]


def test_r1_gelijke_resten_gaan_naar_het_eerdere_deel():
    assert verdeel(D("0.01"), [1, 1]) == [D("0.01"), D("0.00")]
    assert verdeel(D("0.02"), [1, 1, 1]) == [D("0.01"), D("0.01"), D("0.00")]


def test_r1_afronden_half_naar_boven():
    assert rond_af(D("0.005")) == D("0.01")
    assert rond_af(D("6400.0049")) == D("6400.00")
    assert rond_af(D("-0.005")) == D("-0.01")


@given(
    st.decimals(min_value=-(10**8), max_value=10**8, places=2, allow_nan=False),
    st.lists(
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False), min_size=1, max_size=6
    ),
)
def test_r1_delen_tellen_altijd_op_tot_het_bedrag(bedrag, gewichten):
    delen = verdeel(bedrag, gewichten)
    assert sum(delen) == bedrag
    assert len(delen) == len(gewichten)
    assert all(d.as_tuple().exponent == -2 for d in delen)
    # Each part is within one cent of its exact share.
    totaal = sum(gewichten)
    if totaal:
        for deel, w in zip(delen, gewichten, strict=True):
            assert abs(deel - bedrag * w / totaal) < D("0.01")
