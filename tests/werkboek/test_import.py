"""Importing a workbook: all or nothing, idempotent, derived fields, audit trail."""

from datetime import date
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
    assert (f3.boekjaar, f3.aanbieder.naam) == (2024, "VluchtelingenWerk")
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


def test_gewijzigd_bedrag_en_sluiten_worden_mutaties_met_audit():
    from inburgering.models import Verplichtingsmutatie

    importeer(volledig())
    rijen = volledig()
    rijen["Verplichtingen"][0]["bedrag"] = "10.000,00"
    rijen["Verplichtingen"][0]["gesloten_op"] = date(2025, 1, 31)
    uitkomst = importeer(rijen)
    assert uitkomst.samenvatting["Verplichtingen"] == {
        "rijen": 3,
        "aangemaakt": 0,
        "bijgewerkt": 1,
        "ongewijzigd": 2,
    }
    v = Verplichting.objects.get(nummer="V-001")
    assert v.bedrag == Decimal("10000.00") and v.gesloten_op == date(2025, 1, 31)
    mutaties = {m.soort: m for m in Verplichtingsmutatie.objects.filter(verplichting=v)}
    assert mutaties["wijziging"].bedrag_oud == Decimal("9700.00")
    # 10,000.00 minus the invoices 4,850.00 and -100.50 is released.
    assert mutaties["vrijval"].vrijgevallen == Decimal("5250.50")
    audit = AuditRecord.objects.get(
        object_type="verplichting", object_id=str(v.pk), reden__contains="bijgewerkt"
    )
    assert audit.wijzigingen["bedrag"] == {"oud": "9700.00", "nieuw": "10000.00"}


def test_nieuwe_status_voor_bestaande_persoon_zonder_persoonsrij():
    importeer(volledig())
    rijen = volledig()
    rijen["Statuswijzigingen"].append(
        {"kenmerk": "B010", "datum": date(2025, 6, 1), "status": "verhuisd"}
    )
    assert importeer(rijen).samenvatting["Statuswijzigingen"]["aangemaakt"] == 1
    persoon = Inburgeraar.objects.get(kenmerk="B010")
    assert (persoon.huidige_status, persoon.status_sinds) == ("verhuisd", date(2025, 6, 1))


def test_status_voor_de_laatste_opgeslagen_status_wordt_geweigerd():
    importeer(volledig())
    rijen = volledig()
    rijen["Statuswijzigingen"].append(
        {"kenmerk": "B002", "datum": date(2025, 1, 15), "status": "actief"}
    )
    uitkomst = importeer(rijen)
    assert [(p.tabblad, p.rij, p.kolom) for p in uitkomst.problemen] == [
        ("Statuswijzigingen", 4, "datum")
    ]


def test_bsn_blijft_bij_import_zonder_bsn():
    importeer(volledig())
    rijen = volledig()
    del rijen["Inburgeraars"][0]["bsn"]
    uitkomst = importeer(rijen)
    assert uitkomst.samenvatting["Inburgeraars"]["bijgewerkt"] == 0
    assert Inburgeraar.objects.get(kenmerk="B001").bsn_gemaskeerd == "******333"


def test_gelijke_ontvangsten_op_verschillende_data_en_dubbel_op_een_dag_blijven_allemaal():
    rijen = voorbeeld_b(met_ontvangsten=False)
    voorschot = {"regeling": "SPUK-IV", "jaar": 2026, "soort": "voorschot", "bedrag": "8.333,33"}
    rijen["Ontvangsten"] = [{**voorschot, "datum": date(2026, m, 15)} for m in range(1, 13)]
    rijen["Ontvangsten"].append({**voorschot, "datum": date(2026, 1, 15)})
    importeer(rijen)
    importeer(rijen)
    assert Ontvangst.objects.count() == 13


def test_proefdraai_schrijft_niets(tmp_path, capsys):
    from django.core.management import call_command

    pad = als_xlsx(volledig(), tmp_path / "w.xlsx")
    call_command("import_werkboek", str(pad), "--dry-run")
    uit = capsys.readouterr().out
    assert "Inburgeraars: 33 rijen, 33 aangemaakt, 0 bijgewerkt, 0 ongewijzigd" in uit
    # Singular for one row, plural for none and for more (Dutch, not "1 rijen").
    assert "Gemeente: 1 rij, 1 aangemaakt" in uit and "Beschikkingen: 1 rij," in uit
    assert "Voorzieningen: 0 rijen" in uit and "1 rijen" not in uit
    assert "er is niets opgeslagen" in uit
    assert not Gemeente.objects.exists()
    call_command("import_werkboek", str(pad))
    assert Inburgeraar.objects.count() == 33


def test_r4_voorbeeld_b_via_import_werkboek_en_saldi(tmp_path, capsys):
    """The held-out path: import_werkboek on a fresh database, then saldi, to the cent."""
    import json

    from django.core.management import call_command

    pad = als_xlsx(voorbeeld_b(), tmp_path / "b.xlsx")
    call_command("import_werkboek", str(pad))
    capsys.readouterr()
    call_command("saldi", "--gemeente", "GM0397", "--peildatum", "2026-12-31", "--json")
    saldi = json.loads(capsys.readouterr().out)
    telling = {t["jaar"]: t for t in saldi["telling"]}
    assert telling[2026]["berekende_toekenning"] == "103112.00"
    ontvangen = {c["cohort"]: c["ontvangen"] for c in saldi["cohorten"]}
    # R6: 8,333.33 - 1,234.57 split over cohorts 2026 / 2025 / 2024.
    assert ontvangen[2026] == "3530.38"
    assert ontvangen[2025] == "2714.70"
    assert ontvangen[2024] == "853.68"


def test_auditregels_van_de_import_zijn_verschil_met_lege_momentopname():
    """The import builds each new row's wijzigingen in one pass (werkboek.schrijven.NIEUW_JSON):
    for every model and every imported row, the text json.dumps gives for
    verschil({}, momentopname(obj)), and the stored JSON the same."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from kern.audit import momentopname, verschil
    from werkboek.schrijven import AUDIT_VELDEN, NIEUW_JSON

    assert importeer(volledig()).problemen == []
    gezien = 0
    for model, velden in AUDIT_VELDEN.items():
        for obj in model.objects.all():
            verwacht = json.dumps(verschil({}, momentopname(obj, velden)), cls=DjangoJSONEncoder)
            assert NIEUW_JSON[model](obj) == verwacht
            gezien += 1
    assert gezien > 30
    factuur = Factuur.objects.get(factuurnummer="F3")
    record = AuditRecord.objects.get(object_type="factuur", object_id=str(factuur.pk))
    verwacht = verschil({}, momentopname(factuur, AUDIT_VELDEN[Factuur]))
    assert record.wijzigingen == json.loads(json.dumps(verwacht, cls=DjangoJSONEncoder))
