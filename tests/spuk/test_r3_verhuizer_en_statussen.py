"""R3 in real life: movers count here only from the year they came to live here, Wi2013
persons never count, the doelgroep on 31 December decides, a temporary vrijstelling pauses
the count until a later `actief`. R9 verwacht and R10 follow; SQL and ORM agree."""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Inburgeraar
from spuk import rekenregels as rr
from spuk.berekening import eindstatussen, groep_van, groepen_per_gemeente, personen_met_telgegevens
from spuk.selectors import dekking_van
from tests.factories import InburgeraarFactory, StatuswijzigingFactory

from .factories import ParameterFactory
from .test_herberekening import saldi

D = Decimal
PARAMETERS = rr.Parameters(
    {}, {2022: D("13000.00")}, [(2021, 2025, (D("0.61"), D("0.31"), D("0.08")))]
)


def per_jaar(data):
    return {t["jaar"]: t for t in data["telling"]}


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


# --- on the database ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_r3_verhuizer_cohort_2022_verhuisd_in_2023_telt_niet_in_2022(gemeente):
    """The issue's example: asiel_1 = 0 for 2022 here, and cohort 2022 toegekend 5,070.00
    (31% + 8% of 13,000.00) instead of 13,000.00."""
    ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=2022, bedrag=D("13000.00"))
    persoon = InburgeraarFactory(
        gemeente=gemeente, startdatum=date(2022, 3, 1), vestigingsdatum=date(2023, 3, 1)
    )
    assert persoon.cohort == 2022
    data = saldi(gemeente)
    telling = per_jaar(data)
    assert telling[2022]["asiel_1"] == 0
    assert (telling[2023]["asiel_2"], telling[2024]["asiel_3"]) == (1, 1)
    cohort = next(c for c in data["cohorten"] if c["cohort"] == 2022)
    assert cohort["toegekend"] == "5070.00"
    # R10: the person brings in the two years counted here.
    assert [j.jaar for j in dekking_van(persoon, date(2026, 11, 21)).jaren] == [2023, 2024]


@pytest.mark.django_db
def test_r3_wi2013_telt_nooit(gemeente):
    ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=2024, bedrag=D("13000.00"))
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), stelsel="Wi2013")
    telling = per_jaar(saldi(gemeente))
    assert telling[2024]["asiel_1"] == 0 and telling[2024]["berekende_toekenning"] == "0.00"
    assert dekking_van(persoon, date(2026, 11, 21)).jaren == []


@pytest.mark.django_db
def test_r3_doelgroep_op_31_december_telt_het_cohort_blijft(gemeente):
    asiel_naar_gezin = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    StatuswijzigingFactory(
        inburgeraar=asiel_naar_gezin, datum=date(2025, 5, 1), status="doelgroep", doelgroep="gezin"
    )
    gezin_naar_asiel = InburgeraarFactory(
        gemeente=gemeente, startdatum=date(2024, 2, 1), gezin=True
    )
    StatuswijzigingFactory(
        inburgeraar=gezin_naar_asiel, datum=date(2024, 6, 1), status="doelgroep", doelgroep="asiel"
    )
    telling = per_jaar(saldi(gemeente))
    assert (telling[2024]["asiel_1"], telling[2024]["gezin"]) == (2, 0)
    assert telling[2025]["asiel_2"] == 1 and telling[2025]["gezin"] == 0
    assert telling[2026]["asiel_3"] == 1


@pytest.mark.django_db
def test_r3_tijdelijk_vrijgesteld_stopt_de_telling_tot_actief(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    StatuswijzigingFactory(
        inburgeraar=persoon, datum=date(2025, 2, 1), status="tijdelijk_vrijgesteld"
    )
    StatuswijzigingFactory(inburgeraar=persoon, datum=date(2026, 3, 1), status="actief")
    telling = per_jaar(saldi(gemeente))
    assert [telling[t][f"asiel_{t - 2023}"] for t in (2024, 2025, 2026)] == [1, 0, 1]


@pytest.mark.django_db
def test_r9_verwacht_telt_wie_nu_tijdelijk_is_vrijgesteld_niet_mee(gemeente):
    ParameterFactory(gemeente=gemeente, trajectbedrag=True, jaar=2026, bedrag=D("16000.00"))
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2026, 3, 1))
    gepauzeerd = InburgeraarFactory(gemeente=gemeente, startdatum=date(2026, 3, 1))
    StatuswijzigingFactory(
        inburgeraar=gepauzeerd, datum=date(2026, 6, 1), status="tijdelijk_vrijgesteld"
    )
    cohort = next(c for c in saldi(gemeente)["cohorten"] if c["cohort"] == 2026)
    assert cohort["verwacht"] == "9600.00"  # one person: 30% + 30% of 16,000.00


@pytest.mark.django_db
def test_r3_sql_en_orm_tellen_hetzelfde_met_verhuizing_doelgroep_en_pauze(gemeente):
    peildatum = date(2026, 6, 30)
    InburgeraarFactory(
        gemeente=gemeente, startdatum=date(2022, 3, 1), vestigingsdatum=date(2023, 3, 1)
    )
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), stelsel="Wi2013")
    p = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    StatuswijzigingFactory(
        inburgeraar=p, datum=date(2025, 5, 1), status="doelgroep", doelgroep="gezin"
    )
    q = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    StatuswijzigingFactory(inburgeraar=q, datum=date(2025, 2, 1), status="tijdelijk_vrijgesteld")
    StatuswijzigingFactory(inburgeraar=q, datum=date(2026, 3, 1), status="actief")
    r = InburgeraarFactory(gemeente=gemeente, startdatum=date(2025, 1, 10), leerroute="B1")
    StatuswijzigingFactory(inburgeraar=r, datum=date(2025, 6, 1), status="tijdelijk_vrijgesteld")
    StatuswijzigingFactory(inburgeraar=r, datum=date(2026, 2, 1), status="overstap", leerroute="OR")
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    groepen = groepen_per_gemeente([gemeente.pk], peildatum, {gemeente.pk: config})[gemeente.pk]

    def sleutel(g):
        return (
            g.wi2013,
            g.cohort,
            g.doelgroep,
            g.eind_jaar,
            g.onderwijsroute,
            g.or_2,
            g.or_3,
            g.begin_jaar,
            g.doelgroepen,
            g.gepauzeerd,
        )

    via_sql = Counter()
    for g in groepen:
        via_sql[sleutel(g)] += g.aantal
    personen = personen_met_telgegevens(
        Inburgeraar.objects.filter(gemeente=gemeente), peildatum, config
    )
    via_orm = Counter(sleutel(g) for g in map(groep_van, personen))
    assert via_sql == via_orm
    assert sum(via_sql.values()) == 5
    assert sum(n for k, n in via_sql.items() if k[0]) == 1  # the Wi2013 person, never counted
    assert any(k[8] == ("asiel", "gezin", "gezin") for k in via_sql)
    assert any(k[9] == (False, True, False) for k in via_sql)
    assert any(k[7] == 2023 for k in via_sql)
