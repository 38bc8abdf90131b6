"""`manage.py sisa` against the real SPUK recomputation (spuk.services.herbereken)."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.factories import FactuurFactory, VerplichtingFactory
from tests.spuk.factories import BeschikkingFactory
from tests.spuk.helpers import voorbeeld_b

pytestmark = pytest.mark.django_db


def sisa(*args) -> str:
    uit = io.StringIO()
    call_command("sisa", *args, stdout=uit)
    return uit.getvalue()


def waarden(gegevens, regeling="SPUK-IV"):
    r = next(r for r in gegevens["regelingen"] if r["regeling"] == regeling)
    return {i["sleutel"]: i["waarde"] for i in r["indicatoren"]}


def test_r3_r4_voorbeeld_b_via_de_echte_herberekening(gemeente, andere_gemeente):
    voorbeeld_b(gemeente)
    voorbeeld_b(andere_gemeente)
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2026, 3, 2), groepscontract=True)
    FactuurFactory(verplichting=v, datum=date(2026, 4, 1), bedrag=Decimal("1234.56"))
    gegevens = json.loads(
        sisa("--gemeente", "GM0397", "--jaar", "2026", "--peildatum", "2026-12-31", "--json")
    )
    assert gegevens["gemeente"] == "GM0397"
    assert gegevens["jaar"] == 2026 and gegevens["peildatum"] == "2026-12-31"
    assert [r["regeling"] for r in gegevens["regelingen"]] == ["SPUK-IV"]
    w = waarden(gegevens)
    # Worked example B: 6 asiel k=1 (2 OR), 8 k=2, 10 k=3, 4 gezin; computed toekenning 103,112.
    assert (w["asiel_1"], w["asiel_2"], w["asiel_3"]) == ("6", "8", "10")
    assert (w["gezin"], w["overig"], w["onderwijsroute"]) == ("4", "0", "2")
    assert w["toekenning"] == "103112.00"  # no beschikking: the R4 raming (R5)
    assert w["besteding"] == "1234.56"
    # R7: saldo 101,877.44 is reserved in full (cap 100% of the toekenning).
    assert w["reservering_uit"] == "101877.44"
    assert w["doorschuif_uit"] == "0.00" and w["terug_te_betalen"] == "0.00"


def test_r5_definitieve_beschikking_gaat_voor_en_spuk_or_in_2025(gemeente):
    voorbeeld_b(gemeente)
    BeschikkingFactory(gemeente=gemeente, jaar=2025, bedrag=Decimal("90000.00"))
    BeschikkingFactory(gemeente=gemeente, jaar=2025, definitief=True, bedrag=Decimal("95000.50"))
    gegevens = json.loads(
        sisa("--gemeente", "GM0397", "--jaar", "2025", "--peildatum", "2027-06-30", "--json")
    )
    assert [r["regeling"] for r in gegevens["regelingen"]] == ["SPUK-IV", "SPUK-OR"]
    assert waarden(gegevens)["toekenning"] == "95000.50"
    assert waarden(gegevens, "SPUK-OR")["toekenning"] == "0.00"


def test_xlsx_bestand(gemeente, tmp_path):
    voorbeeld_b(gemeente)
    pad = tmp_path / "sisa.xlsx"
    sisa("--gemeente", "GM0397", "--jaar", "2026", "--xlsx", str(pad))
    blad = load_workbook(pad).active
    codes = [r[5].value for r in blad.iter_rows(min_row=5)]
    assert "VB-IV-01" in codes


def test_onbekende_gemeente_geeft_een_fout(db):
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        sisa("--gemeente", "GM9999", "--jaar", "2025", "--json")


def test_json_en_xlsx_sluiten_elkaar_uit(gemeente):
    with pytest.raises(CommandError):
        sisa("--gemeente", "GM0397", "--jaar", "2025", "--json", "--xlsx", "x.xlsx")
