"""Importing a workbook: all or nothing, idempotent, derived fields, audit trail."""

from decimal import Decimal

import pytest

from inburgering.models import Factuur, Inburgeraar, Verplichting
from kern.models import AuditRecord, Gemeente
from spuk.models import Ontvangst, Parameter
from uitvoering.models import Kostenregel
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, volledig, voorbeeld_b

pytestmark = pytest.mark.django_db


def importeer(rijen, **kwargs):
    return importeer_werkboek(bestand=als_xlsx(rijen), bron="test.xlsx", **kwargs)


def test_voorbeeld_b_wordt_geimporteerd_in_een_lege_database():
    uitkomst = importeer(voorbeeld_b())
    assert uitkomst.problemen == []
    gemeente = Gemeente.objects.get(code="GM0397")
    assert Inburgeraar.objects.filter(gemeente=gemeente).count() == 33
    assert Inburgeraar.objects.filter(cohort=2026, huidige_leerroute="OR").count() == 2
    assert Parameter.objects.get(jaar=2026, categorie="gezin").bedrag == Decimal("720.00")
    assert sorted(Ontvangst.objects.values_list("bedrag", flat=True)) == [
        Decimal("-1234.57"),
        Decimal("8333.33"),
    ]
    assert uitkomst.samenvatting["Inburgeraars"]["aangemaakt"] == 33


def test_volledig_werkboek_zet_afgeleide_velden():
    uitkomst = importeer(volledig())
    assert uitkomst.problemen == []
    b001 = Inburgeraar.objects.get(kenmerk="B001")
    assert (b001.huidige_status, b001.huidige_leerroute) == ("overstap", "Z")
    assert b001.bsn_gemaskeerd == "******333"
    b002 = Inburgeraar.objects.get(kenmerk="B002")
    assert (b002.huidige_status, str(b002.status_sinds)) == ("gestopt", "2025-02-01")
    groep = Verplichting.objects.get(nummer="V-003")
    assert (groep.cohort, groep.classificatie, groep.inburgeraar) == (2025, "uitvoering", None)
    f3 = Factuur.objects.get(factuurnummer="F3")
    assert (f3.boekjaar, f3.aanbieder.naam) == (2025, "VluchtelingenWerk")
    assert Factuur.objects.get(factuurnummer="F1").boekjaar == 2024
    formatie = Kostenregel.objects.get(soort="formatie")
    assert formatie.bedrag == Decimal("120000.50")  # 1,5 x 80.000,33 = 120.000,495 half up


def test_tweede_import_verandert_niets():
    importeer(volledig())
    aantal_audit = AuditRecord.objects.count()
    tweede = importeer(volledig())
    assert tweede.problemen == []
    for naam, telling in tweede.samenvatting.items():
        assert telling["aangemaakt"] == telling["bijgewerkt"] == 0, naam
    assert AuditRecord.objects.count() == aantal_audit


def test_elke_geimporteerde_rij_staat_in_de_audittrail_met_het_bestand():
    uitkomst = importeer(volledig())
    totaal = sum(t["aangemaakt"] for t in uitkomst.samenvatting.values())
    records = AuditRecord.objects.filter(actie="geimporteerd")
    assert records.count() == totaal
    assert set(records.values_list("bron", flat=True)) == {"test.xlsx"}
    persoon = records.get(object_type="inburgeraar", object_omschrijving="B001")
    assert "111222333" not in str(persoon.wijzigingen)
