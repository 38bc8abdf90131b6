"""P&C overviews: begroting, realisatie, prognose; stands, comparison and Excel."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rapportage import selectors
from rapportage.models import Begrotingsregel, PcStand
from rapportage.services import boek_begroting, sla_pc_stand_op
from tests.factories import FactuurFactory, GemeenteFactory, VerplichtingFactory, voorziening
from uitvoering.models import Budgetwijziging, Kostenregel, Uitvoeringsbudget

from .factories import BegrotingsregelFactory, HerberekeningFactory, JaarSaldoFactory

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 6, 30)


def regel(regels, stroom):
    return next(r for r in regels if r.stroom == stroom)


def test_begroting_is_primair_plus_wijzigingen(gemeente, adviseur):
    boek_begroting(
        gemeente=gemeente,
        jaar=2026,
        stroom="SPUK-IV",
        soort="origineel",
        bedrag=Decimal("250000.00"),
        gebruiker=adviseur,
    )
    boek_begroting(
        gemeente=gemeente,
        jaar=2026,
        stroom="SPUK-IV",
        soort="wijziging",
        bedrag=Decimal("-20000.00"),
        reden="Voorjaarsnota: lagere instroom",
        gebruiker=adviseur,
        moment="voorjaarsnota",
    )
    r = regel(selectors.pc_overzicht(gemeente, 2026, VANDAAG), "SPUK-IV")
    assert (r.origineel, r.wijzigingen, r.begroting) == (
        Decimal("250000.00"),
        Decimal("-20000.00"),
        Decimal("230000.00"),
    )


def test_een_tweede_primaire_begroting_of_wijziging_zonder_reden_wordt_geweigerd(
    gemeente, adviseur
):
    BegrotingsregelFactory(gemeente=gemeente)
    with pytest.raises(ValidationError) as fout:
        boek_begroting(
            gemeente=gemeente,
            jaar=2026,
            stroom="SPUK-IV",
            soort="origineel",
            bedrag=Decimal("1.00"),
            gebruiker=adviseur,
        )
    assert "begrotingswijziging" in str(fout.value)
    with pytest.raises(ValidationError) as fout:
        boek_begroting(
            gemeente=gemeente,
            jaar=2026,
            stroom="SPUK-IV",
            soort="wijziging",
            bedrag=Decimal("1.00"),
            gebruiker=adviseur,
        )
    assert "reden" in fout.value.message_dict
    assert Begrotingsregel.objects.count() == 1
    primair = Begrotingsregel.objects.get()
    with pytest.raises(PermissionError):
        primair.delete()


def test_r11_realisatie_spuk_uit_r7_en_uitvoering_elke_euro_een_keer(gemeente):
    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2026, besteding=Decimal("75000.00"))
    Uitvoeringsbudget.objects.create(gemeente=gemeente, jaar=2026, bedrag=Decimal("101000"))
    Kostenregel.objects.create(
        gemeente=gemeente, jaar=2026, soort="overig", omschrijving="ICT", bedrag=Decimal("5000")
    )
    v = VerplichtingFactory(
        gemeente=gemeente,
        voorziening=voorziening(gemeente, "INTAKE"),
        financiering="UITVOERING",
        bedrag=Decimal("800.00"),
        datum=date(2026, 1, 5),
    )
    FactuurFactory(verplichting=v, datum=date(2026, 2, 1), bedrag=Decimal("800.00"))
    regels = selectors.pc_overzicht(gemeente, 2026, VANDAAG)
    assert regel(regels, "SPUK-IV").realisatie == Decimal("75000.00")
    assert regel(regels, "SPUK-OR").realisatie == Decimal("0.00")
    u = regel(regels, "UITVOERING")
    # The cost lines only (the 800 invoice on an UITVOERING commitment is inside them), and on
    # 30 June only the part of the year gone by: 5,000 x (1 - 0.5041) = 2,479.50.
    assert u.realisatie == Decimal("2479.50")
    assert u.prognose == Decimal("5000.00")
    # The begroting of uitvoering is the uitvoeringsbudget with its changes (Uitvoering page).
    Budgetwijziging.objects.create(
        budget=Uitvoeringsbudget.objects.get(),
        datum=date(2026, 3, 1),
        bedrag=Decimal("1500"),
        reden="Meicirculaire",
    )
    u = regel(selectors.pc_overzicht(gemeente, 2026, VANDAAG), "UITVOERING")
    assert (u.origineel, u.wijzigingen, u.begroting) == (
        Decimal("101000.00"),
        Decimal("1500.00"),
        Decimal("102500.00"),
    )
    # A past year: the full-year cost lines.
    assert regel(
        selectors.pc_overzicht(gemeente, 2026, date(2027, 2, 1)), "UITVOERING"
    ).realisatie == Decimal("5000.00")


def test_prognose_telt_wat_open_verplichtingen_dit_jaar_nog_factureren(gemeente):
    # MB of 2,000 made in 2026: 75% expected in year 1; 500 invoiced, so 1,000 still this year.
    v = VerplichtingFactory(
        gemeente=gemeente,
        voorziening=voorziening(gemeente, "MB"),
        bedrag=Decimal("2000.00"),
        datum=date(2026, 2, 1),
    )
    FactuurFactory(verplichting=v, datum=date(2026, 3, 1), bedrag=Decimal("500.00"))
    # A B1 route of 9,700 from 2025: 70% expected by the end of 2026, 3,000 invoiced so far.
    w = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9700.00"), datum=date(2025, 3, 1))
    FactuurFactory(verplichting=w, datum=date(2025, 6, 1), bedrag=Decimal("3000.00"))
    # Closed commitments expect nothing.
    VerplichtingFactory(gemeente=gemeente, datum=date(2026, 1, 1), gesloten_op=date(2026, 1, 15))
    # On 30 June half the year is still to come (rest 0.5041): the MB's 2026 slice of 1,500
    # and the B1's 2026 slice of 32% x 9,700 = 3,104, each times 0.5041 (never more than the
    # backlog to the year-end share: 1,000 and 3,790).
    r = regel(selectors.pc_overzicht(gemeente, 2026, VANDAAG), "SPUK-IV")
    assert r.prognose - r.realisatie == Decimal("2320.88")  # 756.15 + 1,564.73
    # On 1 December one month is left: no longer the whole backlog in December.
    dec = regel(selectors.pc_overzicht(gemeente, 2026, date(2026, 12, 1)), "SPUK-IV")
    assert dec.prognose - dec.realisatie == Decimal("378.45")  # (1,500 + 3,104) x 0.0822
    # Next year: what the spreading puts in 2027 (MB 20% = 400; B1 30% = 2,910).
    volgend = regel(selectors.pc_overzicht(gemeente, 2027, VANDAAG), "SPUK-IV")
    assert volgend.realisatie == Decimal("0.00")
    assert volgend.prognose == Decimal("400.00") + Decimal("2910.00")
    # A past year: prognose is the realisatie.
    vorig = regel(selectors.pc_overzicht(gemeente, 2025, VANDAAG), "SPUK-IV")
    assert vorig.prognose == vorig.realisatie


def test_stand_opslaan_vergelijken_en_excel(adviseur_client, gemeente, adviseur):
    BegrotingsregelFactory(gemeente=gemeente, jaar=2026)
    eerste = sla_pc_stand_op(gemeente=gemeente, jaar=2026, moment="begroting", gebruiker=adviseur)
    boek_begroting(
        gemeente=gemeente,
        jaar=2026,
        stroom="SPUK-IV",
        soort="wijziging",
        bedrag=Decimal("15000.00"),
        reden="Hogere instroom",
        gebruiker=adviseur,
    )
    url = reverse("rapportage:pc_stand_opslaan", args=[gemeente.code, 2026])
    antwoord = adviseur_client.post(url, {"moment": "voorjaarsnota", "toelichting": ""})
    tweede = PcStand.objects.get(moment="voorjaarsnota")
    assert antwoord.status_code == 302
    assert eerste.cijfers["stromen"][1]["begroting"] == "250000.00"
    assert tweede.cijfers["stromen"][1]["begroting"] == "265000.00"
    with pytest.raises(PermissionError):
        eerste.save()

    vergelijk = reverse("rapportage:pc_vergelijk", args=[gemeente.code, 2026])
    tekst = adviseur_client.get(vergelijk, {"stand": [eerste.pk, tweede.pk]}).content.decode()
    assert "250.000,00" in tekst and "265.000,00" in tekst

    xlsx = adviseur_client.get(
        reverse("rapportage:pc_vergelijk_xlsx", args=[gemeente.code, 2026]),
        {"stand": [eerste.pk, tweede.pk]},
    )
    blad = load_workbook(io.BytesIO(xlsx.content)).active
    rijen = [[c.value for c in r] for r in blad.iter_rows(min_row=4)]
    actueel = next(
        r for r in rijen if r[0] == "SPUK inburgeringsvoorzieningen" and r[1] == "Actuele begroting"
    )
    assert actueel[2:] == [250000, 265000]


def test_pc_excel_is_klaar_voor_de_raad(adviseur_client, gemeente):
    BegrotingsregelFactory(gemeente=gemeente, jaar=2026, bedrag=Decimal("1234.56"))
    antwoord = adviseur_client.get(reverse("rapportage:pc_xlsx", args=[gemeente.code, 2026]))
    blad = load_workbook(io.BytesIO(antwoord.content)).active
    assert blad["A4"].value == "Budgetstroom"
    spuk = next(
        r for r in blad.iter_rows(min_row=5) if r[0].value == "SPUK inburgeringsvoorzieningen"
    )
    assert spuk[1].value == Decimal("1234.56") or spuk[1].value == 1234.56
    assert spuk[1].number_format == "#,##0.00 €"
    assert blad.column_dimensions["A"].width >= 30
    totaal = next(r for r in blad.iter_rows(min_row=5) if r[0].value == "Totaal")
    assert totaal[1].value.startswith("=SUM(")


def test_begroting_via_het_formulier_met_nederlands_bedrag(adviseur_client, gemeente):
    url = reverse("rapportage:pc_begroting", args=[gemeente.code, 2026])
    antwoord = adviseur_client.post(
        url, {"stroom": "UITVOERING", "soort": "origineel", "bedrag": "101.000,00"}
    )
    assert antwoord.status_code == 302
    assert Begrotingsregel.objects.get().bedrag == Decimal("101000.00")
    antwoord = adviseur_client.post(
        url, {"stroom": "UITVOERING", "soort": "wijziging", "bedrag": "5.000,00"}
    )
    assert "Geef de reden van de begrotingswijziging" in antwoord.content.decode()
    antwoord = adviseur_client.post(
        url, {"stroom": "UITVOERING", "soort": "wijziging", "bedrag": "abc"}
    )
    assert antwoord.status_code == 200 and Begrotingsregel.objects.count() == 1


def test_dubbelklik_op_een_begrotingswijziging_boekt_een_regel(adviseur_client, gemeente):
    """A wijziging may be booked twice on purpose, so only the form's one-time token can tell a
    double click from a second change."""
    url = reverse("rapportage:pc_begroting", args=[gemeente.code, 2026])
    token = re.search(
        r'name="formtoken" value="([0-9a-f-]+)"', adviseur_client.get(url).content.decode()
    )
    gegevens = {
        "formtoken": token.group(1),
        "stroom": "UITVOERING",
        "soort": "wijziging",
        "bedrag": "5.000,00",
        "reden": "Voorjaarsnota",
    }
    assert adviseur_client.post(url, gegevens).status_code == 302
    tweede = adviseur_client.post(url, gegevens, follow=True)
    assert Begrotingsregel.objects.count() == 1
    assert "er is niets dubbel vastgelegd" in tweede.content.decode()


def _veel_pc_gegevens(gemeente, n):
    h = HerberekeningFactory(gemeente=gemeente)
    for jaar in range(2022, 2027):
        JaarSaldoFactory(herberekening=h, jaar=jaar)
    for i in range(n):
        v = VerplichtingFactory(gemeente=gemeente, datum=date(2026, 1, 1 + i % 28))
        FactuurFactory(verplichting=v, datum=date(2026, 2, 1))
        BegrotingsregelFactory(
            gemeente=gemeente,
            jaar=2026,
            stroom="SPUK-OR",
            soort="wijziging",
            reden=f"r{i}",
            bedrag=Decimal("10.00"),
        )
    return h


@pytest.mark.parametrize("n", [1, 25])
def test_pc_pagina_vast_aantal_queries(adviseur_client, gemeente, django_assert_max_num_queries, n):
    _veel_pc_gegevens(gemeente, n)
    url = reverse("rapportage:pc", args=[gemeente.code, 2026])
    with django_assert_max_num_queries(18):
        assert adviseur_client.get(url).status_code == 200


def test_prognose_rekent_de_spreiding_per_verplichting_een_paar_keer_uit(gemeente):
    """Issue 17: the prognose query places each commitment once, in one CASE over its date (not
    by taking its year), and evaluates only its own branch (it took the year 66 times once: 790
    ms on the bench's 50,000 commitments; later 6 years and 6 code CASEs, 43 ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kern.sql import jaar_van

    VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("2000.00"), datum=date(2026, 2, 1))
    for jaar in (2026, 2027):
        with CaptureQueriesContext(connection) as vastgelegd:
            selectors._verwacht_te_factureren(gemeente, jaar, VANDAAG)
        (sql,) = [q["sql"] for q in vastgelegd if "verwacht" in q["sql"]]
        assert jaar_van("v.datum").replace("%%", "%") not in sql
        assert sql.count("CASE WHEN v.datum >=") == 1


def test_prognose_een_keer_per_herberekening(gemeente):
    """The prognose's pass over the open commitments is made once per completed recomputation:
    the next view reads it from the cache, as current as the R7 realisatie of that run beside
    it; a new run makes the pass again, with what changed since (issue 17)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    h = HerberekeningFactory(gemeente=gemeente)
    JaarSaldoFactory(herberekening=h, jaar=2026, besteding=Decimal("1000.00"))
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("2000.00"), datum=date(2026, 2, 1))

    def prognose():
        with CaptureQueriesContext(connection) as vastgelegd:
            r = regel(selectors.pc_overzicht(gemeente, 2026, VANDAAG), "SPUK-IV")
        return r.prognose, sum("AS verwacht" in q["sql"] for q in vastgelegd)

    # B1 made in 2026, on 30 June: min(2000 x 0.38 - 0, 2000 x 0.38 x 0.5041) = 383.12.
    assert prognose() == (Decimal("1383.12"), 1)
    FactuurFactory(verplichting=v, datum=date(2026, 3, 1), bedrag=Decimal("500.00"))
    assert prognose() == (Decimal("1383.12"), 0)
    JaarSaldoFactory(
        herberekening=HerberekeningFactory(gemeente=gemeente),
        jaar=2026,
        besteding=Decimal("1500.00"),
    )
    # The new run: min(760 - 500, 383.12) = 260, beside its realisatie.
    assert prognose() == (Decimal("1760.00"), 1)
    assert selectors._verwacht_te_factureren(gemeente, 2026, VANDAAG) == {
        "SPUK-IV": Decimal("260.00")
    }


def test_prognose_leest_alleen_de_jaren_met_een_verwachting(gemeente, monkeypatch):
    """_verwacht_te_factureren reads only the commitments made in the spreading's years up to
    `jaar`; every other one expects 0, so over all commitments the sums are the same."""
    from rapportage.selectors import pc

    codes = ["B1", "MB", "PVT", "MAP", "TOLK"]
    for i, jaar in enumerate(range(2021, 2031)):
        for j, code in enumerate(codes):
            v = VerplichtingFactory(
                gemeente=gemeente,
                voorziening=voorziening(gemeente, code),
                bedrag=Decimal("1000.00") + 37 * i + j,
                datum=date(jaar, 1 + (i + j) % 12, 1 + j),
                financiering="SPUK-OR" if j == 1 and jaar < 2026 else "SPUK-IV",
            )
            if (i + j) % 3:
                FactuurFactory(
                    verplichting=v,
                    datum=date(min(jaar, 2026), 6, 1),
                    bedrag=Decimal("1.00") + 250 * ((i + j) % 5),
                )
    vandaag = [VANDAAG, date(2026, 12, 31), date(2026, 1, 1)]
    beperkt = {
        (d, t): pc._verwacht_te_factureren(gemeente, t, d)
        for d in vandaag
        for t in range(2026, 2031)
    }
    monkeypatch.setattr(pc, "_jaren_met_verwachting", lambda _: (date(1, 1, 1), date(9999, 1, 1)))
    alles = {
        (d, t): pc._verwacht_te_factureren(gemeente, t, d)
        for d in vandaag
        for t in range(2026, 2031)
    }
    nul = Decimal("0.00")
    for sleutel, sommen in alles.items():
        for stroom in ("SPUK-IV", "SPUK-OR"):
            assert beperkt[sleutel].get(stroom, nul) == sommen.get(stroom, nul), (sleutel, stroom)
    assert any(s.get("SPUK-IV", nul) for s in alles.values())


# The kinds the spreading distinguishes (a leerroute, each other voorziening with its own, and
# one outside it, expected within its first year); dates over the years around 2026.
CODES = ["B1", "OR", "MB", "PVT", "MAP", "TOLK", "OVERIG_VZ"]
PROGNOSE_VERPLICHTINGEN = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 12, 31)),
        st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False),
        st.integers(0, 120),  # percent of the bedrag invoiced (above 100: more than committed)
        st.booleans(),  # closed
        st.sampled_from(["SPUK-IV", "SPUK-OR"]),
    ),
    min_size=1,
    max_size=6,
)


def _verwacht_per_verplichting(v, gefactureerd, jaar, vandaag):
    """The prognose's expectation of one commitment in `jaar`, in Decimals: the formula of
    _verwacht_te_factureren with the spreading shares of pc._cumulatief (the rule)."""
    from rapportage.selectors import pc

    if v.gesloten_op is not None:
        return Decimal(0)
    spreiding = pc._SPREIDING_PER_CODE.get(v.voorziening.code)
    k = jaar - v.datum.year
    eind, begin = pc._cumulatief(spreiding, k), pc._cumulatief(spreiding, k - 1)
    open_ = max(v.bedrag - gefactureerd, Decimal(0))
    if jaar == vandaag.year:
        achterstand = min(
            v.bedrag * eind - gefactureerd,
            v.bedrag * (eind - begin) * selectors.rest_van_jaar(vandaag),
        )
    else:
        achterstand = v.bedrag * eind - max(gefactureerd, v.bedrag * begin)
    return min(open_, max(achterstand, Decimal(0)))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    verplichtingen=PROGNOSE_VERPLICHTINGEN,
    vandaag=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    jaren_vooruit=st.integers(0, 3),
)
def test_prognose_sql_volgt_de_spreidingsregel_per_verplichting(
    verplichtingen, vandaag, jaren_vooruit
):
    """Whatever the commitments' kind, date, invoices and state: the prognose query's sum per
    stream is the sum of the rule per commitment, to the cent."""
    jaar = vandaag.year + jaren_vooruit
    with transaction.atomic():
        gemeente = GemeenteFactory()
        verwacht: dict[str, Decimal] = {}
        for i, (code, datum, bedrag, procent, gesloten, financiering) in enumerate(verplichtingen):
            v = VerplichtingFactory(
                gemeente=gemeente,
                voorziening=voorziening(gemeente, code),
                bedrag=bedrag,
                datum=datum,
                financiering="SPUK-IV" if code == "OVERIG_VZ" else financiering,
                gesloten_op=datum if gesloten else None,
                nummer=f"P{i}",
            )
            gefactureerd = (bedrag * procent / 100).quantize(Decimal("0.01"))
            if gefactureerd:
                FactuurFactory(verplichting=v, datum=datum, bedrag=gefactureerd)
            verwacht[v.financiering] = verwacht.get(
                v.financiering, Decimal(0)
            ) + _verwacht_per_verplichting(v, gefactureerd, jaar, vandaag)
        uitkomst = selectors._verwacht_te_factureren(gemeente, jaar, vandaag)
        for stroom, bedrag in verwacht.items():
            assert uitkomst.get(stroom, Decimal("0.00")) == bedrag.quantize(Decimal("0.01"))
        transaction.set_rollback(True)
