"""kern.kopie.kopieer, the import's writer: the rows it writes by COPY (PostgreSQL) are the rows
bulk_create would write, the triggers run as for an INSERT, and the caller gets the keys."""

from datetime import date
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from inburgering.codes import Status
from inburgering.models import Factuur, Factuurstand, Statuswijziging
from kern.auditketen import controleer_keten
from kern.kopie import bouwer, kopieer
from kern.models import AuditRecord
from tests.factories import InburgeraarFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db


def _facturen(verplichting, voorvoegsel):
    return [
        Factuur(
            gemeente=verplichting.gemeente,
            verplichting=verplichting,
            aanbieder=verplichting.aanbieder,
            factuurnummer=f"{voorvoegsel}{n}",
            datum=date(2025, 3, n + 1),
            bedrag=Decimal("1210.00"),
            btw=Decimal("210.00") if n else Decimal("0.00"),
            btw_compensabel=bool(n % 2),
            boekjaar=2025,
        )
        for n in range(3)
    ]


def _zonder(obj, *velden):
    return {k: v for k, v in model_to_dict(obj).items() if k not in ("id", *velden)}


def test_kopieer_schrijft_wat_bulk_create_schrijft(gemeente):
    verplichting = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9000.00"))
    gekopieerd = kopieer(Factuur, _facturen(verplichting, "K"))
    assert all(f.pk for f in gekopieerd)
    assert [f.pk for f in gekopieerd] == sorted(f.pk for f in gekopieerd)  # rows in list order
    Factuur.objects.bulk_create(_facturen(verplichting, "B"))
    k = Factuur.objects.filter(factuurnummer__startswith="K").order_by("factuurnummer")
    b = Factuur.objects.filter(factuurnummer__startswith="B").order_by("factuurnummer")
    assert [_zonder(f, "factuurnummer") for f in k] == [_zonder(f, "factuurnummer") for f in b]
    # R8's last (bedrag less compensable btw) is computed by the database for copied rows too.
    assert [f.last for f in k] == [Decimal("1210.00"), Decimal("1000.00"), Decimal("1210.00")]
    assert all(f.geboekt_op is not None for f in k)  # auto_now_add, as in save()
    # The standen trigger ran for the copied invoices too: both sets count.
    stand = Factuurstand.objects.get(verplichting=verplichting)
    assert stand.gefactureerd == sum(
        f.last for f in Factuur.objects.filter(verplichting=verplichting)
    )
    assert stand.gefactureerd == 2 * Decimal("3420.00")


def test_keuzes_sleutels_van_objecten_en_de_hashketen(gemeente):
    persoon = InburgeraarFactory(gemeente=gemeente)
    rij = Statuswijziging(inburgeraar=persoon, datum=date(2025, 5, 1), status=Status.GESTOPT)
    kopieer(Statuswijziging, [rij])
    opgeslagen = Statuswijziging.objects.get(pk=rij.pk)
    assert opgeslagen.status == "gestopt" and opgeslagen.inburgeraar_id == persoon.pk
    regels = [
        AuditRecord(
            gemeente=gemeente,
            actie=AuditRecord.Actie.GEIMPORTEERD,
            object_type="statuswijziging",
            object_id=str(rij.pk),
            object_omschrijving=str(rij),
            wijzigingen={"bedrag": {"oud": None, "nieuw": Decimal("12.50")}, "datum": rij.datum},
        )
        for _ in range(3)
    ]
    kopieer(AuditRecord, regels)
    opgeslagen = AuditRecord.objects.filter(pk__in=[r.pk for r in regels]).order_by("pk")
    assert [r.wijzigingen for r in opgeslagen] == [
        {"bedrag": {"oud": None, "nieuw": "12.50"}, "datum": "2025-05-01"}
    ] * 3
    assert controleer_keten()[1] == []


def test_kopieer_waarden_schrijft_auditregels_zonder_objecten(gemeente):
    """The import's audit rows as tuples, their JSON as text: stored with that JSON, a time
    and a place in the chain, on both databases."""
    from kern.kopie import kopieer_waarden

    velden = ["gemeente_id", "actie", "object_type", "object_id", "object_omschrijving"]
    velden += ["wijzigingen", "reden", "bron"]
    kopieer_waarden(
        AuditRecord,
        velden,
        [
            (
                gemeente.pk,
                "geimporteerd",
                "factuur",
                str(n),
                f"F{n}",
                f'{{"bedrag": {{"nieuw": {n}}}}}',
            )
            + ("Tabblad Facturen", "groot.xlsx")
            for n in range(3)
        ],
    )
    regels = list(AuditRecord.objects.filter(bron="groot.xlsx").order_by("volgnummer"))
    assert [r.object_omschrijving for r in regels] == ["F0", "F1", "F2"]
    assert [r.wijzigingen for r in regels] == [{"bedrag": {"nieuw": n}} for n in range(3)]
    assert all(r.tijdstip is not None and r.gebruiker_id is None for r in regels)
    assert controleer_keten() == (3, [])


def _velden(obj):
    """Every concrete field's value and the related objects an instance holds."""
    return (
        {v.attname: getattr(obj, v.attname) for v in obj._meta.concrete_fields if not v.generated},
        {v.attname for v in obj._meta.concrete_fields if v.attname in obj.__dict__},
        dict(obj._state.fields_cache),
        (obj._state.adding, obj.pk),
    )


def test_bouwer_maakt_wat_het_model_zelf_maakt_en_kopieer_schrijft_het(gemeente):
    verplichting = VerplichtingFactory(gemeente=gemeente, bedrag=Decimal("9000.00"))
    gegeven = {
        "gemeente": gemeente,
        "verplichting": verplichting,
        "aanbieder_id": verplichting.aanbieder_id,  # a key by its attname
        "factuurnummer": "BOUW1",
        "datum": date(2025, 4, 1),
        "bedrag": Decimal("1210.00"),
        "btw": Decimal("210.00"),
        "btw_compensabel": True,
        "boekjaar": 2025,
        "geboekt_door": None,
    }
    gebouwd = bouwer(Factuur)(**gegeven)
    assert _velden(gebouwd) == _velden(Factuur(**gegeven))
    # A default of its own per instance (default=dict), not one shared by all.
    eerste, tweede = bouwer(AuditRecord)(), bouwer(AuditRecord)()
    assert eerste.wijzigingen == {} and eerste.wijzigingen is not tweede.wijzigingen
    kopieer(Factuur, [gebouwd])
    assert Factuur.objects.get(factuurnummer="BOUW1").last == Decimal("1000.00")


def test_bouwer_weigert_wat_het_model_weigert(gemeente):
    with pytest.raises(TypeError):
        bouwer(Statuswijziging)(bestaat_niet=1)
    with pytest.raises(ValueError):
        bouwer(Statuswijziging)(inburgeraar=gemeente)
