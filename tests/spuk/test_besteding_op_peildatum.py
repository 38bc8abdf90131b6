"""R7/R9 besteding and R8 open on any peildatum, read from the standen less what the peildatum
leaves out, equal a plain calculation invoice by invoice (the rules as REKENREGELS.md words
them), whatever the dates of commitments and invoices and whatever their btw; and the SPUK
drill-downs (met_open_bedrag, spuk.selectors.facturen_in_besteding) add up to the same."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering.models import Factuur, Verplichting
from kern.paginering import PaginaMetTotaal
from spuk import selectors
from spuk.berekening import lees_bronnen
from tests.factories import FactuurFactory, GemeenteFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db

BEGIN = date(2024, 1, 1)
DAGEN = st.integers(0, 1000)
BEDRAGEN = st.decimals(min_value=Decimal("-300"), max_value=Decimal("4000"), places=2).filter(bool)
VERPLICHTINGEN = st.lists(
    st.tuples(
        st.sampled_from(["SPUK-IV", "SPUK-OR", "OVERIG"]),
        st.integers(2023, 2026),  # cohort
        DAGEN,  # datum
        st.one_of(st.none(), DAGEN),  # gesloten op (never before the datum: a constraint)
        # facturen: datum, bedrag, btw as a share of it, compensabel (R8: the last counts)
        st.lists(
            st.tuples(DAGEN, BEDRAGEN, st.sampled_from(["0", "0.21", "0.09"]), st.booleans()),
            max_size=4,
        ),
    ),
    min_size=1,
    max_size=6,
)


def _verwacht(gemeente, peildatum):
    """The rules, invoice by invoice, in Python."""
    besteding, besteed, open_ = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    for v in Verplichting.objects.filter(gemeente=gemeente):
        if v.datum > peildatum or v.financiering not in ("SPUK-IV", "SPUK-OR"):
            continue
        geteld = [f for f in Factuur.objects.filter(verplichting=v) if f.datum <= peildatum]
        for f in geteld:
            besteding[(v.financiering, f.boekjaar)] += _last(f)
        if v.financiering == "SPUK-IV":
            gefactureerd = sum((_last(f) for f in geteld), Decimal("0.00"))
            besteed[v.cohort] += gefactureerd
            dicht = v.gesloten_op is not None and v.gesloten_op <= peildatum
            open_[v.cohort] += (
                Decimal("0.00") if dicht else max(Decimal(0), v.bedrag - gefactureerd)
            )
    return dict(besteding), _zonder_nul(besteed), _zonder_nul(open_)


def _totaal(rijen, som: str):
    """The total row of a drill-down, as its page computes it (kern.paginering)."""
    paginator = PaginaMetTotaal(rijen, 50, som=som)
    paginator.page(1)
    return paginator.som


def _telt_als(telling, facturen):
    """The standen's count and sum of the last equal those of the selection's rows."""
    rijen = list(facturen)
    assert telling.aantal == len(rijen)
    assert telling.bedrag == sum((f.last for f in rijen), Decimal("0.00"))


def _last(f):
    return f.bedrag - f.btw if f.btw_compensabel else f.bedrag


def _zonder_nul(per_cohort):
    return {k: w for k, w in per_cohort.items() if w}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(verplichtingen=VERPLICHTINGEN, peildag=DAGEN)
def test_besteding_en_open_op_elke_peildatum(verplichtingen, peildag):
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
                bedrag=Decimal("5000.00"),
            )
            for factuurdag, bedrag, aandeel, compensabel in facturen:
                FactuurFactory(
                    verplichting=v,
                    datum=BEGIN + timedelta(days=factuurdag),
                    bedrag=bedrag,
                    btw=(bedrag * Decimal(aandeel)).quantize(Decimal("0.01")),
                    btw_compensabel=compensabel,
                )

        bronnen = lees_bronnen([gemeente.pk], peildatum)[gemeente.pk]
        besteding, besteed, open_ = _verwacht(gemeente, peildatum)
        assert bronnen.besteding == besteding
        assert _zonder_nul(bronnen.besteed_per_cohort) == besteed
        assert _zonder_nul(bronnen.open_per_cohort) == open_
        # R8's one definition (the QuerySet method the pages and drill-downs use) agrees with
        # the rule and with the recomputation's batched SQL.
        per_cohort = defaultdict(Decimal)
        for v in Verplichting.objects.filter(
            gemeente=gemeente, financiering="SPUK-IV", datum__lte=peildatum
        ).met_open_bedrag(peildatum):
            per_cohort[v.cohort] += v.open_bedrag
        assert _zonder_nul(per_cohort) == open_
        # The drill-downs behind the cohort's Open and Besteed and the SiSa's besteding.
        for cohort in range(2023, 2027):
            rijen = selectors.verplichtingen_van_cohort(gemeente, cohort, peildatum)
            assert _totaal(rijen, "open_bedrag") == open_.get(cohort, Decimal("0.00"))
            # The drill-down's count and total row, from the standen.
            telling = selectors.openstelling(gemeente, peildatum, cohort=cohort)
            assert telling.aantal == len(rijen)
            assert telling.bedrag == sum((v.open_bedrag for v in rijen), Decimal("0.00"))
            facturen = selectors.facturen_van_cohort(gemeente, cohort, peildatum)
            assert _totaal(facturen, "last") == besteed.get(cohort, Decimal(0))
            # The drill-down's count and total row, from the standen (no pass over the rows).
            _telt_als(
                selectors.bestedingstelling(gemeente, peildatum, regeling="SPUK-IV", cohort=cohort),
                facturen,
            )
        for (regeling, jaar), bedrag in besteding.items():
            facturen = selectors.facturen_in_besteding(
                gemeente, peildatum, regeling=regeling, boekjaar=jaar
            )
            assert _totaal(facturen, "last") == bedrag
            _telt_als(
                selectors.bestedingstelling(gemeente, peildatum, regeling=regeling, boekjaar=jaar),
                facturen,
            )
        transaction.set_rollback(True)
