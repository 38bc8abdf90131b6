"""The optional `Tarieven` sheet (WERKBOEK.md, R12): import, refusals, and re-pricing after."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from inburgering.models import Tarief, Verplichting
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, leeg, volledig

pytestmark = pytest.mark.django_db


def importeer(rijen, **kwargs):
    return importeer_werkboek(bestand=als_xlsx(rijen, **kwargs), bron="test.xlsx")


def test_r12_tarief_loopt_tot_het_volgende_van_het_paar():
    uitkomst = importeer(volledig())
    assert uitkomst.problemen == []
    b1 = list(
        Tarief.objects.filter(voorziening__code="B1")
        .order_by("geldig_van")
        .values_list("bedrag", "geldig_van", "geldig_tot")
    )
    assert b1 == [
        (Decimal("9700.00"), date(2024, 1, 1), date(2025, 12, 31)),
        (Decimal("9991.00"), date(2026, 1, 1), None),
    ]
    assert uitkomst.samenvatting["Tarieven"]["aangemaakt"] == 3
    tweede = importeer(volledig())
    assert tweede.samenvatting["Tarieven"] == {
        "rijen": 3,
        "aangemaakt": 0,
        "bijgewerkt": 0,
        "ongewijzigd": 3,
    }


def test_r12_twee_tarieven_van_een_paar_op_dezelfde_dag_geweigerd():
    rijen = volledig()
    rijen["Tarieven"].append(
        {
            "aanbieder": "Taalschool Noord",
            "voorziening": "B1",
            "bedrag": "9.800,00",
            "geldig_van": "2024-01-01",
        }
    )
    uitkomst = importeer(rijen)
    assert not uitkomst.geschreven
    (probleem,) = uitkomst.problemen
    assert (probleem.tabblad, probleem.rij, probleem.kolom) == ("Tarieven", 5, "geldig_van")
    assert "dezelfde dag" in probleem.melding and "rij 4" in probleem.melding
    assert not Tarief.objects.exists()


def test_tarief_van_onbekende_aanbieder_of_voorziening_geweigerd():
    rijen = volledig()
    rijen["Tarieven"] = [
        {"aanbieder": "Onbekend BV", "voorziening": "B1", "bedrag": 1, "geldig_van": "2024-01-01"},
        {
            "aanbieder": "Taalschool Noord",
            "voorziening": "XX",
            "bedrag": 1,
            "geldig_van": "2024-01-01",
        },
        {"aanbieder": "Taalschool Noord", "voorziening": "B1", "geldig_van": "2024-01-01"},
    ]
    uitkomst = importeer(rijen)
    meldingen = [(p.rij, p.kolom) for p in uitkomst.problemen]
    assert meldingen == [(2, "aanbieder"), (3, "voorziening"), (4, "bedrag")]
    assert not Tarief.objects.exists()


def test_werkboek_zonder_tabblad_tarieven_is_geldig():
    rijen = volledig()
    del rijen["Tarieven"]
    uitkomst = importeer(rijen, weglaten=("Tarieven",))
    assert uitkomst.problemen == []
    assert not Tarief.objects.exists()


def _mb_werkboek():
    """Tarieven at two providers, MB commitments in every state R12 names."""
    rijen = leeg()
    rijen["Gemeente"] = [{"code": "GM0397", "naam": "Heemstede"}]
    rijen["Inburgeraars"] = [
        {"kenmerk": f"K{i}", "doelgroep": "asiel", "startdatum": date(2024, 2, 1)}
        for i in range(1, 8)
    ]
    rijen["Aanbieders"] = [{"naam": "MB West"}, {"naam": "MB Oost"}]
    rijen["Tarieven"] = [
        {
            "aanbieder": "MB West",
            "voorziening": "MB",
            "bedrag": "1.944,00",
            "geldig_van": "01-01-2024",
        },
        {
            "aanbieder": "MB Oost",
            "voorziening": "MB",
            "bedrag": "2.000,00",
            "geldig_van": "01-01-2024",
        },
    ]

    def v(nummer, kenmerk, **extra):
        return {
            "nummer": nummer,
            "kenmerk": kenmerk,
            "voorziening": "MB",
            "aanbieder": "MB West",
            "bedrag": "1944,00",
            "datum": date(2024, 3, 1),
            "financiering": "SPUK-IV",
            **extra,
        }

    rijen["Verplichtingen"] = [
        v("V01", "K1"),  # nothing invoiced
        v("V02", "K2"),  # half
        v("V03", "K3"),  # fully
        v("V04", "K4", gesloten_op=date(2025, 1, 1)),  # closed
        v("V05", None, cohort=2024, bedrag="4.000,00"),  # group contract
        v("V06", "K6", datum=date(2023, 12, 1)),  # before the period
        v("V07", "K7", aanbieder="MB Oost", bedrag="2000"),  # other provider
    ]
    rijen["Facturen"] = [
        {"factuurnummer": "F2", "verplichting": "V02", "datum": date(2024, 6, 1), "bedrag": 972},
        {"factuurnummer": "F3", "verplichting": "V03", "datum": date(2024, 6, 1), "bedrag": 1944},
        {"factuurnummer": "F4", "verplichting": "V04", "datum": date(2024, 6, 1), "bedrag": 100},
    ]
    return rijen


@pytest.mark.parametrize(
    ("wijze", "verwacht"),
    [
        ("indexatie", [("V01", "1944.00", "2041.20"), ("V02", "1944.00", "1992.60")]),
        ("aanbesteding", [("V01", "1944.00", "2041.20")]),
    ],
)
def test_r12_geimporteerd_werkboek_herprijzen_met_het_commando(wijze, verwacht):
    assert importeer(_mb_werkboek()).problemen == []
    uit = StringIO()
    call_command(
        "herprijs",
        "--gemeente",
        "GM0397",
        "--aanbieder",
        "MB West",
        "--voorziening",
        "MB",
        "--bedrag",
        "2041.20",
        "--geldig-van",
        "2026-01-01",
        "--wijze",
        wijze,
        "--bevestig",
        "--json",
        stdout=uit,
    )
    uitkomst = json.loads(uit.getvalue())
    assert [(r["nummer"], r["oud"], r["nieuw"]) for r in uitkomst["verplichtingen"]] == verwacht
    bedragen = dict(Verplichting.objects.values_list("nummer", "bedrag"))
    for nummer in ("V03", "V04", "V06"):
        assert bedragen[nummer] == Decimal("1944.00")
    assert (bedragen["V05"], bedragen["V07"]) == (Decimal("4000.00"), Decimal("2000.00"))
