"""R3 edge cases on the database: the SQL grouping of the recomputation and the ORM annotation
used by the pages (drill-down, R10) must agree person by person."""

from collections import Counter
from datetime import date

import pytest

from inburgering.models import Inburgeraar
from spuk.berekening import eindstatussen, groepen_per_gemeente, personen_met_telgegevens
from spuk.rekenregels import telt_mee
from tests.factories import InburgeraarFactory, StatuswijzigingFactory

pytestmark = pytest.mark.django_db
PEILDATUM = date(2026, 6, 30)


def register(gemeente):
    def persoon(startdatum, *statussen, **kwargs):
        p = InburgeraarFactory(gemeente=gemeente, startdatum=startdatum, **kwargs)
        for datum, status, *route in statussen:
            StatuswijzigingFactory(
                inburgeraar=p, datum=datum, status=status, leerroute=route[0] if route else ""
            )
        return p

    return {
        "gewoon": persoon(date(2024, 3, 1)),
        "verhuisd_31_12": persoon(date(2024, 3, 1), (date(2025, 12, 31), "verhuisd")),
        "aow_2025": persoon(date(2024, 3, 1), (date(2025, 2, 1), "aow")),
        "gestopt_daarna_ontheven": persoon(
            date(2023, 5, 1), (date(2023, 9, 1), "gestopt"), (date(2024, 1, 10), "ontheven")
        ),
        "overstap_or_in_cohortjaar": persoon(
            date(2026, 1, 5), (date(2026, 3, 1), "overstap", "OR"), leerroute="B1"
        ),
        "overstap_or_na_cohortjaar": persoon(
            date(2025, 4, 1), (date(2026, 2, 1), "overstap", "OR"), leerroute="B1"
        ),
        "or_dan_terug_naar_b1": persoon(
            date(2026, 1, 5),
            (date(2026, 2, 1), "overstap", "B1"),
            leerroute="OR",
        ),
        "overleden_na_peildatum": persoon(date(2025, 1, 1), (date(2026, 8, 1), "overleden")),
        "gezin": persoon(date(2026, 2, 1), gezin=True),
    }


def test_r3_sql_en_orm_tellen_hetzelfde(gemeente):
    personen = register(gemeente)
    config = eindstatussen([gemeente.pk])[gemeente.pk]
    groepen = groepen_per_gemeente([gemeente.pk], PEILDATUM, {gemeente.pk: config})[gemeente.pk]
    via_sql = Counter()
    for g in groepen:
        via_sql[(g.cohort, g.doelgroep, g.eind_jaar, g.onderwijsroute, g.or_2, g.or_3)] += g.aantal
    via_orm = Counter(
        (
            p.cohort,
            p.doelgroep,
            p.eind_jaar,
            p.route_1 == "OR",
            p.route_2 == "OR",
            p.route_3 == "OR",
        )
        for p in personen_met_telgegevens(
            Inburgeraar.objects.filter(gemeente=gemeente), PEILDATUM, config
        )
    )
    assert via_sql == via_orm

    per_naam = {
        p.pk: p
        for p in personen_met_telgegevens(
            Inburgeraar.objects.filter(gemeente=gemeente), PEILDATUM, config
        )
    }

    def telt(naam, jaar):
        p = per_naam[personen[naam].pk]
        return telt_mee(doelgroep=p.doelgroep, cohort=p.cohort, jaar=jaar, eind_jaar=p.eind_jaar)

    assert telt("verhuisd_31_12", 2024) and not telt("verhuisd_31_12", 2025)
    assert telt("aow_2025", 2025) and not telt("aow_2025", 2026)
    assert telt("gestopt_daarna_ontheven", 2023) and not telt("gestopt_daarna_ontheven", 2024)
    assert telt("overleden_na_peildatum", 2026)  # the death is after the peildatum
    assert per_naam[personen["overstap_or_in_cohortjaar"].pk].route_1 == "OR"
    # R5: the route on 31-12 of every inburgeringsjaar (an overstap in year 2 counts from 2).
    na = per_naam[personen["overstap_or_na_cohortjaar"].pk]
    assert (na.route_1, na.route_2, na.route_3) == ("B1", "OR", "OR")
    assert per_naam[personen["overstap_or_na_cohortjaar"].pk].route_1 == "B1"
    assert per_naam[personen["or_dan_terug_naar_b1"].pk].route_1 == "B1"
