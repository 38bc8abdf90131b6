"""Benchmarks of the connections (make bench; prints figures, run with -s).

- 10,000 invoices booked through the API by 8 parallel clients over real HTTP: throughput and
  p95, then the count and the sum are checked (nothing lost, nothing doubled; every client also
  replays some of its Idempotency-Keys).
- 1,000 UBL files read and matched.
- A year's journal of a gemeente of 10,000 inburgeraars: generated and exported to xlsx.
BENCH_SCHAAL=0.01 runs a tiny version (to check that the benches work).
"""

import json
import os
import statistics
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Factuur, Inburgeraar, Verplichting
from koppelingen.efacturen import lees_in
from koppelingen.journaal import journaal_bijwerken
from koppelingen.journaal_export import als_xlsx, exporteer
from koppelingen.services import maak_api_client
from spuk.models import Herberekening
from tests.factories import AanbiederFactory, voorziening

from .ubl_voorbeelden import ubl

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

SCHAAL = float(os.environ.get("BENCH_SCHAAL", "1"))
FACTUREN = max(16, int(10_000 * SCHAAL))
CLIENTS = 8
UBL_BESTANDEN = max(10, int(1_000 * SCHAAL))
PERSONEN = max(50, int(10_000 * SCHAAL))
VANDAAG = date.today()


def _verplichtingen(gemeente, aantal, *, bedrag=Decimal("100000.00"), met_persoon=False):
    aanbieder = AanbiederFactory(gemeente=gemeente, naam="Taalschool Bench", kvk="12345678")
    b1 = voorziening(gemeente, "B1")
    personen = []
    if met_persoon:
        personen = Inburgeraar.objects.bulk_create(
            Inburgeraar(
                gemeente=gemeente,
                kenmerk=f"K{i:06d}",
                doelgroep="asiel",
                startdatum=date(2022 + i % 5, 1 + i % 12, 1),
                vestigingsdatum=date(2022 + i % 5, 1 + i % 12, 1),
                cohort=2022 + i % 5,
                leerroute="B1",
                huidige_leerroute="B1",
            )
            for i in range(aantal)
        )
    return Verplichting.objects.bulk_create(
        Verplichting(
            gemeente=gemeente,
            nummer=f"VB{i:06d}",
            voorziening=b1,
            classificatie="spuk",
            aanbieder=aanbieder,
            bedrag=bedrag,
            datum=date(2025, 1, 2),
            financiering="SPUK-IV",
            cohort=personen[i].cohort if personen else 2025,
            inburgeraar=personen[i] if personen else None,
        )
        for i in range(aantal)
    )


def test_bench_api_facturen_met_8_clients(gemeente, live_server, monkeypatch):
    # In production a Celery worker recomputes in the background, a burst of invoices once
    # (spuk's own bench measures that); here the API alone is measured. The services and the
    # signal bind plan_herberekening_na_commit by name, but its after-commit callback looks up
    # verstuur_herberekening in spuk.planning at call time: the one place that stops them all.
    monkeypatch.setattr("spuk.planning.verstuur_herberekening", lambda *args, **kwargs: None)
    verplichtingen = _verplichtingen(gemeente, CLIENTS * 4)
    tokens = [
        maak_api_client(gemeente=gemeente, naam=f"bench-{i}", scopes=["facturen_boeken"])[1]
        for i in range(CLIENTS)
    ]
    per_client = FACTUREN // CLIENTS
    duur: list[float] = []
    fouten: list[str] = []
    slot = threading.Lock()

    def client(nr: int):
        for i in range(per_client):
            v = verplichtingen[(nr * per_client + i) % len(verplichtingen)]
            body = json.dumps(
                {
                    "verplichting": v.nummer,
                    "factuurnummer": f"B{nr}-{i}",
                    "datum": VANDAAG.isoformat(),
                    "bedrag": "1.25",
                }
            ).encode()
            sleutel = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{nr}-{i}"))
            for _ in range(2 if i % 10 == 0 else 1):  # every tenth request is replayed
                verzoek = urllib.request.Request(  # noqa: S310 (http to the test server)
                    f"{live_server.url}/api/v1/facturen",
                    data=body,
                    method="POST",
                    headers={
                        "Authorization": f"Bearer {tokens[nr]}",
                        "Content-Type": "application/json",
                        "Idempotency-Key": sleutel,
                    },
                )
                begin = time.perf_counter()
                try:
                    with urllib.request.urlopen(verzoek, timeout=60) as antwoord:  # noqa: S310
                        status = antwoord.status
                except urllib.error.HTTPError as fout:
                    status = fout.code
                with slot:
                    duur.append(time.perf_counter() - begin)
                    if status != 201:
                        fouten.append(str(status))

    begin = time.perf_counter()
    draden = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    totaal = time.perf_counter() - begin
    verwacht = per_client * CLIENTS
    geboekt = Factuur.objects.filter(gemeente=gemeente)
    p95 = statistics.quantiles(duur, n=20)[-1]
    print(
        f"\nAPI: {verwacht} facturen ({len(duur)} verzoeken incl. herhalingen) door {CLIENTS} "
        f"clients in {totaal:.1f} s: {len(duur) / totaal:.0f} verzoeken/s, "
        f"p95 {p95 * 1000:.0f} ms, mediaan {statistics.median(duur) * 1000:.0f} ms"
    )
    assert not fouten, fouten[:10]
    # The patch took: not one recomputation was planned or run during the burst.
    assert not Herberekening.objects.filter(gemeente=gemeente).exists()
    assert geboekt.count() == verwacht
    assert sum(geboekt.values_list("bedrag", flat=True)) == Decimal("1.25") * verwacht


def test_bench_ubl_bestanden_matchen(gemeente):
    verplichtingen = _verplichtingen(gemeente, UBL_BESTANDEN)
    bestanden = [
        (
            f"f{i}.xml",
            ubl(
                nummer=f"U{i}",
                order=v.nummer,
                bedrag="121.00",
                btw="21.00",
                leverancier="Taalschool Bench",
            ),
        )
        for i, v in enumerate(verplichtingen)
    ]
    begin = time.perf_counter()
    inlezing = lees_in(gemeente=gemeente, bestanden=bestanden)
    duur = time.perf_counter() - begin
    print(f"\nUBL: {UBL_BESTANDEN} bestanden gelezen en gematcht in {duur:.2f} s")
    assert inlezing.regels.filter(status="gematcht").count() == UBL_BESTANDEN


def test_bench_journaal_van_een_jaar(gemeente):
    verplichtingen = _verplichtingen(
        gemeente, PERSONEN, bedrag=Decimal("5000.00"), met_persoon=True
    )
    Factuur.objects.bulk_create(
        Factuur(
            gemeente=gemeente,
            verplichting=v,
            aanbieder_id=v.aanbieder_id,
            factuurnummer=f"J{v.pk}-{k}",
            datum=date(2025, 1 + k * 3, 15),
            bedrag=Decimal("400.00"),
            boekjaar=2025,
        )
        for v in verplichtingen
        for k in range(3)
    )
    begin = time.perf_counter()
    uitkomst = journaal_bijwerken(gemeente=gemeente)
    bijwerken = time.perf_counter() - begin
    begin = time.perf_counter()
    export = exporteer(gemeente=gemeente, van=date(2025, 1, 1), tot=date(2025, 12, 31))
    inhoud = als_xlsx(export)
    exporteren = time.perf_counter() - begin
    print(
        f"\nJournaal: {PERSONEN} inburgeraars, {uitkomst.nieuw} posten bijgewerkt in "
        f"{bijwerken:.1f} s; jaar 2025 ({export.aantal_posten} posten, {len(inhoud) // 1024} kB "
        f"xlsx) geëxporteerd in {exporteren:.1f} s"
    )
    # A commitment and three invoices each, and the year end of 2025.
    soorten = export.posten.filter(soort__in=["verplichting", "factuur"]).count()
    assert soorten == PERSONEN * 4
