"""kern.paginering.PaginaMetTotaal: the same pages and totals as Django's Paginator, from one
pass over the selection (the page's keys with COUNT(*) OVER ()) and one read of its rows."""

from datetime import date

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from inburgering.models import Inburgeraar
from kern.paginering import PaginaMetTotaal
from tests.factories import InburgeraarFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personen(gemeente):
    # Doelgroep and startdatum repeat: the order has ties, broken by the primary key.
    for i in range(23):
        InburgeraarFactory(
            gemeente=gemeente,
            doelgroep=("asiel", "gezin", "overig")[i % 3],
            leerroute="B1" if i % 3 == 0 else "",
            startdatum=date(2024, 1 + i % 4, 1),
        )
    return (
        Inburgeraar.objects.filter(gemeente=gemeente)
        .annotate(label=Concat(F("doelgroep"), Value("-"), F("kenmerk")))
        .filter(label__contains="-K")
    )


@pytest.mark.parametrize("volgorde", [("doelgroep",), ("-startdatum", "doelgroep"), ("label",)])
def test_elke_pagina_gelijk_aan_die_van_django(personen, volgorde):
    qs = personen.order_by(*volgorde)
    django_paginator = Paginator(qs.order_by(*volgorde, "pk"), 5)
    for nummer in range(1, 6):
        ons = PaginaMetTotaal(qs, 5).page(nummer)
        hun = django_paginator.page(nummer)
        assert [p.pk for p in ons] == [p.pk for p in hun]
        assert ons.paginator.count == 23 and ons.paginator.num_pages == 5
        assert (ons.has_next(), ons.has_previous()) == (hun.has_next(), hun.has_previous())
        assert (ons.start_index(), ons.end_index()) == (hun.start_index(), hun.end_index())
    # The rows carry their annotations, as the QuerySet gives them.
    assert all(p.label == f"{p.doelgroep}-{p.kenmerk}" for p in PaginaMetTotaal(qs, 5).page(1))


def test_de_modelvolgorde_geldt_zonder_order_by(personen):
    assert [p.kenmerk for p in PaginaMetTotaal(personen, 30).page(1)] == sorted(
        p.kenmerk for p in personen
    )


def test_twee_queries_per_pagina(personen):
    with CaptureQueriesContext(connection) as vastgelegd:
        pagina = PaginaMetTotaal(personen.order_by("doelgroep"), 5).page(3)
        assert len(pagina) == 5 and pagina.paginator.count == 23
    assert len(vastgelegd) == 2
    assert "COUNT(*) OVER ()" in vastgelegd.captured_queries[0]["sql"]


def test_rijen_mee_dezelfde_pagina_s_in_een_query(personen):
    """rijen_mee: the page's rows come with the total from the one pass, the same rows in the
    same order as the two-query way, with their annotations."""
    qs = personen.order_by("-startdatum", "label")
    for nummer in (1, 3, 5):
        with CaptureQueriesContext(connection) as vastgelegd:
            pagina = PaginaMetTotaal(qs, 5, rijen_mee=True).page(nummer)
            rijen = [(p.pk, p.label) for p in pagina]
        assert len(vastgelegd) == 1
        assert rijen == [(p.pk, p.label) for p in PaginaMetTotaal(qs, 5).page(nummer)]
        assert pagina.paginator.count == 23
    assert PaginaMetTotaal(qs, 5, rijen_mee=True).get_page(99).number == 5
    assert list(PaginaMetTotaal(qs.none(), 5, rijen_mee=True).get_page(1)) == []


def test_buiten_de_pagina_s(personen):
    paginator = PaginaMetTotaal(personen.order_by("doelgroep"), 5)
    assert paginator.get_page(99).number == 5
    assert paginator.get_page("geen getal").number == 1
    # As Django's get_page: below 1 gives the last page; page() itself refuses.
    assert paginator.get_page(0).number == Paginator(personen, 5).get_page(0).number == 5
    with pytest.raises(EmptyPage):
        PaginaMetTotaal(personen, 5).page(0)
    with pytest.raises(EmptyPage):
        PaginaMetTotaal(personen, 5).page(6)


def test_lege_selectie(gemeente):
    pagina = PaginaMetTotaal(Inburgeraar.objects.filter(gemeente=gemeente), 5).get_page(1)
    assert list(pagina) == [] and pagina.paginator.count == 0
    assert pagina.paginator.get_page(7).number == 1


def test_som_over_de_hele_selectie_in_dezelfde_twee_queries(gemeente):
    """A drill-down's total row: the sum over every row, on every page, no query of its own."""
    from decimal import Decimal

    from inburgering.models import Factuur
    from tests.factories import FactuurFactory, VerplichtingFactory

    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("90000.00"))
    for i in range(12):
        FactuurFactory(verplichting=v, bedrag=Decimal("121.00"), btw=Decimal(i))
    qs = Factuur.objects.filter(gemeente=gemeente).order_by("factuurnummer")
    verwacht = sum((f.last for f in qs), Decimal("0.00"))
    for nummer in (1, 3):
        with CaptureQueriesContext(connection) as vastgelegd:
            pagina = PaginaMetTotaal(qs, 5, som="last").page(nummer)
            assert pagina.paginator.som == verwacht == Decimal("1386.00")
        assert len(vastgelegd) == 2
    leeg = PaginaMetTotaal(qs.none(), 5, som="last").get_page(1)
    assert leeg.paginator.som == Decimal("0.00")


def test_som_over_een_creditnota_blijft_in_centen(gemeente):
    """SQLite sums decimals as floats: an invoice of 1,000,000.01 and a credit note of
    -999,994.58 came back as 5.43000000005122 instead of 5.43. The total is in cents."""
    from decimal import Decimal

    from inburgering.models import Factuur
    from tests.factories import FactuurFactory, VerplichtingFactory

    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("2000000.00"))
    FactuurFactory(verplichting=v, bedrag=Decimal("1000000.01"), btw=Decimal(0))
    FactuurFactory(verplichting=v, bedrag=Decimal("-999994.58"), btw=Decimal(0))
    qs = Factuur.objects.filter(gemeente=gemeente).order_by("factuurnummer")
    som = PaginaMetTotaal(qs, 5, som="last").page(1).paginator.som
    assert str(som) == "5.43"
