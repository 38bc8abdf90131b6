"""Two invoices booked at the same moment against one commitment (PostgreSQL, real threads)."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from inburgering import regels, services
from inburgering.models import Factuur
from kern import eenmalig as kern_eenmalig
from tests.factories import VerplichtingFactory


@pytest.mark.postgres  # row locks (select_for_update)
@pytest.mark.django_db(transaction=True)
def test_r8_twee_gelijktijdige_facturen_samen_nooit_boven_de_verplichting(gemeente, monkeypatch):
    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))

    # Widen the window between reading "what is open" and writing: without the row lock both
    # threads would read 0 invoiced and both book 600.
    echte_check = regels.factuur_fout

    def trage_check(**kwargs):
        uitkomst = echte_check(**kwargs)
        time.sleep(0.3)
        return uitkomst

    monkeypatch.setattr(regels, "factuur_fout", trage_check)

    start = threading.Barrier(2)
    uitkomsten: list[str] = []

    def boek(nummer: str):
        try:
            start.wait()
            services.boek_factuur(
                verplichting=v,
                factuurnummer=nummer,
                datum=date(2024, 7, 1),
                bedrag=Decimal("600.00"),
            )
            uitkomsten.append("geboekt")
        except ValidationError:
            uitkomsten.append("geweigerd")
        finally:
            connection.close()  # each thread has its own connection

    draden = [threading.Thread(target=boek, args=(f"F-{i}",)) for i in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(uitkomsten) == ["geboekt", "geweigerd"]
    totaal = Factuur.objects.filter(verplichting=v).aggregate(s=Sum("bedrag"))["s"]
    assert totaal == Decimal("600.00")


@pytest.mark.postgres  # two connections wait on one unique index
@pytest.mark.django_db(transaction=True)
def test_dubbele_inzending_tegelijk_schrijft_een_keer(gemeente, adviseur):
    """Two POSTs with the same form token at the same moment (a double click): the second waits
    on the token's unique index and then does nothing."""
    import uuid

    v = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("1000.00"))
    token = uuid.uuid4()
    start = threading.Barrier(2)
    uitkomsten: list[str] = []
    nummers = iter(["F-1", "F-2"])  # different numbers: only the token can stop the second

    def actie():
        services.boek_factuur(
            verplichting=v,
            factuurnummer=next(nummers),
            datum=date(2024, 7, 1),
            bedrag=Decimal("10.00"),
        )
        time.sleep(0.3)  # keep the first transaction open while the second arrives
        return "/resultaat/"

    def verstuur():
        try:
            start.wait()
            kern_eenmalig.eenmalig(token=token, gemeente=gemeente, gebruiker=adviseur, actie=actie)
            uitkomsten.append("geschreven")
        except kern_eenmalig.DubbeleInzending as dubbel:
            uitkomsten.append(f"dubbel {dubbel.resultaat_url}")
        finally:
            connection.close()

    draden = [threading.Thread(target=verstuur) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(uitkomsten) == ["dubbel /resultaat/", "geschreven"]
    assert Factuur.objects.filter(verplichting=v).count() == 1


@pytest.mark.postgres  # two connections at once; SQLite lets one writer in at a time
@pytest.mark.django_db(transaction=True)
def test_twee_adviseurs_tegelijk_krijgen_elk_een_eigen_verplichtingnummer(gemeente, monkeypatch):
    """Without the advisory lock both read the same count and the second got "Nummer ... bestaat
    al" on a field they never filled in."""
    voorbeeld = VerplichtingFactory(gemeente=gemeente, nummer="V2023-00001", datum=date(2023, 1, 1))
    echt_volgend = services.volgend_nummer

    def traag_volgend(gemeente, jaar):
        nummer = echt_volgend(gemeente, jaar)
        time.sleep(0.3)  # widen the window between counting and saving
        return nummer

    # Where maak_verplichting looks it up (inburgering.services is a package of modules).
    monkeypatch.setattr(services.verplichtingen, "volgend_nummer", traag_volgend)
    start = threading.Barrier(2)
    uitkomsten: list[str] = []

    def maak():
        try:
            start.wait()
            v = services.maak_verplichting(
                gemeente=gemeente,
                voorziening=voorbeeld.voorziening,
                aanbieder=voorbeeld.aanbieder,
                bedrag=Decimal("100.00"),
                datum=date(2024, 7, 1),
                financiering="SPUK-IV",
                cohort=2024,
            )
            uitkomsten.append(v.nummer)
        except ValidationError as fout:
            uitkomsten.append(str(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=maak) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(uitkomsten) == ["V2024-00001", "V2024-00002"]
