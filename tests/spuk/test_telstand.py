"""The Telstand (R3's groups kept between recomputations): whatever changes in the register, by
whatever means (the ORM, a bulk update, a delete, another gemeente's configuration), the groups
read from it equal a fresh groepen_per_gemeente, for every peildatum; a new invoice leaves it
standing."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering.models import Inburgeraar, Statuswijziging
from spuk.berekening import (
    eindstatussen,
    groepen_met_telstand,
    groepen_per_gemeente,
    herbouw_telstanden,
    lees_bronnen,
)
from spuk.berekening.telstand import naar_json, uit_json
from spuk.models import Telstand, Telstatus, Telversie
from tests.factories import (
    FactuurFactory,
    GemeenteFactory,
    InburgeraarFactory,
    StatuswijzigingFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.django_db
BEGIN = date(2021, 1, 1)


def _vers(gemeente_ids, peildatum):
    """groepen_per_gemeente itself, as a multiset (its order is the database's)."""
    configs = eindstatussen(gemeente_ids)
    geteld = groepen_per_gemeente(gemeente_ids, peildatum, configs)
    return {g: Counter(geteld.get(g, [])) for g in gemeente_ids}


def _bewaard(gemeente_ids, peildatum):
    configs = eindstatussen(gemeente_ids)
    return {
        g: Counter(groepen)
        for g, groepen in groepen_met_telstand(gemeente_ids, peildatum, configs).items()
    }


DAGEN = st.integers(0, 6 * 365)
STATUS = st.one_of(
    st.tuples(st.just("overstap"), st.sampled_from(["OR", "B1", "Z"]), st.just("")),
    st.tuples(st.just("doelgroep"), st.just(""), st.sampled_from(["asiel", "gezin", "overig"])),
    st.tuples(
        st.sampled_from(
            ["tijdelijk_vrijgesteld", "actief", "gestopt", "aow", "verhuisd", "ontheven"]
        ),
        st.just(""),
        st.just(""),
    ),
)
STAPPEN = st.lists(
    st.one_of(
        # A new person: gemeente, start, days until moving in, doelgroep/leerroute, stelsel.
        st.tuples(
            st.just("persoon"),
            st.integers(0, 1),
            DAGEN,
            st.integers(0, 400),
            st.sampled_from([("asiel", "B1"), ("asiel", "OR"), ("gezin", ""), ("overig", "")]),
            st.sampled_from(["Wi2021", "Wi2013"]),
        ),
        st.tuples(st.just("status"), st.integers(0, 20), DAGEN, STATUS),
        st.tuples(st.just("statusdatum"), st.integers(0, 20), DAGEN),
        st.tuples(st.just("statusweg"), st.integers(0, 20)),
        st.tuples(st.just("verhuis"), st.integers(0, 20), st.integers(0, 1)),
        st.tuples(st.just("route"), st.integers(0, 20), st.sampled_from(["OR", "B1"])),
        st.tuples(st.just("vestiging"), st.integers(0, 20), st.integers(0, 900)),
        st.tuples(st.just("stelsel"), st.integers(0, 20), st.sampled_from(["Wi2021", "Wi2013"])),
        st.tuples(
            st.just("telstatus"),
            st.integers(0, 1),
            st.sampled_from(["gestopt", "aow", "verhuisd"]),
            st.sampled_from(["op_datum", "na_jaar", None]),
        ),
        st.tuples(st.just("lees"), DAGEN),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stappen=STAPPEN, peildatums=st.lists(DAGEN, min_size=1, max_size=3))
def test_telstand_is_na_elke_reeks_wijzigingen_gelijk_aan_een_verse_telling(stappen, peildatums):
    with transaction.atomic():
        gemeenten = [GemeenteFactory(), GemeenteFactory()]
        ids = [g.pk for g in gemeenten]
        personen = [InburgeraarFactory(gemeente=gemeenten[0], startdatum=date(2024, 3, 1))]
        for nummer, stap in enumerate(stappen):
            soort = stap[0]
            persoon = personen[stap[1] % len(personen)] if soort != "persoon" else None
            statussen = list(
                Statuswijziging.objects.filter(inburgeraar__in=personen).order_by("pk")
            )
            if soort == "persoon":
                _, g, dagen, later, (doelgroep, route), stelsel = stap
                start = BEGIN + timedelta(days=dagen)
                personen.append(
                    InburgeraarFactory(
                        gemeente=gemeenten[g],
                        kenmerk=f"T{nummer}",
                        startdatum=start,
                        vestigingsdatum=start + timedelta(days=later),
                        doelgroep=doelgroep,
                        leerroute=route,
                        stelsel=stelsel,
                    )
                )
            elif soort == "status":
                _, _i, dagen, (status, route, doelgroep) = stap
                StatuswijzigingFactory(
                    inburgeraar=persoon,
                    datum=BEGIN + timedelta(days=dagen),
                    status=status,
                    leerroute=route,
                    doelgroep=doelgroep,
                )
            elif soort == "statusdatum" and statussen:
                Statuswijziging.objects.filter(pk=statussen[stap[1] % len(statussen)].pk).update(
                    datum=BEGIN + timedelta(days=stap[2])
                )
            elif soort == "statusweg" and statussen:
                Statuswijziging.objects.filter(pk=statussen[stap[1] % len(statussen)].pk).delete()
            elif soort == "verhuis":
                Inburgeraar.objects.filter(pk=persoon.pk).update(gemeente=gemeenten[stap[2]])
            elif soort == "route" and persoon.doelgroep == "asiel":
                Inburgeraar.objects.filter(pk=persoon.pk).update(leerroute=stap[2])
            elif soort == "vestiging":
                Inburgeraar.objects.filter(pk=persoon.pk).update(
                    vestigingsdatum=persoon.startdatum + timedelta(days=stap[2])
                )
            elif soort == "stelsel":
                Inburgeraar.objects.filter(pk=persoon.pk).update(stelsel=stap[2])
            elif soort == "telstatus":
                _, g, status, wijze = stap
                Telstatus.objects.filter(gemeente=gemeenten[g], status=status).delete()
                if wijze:
                    Telstatus.objects.create(gemeente=gemeenten[g], status=status, wijze=wijze)
            elif soort == "lees":
                peildatum = BEGIN + timedelta(days=stap[1])
                assert _bewaard(ids, peildatum) == _vers(ids, peildatum)
        for dagen in peildatums:
            peildatum = BEGIN + timedelta(days=dagen)
            assert _bewaard(ids, peildatum) == _vers(ids, peildatum)  # counted and stored
            assert _bewaard(ids, peildatum) == _vers(ids, peildatum)  # read back
        transaction.set_rollback(True)


def test_groepen_komen_onveranderd_terug_uit_json():
    gemeente = GemeenteFactory()
    p = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1), leerroute="B1")
    StatuswijzigingFactory(
        inburgeraar=p, datum=date(2025, 2, 1), status="doelgroep", doelgroep="gezin"
    )
    StatuswijzigingFactory(inburgeraar=p, datum=date(2025, 3, 1), status="tijdelijk_vrijgesteld")
    InburgeraarFactory(gemeente=gemeente, startdatum=date(2023, 5, 1), stelsel="Wi2013")
    groepen = groepen_per_gemeente([gemeente.pk], date(2026, 6, 30), eindstatussen([gemeente.pk]))[
        gemeente.pk
    ]
    assert any(g.doelgroepen for g in groepen) and any(any(g.gepauzeerd) for g in groepen)
    assert uit_json(naar_json(groepen)) == groepen
    Telstand.objects.create(
        gemeente=gemeente,
        versie=0,
        sleutel="x",
        geldig_van=date.min,
        geldig_tot=date.max,
        groepen=naar_json(groepen),
    )
    assert uit_json(Telstand.objects.get().groepen) == groepen


def test_een_factuur_laat_de_telstand_staan_een_status_niet(django_assert_num_queries):
    v = VerplichtingFactory()
    gemeente = v.gemeente
    p = InburgeraarFactory(gemeente=gemeente, startdatum=date(2024, 3, 1))
    peildatum = date(2026, 6, 30)
    lees_bronnen([gemeente.pk], peildatum)
    versie = Telversie.objects.get(gemeente=gemeente).versie
    FactuurFactory(verplichting=v)
    assert Telversie.objects.get(gemeente=gemeente).versie == versie
    configs = eindstatussen([gemeente.pk])
    with django_assert_num_queries(1):  # the Telstand only: nothing is counted
        groepen_met_telstand([gemeente.pk], peildatum, configs)
    StatuswijzigingFactory(inburgeraar=p, datum=date(2025, 1, 1), status="verhuisd")
    assert Telversie.objects.get(gemeente=gemeente).versie > versie
    groepen = lees_bronnen([gemeente.pk], peildatum)[gemeente.pk].groepen
    assert [g.eind_jaar for g in groepen if g.eind_jaar] == [2025]
    # Valid from the last status on or before the peildatum until the first after it.
    assert Telstand.objects.get(gemeente=gemeente).geldig_van == date(2025, 1, 1)
    assert Telstand.objects.get(gemeente=gemeente).geldig_tot == date.max


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_copy_en_replica_verhogen_de_versie_ook():
    """ENABLE ALWAYS: a load with session_replication_role = replica raises it as well."""
    p = InburgeraarFactory(startdatum=date(2024, 3, 1))
    versie = Telversie.objects.get(gemeente=p.gemeente).versie
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "INSERT INTO inburgering_statuswijziging (inburgeraar_id, datum, status, leerroute,"
            " doelgroep, toelichting, geregistreerd_op) VALUES (%s, '2025-01-01', 'gestopt',"
            " '', '', '', now())",
            [p.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert Telversie.objects.get(gemeente=p.gemeente).versie == versie + 1


def test_herbouw_telstanden_telt_opnieuw():
    p = InburgeraarFactory(startdatum=date(2024, 3, 1))
    lees_bronnen([p.gemeente_id], date(2026, 6, 30))
    Telstand.objects.update(groepen=[])  # damaged, and its version still current
    uit = StringIO()
    call_command("herbouw_telstanden", gemeente=p.gemeente.code, stdout=uit)
    assert "1 telstand verwijderd, 1 telstand opnieuw geteld" in uit.getvalue()
    assert Telstand.objects.get().groepen != []
    assert herbouw_telstanden() == 1
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("herbouw_telstanden", gemeente="GM9999")
