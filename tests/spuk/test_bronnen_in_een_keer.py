"""Issue 17 item 1: the recomputation reads all its sources in one round trip (raw SQL through
kern.sql.samen). The sources must be what the ORM reads of the same rows, on both databases
(SQLite hands back dates and decimals as text and floats), in the models' order."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kern.sql import rijen, samen
from spuk import rekenregels as rr
from spuk.berekening import lees_bronnen
from spuk.models import (
    Beschikking,
    Cohortrekening,
    Herverdelingsdeel,
    Ontvangst,
    Ontvangstverdeling,
    Regelinginstelling,
)
from spuk.services import boek_herverdeling, herbereken, registreer_ontvangst
from tests.factories import InburgeraarFactory

from .factories import BeschikkingFactory, OntvangstFactory
from .helpers import voorbeeld_b

D = Decimal
pytestmark = pytest.mark.django_db


def _gemeente_met_alle_bronnen(gemeente) -> date:
    """Every kind of source, some dated after the peildatum (today: a herverdeling is booked
    today); returns the peildatum."""
    peildatum = timezone.localdate()
    voorbeeld_b(gemeente)
    BeschikkingFactory(gemeente=gemeente, jaar=2026, bedrag=D("90000.00"))
    BeschikkingFactory(gemeente=gemeente, jaar=2026, nader=True, bedrag=D("95000.10"))
    BeschikkingFactory(gemeente=gemeente, jaar=2025, definitief=True, bedrag=D("80000.05"))
    BeschikkingFactory(gemeente=gemeente, jaar=2026, definitief=True)  # after the peildatum
    registreer_ontvangst(
        gemeente=gemeente,
        gebruiker=None,
        datum=date(2026, 1, 15),
        bedrag=D("8333.33"),
        regeling="SPUK-IV",
        jaar=2026,
        soort="voorschot",
    )
    OntvangstFactory(gemeente=gemeente, terugvordering=True, datum=date(2026, 6, 1))
    OntvangstFactory(gemeente=gemeente, datum=peildatum + timedelta(days=1))  # after it
    herbereken(gemeente_id=gemeente.pk, peildatum=peildatum)  # books the receipts' parts
    InburgeraarFactory.create_batch(3, gemeente=gemeente, startdatum=date(2025, 9, 1))
    boek_herverdeling(gemeente=gemeente, gebruiker=None, jaar=2026, reden="late registratie")
    Regelinginstelling.objects.create(
        gemeente=gemeente, regeling="SPUK-IV", reservering_cap=D("0.35")
    )
    Cohortrekening.objects.create(gemeente=gemeente, cohort=2025, grootboekrekening="4711.25")
    return peildatum


def test_de_bronnen_zijn_wat_het_orm_van_dezelfde_rijen_leest(gemeente, andere_gemeente):
    _gemeente_met_alle_bronnen(gemeente)
    peildatum = _gemeente_met_alle_bronnen(andere_gemeente)
    bronnen = lees_bronnen([gemeente.pk, andere_gemeente.pk], peildatum)
    for g in (gemeente, andere_gemeente):
        b = bronnen[g.pk]
        beschikkingen = defaultdict(list)
        for regeling, jaar, soort, datum, pk, bedrag in Beschikking.objects.filter(
            gemeente=g, datum__lte=peildatum
        ).values_list("regeling", "jaar", "soort", "datum", "id", "bedrag"):
            beschikkingen[(regeling, jaar)].append(rr.BeschikkingFeit(soort, datum, pk, bedrag))
        assert b.beschikkingen == beschikkingen
        assert len(b.beschikkingen[("SPUK-IV", 2026)]) == 2
        assert b.ontvangsten == list(
            Ontvangst.objects.filter(gemeente=g, datum__lte=peildatum)
            .order_by("id")
            .values_list("id", "regeling", "jaar", "bedrag")
        )
        geboekt = {}
        for pk, cohort, bedrag in Ontvangstverdeling.objects.filter(
            gemeente=g, ontvangst__datum__lte=peildatum
        ).values_list("ontvangst_id", "cohort", "bedrag"):
            geboekt.setdefault(pk, {})[cohort] = bedrag
        assert b.geboekt == geboekt
        assert b.geboekt  # the receipts were booked
        herverdeeld = list(
            Herverdelingsdeel.objects.filter(herverdeling__gemeente=g).values_list(
                "herverdeling__jaar", "cohort", "bedrag"
            )
        )
        assert b.herverdeeld == herverdeeld
        assert herverdeeld
        assert b.caps == {"SPUK-IV": D("0.35")}
        assert b.grootboek_cohort == {2025: "4711.25"}
        # Exactly the Decimals the ORM reads: the same value and the same number of decimals.
        assert [str(f.bedrag) for f in b.beschikkingen[("SPUK-IV", 2026)]] == [
            "90000.00",
            "95000.10",
        ]
        ritmes = b.parameters.ritmes
        assert [tuple(str(r) for r in ritme) for _, _, ritme in ritmes] == [
            ("0.6100", "0.3100", "0.0800"),
            ("0.4000", "0.3000", "0.3000"),
        ]
        assert b.parameters.trajectbedragen == {
            2024: D("15500.00"),
            2025: D("15900.00"),
            2026: D("16000.00"),
        }
        assert b.groepen and b.besteding == {} and b.open_per_cohort == {}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_de_bronnen_in_een_query(gemeente, django_assert_num_queries):
    """Once the gemeente has its Telstand, every source (and the locks) is one round trip."""
    peildatum = _gemeente_met_alle_bronnen(gemeente)
    herbereken(gemeente_id=gemeente.pk, peildatum=peildatum)
    with django_assert_num_queries(1):
        lees_bronnen([gemeente.pk], peildatum, eerst={"slot": ("SELECT 1", [])})


def test_samen_geeft_de_rijen_per_naam_in_volgorde(gemeente):
    uit = samen(
        {
            "een": ("SELECT code FROM kern_gemeente WHERE id = %s", [gemeente.pk]),
            "leeg": ("SELECT code FROM kern_gemeente WHERE id = %s", [-1]),
            "wijzig": ("UPDATE kern_gemeente SET naam = %s WHERE id = %s", ["Nieuw", gemeente.pk]),
            "daarna": ("SELECT naam FROM kern_gemeente WHERE id = %s", [gemeente.pk]),
        }
    )
    assert uit == {"een": [(gemeente.code,)], "leeg": [], "wijzig": [], "daarna": [("Nieuw",)]}
    assert rijen("SELECT naam FROM kern_gemeente WHERE id = %s", [gemeente.pk]) == [("Nieuw",)]
