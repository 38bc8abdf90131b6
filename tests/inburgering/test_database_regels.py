"""Issue 10 item 6: the database says what the services say. Each rule that a service refuses
with a Dutch sentence is also a constraint, so a write that skips the services (QuerySet.update,
bulk_create, a script) is refused by the database, while the service still gives its sentence
first (the user never sees an IntegrityError)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inburgering import regels, services
from inburgering.codes import Doelgroep, Leerroute
from inburgering.models import Inburgeraar, Verplichting, Verplichtingsmutatie
from tests.factories import FactuurFactory, InburgeraarFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db

VRIJVAL = Verplichtingsmutatie.Soort.VRIJVAL


def _geweigerd(schrijf) -> bool:
    try:
        with transaction.atomic():
            schrijf()
    except IntegrityError:
        return True
    return False


# --- the register -------------------------------------------------------------------------------


def test_pip_voor_de_start_geeft_de_zin_en_de_database_weigert_hem(gemeente):
    with pytest.raises(ValidationError, match="ligt vóór de startdatum"):
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K1",
            doelgroep="asiel",
            startdatum=date(2024, 3, 1),
            pipdatum=date(2024, 2, 29),
        )
    persoon = InburgeraarFactory(gemeente=gemeente, pipdatum=date(2024, 3, 1))
    qs = Inburgeraar.objects.filter(pk=persoon.pk)
    assert _geweigerd(lambda: qs.update(pipdatum=date(2024, 2, 29)))
    assert _geweigerd(lambda: qs.update(startdatum=date(2024, 3, 2)))
    assert _geweigerd(
        lambda: Inburgeraar.objects.bulk_create(
            [
                InburgeraarFactory.build(
                    gemeente=gemeente,
                    startdatum=date(2024, 3, 1),
                    vestigingsdatum=date(2024, 3, 1),
                    cohort=2024,
                    pipdatum=date(2024, 1, 1),
                )
            ]
        )
    )
    assert not _geweigerd(lambda: qs.update(pipdatum=None))


@pytest.mark.parametrize("doelgroep", Doelgroep.values)
@pytest.mark.parametrize("leerroute", ["", *Leerroute.values])
def test_leerroute_bij_doelgroep_weigert_de_database_precies_waar_de_regel_dat_doet(
    gemeente, doelgroep, leerroute
):
    """Every pair: the constraint is built from regels.DOELGROEPEN_ZONDER_LEERROUTE, the list
    leerroute_fout reads, so the two cannot drift apart."""
    persoon = InburgeraarFactory(gemeente=gemeente, doelgroep="asiel", leerroute="")
    geweigerd = _geweigerd(
        lambda: Inburgeraar.objects.filter(pk=persoon.pk).update(
            doelgroep=doelgroep, leerroute=leerroute
        )
    )
    assert geweigerd == (regels.leerroute_fout(doelgroep, leerroute) is not None)


def test_gezinsmigrant_met_leerroute_geeft_de_zin_voor_de_database_iets_zegt(gemeente):
    with pytest.raises(ValidationError, match="betalen hun eigen leerroute"):
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K1",
            doelgroep="gezin",
            startdatum=date(2024, 3, 1),
            leerroute="B1",
        )
    assert _geweigerd(
        lambda: Inburgeraar.objects.bulk_create(
            [
                InburgeraarFactory.build(
                    gemeente=gemeente,
                    doelgroep="gezin",
                    leerroute="B1",
                    vestigingsdatum=date(2024, 3, 1),
                    cohort=2024,
                )
            ]
        )
    )


# --- commitments --------------------------------------------------------------------------------


def test_sluiten_voor_de_datum_van_de_verplichting_geeft_de_zin_en_de_database_weigert_het(
    gemeente,
):
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 3, 15))
    with pytest.raises(ValidationError, match="ligt vóór de datum van de verplichting"):
        services.vrijval(verplichting=v, datum=date(2024, 3, 14), reden="gestopt")
    assert Verplichting.objects.get(pk=v.pk).gesloten_op is None
    assert not Verplichtingsmutatie.objects.filter(verplichting=v).exists()
    qs = Verplichting.objects.filter(pk=v.pk)
    assert _geweigerd(lambda: qs.update(gesloten_op=date(2024, 3, 14)))
    assert not _geweigerd(lambda: qs.update(gesloten_op=date(2024, 3, 15)))


def test_vrijval_zonder_datum_van_een_latere_verplichting_sluit_op_haar_eerste_dag(gemeente):
    """A commitment dated ahead (allowed up to a year) and released today closes on its own
    date: before, it got today's date, before it even began."""
    later = timezone.localdate() + timedelta(days=20)
    v = VerplichtingFactory(gemeente=gemeente, datum=later)
    services.vrijval(verplichting=v, reden="Gaat niet door")
    assert Verplichting.objects.get(pk=v.pk).gesloten_op == later


def test_een_tweede_vrijval_geeft_de_zin_en_de_database_weigert_hem(gemeente):
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 3, 15))
    FactuurFactory(verplichting=v, bedrag=Decimal("700.00"), datum=date(2024, 4, 1))
    mutatie = services.vrijval(verplichting=v, datum=date(2024, 6, 1), reden="gestopt")
    assert (mutatie.bedrag_oud, mutatie.vrijgevallen) == (Decimal("9700.00"), Decimal("9000.00"))
    with pytest.raises(ValidationError, match="is al gesloten; er valt niets meer vrij"):
        services.vrijval(verplichting=v, datum=date(2024, 7, 1), reden="nog eens")
    nog_een = Verplichtingsmutatie(
        verplichting=v,
        soort=VRIJVAL,
        datum=date(2024, 7, 1),
        bedrag_oud=v.bedrag,
        bedrag_nieuw=v.bedrag,
        vrijgevallen=Decimal("0.00"),
    )
    assert _geweigerd(lambda: Verplichtingsmutatie.objects.bulk_create([nog_een]))


def _mutatie(v, **velden):
    standaard = {
        "verplichting": v,
        "soort": Verplichtingsmutatie.Soort.WIJZIGING,
        "datum": date(2024, 5, 1),
        "bedrag_oud": Decimal("9700.00"),
        "bedrag_nieuw": Decimal("9000.00"),
    }
    return Verplichtingsmutatie(**{**standaard, **velden})


@pytest.mark.parametrize(
    ("velden", "geweigerd"),
    [
        ({}, False),
        ({"soort": "herprijzing", "bedrag_nieuw": Decimal("9700.00")}, False),
        ({"soort": "vrijval", "bedrag_nieuw": Decimal("9700.00")}, False),
        (
            {
                "soort": "vrijval",
                "bedrag_nieuw": Decimal("9700.00"),
                "vrijgevallen": Decimal("9700"),
            },
            False,
        ),
        # A change or re-pricing releases nothing.
        ({"vrijgevallen": Decimal("700.00")}, True),
        ({"soort": "herprijzing", "vrijgevallen": Decimal("1.00")}, True),
        # A vrijval keeps the amount and releases at most all of it, never less than nothing.
        ({"soort": "vrijval", "vrijgevallen": Decimal("700.00")}, True),
        (
            {"soort": "vrijval", "bedrag_nieuw": Decimal("9700.00"), "vrijgevallen": Decimal("-1")},
            True,
        ),
        (
            {
                "soort": "vrijval",
                "bedrag_nieuw": Decimal("9700.00"),
                "vrijgevallen": Decimal("9700.01"),
            },
            True,
        ),
        ({"bedrag_nieuw": Decimal("-1.00")}, True),
        ({"soort": "onbekend"}, True),
    ],
)
def test_mutatierijen_zeggen_wat_hun_service_deed(gemeente, velden, geweigerd):
    v = VerplichtingFactory(gemeente=gemeente)
    mutatie = _mutatie(v, **velden)
    assert _geweigerd(lambda: Verplichtingsmutatie.objects.bulk_create([mutatie])) == geweigerd


def test_elke_service_schrijft_mutatierijen_die_de_database_aanneemt(gemeente):
    """Change, close and refinance through the services: every row they write passes."""
    v = VerplichtingFactory(gemeente=gemeente, datum=date(2024, 3, 15))
    services.wijzig_verplichting(verplichting=v, nieuw_bedrag=Decimal("8000.00"), reden="lager")
    with pytest.raises(ValidationError, match="gelijk aan het huidige"):
        services.wijzig_verplichting(verplichting=v, nieuw_bedrag=Decimal("8000.00"), reden="x")
    services.vrijval(verplichting=v, datum=date(2024, 9, 1), reden="gestopt")
    soorten = list(
        Verplichtingsmutatie.objects.filter(verplichting=v)
        .order_by("id")
        .values_list("soort", "bedrag_oud", "bedrag_nieuw", "vrijgevallen")
    )
    assert soorten == [
        ("wijziging", Decimal("9700.00"), Decimal("8000.00"), Decimal("0.00")),
        ("vrijval", Decimal("8000.00"), Decimal("8000.00"), Decimal("8000.00")),
    ]


def test_de_factories_bouwen_wat_de_database_aanneemt(gemeente):
    InburgeraarFactory(gemeente=gemeente, gezin=True)
    InburgeraarFactory(gemeente=gemeente, overig=True)
    VerplichtingFactory(gemeente=gemeente, gesloten=True)
    VerplichtingFactory(gemeente=gemeente, groepscontract=True)
    assert Verplichtingsmutatie.objects.filter(soort=VRIJVAL).count() == 1
