"""Charts that answer questions: the geometry of the stacked cohort bars, the R7 waterfall and
the cumulative month line, and the monthly besteding they are drawn from."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rapportage import grafiek
from rapportage.besteding import besteding_per_maand
from tests.factories import FactuurFactory, VerplichtingFactory

from .factories import CohortSaldoFactory, HerberekeningFactory, JaarSaldoFactory

D = Decimal


@dataclass
class Cohort:
    cohort: int
    toegekend: Decimal
    verwacht: Decimal
    besteed: Decimal
    open: Decimal

    @property
    def vrije_ruimte(self):
        return self.toegekend + self.verwacht - self.besteed - self.open


@dataclass
class Jaar:
    jaar: int
    toekenning: Decimal
    besteding: Decimal
    reservering_in: Decimal = D("0")
    doorschuif_in: Decimal = D("0")
    reservering_uit: Decimal = D("0")
    doorschuif_uit: Decimal = D("0")
    terug_te_betalen: Decimal = D("0")


def test_cohortstaaf_stapelt_besteed_verplicht_vrij_tot_de_streep_en_noemt_een_tekort():
    g = grafiek.cohortgrafiek(
        [
            Cohort(2024, D("800"), D("200"), D("500"), D("300")),
            Cohort(2025, D("400"), D("0"), D("300"), D("200")),
        ]
    )
    ruim, krap = g.rijen
    besteed, verplicht, vrij = ruim.segmenten
    assert besteed.x == g.nul_x and verplicht.x == besteed.x + besteed.breedte
    assert vrij.x + vrij.breedte == ruim.markering_x  # vrij ends at toegekend + verwacht
    assert ruim.tekst == "vrij € 200"
    assert [s.reeks for s in krap.segmenten] == ["besteed", "verplicht"]
    assert (
        krap.tekst == "tekort € 100"
        and krap.markering_x < krap.segmenten[-1].x + krap.segmenten[-1].breedte
    )
    assert [m.tekst for m in g.maatstrepen][:2] == ["€ 0", "€ 250"]


def test_waterval_volgt_de_jaarbalans_van_jaar_tot_jaar():
    jaren = [
        Jaar(2024, D("1000"), D("400"), reservering_uit=D("600")),
        Jaar(2025, D("200"), D("1000"), reservering_in=D("600"), doorschuif_uit=D("200")),
    ]
    g = grafiek.watervalgrafiek(jaren)
    labels = [r.label for r in g.rijen]
    assert labels == [
        "2024 toekenning",
        "2024 besteding",
        "2024 reservering",
        "2025 toekenning",
        "2025 besteding",
        "2025 doorschuif",
    ]
    reservering_2024, toekenning_2025 = g.rijen[2].segmenten[0], g.rijen[3].segmenten[0]
    assert toekenning_2025.x == reservering_2024.x + reservering_2024.breedte  # the chain holds
    doorschuif = g.rijen[5]
    assert doorschuif.segmenten[0].reeks == "negatief" and doorschuif.tekst == "-€ 200"
    assert doorschuif.segmenten[0].x < g.nul_x  # below zero, left of the axis


def test_cumulatieve_lijn_stijgt_en_het_budget_staat_erboven():
    g = grafiek.cumulatieve_lijn([D("100"), D("0"), D("250")], D("1000"))
    ys = [p.y for p in g.punten]
    assert ys[0] > ys[2] and ys[0] == ys[1]  # higher amount = higher on the page
    assert g.budget_y < min(ys) and g.budget_tekst == "budget € 1.000"
    assert g.punten[2].titel == "t/m mrt: € 350" and len(g.maanden) == 12


@pytest.mark.django_db
def test_besteding_per_maand_telt_de_last_per_maand_en_een_late_factuur_in_december(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=D("9000"), datum=date(2025, 1, 1))
    FactuurFactory(verplichting=v, datum=date(2025, 2, 3), bedrag=D("100.00"))
    FactuurFactory(verplichting=v, datum=date(2025, 2, 20), bedrag=D("50.00"))
    FactuurFactory(verplichting=v, datum=date(2026, 1, 10), boekjaar=2025, bedrag=D("25.00"))
    FactuurFactory(verplichting=v, datum=date(2026, 2, 1), bedrag=D("999.00"))  # boekjaar 2026
    per_maand = besteding_per_maand(gemeente, "SPUK-IV", 2025, date(2026, 3, 1))
    assert (
        per_maand[1] == D("150.00")
        and per_maand[11] == D("25.00")
        and sum(per_maand) == D("175.00")
    )
    assert len(besteding_per_maand(gemeente, "SPUK-IV", 2026, date(2026, 3, 1))) == 3


@pytest.mark.django_db
def test_dashboard_toont_de_grafieken_met_hun_tabellen(adviseur_client, gemeente):
    h = HerberekeningFactory(gemeente=gemeente, peildatum=date(2024, 6, 30))
    JaarSaldoFactory(herberekening=h, jaar=2024)
    CohortSaldoFactory(herberekening=h, cohort=2024, vrije_ruimte=D("-1234.00"))
    tekst = adviseur_client.get(
        reverse("rapportage:dashboard", args=[gemeente.code])
    ).content.decode()
    assert "SPUK-IV 2024: besteding per maand tegen het budget" in tekst
    assert "budget € 160.000" in tekst  # beschikbaar of R7 as the dashed line
    assert "tekort € 1.234" in tekst and "2024 toekenning" in tekst
    assert tekst.count('role="img"') >= 3 and "Besteding per maand, 2024" in tekst


@dataclass
class Uitvoering:
    jaar: int
    formatie: Decimal
    overig: Decimal
    aandeel_samenwerking: Decimal
    budget: Decimal
    heeft_budget: bool = True

    @property
    def kosten(self):
        return self.formatie + self.overig + self.aandeel_samenwerking

    @property
    def tekort(self):
        return self.kosten - self.budget


def test_uitvoering_stapelt_de_kosten_tegen_het_budget():
    g = grafiek.uitvoeringsgrafiek(
        [
            Uitvoering(2025, D("60"), D("20"), D("40"), D("100")),
            Uitvoering(2026, D("50"), D("0"), D("0"), D("80")),
        ]
    )
    tekort, overschot = g.rijen
    assert tekort.tekst == "tekort € 20" and overschot.tekst == "overschot € 30"
    assert tekort.segmenten[-1].x + tekort.segmenten[-1].breedte > tekort.markering_x


def test_scenarios_naast_elkaar_op_een_schaal():
    klein = grafiek.staafgrafiek([("2027", D("100"), "")], schaal=D("400"), breedte=540)
    groot = grafiek.staafgrafiek([("2027", D("400"), "")], schaal=D("400"), breedte=540)
    assert groot.staven[0].breedte == 4 * klein.staven[0].breedte and groot.breedte == 540
