"""R8 in the SPUK drill-downs: the rows behind a cohort's Open and Besteed add up to the figure
of the overview, also when the recomputation's peildatum lies in the past and invoices dated
after it (with compensable btw, so their last differs from their amount) are in the database.

Open comes from Verplichting.objects.met_open_bedrag(peildatum) (the one definition) and
Besteed from spuk.selectors.facturen_in_besteding (the one selection); both are checked against
the recomputation's batched SQL and against the rule worked out by hand."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering import regels
from inburgering.models import Factuur, Verplichting
from kern.paginering import PaginaMetTotaal
from spuk import selectors
from spuk.berekening import lees_bronnen
from spuk.models import CohortSaldo
from spuk.services import herbereken
from tests.factories import FactuurFactory, GemeenteFactory, VerplichtingFactory

from .helpers import voorbeeld_b

pytestmark = pytest.mark.django_db

PEILDATUM = date(2025, 6, 30)


def drilldown_totaal(rijen, som: str) -> tuple[int, D]:
    """The count and the total row of a drill-down, as its page computes them."""
    paginator = PaginaMetTotaal(rijen, 50, som=som)
    paginator.page(1)
    return paginator.count, paginator.som


def _url(gemeente, cijfer):
    return reverse(
        "spuk:cohort", kwargs={"gemeente": gemeente.code, "cohort": 2024, "cijfer": cijfer}
    )


@pytest.fixture
def cohort_2024(gemeente):
    """Three SPUK-IV commitments of cohort 2024 with invoices before and after the peildatum."""
    voorbeeld_b(gemeente)
    loopt = VerplichtingFactory(
        gemeente=gemeente, inburgeraar=None, bedrag=D("5000.00"), datum=date(2024, 5, 1)
    )
    FactuurFactory(verplichting=loopt, datum=date(2024, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    # After the peildatum: counts neither in its gefactureerd nor in the besteding.
    FactuurFactory(verplichting=loopt, datum=date(2025, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    # Closed after the peildatum: still open on it.
    later_dicht = VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=None,
        bedrag=D("3000.00"),
        datum=date(2024, 6, 1),
        gesloten_op=date(2025, 11, 1),
    )
    FactuurFactory(
        verplichting=later_dicht,
        datum=date(2025, 2, 1),
        bedrag=D("605.00"),
        btw=D("105.00"),
        btw_compensabel=False,  # the last is the whole amount
    )
    # Closed before the peildatum: nothing open.
    VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=None,
        bedrag=D("700.00"),
        datum=date(2024, 7, 1),
        gesloten_op=date(2025, 1, 31),
    )
    herbereken(gemeente_id=gemeente.pk, peildatum=PEILDATUM)
    return CohortSaldo.objects.get(herberekening__gemeente=gemeente, cohort=2024)


def test_r8_open_drilldown_telt_op_tot_het_cohortcijfer_op_een_peildatum(
    adviseur_client, gemeente, cohort_2024
):
    # open = (5000 - 1000) + (3000 - 605) + 0; the invoice of 1 September 2025 does not count.
    assert cohort_2024.open == D("6395.00")
    rijen = selectors.verplichtingen_van_cohort(gemeente, 2024, PEILDATUM)
    assert sorted(v.open_bedrag for v in rijen) == [D("0.00"), D("2395.00"), D("4000.00")]
    assert drilldown_totaal(rijen, "open_bedrag") == (3, cohort_2024.open)

    inhoud = adviseur_client.get(_url(gemeente, "open")).content.decode()
    totaal = inhoud[inhoud.index('id="totaal"') :]
    assert "Totaal open op 30-06-2025" in totaal and "6.395,00" in totaal
    assert "4.000,00" in inhoud and "2.395,00" in inhoud
    assert "gesloten op 01-11-2025, na de peildatum" in inhoud


def test_r8_besteed_drilldown_telt_de_last_op_tot_het_cohortcijfer_op_een_peildatum(
    adviseur_client, gemeente, cohort_2024
):
    # besteed = last 1000 (compensable btw off) + 605 (not compensable); not the later invoice.
    assert cohort_2024.besteed == D("1605.00")
    facturen = selectors.facturen_van_cohort(gemeente, 2024, PEILDATUM)
    assert drilldown_totaal(facturen, "last") == (2, cohort_2024.besteed)

    inhoud = adviseur_client.get(_url(gemeente, "besteed")).content.decode()
    totaal = inhoud[inhoud.index('id="totaal"') :]
    assert "Totaal besteed op 30-06-2025" in totaal and "1.605,00" in totaal
    assert "Last (zonder compensabele btw)" in inhoud


def test_r8_dekking_van_een_persoon_op_een_peildatum_telt_latere_facturen_niet(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("5000.00"), datum=date(2024, 5, 1))
    FactuurFactory(verplichting=v, datum=date(2024, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    FactuurFactory(verplichting=v, datum=date(2025, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    d = selectors.dekking_van(v.inburgeraar, PEILDATUM)
    assert (d.gefactureerd, d.open) == (D("1000.00"), D("4000.00"))
    (rij,) = selectors.verplichtingen_van_persoon(v.inburgeraar, PEILDATUM)
    assert (rij.gefactureerd, rij.open_bedrag) == (D("1000.00"), D("4000.00"))


def test_r8_met_open_bedrag_op_een_peildatum_laat_latere_facturen_buiten_beschouwing(gemeente):
    """The Factuurstand sums every invoice's last; a peildatum takes back exactly that last of
    the invoices after it (it took back their amount, btw included: open 4,210.00)."""
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("5000.00"), datum=date(2024, 5, 1))
    FactuurFactory(verplichting=v, datum=date(2024, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    FactuurFactory(verplichting=v, datum=date(2025, 9, 1), bedrag=D("1210.00"), btw=D("210"))
    op_peildatum = Verplichting.objects.filter(pk=v.pk).met_open_bedrag(PEILDATUM).get()
    assert (op_peildatum.gefactureerd, op_peildatum.open_bedrag) == (D("1000.00"), D("4000.00"))
    vandaag = Verplichting.objects.filter(pk=v.pk).met_open_bedrag().get()
    assert (vandaag.gefactureerd, vandaag.open_bedrag) == (D("2000.00"), D("3000.00"))


# --- The one definition against the recomputation and the rule, on any peildatum -------------

BEGIN = date(2024, 1, 1)
DAGEN = st.integers(0, 1000)
FACTUREN = st.lists(
    st.tuples(
        DAGEN,
        st.decimals(min_value=D("-300"), max_value=D("4000"), places=2).filter(bool),
        st.sampled_from([D("0"), D("0.21"), D("0.09")]),  # btw as a share of the amount
        st.booleans(),  # compensabel
    ),
    max_size=4,
)
VERPLICHTINGEN = st.lists(
    st.tuples(
        st.sampled_from(["SPUK-IV", "SPUK-OR"]),
        st.integers(2023, 2026),
        DAGEN,
        st.one_of(st.none(), DAGEN),
        FACTUREN,
    ),
    min_size=1,
    max_size=5,
)


def _met_de_hand(gemeente, peildatum):
    """R8 and R7 invoice by invoice, as REKENREGELS.md words them."""
    open_, besteed, besteding = defaultdict(D), defaultdict(D), defaultdict(D)
    for v in Verplichting.objects.filter(gemeente=gemeente, datum__lte=peildatum):
        geteld = [f for f in Factuur.objects.filter(verplichting=v) if f.datum <= peildatum]
        for f in geteld:
            besteding[(v.financiering, f.boekjaar)] += regels.last(
                f.bedrag, f.btw, f.btw_compensabel
            )
        if v.financiering != "SPUK-IV":
            continue
        gefactureerd = sum((regels.last(f.bedrag, f.btw, f.btw_compensabel) for f in geteld), D(0))
        besteed[v.cohort] += gefactureerd
        dicht = v.gesloten_op is not None and v.gesloten_op <= peildatum
        open_[v.cohort] += regels.open_bedrag(v.bedrag, gefactureerd, gesloten=dicht)
    return _zonder_nul(open_), _zonder_nul(besteed), _zonder_nul(besteding)


def _zonder_nul(waarden):
    return {k: w for k, w in waarden.items() if w}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(verplichtingen=VERPLICHTINGEN, peildag=DAGEN)
def test_r8_open_en_besteding_van_de_drilldowns_gelijk_aan_de_herberekening(
    verplichtingen, peildag
):
    peildatum = BEGIN + timedelta(days=peildag)
    with transaction.atomic():
        gemeente = GemeenteFactory()
        for financiering, cohort, dag, dicht, facturen in verplichtingen:
            v = VerplichtingFactory(
                gemeente=gemeente,
                inburgeraar=None,
                financiering=financiering,
                cohort=cohort,
                datum=BEGIN + timedelta(days=dag),
                gesloten_op=None if dicht is None else BEGIN + timedelta(days=max(dag, dicht)),
                bedrag=D("5000.00"),
            )
            for factuurdag, bedrag, aandeel, compensabel in facturen:
                FactuurFactory(
                    verplichting=v,
                    datum=BEGIN + timedelta(days=factuurdag),
                    bedrag=bedrag,
                    btw=(bedrag * aandeel).quantize(D("0.01")),
                    btw_compensabel=compensabel,
                )
        open_, besteed, besteding = _met_de_hand(gemeente, peildatum)
        bronnen = lees_bronnen([gemeente.pk], peildatum)[gemeente.pk]
        assert _zonder_nul(bronnen.open_per_cohort) == open_
        assert _zonder_nul(bronnen.besteed_per_cohort) == besteed
        assert _zonder_nul(bronnen.besteding) == besteding
        for cohort in range(2023, 2027):
            rijen = selectors.verplichtingen_van_cohort(gemeente, cohort, peildatum)
            assert drilldown_totaal(rijen, "open_bedrag")[1] == open_.get(cohort, D("0.00"))
            facturen = selectors.facturen_van_cohort(gemeente, cohort, peildatum)
            assert drilldown_totaal(facturen, "last")[1] == besteed.get(cohort, D("0.00"))
        for (regeling, jaar), bedrag in besteding.items():
            facturen = selectors.facturen_in_besteding(
                gemeente, peildatum, regeling=regeling, boekjaar=jaar
            )
            assert drilldown_totaal(facturen, "last")[1] == bedrag
        transaction.set_rollback(True)
