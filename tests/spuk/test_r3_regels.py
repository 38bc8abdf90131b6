"""R3 as a pure rule (the register side follows with the new person fields): movers count here
only from the year they came to live here, the doelgroep on 31 December decides, a temporary
vrijstelling pauses the count until a later `actief`, Wi2013 persons never count."""

from decimal import Decimal

from spuk import rekenregels as rr

D = Decimal
PARAMETERS = rr.Parameters(
    {}, {2022: D("13000.00")}, [(2021, 2025, (D("0.61"), D("0.31"), D("0.08")))]
)


# --- the rule itself --------------------------------------------------------------------------


def test_r3_verhuizer_telt_vanaf_het_jaar_van_vestiging_regel():
    verhuizer = rr.Groep(2022, "asiel", None, False, 1, begin_jaar=2023)
    assert [verhuizer.telt_in(t) for t in (2022, 2023, 2024, 2025)] == [False, True, True, False]
    assert rr.telling(2022, [verhuizer], PARAMETERS).asiel_1 == 0
    assert rr.telling(2023, [verhuizer], PARAMETERS).asiel_2 == 1


def test_r3_doelgroep_op_31_december_en_tijdelijke_vrijstelling_regel():
    naar_gezin = rr.Groep(2024, "asiel", None, False, 1, doelgroepen=("asiel", "gezin", "gezin"))
    assert [naar_gezin.telt_in(t) for t in (2024, 2025, 2026)] == [True, False, False]
    naar_asiel = rr.Groep(2024, "gezin", None, False, 1, doelgroepen=("asiel", "asiel", "asiel"))
    assert [naar_asiel.telt_in(t) for t in (2024, 2025, 2026)] == [True, True, True]
    gepauzeerd = rr.Groep(2024, "asiel", None, False, 1, gepauzeerd=(False, True, False))
    assert [gepauzeerd.telt_in(t) for t in (2024, 2025, 2026)] == [True, False, True]


def test_r3_wi2013_telt_nooit_regel():
    assert not rr.Groep(2024, "asiel", None, False, 1, wi2013=True).telt_in(2024)
