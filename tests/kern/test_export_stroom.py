"""Issue 14: the large list and audit exports fetch their rows in chunks and write a write-only
workbook (kern.spreadsheet.VeiligeTableExport): no list of every model instance in memory."""

import io
import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from inburgering.models import Inburgeraar

pytestmark = pytest.mark.django_db


def _personen(gemeente, aantal):
    Inburgeraar.objects.bulk_create(
        Inburgeraar(
            gemeente=gemeente,
            kenmerk=f"K{n:06d}",
            doelgroep="gezin",
            startdatum=date(2025, 1, 1),
            vestigingsdatum=date(2025, 1, 1),
            cohort=2025,
        )
        for n in range(aantal)
    )


def _inhoud(antwoord) -> bytes:
    assert antwoord.streaming  # from a spooled file, in blocks
    return antwoord.getvalue()


def test_lijstexport_haalt_de_rijen_in_delen(adviseur_client, gemeente):
    _personen(gemeente, 4500)
    url = reverse("inburgering:inburgeraars", kwargs={"gemeente": gemeente.code})
    with CaptureQueriesContext(connection) as vragen:
        antwoord = adviseur_client.get(url, {"_export": "xlsx"})
    assert antwoord["Content-Disposition"].startswith("attachment")
    rijen = list(load_workbook(io.BytesIO(_inhoud(antwoord)), read_only=True).active.values)
    assert len(rijen) == 4502 and rijen[1][0] == "Kenmerk" and rijen[2][0] == "K000000"
    # Rows come in chunks of 2,000 (three fetches for 4,500), never one list of all of them.
    assert len(vragen.captured_queries) < 40


@pytest.mark.bench
def test_meet_de_lijstexport_van_20000_inburgeraars(adviseur_client, gemeente, capsys):
    _personen(gemeente, 20_000)
    url = reverse("inburgering:inburgeraars", kwargs={"gemeente": gemeente.code})
    begin = time.perf_counter()
    antwoord = adviseur_client.get(url, {"_export": "xlsx"})
    inhoud = _inhoud(antwoord)
    with capsys.disabled():
        print(
            f"\nexport 20.000 inburgeraars: {time.perf_counter() - begin:.1f} s, "
            f"{len(inhoud)} bytes"
        )
