"""make bench: the facturen list of 10,000 rows exported to Excel (issue 16: under 1 s).

The export goes through kern.spreadsheet's one writer (write-only, streamed from a spooled
file). BENCH_SCHAAL=0.01 runs a tiny version (to check that the bench works).
"""

import io
import os
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inburgering.models import Factuur
from tests.koppelingen.test_bench import _verplichtingen

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

FACTUREN = max(20, int(10_000 * float(os.environ.get("BENCH_SCHAAL", "1"))))


def test_bench_facturenexport_van_10000_rijen(adviseur_client, gemeente, capsys):
    verplichtingen = _verplichtingen(gemeente, FACTUREN // 4, met_persoon=True)
    Factuur.objects.bulk_create(
        Factuur(
            gemeente=gemeente,
            verplichting=v,
            aanbieder_id=v.aanbieder_id,
            factuurnummer=f"F{i:06d}-{n}",
            datum=date(2025, 1, 2) + timedelta(days=i % 300),
            bedrag=Decimal("1234.56"),
            boekjaar=2025,
        )
        for i, v in enumerate(verplichtingen)
        for n in range(4)
    )
    url = reverse("inburgering:facturen", kwargs={"gemeente": gemeente.code})
    begin = time.perf_counter()
    antwoord = adviseur_client.get(url, {"_export": "xlsx"})
    inhoud = antwoord.getvalue()
    duur = time.perf_counter() - begin
    blad = load_workbook(io.BytesIO(inhoud), read_only=True).worksheets[0]
    assert sum(1 for _ in blad.iter_rows()) == FACTUREN + 2  # title line, header, the rows
    with capsys.disabled():
        print(
            f"\nexport {FACTUREN} facturen naar Excel: {duur:.2f} s "
            f"(doel < 1 s), {len(inhoud)} bytes"
        )
