"""R8 in the SPUK drill-downs: the rows behind a cohort's Open and Besteed add up to the figure
of the overview, also when the recomputation's peildatum lies in the past and invoices dated
after it (with compensable btw, so their last differs from their amount) are in the database.

Open comes from Verplichting.objects.met_open_bedrag(peildatum) (the one definition) and
Besteed from spuk.selectors.facturen_in_besteding (the one selection); the property test in
test_besteding_op_peildatum.py checks both against the recomputation's batched SQL and the
rule on any peildatum, with btw."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inburgering.models import Verplichting
from kern.paginering import PaginaMetTotaal
from spuk import selectors
from spuk.models import CohortSaldo
from spuk.services import herbereken
from tests.factories import FactuurFactory, VerplichtingFactory

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

    with CaptureQueriesContext(connection) as vastgelegd:
        inhoud = adviseur_client.get(_url(gemeente, "open")).content.decode()
    totaal = inhoud[inhoud.index('id="totaal"') :]
    assert "Totaal open op 30-06-2025" in totaal and "6.395,00" in totaal
    assert "SPUK-IV-verplichtingen van cohort 2024 (3)" in inhoud
    # Count and total from the standen: no window over all the cohort's commitments.
    assert not [q for q in vastgelegd if "OVER ()" in q["sql"]]
    assert "4.000,00" in inhoud and "2.395,00" in inhoud
    assert "gesloten op 01-11-2025, na de peildatum" in inhoud


def test_r8_besteed_drilldown_telt_de_last_op_tot_het_cohortcijfer_op_een_peildatum(
    adviseur_client, gemeente, cohort_2024
):
    # besteed = last 1000 (compensable btw off) + 605 (not compensable); not the later invoice.
    assert cohort_2024.besteed == D("1605.00")
    facturen = selectors.facturen_van_cohort(gemeente, 2024, PEILDATUM)
    assert drilldown_totaal(facturen, "last") == (2, cohort_2024.besteed)

    with CaptureQueriesContext(connection) as vastgelegd:
        inhoud = adviseur_client.get(_url(gemeente, "besteed")).content.decode()
    totaal = inhoud[inhoud.index('id="totaal"') :]
    assert "Totaal besteed op 30-06-2025" in totaal and "1.605,00" in totaal
    assert "Last (zonder compensabele btw)" in inhoud
    assert "Facturen op SPUK-IV-verplichtingen van cohort 2024 (2)" in inhoud
    # The count and the total come from the standen: no pass over the invoices to count them.
    assert not [q for q in vastgelegd if "COUNT(" in q["sql"] or "OVER ()" in q["sql"]]


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
