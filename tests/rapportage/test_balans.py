"""`balans --json` and its pure rule: BBV positions on 31-12-T from R7 and the receipts."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from spuk.balans import balanspositie
from spuk.rekenregels import JaarInvoer, jaarbalansen
from tests.factories import FactuurFactory, VerplichtingFactory
from tests.spuk.factories import BeschikkingFactory, OntvangstFactory

D = Decimal


def voorbeeld_c():
    """Worked example C of REKENREGELS.md (cap 100%)."""
    return jaarbalansen(
        [
            JaarInvoer(2022, D("260000.00"), D("150000.00")),
            JaarInvoer(2023, D("300000.00"), D("450000.00")),
            JaarInvoer(2024, D("200000.00"), D("100000.00")),
            JaarInvoer(2025, D("50000.00"), D("0.00")),
        ]
    )


def test_r7_balans_voorbeeld_c_2025():
    p = balanspositie(
        regeling="SPUK-IV", jaar=2025, r7_jaren=voorbeeld_c(), ontvangen=D("800000.00")
    )
    assert p.toekenning_cumulatief == D("810000.00")
    assert p.besteding_cumulatief == D("700000.00")
    assert p.nog_te_besteden == D("50000.00")  # reservering_uit(2025)
    assert p.doorschuif == D("0.00")
    assert p.terug_te_betalen == D("60000.00")
    assert p.nog_te_ontvangen == D("10000.00")
    assert p.kas == p.posities == D("100000.00")


def test_r7_balans_voorbeeld_c_2023_doorschuif_en_later_jaar_telt_niet():
    p = balanspositie(
        regeling="SPUK-IV", jaar=2023, r7_jaren=voorbeeld_c(), ontvangen=D("600000.00")
    )
    assert p.toekenning_cumulatief == D("560000.00")
    assert p.besteding_cumulatief == D("600000.00")
    assert (p.nog_te_besteden, p.doorschuif) == (D("0.00"), D("40000.00"))
    assert p.nog_te_ontvangen == D("-40000.00")  # received in advance
    assert p.sluit


def test_r7_balans_zonder_jaar_tot_en_met_t_is_er_geen_positie():
    assert (
        balanspositie(regeling="SPUK-IV", jaar=2021, r7_jaren=voorbeeld_c(), ontvangen=D(0)) is None
    )


bedragen = st.decimals(min_value=-(10**7), max_value=10**8, places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    jaren=st.lists(st.tuples(st.decimals(0, 10**8, places=2), bedragen), min_size=1, max_size=8),
    cap=st.decimals(0, 1, places=2),
    ontvangen=bedragen,
    t_index=st.integers(0, 7),
)
def test_r7_balans_aansluiting_geldt_altijd(jaren, cap, ontvangen, t_index):
    """ontvangen - besteding = nog te besteden - doorschuif + terug - nog te ontvangen, exactly."""
    r7 = jaarbalansen([JaarInvoer(2022 + i, t, b) for i, (t, b) in enumerate(jaren)], cap)
    jaar = 2022 + min(t_index, len(jaren) - 1)
    p = balanspositie(regeling="SPUK-IV", jaar=jaar, r7_jaren=r7, ontvangen=ontvangen)
    assert p.ontvangen_cumulatief - p.besteding_cumulatief == (
        p.nog_te_besteden - p.doorschuif + p.terug_te_betalen - p.nog_te_ontvangen
    )
    assert p.nog_te_besteden >= 0 and p.doorschuif >= 0
    assert not (p.nog_te_besteden and p.doorschuif)


# --- The command, through the real recomputation --------------------------------------------


def draai(commando, *args) -> dict:
    uit = io.StringIO()
    call_command(commando, *args, stdout=uit)
    return json.loads(uit.getvalue())


@pytest.mark.django_db
def test_r7_balans_commando_volgt_saldi_en_de_ontvangsten(gemeente):
    for jaar, bedrag in ((2024, "200000.00"), (2025, "150000.00")):
        BeschikkingFactory(
            gemeente=gemeente,
            jaar=jaar,
            definitief=True,
            datum=date(jaar + 1, 5, 1),
            bedrag=D(bedrag),
        )
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 2, 1), bedrag=D("400000.00"))
    FactuurFactory(verplichting=v, datum=date(2024, 6, 1), bedrag=D("120000.00"))
    FactuurFactory(verplichting=v, datum=date(2025, 6, 1), bedrag=D("190000.00"))
    FactuurFactory(verplichting=v, datum=date(2025, 7, 1), bedrag=D("-5000.00"))  # credit
    OntvangstFactory(gemeente=gemeente, jaar=2024, datum=date(2024, 3, 1), bedrag=D("180000.00"))
    OntvangstFactory(gemeente=gemeente, jaar=2025, datum=date(2025, 3, 1), bedrag=D("140000.00"))
    OntvangstFactory(
        gemeente=gemeente,
        jaar=2024,
        datum=date(2025, 9, 1),
        soort="terugvordering",
        bedrag=D("-2500.00"),
    )
    # Paid after 31-12-2025: not yet cash on the balance date.
    OntvangstFactory(
        gemeente=gemeente,
        jaar=2025,
        datum=date(2026, 2, 1),
        soort="nabetaling",
        bedrag=D("10000.00"),
    )

    balans = draai("balans", "--gemeente", "GM0397", "--jaar", "2025", "--json")
    saldi = draai("saldi", "--gemeente", "GM0397", "--json")

    assert balans["gemeente"] == "GM0397" and balans["jaar"] == 2025
    [iv] = balans["regelingen"]
    assert list(iv) == [
        "regeling",
        "toekenning_cumulatief",
        "ontvangen_cumulatief",
        "besteding_cumulatief",
        "nog_te_besteden",
        "doorschuif",
        "terug_te_betalen",
        "nog_te_ontvangen",
    ]
    r7_2025 = next(j for j in saldi["jaren"] if (j["regeling"], j["jaar"]) == ("SPUK-IV", 2025))
    assert iv["regeling"] == "SPUK-IV"
    assert iv["toekenning_cumulatief"] == "350000.00"
    assert iv["ontvangen_cumulatief"] == "317500.00"  # 180,000 + 140,000 - 2,500
    assert iv["besteding_cumulatief"] == "305000.00"
    # 2024: saldo 80,000 reserved; 2025: 150,000 + 80,000 - 185,000 = 45,000 reserved.
    assert iv["nog_te_besteden"] == r7_2025["reservering_uit"] == "45000.00"
    assert iv["doorschuif"] == r7_2025["doorschuif_uit"] == "0.00"
    assert iv["terug_te_betalen"] == "0.00"
    assert iv["nog_te_ontvangen"] == "32500.00"
    kas = D(iv["ontvangen_cumulatief"]) - D(iv["besteding_cumulatief"])
    assert kas == D(iv["nog_te_besteden"]) - D(iv["doorschuif"]) + D(iv["terug_te_betalen"]) - D(
        iv["nog_te_ontvangen"]
    )

    # Year 2024 alone: the 2025 figures do not count, the 2025 terugvordering is not yet cash.
    [iv_2024] = draai("balans", "--gemeente", "GM0397", "--jaar", "2024", "--json")["regelingen"]
    assert iv_2024["ontvangen_cumulatief"] == "180000.00"
    assert iv_2024["nog_te_besteden"] == "80000.00"


@pytest.mark.django_db
def test_balans_zonder_r7_jaar_tot_t_heeft_geen_regelingen(gemeente):
    BeschikkingFactory(gemeente=gemeente, jaar=2026)
    assert draai("balans", "--gemeente", "GM0397", "--jaar", "2025", "--json")["regelingen"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--gemeente", "GM9999", "--jaar", "2025"], "Onbekende gemeente: GM9999"),
        (["--gemeente", "GM0397", "--jaar", "twintig"], "geen jaartal"),
        (["--gemeente", "GM0397", "--jaar", "1999"], "valt buiten de Wet inburgering 2021"),
        (["--gemeente", "GM0397", "--jaar", "2025", "--peildatum", "morgen"], "geen geldige"),
    ],
)
def test_balans_foute_invoer_geeft_nederlandse_melding(gemeente, args, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("balans", *args, "--json", stdout=io.StringIO())
