"""make bench: a 20,000-row workbook imports in under 60 seconds with bounded memory."""

import time
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from inburgering.models import Factuur, Inburgeraar
from kern.afscherming import start_leesserver
from kern.invoer import is_geldig_bsn
from tests.geheugen import piek_mb, reset_piek
from werkboek.formaat import TABBLADEN
from werkboek.lezen import lees_werkboek
from werkboek.services import importeer_werkboek

PERSONEN = 6_000
STATUSSEN = 2_400
VERPLICHTINGEN = 6_500
FACTUREN = 5_000


def _bsns(aantal):
    n = 100_000_000
    while aantal:
        n += 1
        if is_geldig_bsn(str(n)):
            aantal -= 1
            yield str(n)


def groot_werkboek(pad):
    """About 20,000 rows over all sheets, written in write-only mode."""
    rijen = {t.naam: [] for t in TABBLADEN}
    rijen["Gemeente"] = [("GM0363", "Amsterdam", 900_000)]
    rijen["Parameters"] = [
        (j, "trajectbedrag", None, 15_500 + 100 * (j - 2021)) for j in range(2021, 2027)
    ]
    rijen["Parameters"] += [(j, "gezin", 1, "720,00") for j in range(2021, 2027)]
    bsns = _bsns(PERSONEN)
    start = date(2022, 1, 3)
    for i in range(PERSONEN):
        doelgroep = "asiel" if i % 3 else "gezin"
        rijen["Inburgeraars"].append(
            (
                f"K{i:06d}",
                doelgroep,
                start + timedelta(days=i % 1400),
                None,
                "B1" if doelgroep == "asiel" else None,
                next(bsns),
            )
        )
    for i in range(STATUSSEN):
        persoon = rijen["Inburgeraars"][i * 2 % PERSONEN]
        rijen["Statuswijzigingen"].append(
            (persoon[0], persoon[2] + timedelta(days=200), "gestopt", None, None, "bench")
        )
    rijen["Aanbieders"] = [(f"Aanbieder {a}", f"{10_000_000 + a}") for a in range(25)]
    for i in range(VERPLICHTINGEN):
        persoon = rijen["Inburgeraars"][i % PERSONEN]
        rijen["Verplichtingen"].append(
            (
                f"V{i:06d}",
                persoon[0],
                "B1" if i % 2 else "MB",
                f"Aanbieder {i % 25}",
                "9.700,00",
                persoon[2],
                "SPUK-IV",
                None,
                None,
            )
        )
    for i in range(FACTUREN):
        v = rijen["Verplichtingen"][i % VERPLICHTINGEN]
        rijen["Facturen"].append((f"F{i:07d}", v[0], v[5] + timedelta(days=30), "1.234,56", None))
    for j in range(2022, 2027):
        rijen["Beschikkingen"].append(("SPUK-IV", j, "voorlopig", date(j - 1, 9, 30), 1_000_000))
        for m in range(1, 13):
            rijen["Ontvangsten"].append(("SPUK-IV", j, date(j, m, 15), "voorschot", "83.333,33"))
        rijen["Uitvoeringsbudget"].append((j, "101.000,00"))
        rijen["Uitvoeringskosten"].append((j, "formatie", "Consulenten", "3,5", "80.000,00", None))
    wb = Workbook(write_only=True)
    for tabblad in TABBLADEN:
        blad = wb.create_sheet(tabblad.naam)
        blad.append(list(tabblad.kolomnamen))
        for rij in rijen[tabblad.naam]:
            blad.append(list(rij))
    wb.save(pad)
    return sum(len(r) for r in rijen.values())


class Fasen:
    """The import's voortgang callback, timing its phases: each phase starts with its message
    (werkboek.services.importeer_werkboek), so the split needs no hook inside the import."""

    NAMEN = {
        "De rijen worden gecontroleerd.": "controleren",
        "De gegevens worden opgeslagen.": "schrijven",
        "Klaar.": "klaar",
    }

    def __init__(self):
        self.begin = time.perf_counter()
        self.momenten: dict[str, float] = {}

    def __call__(self, procent: int, tekst: str) -> None:
        if tekst in self.NAMEN:
            self.momenten.setdefault(self.NAMEN[tekst], time.perf_counter())

    def verslag(self) -> str:
        grenzen = [("lezen", self.begin), *self.momenten.items()]
        return ", ".join(
            f"{naam} {eind - start:.2f} s"
            for (naam, start), (_, eind) in zip(grenzen, grenzen[1:], strict=False)
        )


@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_bench_import_20000_rijen(tmp_path, settings):
    """The production path: the file is read in kern.afscherming's limited child (the test
    settings read in-process), forked from the reading server a worker process starts when it
    starts, so the reading phase includes the child and its pipe. The same
    reading in-process is timed apart: the difference is what the child costs."""
    # As every Celery worker process does when it starts (config.celery): the reading server
    # starts before any upload arrives, and does its imports while the workbook is built here.
    start_leesserver()
    pad = tmp_path / "groot.xlsx"
    aantal = groot_werkboek(pad)
    assert aantal >= 20_000
    begin = time.perf_counter()
    assert lees_werkboek(str(pad)).aantal_rijen == aantal
    lezen_in_proces = time.perf_counter() - begin
    settings.WERKBOEK_AFGESCHERMD = True
    # The import's own peak: VmHWM restarted from the current RSS (ru_maxrss is the process's
    # peak since pytest started, which building the workbook may already have set). The reading
    # child's own memory is not in it: that is bounded by WERKBOEK_MAX_GEHEUGEN (RLIMIT_AS).
    reset_piek()
    rss_voor = piek_mb()
    fasen = Fasen()
    begin = fasen.begin = time.perf_counter()
    uitkomst = importeer_werkboek(bestand=str(pad), bron="groot.xlsx", voortgang=fasen)
    seconden = time.perf_counter() - begin
    rss_na = piek_mb()
    assert uitkomst.problemen == []
    assert Inburgeraar.objects.count() == PERSONEN and Factuur.objects.count() == FACTUREN

    # The second import reads the same file again: nothing to write, so its phases show the
    # reading and the check alone.
    fasen_tweede = Fasen()
    begin = fasen_tweede.begin = time.perf_counter()
    tweede = importeer_werkboek(bestand=str(pad), bron="groot.xlsx", voortgang=fasen_tweede)
    seconden_tweede = time.perf_counter() - begin
    assert all(t["aangemaakt"] == t["bijgewerkt"] == 0 for t in tweede.samenvatting.values())
    print(
        f"\nBENCH werkboek-import: {aantal} rijen in {seconden:.1f} s "
        f"(nogmaals, niets te doen: {seconden_tweede:.1f} s); "
        f"piek-RSS tijdens de import {rss_na:.0f} MB (bij het begin {rss_voor:.0f} MB)"
        f"\nBENCH werkboek-import fasen (afgeschermd, als in productie): {fasen.verslag()}; "
        f"hetzelfde lezen in-proces {lezen_in_proces:.2f} s"
        f"\nBENCH werkboek-import nogmaals, fasen: {fasen_tweede.verslag()}"
    )
    assert seconden < 60
