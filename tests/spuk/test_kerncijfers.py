"""Key figures per regeling: one answer to "how much can I still commit?", reconciled line by
line with the year balance (R7) and the cohort room (R9)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spuk import selectors
from spuk.kerncijfers import kerncijfers, totaalrij
from spuk.services import herbereken
from tests.factories import FactuurFactory, VerplichtingFactory
from tests.rapportage.factories import CohortSaldoFactory, HerberekeningFactory, JaarSaldoFactory

from .factories import BeschikkingFactory

D = Decimal


@dataclass
class Jaar:
    jaar: int
    toekenning: Decimal
    besteding: Decimal
    reservering_uit: Decimal
    doorschuif_uit: Decimal = D("0.00")
    terug_te_betalen: Decimal = D("0.00")


@dataclass
class Cohort:
    toegekend: Decimal
    verwacht: Decimal
    besteed: Decimal
    open: Decimal
    ontvangen: Decimal = D("0.00")

    @property
    def vrije_ruimte(self):
        return self.toegekend + self.verwacht - self.besteed - self.open


def som_van_de_brug(k) -> Decimal:
    """The bridge's lines, the subtotals left out, add up to what is free."""
    return sum((r.bedrag for r in k.brug if not r.totaal), D("0.00"))


def test_de_brug_van_reservering_naar_vrij_telt_op():
    # 2024: 1000 granted, 300 spent -> 700 reserved; 2025: 500 granted, 200 spent -> 1000.
    jaren = [Jaar(2024, D("1000"), D("300"), D("700")), Jaar(2025, D("500"), D("200"), D("1000"))]
    cohorten = [
        Cohort(D("900"), D("400"), D("350"), D("600")),
        Cohort(D("600"), D("0"), D("150"), D("50")),
    ]
    k = kerncijfers("SPUK-IV", 2025, jaren, cohorten, D("0"))
    assert (k.toegekend, k.verwacht, k.besteed, k.verplicht) == (
        D("1500"),
        D("400"),
        D("500"),
        D("650"),
    )
    assert k.vrij == D("750") == sum(c.vrije_ruimte for c in cohorten)
    assert k.reservering == D("1000") and k.cohortverschil == 0
    assert som_van_de_brug(k) == k.vrij
    assert [r.tekst for r in k.brug if r.totaal] == [
        "= toegekend min besteed, tot en met dit jaar",
        "= vrij om nog te verplichten",
    ]


def test_doorschuif_terugbetaling_en_cohortverschil_staan_als_eigen_regel():
    # 2024: 1000 granted, 1200 spent -> 200 doorschuif; a later year is not counted in R7 up to T.
    jaren = [
        Jaar(2023, D("800"), D("100"), D("600"), terug_te_betalen=D("100")),
        Jaar(2024, D("400"), D("1200"), D("0"), doorschuif_uit=D("200")),
        Jaar(2025, D("999"), D("0"), D("999")),
    ]
    cohorten = [Cohort(D("1201"), D("0"), D("1300"), D("0"))]  # one cent more in the cohorts
    k = kerncijfers("SPUK-IV", 2024, jaren, cohorten, D("0"))
    teksten = {r.tekst: r.bedrag for r in k.brug}
    assert teksten["min doorschuif naar het volgende jaar"] == D("-200")
    assert teksten["plus terug te betalen (zit in het toegekende)"] == D("100")
    assert teksten["= toegekend min besteed, tot en met dit jaar"] == D("-100")  # 1200 - 1300
    assert teksten["plus verschil cohortrekeningen en begrotingsjaren"] == D("1")
    assert k.terug == D("100") and som_van_de_brug(k) == k.vrij == D("-99")


def test_een_regeling_zonder_cohorten_rekent_met_de_jaren_en_de_open_verplichtingen():
    jaren = [
        Jaar(2024, D("24000"), D("23000"), D("1000")),
        Jaar(2025, D("35000"), D("34000"), D("2000")),
    ]
    k = kerncijfers("SPUK-OR", 2026, jaren, None, D("400"))
    assert (k.toegekend, k.besteed, k.verplicht, k.vrij) == (
        D("59000"),
        D("57000"),
        D("400"),
        D("1600"),
    )
    assert k.reservering_jaar == 2025  # the regeling ended: its last year, not 2026
    assert "plus verwacht in latere jaren" not in [r.tekst for r in k.brug]
    assert som_van_de_brug(k) == k.vrij


def test_totaalrij_telt_de_cohorten_op():
    t = totaalrij(
        [
            Cohort(D("1"), D("2"), D("3"), D("4"), D("5")),
            Cohort(D("10"), D("20"), D("30"), D("40"), D("50")),
        ]
    )
    assert t == {
        "toegekend": D("11"),
        "verwacht": D("22"),
        "ontvangen": D("55"),
        "besteed": D("33"),
        "open": D("44"),
        "vrije_ruimte": D("-44"),
    }


@pytest.mark.django_db
def test_spuk_overzicht_opent_met_kerncijfers_die_kloppen_met_de_cohorttabel(
    adviseur_client, gemeente
):
    BeschikkingFactory(gemeente=gemeente, jaar=2024, soort="definitief", bedrag=D("100000"))
    BeschikkingFactory(gemeente=gemeente, jaar=2025, soort="definitief", bedrag=D("100000"))
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("50000"), datum=date(2024, 3, 1))
    FactuurFactory(verplichting=v, datum=date(2025, 3, 1), bedrag=D("12345.67"))
    run = herbereken(gemeente_id=gemeente.pk, peildatum=date(2025, 6, 1))
    iv = selectors.kerncijfers_per_regeling(run)[0]
    cohorten = list(selectors.cohortsaldi(run))
    assert iv.vrij == sum(c.vrije_ruimte for c in cohorten)
    assert iv.verplicht == sum(c.open for c in cohorten) == D("37654.33")
    assert som_van_de_brug(iv) == iv.vrij
    inhoud = adviseur_client.get(reverse("spuk:overzicht", args=[gemeente.code])).content.decode()
    assert "SPUK-IV: hoeveel kan er nog worden verplicht?" in inhoud
    assert "Vrij om te verplichten" in inhoud and "van jaarbalans naar vrije ruimte" in inhoud
    assert (
        f"€\u00a0{iv.verplicht:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        in inhoud
    )
    cohortpagina = adviseur_client.get(
        reverse("spuk:cohorten", args=[gemeente.code])
    ).content.decode()
    assert "Totaal" in cohortpagina and "afronding" in cohortpagina


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_kerncijfers_kosten_een_vast_aantal_queries(adviseur_client, gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2024)
    JaarSaldoFactory(herberekening=h, regeling="SPUK-OR", jaar=2024)
    CohortSaldoFactory(herberekening=h, cohort=2024)
    url = reverse("spuk:overzicht", args=[gemeente.code])
    weinig = _queries(adviseur_client, url)
    for jaar in (2022, 2023, 2025):
        JaarSaldoFactory(herberekening=h, jaar=jaar)
        JaarSaldoFactory(herberekening=h, regeling="SPUK-OR", jaar=jaar)
        CohortSaldoFactory(herberekening=h, cohort=jaar)
    assert _queries(adviseur_client, url) == weinig
