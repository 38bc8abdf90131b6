"""Benchmark (make bench): server time of the reporting pages for a gemeente of 10,000
inburgeraars (50,000 commitments, 150,000 invoices), built with set-based inserts, after a real
SPUK recomputation. Prints the median server time and the query count per page (run with -s),
against the target of issue 17 (60 ms); the test fails only above 300 ms (a loaded machine).
The dashboard and the P&C page are measured twice: "koud" is the first view after a change
(the dashboard's pass over all commitments and the P&C prognose's pass over the open ones are
cached per recomputation), the other the views after that; each with its own query count.
"""

import statistics
import time
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inburgering.models import Verplichting
from kern.models import Gemeente, Rol, Roltoekenning
from rapportage.models import Scenario
from rapportage.services import sla_pc_stand_op
from spuk.services import herbereken
from tests.conftest import maak_gebruiker

from .factories import standaard_scenario_aannames

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

PERSONEN = 10_000
BUDGET_MS = 300
DOEL_MS = 60

BOUW = [
    """INSERT INTO inburgering_aanbieder (gemeente_id, naam, kvk)
        SELECT GEMEENTE_ID, 'Aanbieder ' || a, '' FROM generate_series(1, 8) a""",
    f"""INSERT INTO inburgering_inburgeraar (gemeente_id, kenmerk, doelgroep, startdatum, cohort,
            leerroute, huidige_leerroute, huidige_status, bsn_versleuteld, bsn_zoeksleutel,
            bsn_gemaskeerd, aangemaakt_op, vestigingsdatum, stelsel)
        SELECT GEMEENTE_ID, 'K' || i,
            CASE WHEN i % 10 < 7 THEN 'asiel' WHEN i % 10 < 9 THEN 'gezin' ELSE 'overig' END,
            make_date(2021 + i % 6, 1 + i % 12, 1 + i % 28), 2021 + i % 6,
            CASE WHEN i % 10 >= 7 THEN '' WHEN i % 7 = 0 THEN 'OR' WHEN i % 3 = 0 THEN 'Z'
                 ELSE 'B1' END,
            CASE WHEN i % 10 >= 7 THEN '' WHEN i % 7 = 0 THEN 'OR' WHEN i % 3 = 0 THEN 'Z'
                 ELSE 'B1' END,
            CASE WHEN i % 20 = 0 THEN 'gestopt' ELSE 'actief' END, '', '', '', now(),
            make_date(2021 + i % 6, 1 + i % 12, 1 + i % 28), 'Wi2021'
        FROM generate_series(1, {PERSONEN}) i""",
    """INSERT INTO inburgering_statuswijziging (inburgeraar_id, datum, status, leerroute,
            toelichting, geregistreerd_op, doelgroep)
        SELECT id, startdatum + 200,
            (ARRAY['gestopt','verhuisd','ontheven','aow','gestopt','afgerond'])[1 + id % 6],
            '', '', now(), ''
        FROM inburgering_inburgeraar WHERE gemeente_id = GEMEENTE_ID AND id % 10 = 0""",
    # Five commitments per person: the route, MB, PVT, MAP and TOLK.
    """INSERT INTO inburgering_verplichting (gemeente_id, nummer, inburgeraar_id, voorziening_id,
            classificatie, aanbieder_id, bedrag, datum, financiering, cohort, gesloten_op,
            omschrijving, aangemaakt_op)
        SELECT p.gemeente_id, 'V' || p.id || '-' || k, p.id, vz.id, 'spuk',
            (SELECT min(id) FROM inburgering_aanbieder WHERE gemeente_id = p.gemeente_id) + k,
            1000 + (p.id * 7 + k * 13) % 9000, p.startdatum + 30 * k,
            CASE WHEN k = 1 AND p.leerroute = 'OR' AND p.cohort < 2026 THEN 'SPUK-OR'
                 ELSE 'SPUK-IV' END,
            p.cohort,
            CASE WHEN (p.id + k) % 10 = 0 THEN p.startdatum + 400 ELSE NULL END, '', now()
        FROM inburgering_inburgeraar p
        CROSS JOIN generate_series(1, 5) k
        JOIN inburgering_voorziening vz ON vz.gemeente_id = p.gemeente_id AND vz.code =
            (ARRAY[COALESCE(NULLIF(p.leerroute, ''), 'B1'), 'MB', 'PVT', 'MAP', 'TOLK'])[k]
        WHERE p.gemeente_id = GEMEENTE_ID""",
    """INSERT INTO inburgering_factuur (gemeente_id, verplichting_id, aanbieder_id,
            factuurnummer, datum, bedrag, boekjaar, omschrijving, geboekt_op)
        SELECT v.gemeente_id, v.id, v.aanbieder_id, 'F' || v.id || '-' || n,
            LEAST(v.datum + 60 * n, DATE '2026-11-01'), round(v.bedrag / 4, 2),
            EXTRACT(YEAR FROM LEAST(v.datum + 60 * n, DATE '2026-11-01'))::int, '', now()
        FROM inburgering_verplichting v CROSS JOIN generate_series(1, 3) n
        WHERE v.gemeente_id = GEMEENTE_ID""",
    """INSERT INTO spuk_parameter (gemeente_id, jaar, categorie, inburgeringsjaar, bedrag,
            is_voorbeeld, bron)
        SELECT GEMEENTE_ID, c, 'trajectbedrag', NULL, 14000 + (c - 2020) * 400, true, 'bench'
        FROM generate_series(2021, 2027) c
        UNION ALL
        SELECT GEMEENTE_ID, t, cat, 1, 700, true, 'bench'
        FROM generate_series(2021, 2027) t CROSS JOIN unnest(ARRAY['gezin', 'overig']) cat""",
    """INSERT INTO spuk_beschikking (gemeente_id, regeling, jaar, soort, datum, bedrag, kenmerk,
            aangemaakt_op)
        SELECT GEMEENTE_ID, 'SPUK-IV', t, 'definitief', make_date(t + 1, 5, 15), 30000000, '', now()
        FROM generate_series(2021, 2025) t""",
    # The audit trail of what the register and commitments went through: one row each, as a
    # registration or an import writes (the database chains them, kern/0007).
    """INSERT INTO kern_auditrecord (tijdstip, gebruiker_id, gemeente_id, actie, object_type,
            object_id, object_omschrijving, wijzigingen, reden, bron, keten_hash)
        SELECT now() - id * interval '1 minute', NULL::int, gemeente_id, 'aangemaakt',
            'verplichting', id::text, nummer,
            jsonb_build_object('bedrag', jsonb_build_array(NULL, bedrag::text)), '', 'bench', ''
        FROM inburgering_verplichting WHERE gemeente_id = GEMEENTE_ID
        UNION ALL
        SELECT now() - id * interval '1 minute', NULL::int, gemeente_id, 'aangemaakt',
            'inburgeraar', id::text, kenmerk, '{}'::jsonb, '', 'bench', ''
        FROM inburgering_inburgeraar WHERE gemeente_id = GEMEENTE_ID""",
    "ANALYZE",
]


def mediaan_ms(client: Client, url: str, keer: int = 7, koud: bool = False) -> float:
    """Median server time; `koud`: without the cache (the first view after a change)."""
    client.get(url)  # warm: templates compiled, connection open
    tijden = []
    for _ in range(keer):
        if koud:
            cache.clear()
        start = time.perf_counter()
        antwoord = client.get(url)
        tijden.append(time.perf_counter() - start)
        assert antwoord.status_code == 200, url
    return statistics.median(tijden) * 1000


def kale_aggregatie_ms(gemeente_id: int, keer: int = 7) -> float:
    """One bare SQL pass that sums the gemeente's invoices per commitment: the floor."""
    tijden = []
    with connection.cursor() as cursor:
        for _ in range(keer):
            start = time.perf_counter()
            cursor.execute(
                "SELECT verplichting_id, SUM(bedrag) FROM inburgering_factuur"
                " WHERE gemeente_id = %s GROUP BY 1",
                [gemeente_id],
            )
            cursor.fetchall()
            tijden.append(time.perf_counter() - start)
    return statistics.median(tijden) * 1000


def test_bench_rapportage_10000_inburgeraars():
    gemeente = Gemeente.objects.create(code="GM0397", naam="Benchgemeente", inwoners=150_000)
    with connection.cursor() as cursor:
        for sql in BOUW:
            cursor.execute(sql.replace("GEMEENTE_ID", str(gemeente.pk)))
    herbereken(gemeente_id=gemeente.pk, peildatum=date(2026, 11, 21))
    gebruiker = maak_gebruiker("bench", gemeente, Rol.FINANCIEEL_ADVISEUR)
    # The audit trail is the controller's page: the bench user holds both roles.
    Roltoekenning.objects.create(gebruiker=gebruiker, gemeente=gemeente, rol=Rol.CONTROLLER)
    for naam in ("Laag", "Midden", "Hoog"):
        Scenario.objects.create(
            gemeente=gemeente, naam=naam, aannames=standaard_scenario_aannames(2027)
        )
    sla_pc_stand_op(gemeente=gemeente, jaar=2026, moment="begroting", gebruiker=gebruiker)
    # A person and a commitment with invoices, for the drill-down pages.
    verplichting = Verplichting.objects.filter(gemeente=gemeente).order_by("pk").first()
    persoon = verplichting.inburgeraar
    client = Client()
    client.force_login(gebruiker)
    g = gemeente.code
    paginas = {
        "dashboard": reverse("rapportage:dashboard", args=[g]),
        "dashboard cohort 2024": reverse("rapportage:dashboard", args=[g]) + "?cohort=2024",
        "SiSa 2025": reverse("rapportage:sisa", args=[g, 2025]),
        "SiSa 2025 xlsx": reverse("rapportage:sisa_xlsx", args=[g, 2025]),
        "onderbouwing besteding": reverse(
            "rapportage:sisa_herkomst", args=[g, 2025, "SPUK-IV", "besteding"]
        ),
        "onderbouwing asiel_1": reverse(
            "rapportage:sisa_herkomst", args=[g, 2025, "SPUK-IV", "asiel_1"]
        ),
        "P&C 2026": reverse("rapportage:pc", args=[g, 2026]),
        "scenario's": reverse("rapportage:scenarios", args=[g]),
        "rapportage": reverse("rapportage:overzicht", args=[g]),
        "SPUK-overzicht": reverse("spuk:overzicht", args=[g]),
        "cohorten": reverse("spuk:cohorten", args=[g]),
        **{
            f"cohort 2024 {cijfer}": reverse("spuk:cohort", args=[g, 2024, cijfer])
            for cijfer in ("toegekend", "verwacht", "ontvangen", "besteed", "open")
        },
        "grootboek": reverse("spuk:grootboek", args=[g]),
        "inburgeraars": reverse("inburgering:inburgeraars", args=[g]),
        "verplichtingen": reverse("inburgering:verplichtingen", args=[g]),
        "facturen": reverse("inburgering:facturen", args=[g]),
        "signalen": reverse("inburgering:signalen", args=[g]),
        "inburgeraar (persoon)": reverse("inburgering:inburgeraar", args=[g, persoon.pk]),
        "verplichting": reverse("inburgering:verplichting", args=[g, verplichting.pk]),
        "audittrail": reverse("kern:audittrail", args=[g]),
        "uitvoering": reverse("uitvoering:overzicht", args=[g]),
    }
    uitkomst = {naam: mediaan_ms(client, url) for naam, url in paginas.items()}
    met_cache = [naam for naam in paginas if naam.startswith(("dashboard", "P&C"))]
    koud = {f"{naam} (koud)": mediaan_ms(client, paginas[naam], koud=True) for naam in met_cache}
    uitkomst = {**koud, **uitkomst}
    kaal = kale_aggregatie_ms(gemeente.pk)
    queries = {}
    for naam, url in paginas.items():
        client.get(url)  # warm: the cold measurements above emptied the cache
        with CaptureQueriesContext(connection) as vastgelegd:
            client.get(url)
        queries[naam] = len(vastgelegd)
    for naam in met_cache:
        cache.clear()
        with CaptureQueriesContext(connection) as vastgelegd:
            client.get(paginas[naam])
        queries[f"{naam} (koud)"] = len(vastgelegd)
    print(f"\nPagina's, gemeente met {PERSONEN} inburgeraars (mediaan, doel {DOEL_MS} ms):")
    for naam, ms in uitkomst.items():
        aantal = queries[naam]
        oordeel = "ok" if ms <= DOEL_MS else "boven doel"
        print(f"  {naam:<30} {ms:7.1f} ms  {aantal:3d} queries  {oordeel}")
    print(f"  {'(kale SQL-som facturen)':<30} {kaal:7.1f} ms  <- ter vergelijking")
    # The budget is 300 ms. The pages read the Factuurstand, not the invoices; the bare sum over
    # the gemeente's invoices is printed to show what a page would cost that still summed them.
    # On a loaded machine everything moves (measured 120-380 ms for that bare sum while other
    # test suites ran), so the check allows up to four bare sums there; anything per-row or
    # quadratic fails both bounds.
    grens = max(BUDGET_MS, 4 * kaal)
    te_traag = {naam: ms for naam, ms in uitkomst.items() if ms > grens}
    assert not te_traag, f"Boven {grens:.0f} ms: {te_traag}"
