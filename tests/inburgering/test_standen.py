"""The standen (running invoice totals, and the open commitments per month) follow every write
of an invoice or a commitment, kept by database triggers; herbouw_standen rebuilds the same
figures from the invoices and commitments alone."""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering.models import (
    Bestedingsmaandstand,
    Bestedingsstand,
    Factuur,
    Factuurmaandstand,
    Factuurstand,
    Inburgeraar,
    Openstand,
    Persoonstand,
    Stilstand,
    Stilte,
    Verplichting,
    Verplichtingstand,
)
from inburgering.standen import herbouw_standen
from tests.factories import FactuurFactory, GemeenteFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


def _standen():
    """The eight tables as plain values; empty rows left out (a rebuild has no empty groups)."""
    per_verplichting = {
        v: (g, d)
        for v, g, d in Factuurstand.objects.values_list(
            "verplichting_id", "gefactureerd", "laatste_factuurdatum"
        )
        if g or d
    }
    besteding = {
        (g, f, c, j): (b, n, br)
        for g, f, c, j, b, n, br in Bestedingsstand.objects.values_list(
            "gemeente_id", "financiering", "cohort", "boekjaar", "bedrag", "aantal", "bruto"
        )
        if n
    }
    per_maand = {
        (g, m, f, c, j): (b, n)
        for g, m, f, c, j, b, n in Bestedingsmaandstand.objects.values_list(
            "gemeente_id", "maand", "financiering", "cohort", "boekjaar", "bedrag", "aantal"
        )
        if n
    }
    open_ = {
        (g, f, m, c, d): (o, v, n)
        for g, f, m, c, d, o, v, n in Openstand.objects.values_list(
            "gemeente_id",
            "financiering",
            "maand",
            "cohort",
            "gesloten_maand",
            "open",
            "verplicht",
            "aantal",
        )
        if o or v or n
    }
    per_factuurmaand = {
        (g, f, j, m, fm): (b, n)
        for g, f, j, m, fm, b, n in Factuurmaandstand.objects.values_list(
            "gemeente_id", "financiering", "boekjaar", "maand", "factuurmaand", "bedrag", "aantal"
        )
        if n
    }
    groepen = {
        (g, a, vz, f, c, ac, o): (n, op, gf)
        for g, a, vz, f, c, ac, o, n, op, gf in Verplichtingstand.objects.values_list(
            "gemeente_id",
            "aanbieder_id",
            "voorziening_id",
            "financiering",
            "cohort",
            "asiel_cohort",
            "is_open",
            "aantal",
            "open",
            "gefactureerd",
        )
        if n or op or gf
    }
    stil = {
        (g, d): n
        for g, d, n in Stilstand.objects.values_list("gemeente_id", "stil_sinds", "aantal")
        if n
    }
    # Per person the commitments with an open amount above 0 (migration 0023).
    personen = {
        (p, g): (n, o)
        for p, g, n, o in Persoonstand.objects.values_list(
            "inburgeraar_id", "gemeente_id", "aantal", "open"
        )
        if n or o
    }
    # Each commitment's kept Stilte (migration 0024): its latest invoice date (None without
    # invoices) and the copies of its gemeente, nummer, datum and being open.
    laatste = {
        v: rest
        for v, *rest in Stilte.objects.values_list(
            "verplichting_id", "gemeente_id", "nummer", "datum", "laatste_factuurdatum", "is_open"
        )
    }
    # Each invoice's kept cohort (migration 0022).
    cohorten = dict(Factuur.objects.values_list("pk", "cohort"))
    return (
        per_verplichting,
        besteding,
        per_maand,
        open_,
        per_factuurmaand,
        groepen,
        stil,
        personen,
        laatste,
        cohorten,
    )


def _herbouwd():
    with transaction.atomic():
        herbouw_standen()
        uitkomst = _standen()
        transaction.set_rollback(True)
    return uitkomst


def test_de_stilte_van_een_verplichting_volgt_de_facturen_en_de_verplichting():
    """Stilte (migration 0024): the latest invoice date, after an invoice, a credit note dated
    earlier, a correction moving a date, a delete; and the commitment's nummer, datum and
    closing, whichever way they are written; gone with the commitment."""
    v = VerplichtingFactory(datum=date(2024, 1, 10))

    def stilte():
        return Stilte.objects.values_list("laatste_factuurdatum", "datum", "nummer", "is_open").get(
            verplichting=v
        )

    assert stilte() == (None, date(2024, 1, 10), v.nummer, True)
    a = FactuurFactory(verplichting=v, bedrag=Decimal("1000.00"), datum=date(2024, 6, 1))
    b = FactuurFactory(verplichting=v, bedrag=Decimal("-100.00"), datum=date(2024, 5, 1))
    assert stilte()[0] == date(2024, 6, 1)
    Factuur.objects.filter(pk=a.pk).update(datum=date(2024, 4, 1))
    assert stilte()[0] == date(2024, 5, 1)
    b.delete()
    assert stilte()[0] == date(2024, 4, 1)
    v.omschrijving = "oud gelezen"
    v.save()  # an ORM save of every field as first read
    assert stilte()[0] == date(2024, 4, 1)
    Verplichting.objects.filter(pk=v.pk).update(
        nummer="NIEUW", datum=date(2024, 2, 1), gesloten_op=date(2024, 7, 1)
    )
    assert stilte() == (date(2024, 4, 1), date(2024, 2, 1), "NIEUW", False)
    assert _standen() == _herbouwd()
    Factuur.objects.filter(verplichting=v).delete()
    Verplichting.objects.filter(pk=v.pk).delete()
    assert not Stilte.objects.filter(verplichting=v).exists()
    assert _standen() == _herbouwd()


def test_een_geboekte_factuur_en_een_creditnota_staan_meteen_in_de_standen():
    v = VerplichtingFactory(cohort=2024, financiering="SPUK-IV")
    FactuurFactory(verplichting=v, bedrag=Decimal("1000.00"), datum=date(2024, 6, 1))
    FactuurFactory(verplichting=v, bedrag=Decimal("250.55"), datum=date(2025, 2, 1))
    FactuurFactory(verplichting=v, bedrag=Decimal("-100.00"), datum=date(2025, 1, 15))

    stand = Factuurstand.objects.get(verplichting=v)
    assert stand.gefactureerd == Decimal("1150.55")
    assert stand.laatste_factuurdatum == date(2025, 2, 1)
    assert dict(
        Bestedingsstand.objects.filter(gemeente=v.gemeente).values_list("boekjaar", "bedrag")
    ) == {2024: Decimal("1000.00"), 2025: Decimal("150.55")}


def test_standen_volgen_een_import_in_een_keer():
    v = VerplichtingFactory()
    Factuur.objects.bulk_create(
        Factuur(
            gemeente=v.gemeente,
            verplichting=v,
            aanbieder=v.aanbieder,
            factuurnummer=f"B{i}",
            datum=date(2025, 1, 1 + i),
            bedrag=Decimal("10.01"),
            boekjaar=2025,
        )
        for i in range(20)
    )
    assert Factuurstand.objects.get(verplichting=v).gefactureerd == Decimal("200.20")
    assert _standen() == _herbouwd()


def test_een_andere_financiering_verplaatst_de_besteding():
    v = VerplichtingFactory(financiering="SPUK-IV", cohort=2024)
    FactuurFactory(verplichting=v, bedrag=Decimal("300.00"), datum=date(2024, 6, 1))
    Verplichting.objects.filter(pk=v.pk).update(financiering="SPUK-OR", cohort=2023)

    bedragen = dict(
        Bestedingsstand.objects.filter(gemeente=v.gemeente).values_list("financiering", "bedrag")
    )
    assert bedragen == {"SPUK-IV": Decimal("0.00"), "SPUK-OR": Decimal("300.00")}
    assert Bestedingsstand.objects.get(financiering="SPUK-IV").aantal == 0
    assert _standen() == _herbouwd()


def test_herbouw_van_een_gemeente_laat_de_andere_staan():
    a, b = VerplichtingFactory(), VerplichtingFactory()
    FactuurFactory(verplichting=a)
    FactuurFactory(verplichting=b)
    with connection.cursor() as cursor:  # a stand of b that someone damaged by hand
        cursor.execute(
            "UPDATE inburgering_factuurstand SET gefactureerd = 1 WHERE verplichting_id = %s",
            [b.pk],
        )
    herbouw_standen([a.gemeente_id])
    assert Factuurstand.objects.get(verplichting=b).gefactureerd == Decimal("1.00")
    herbouw_standen([b.gemeente_id])
    assert Factuurstand.objects.get(verplichting=b).gefactureerd == Decimal("1000.00")


def test_r8_btw_de_standen_tellen_de_last_niet_het_bedrag():
    """R8: an invoice of 121.00 with 21.00 compensable btw charges 100.00 to the budget; with
    btw that is not compensable, the whole amount is the charge."""
    v = VerplichtingFactory(cohort=2024, financiering="SPUK-IV")
    FactuurFactory(verplichting=v, bedrag=Decimal("121.00"), btw=Decimal("21.00"))
    FactuurFactory(
        verplichting=v, bedrag=Decimal("60.50"), btw=Decimal("10.50"), btw_compensabel=False
    )
    FactuurFactory(verplichting=v, bedrag=Decimal("-12.10"), btw=Decimal("-2.10"))

    assert Factuurstand.objects.get(verplichting=v).gefactureerd == Decimal("150.50")
    assert Bestedingsstand.objects.get(gemeente=v.gemeente).bedrag == Decimal("150.50")
    assert _standen() == _herbouwd()


def test_r8_btw_de_database_weigert_btw_boven_het_bedrag_of_met_het_andere_teken():
    v = VerplichtingFactory()
    for bedrag, btw in [("100.00", "100.01"), ("100.00", "-1.00"), ("-50.00", "1.00")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            FactuurFactory(verplichting=v, bedrag=Decimal(bedrag), btw=Decimal(btw))


BEDRAGEN = st.decimals(min_value=Decimal("-500"), max_value=Decimal("5000"), places=2).filter(bool)
# The btw as a share of the amount (0 to 100%, same sign) and whether it is compensable.
BTW = st.tuples(st.integers(0, 100), st.booleans())


def _btw(bedrag: Decimal, btw: tuple[int, bool]) -> dict:
    deel, compensabel = btw
    return {
        "btw": (bedrag * deel / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN),
        "btw_compensabel": compensabel,
    }


STAPPEN = st.lists(
    st.one_of(
        st.tuples(st.just("boek"), st.integers(0, 2), BEDRAGEN, st.integers(0, 700), BTW),
        st.tuples(st.just("wijzig"), st.integers(0, 30), BEDRAGEN, st.integers(0, 700), BTW),
        st.tuples(st.just("verwijder"), st.integers(0, 30)),
        st.tuples(
            st.just("herfinancier"), st.integers(0, 2), st.sampled_from(["SPUK-OR", "OVERIG"])
        ),
        # The Openstand follows the commitments: closing (or reopening), a new amount, another
        # cohort or date (another month), a commitment made or removed without invoices.
        st.tuples(st.just("sluit"), st.integers(0, 2), st.one_of(st.none(), st.integers(0, 700))),
        st.tuples(st.just("bedrag"), st.integers(0, 2), st.integers(0, 6000)),
        st.tuples(st.just("cohort"), st.integers(0, 2), st.integers(2022, 2026)),
        st.tuples(st.just("datum"), st.integers(0, 2), st.integers(0, 300)),
        st.tuples(st.just("nieuw"), st.integers(0, 6000), st.integers(0, 300)),
        # The Persoonstand: a commitment of one of the persons made (and removed by "weg").
        st.tuples(st.just("nieuw_bij"), st.integers(0, 2), st.integers(0, 6000)),
        st.tuples(
            st.just("weg"),
        ),
        # The Verplichtingstand also follows the person (cohort, doelgroep), the aanbieder and
        # the voorziening, and which person a commitment is of.
        st.tuples(
            st.just("persoon"),
            st.integers(0, 2),
            st.sampled_from(["asiel", "gezin", "overig"]),
            st.integers(2021, 2026),
        ),
        st.tuples(st.just("aanbieder"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(st.just("ander_persoon"), st.integers(0, 2), st.integers(0, 2)),
        # An ORM save of a commitment as it was made (every field as first read), and another
        # nummer: the Stilte keeps its copies (migration 0024).
        st.tuples(st.just("opslaan"), st.integers(0, 2)),
        st.tuples(st.just("nummer"), st.integers(0, 2), st.integers(0, 9)),
        # A write of another cohort into an invoice, or an ORM save of one read before its
        # commitment's cohort changed: the database keeps the commitment's (migration 0022).
        st.tuples(st.just("factuurcohort"), st.integers(0, 30), st.integers(2020, 2030)),
        st.tuples(st.just("factuur_opslaan"), st.integers(0, 30), st.integers(2022, 2026)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stappen=STAPPEN)
def test_standen_zijn_na_elke_reeks_schrijfacties_gelijk_aan_een_herbouw(stappen):
    """Whatever is written, by whatever means (the ORM, a bulk update, a delete), to invoices
    or commitments, the trigger-kept standen equal a rebuild from the source rows."""
    with transaction.atomic():
        gemeente = GemeenteFactory()
        verplichtingen = [
            VerplichtingFactory(gemeente=gemeente, cohort=2023 + i, financiering="SPUK-IV")
            for i in range(3)
        ]
        losse = []  # commitments without invoices, made during the steps
        for nummer, stap in enumerate(stappen):
            soort = stap[0]
            facturen = list(Factuur.objects.filter(gemeente=gemeente).order_by("pk"))
            if soort == "boek":
                _, i, bedrag, dagen, btw = stap
                datum = date(2024, 1, 1) + timedelta(days=dagen)
                FactuurFactory(
                    verplichting=verplichtingen[i],
                    factuurnummer=f"H{nummer}",
                    bedrag=bedrag,
                    datum=datum,
                    **_btw(bedrag, btw),
                )
            elif soort == "wijzig" and facturen:
                _, i, bedrag, dagen, btw = stap
                datum = date(2024, 1, 1) + timedelta(days=dagen)
                Factuur.objects.filter(pk=facturen[i % len(facturen)].pk).update(
                    bedrag=bedrag, datum=datum, boekjaar=datum.year, **_btw(bedrag, btw)
                )
            elif soort == "verwijder" and facturen:
                Factuur.objects.filter(pk=facturen[stap[1] % len(facturen)].pk).delete()
            elif soort == "herfinancier":
                Verplichting.objects.filter(pk=verplichtingen[stap[1]].pk).update(
                    financiering=stap[2]
                )
            elif soort == "sluit":
                _, i, dagen = stap
                # Never before its datum (a constraint): the datum steps stay in 2023.
                gesloten = None if dagen is None else date(2024, 3, 15) + timedelta(days=dagen)
                Verplichting.objects.filter(pk=verplichtingen[i].pk).update(gesloten_op=gesloten)
            elif soort == "bedrag":
                Verplichting.objects.filter(pk=verplichtingen[stap[1]].pk).update(
                    bedrag=Decimal(stap[2]) + Decimal("0.37")
                )
            elif soort == "cohort":
                Verplichting.objects.filter(pk=verplichtingen[stap[1]].pk).update(cohort=stap[2])
            elif soort == "datum":
                Verplichting.objects.filter(pk=verplichtingen[stap[1]].pk).update(
                    datum=date(2023, 1, 1) + timedelta(days=stap[2])
                )
            elif soort == "nieuw":
                _, bedrag, dagen = stap
                losse.append(
                    VerplichtingFactory(
                        gemeente=gemeente,
                        inburgeraar=None,
                        cohort=2024,
                        bedrag=Decimal(bedrag),
                        datum=date(2023, 1, 1) + timedelta(days=dagen),
                    )
                )
            elif soort == "nieuw_bij":
                _, i, bedrag = stap
                losse.append(
                    VerplichtingFactory(
                        gemeente=gemeente,
                        inburgeraar=verplichtingen[i].inburgeraar,
                        bedrag=Decimal(bedrag) + Decimal("0.05"),
                    )
                )
            elif soort == "weg" and losse:
                losse.pop().delete()
            elif soort == "persoon":
                _, i, doelgroep, cohort = stap
                Inburgeraar.objects.filter(verplichtingen=verplichtingen[i]).update(
                    doelgroep=doelgroep, cohort=cohort, leerroute=""
                )
            elif soort == "aanbieder":
                _, i, j = stap
                Verplichting.objects.filter(pk=verplichtingen[i].pk).update(
                    aanbieder=verplichtingen[j].aanbieder_id,
                    voorziening=verplichtingen[j].voorziening_id,
                )
            elif soort == "ander_persoon":
                _, i, j = stap
                Verplichting.objects.filter(pk=verplichtingen[i].pk).update(
                    inburgeraar=verplichtingen[j].inburgeraar_id
                )
            elif soort == "factuurcohort" and facturen and connection.vendor == "postgresql":
                # (SQLite corrects an invoice's cohort on writes of verplichting_id only.)
                Factuur.objects.filter(pk=facturen[stap[1] % len(facturen)].pk).update(
                    cohort=stap[2]
                )
            elif soort == "factuur_opslaan" and facturen:
                oud = facturen[stap[1] % len(facturen)]
                Verplichting.objects.filter(pk=oud.verplichting_id).update(cohort=stap[2])
                oud.omschrijving = f"opgeslagen in stap {nummer}"
                oud.save()
            elif soort == "nummer":
                Verplichting.objects.filter(pk=verplichtingen[stap[1]].pk).update(
                    nummer=f"N{stap[1]}-{stap[2]}"
                )
            elif soort == "opslaan":
                # Every field as first read: the other standen follow that write as well.
                oud = verplichtingen[stap[1]]
                oud.omschrijving = f"opgeslagen in stap {nummer}"
                oud.save()
        assert _standen() == _herbouwd()
        # Each invoice carries its commitment's cohort (migration 0022), whatever moved it.
        for cohort, van_verplichting in Factuur.objects.filter(gemeente=gemeente).values_list(
            "cohort", "verplichting__cohort"
        ):
            assert cohort == van_verplichting
        # R8: the last never exceeds the amount, and has its sign.
        for bedrag, last in Factuur.objects.filter(gemeente=gemeente).values_list("bedrag", "last"):
            assert abs(last) <= abs(bedrag)
            assert (last >= 0) == (bedrag > 0) or last == 0
        transaction.set_rollback(True)


def test_herbouw_standen_meldt_wat_verschilde():
    v = VerplichtingFactory()
    FactuurFactory(verplichting=v)
    uit = StringIO()
    call_command("herbouw_standen", gemeente=v.gemeente.code, stdout=uit)
    assert "0 verschilden" in uit.getvalue()
    Factuurstand.objects.filter(verplichting=v).update(gefactureerd=Decimal("1.00"))
    call_command("herbouw_standen", stdout=uit)
    # The damaged row out and the right one back, and so for the person's Persoonstand row,
    # which its trigger moved along with the damage.
    assert "4 verschilden" in uit.getvalue()
    assert Factuurstand.objects.get(verplichting=v).gefactureerd == Decimal("1000.00")
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("herbouw_standen", gemeente="GM9999")
