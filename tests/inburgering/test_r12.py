"""R12: tarieven with a period and re-pricing open commitments (rules, service, command)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering import herprijzing, selectors
from inburgering import tariefregels as r12
from inburgering.models import Tarief, Verplichting, Verplichtingsmutatie
from kern.models import AuditRecord
from tests.factories import (
    AanbiederFactory,
    FactuurFactory,
    TariefFactory,
    VerplichtingFactory,
    voorziening,
)

D = Decimal
P_OUD, P_NIEUW = D("1944.00"), D("2041.20")

# --- the pure rules ---------------------------------------------------------------------------


def test_r12_voorbeeld_indexatie_half_gefactureerd():
    nieuw = r12.geindexeerd(bedrag=P_OUD, gefactureerd=D("972.00"), oud=P_OUD, nieuw=P_NIEUW)
    assert nieuw == D("1992.60")  # 972.00 + 1,020.60 open


def test_r12_voorbeeld_aanbesteding_gestart_blijft_zonder_factuur_nieuw():
    assert r12.aanbesteed(bedrag=P_OUD, heeft_factuur=True, nieuw=P_NIEUW) == P_OUD
    assert r12.aanbesteed(bedrag=P_OUD, heeft_factuur=False, nieuw=P_NIEUW) == P_NIEUW
    assert r12.geindexeerd(bedrag=P_OUD, gefactureerd=D("0"), oud=P_OUD, nieuw=P_NIEUW) == P_NIEUW


def test_r12_indexatie_zonder_open_rest_ongewijzigd():
    assert r12.geindexeerd(
        bedrag=D("291.00"), gefactureerd=D("291.00"), oud=D("300"), nieuw=D("340")
    ) == D("291.00")


def test_r12_periode_loopt_tot_het_volgende_tarief_van_het_paar():
    p = r12.periodes([date(2026, 1, 1), date(2024, 1, 1), date(2025, 7, 1)])
    assert p[date(2024, 1, 1)] == r12.Periode(date(2024, 1, 1), date(2025, 7, 1))
    assert p[date(2024, 1, 1)].tot_en_met == date(2025, 6, 30)
    assert p[date(2026, 1, 1)].tot is None
    assert p[date(2025, 7, 1)].bevat(date(2025, 12, 31))
    assert not p[date(2025, 7, 1)].bevat(date(2026, 1, 1))
    assert not p[date(2025, 7, 1)].bevat(date(2025, 6, 30))


def test_r12_groepscontract_en_gesloten_volgen_nooit():
    periode = r12.Periode(date(2024, 1, 1))
    basis = {
        "periode": periode,
        "zelfde_aanbieder": True,
        "zelfde_voorziening": True,
        "datum": date(2024, 5, 1),
    }
    assert r12.volgt_tarief(**basis, voor_een_persoon=True, gesloten=False)
    assert not r12.volgt_tarief(**basis, voor_een_persoon=False, gesloten=False)
    assert not r12.volgt_tarief(**basis, voor_een_persoon=True, gesloten=True)


def test_r12_tarief_zonder_bedrag_of_voor_het_vorige_geweigerd():
    bestaand = [date(2025, 1, 1)]
    assert (
        r12.tarief_fout(bedrag=None, geldig_van=date(2026, 1, 1), bestaande_van=bestaand)
        == r12.GEEN_BEDRAG
    )
    fout = r12.tarief_fout(bedrag=D("1"), geldig_van=date(2024, 6, 1), bestaande_van=bestaand)
    assert "vóór het vorige tarief" in fout and "01-01-2025" in fout
    fout = r12.tarief_fout(bedrag=D("1"), geldig_van=date(2025, 1, 1), bestaande_van=bestaand)
    assert "al een tarief" in fout
    assert (
        r12.tarief_fout(bedrag=D("1"), geldig_van=date(2025, 1, 2), bestaande_van=bestaand) is None
    )


def test_r12_herprijzen_zonder_oud_tarief_geweigerd():
    assert "geen vorig tarief" in r12.herprijzing_fout(wijze="indexatie", oud=None)
    assert "indexatie of aanbesteding" in r12.herprijzing_fout(wijze="korting", oud=D("1"))


bedragen = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
prijzen = st.decimals(min_value=D("0.01"), max_value=10**5, places=2, allow_nan=False)


@given(
    bedrag=bedragen,
    deel=st.decimals(min_value=0, max_value=1, places=3),
    oud=prijzen,
    nieuw=prijzen,
    wijze=st.sampled_from(r12.WIJZEN),
)
def test_r12_eigenschap_herprijzen_laat_gefactureerd_staan(bedrag, deel, oud, nieuw, wijze):
    gefactureerd = (bedrag * deel).quantize(D("0.01"))
    uit = r12.herprijsd(
        wijze=wijze,
        bedrag=bedrag,
        gefactureerd=gefactureerd,
        heeft_factuur=gefactureerd > 0,
        oud=oud,
        nieuw=nieuw,
    )
    assert uit >= gefactureerd  # what was invoiced is never taken back
    assert uit == uit.quantize(D("0.01"))
    if gefactureerd == bedrag and (wijze == r12.INDEXATIE or gefactureerd > 0):
        assert uit == bedrag  # nothing open (or started): unchanged


# --- the service, against the database ----------------------------------------------------------


@pytest.fixture
def mb(gemeente):
    """The R12 example: MB at one provider, P_old 1,944.00 from 2024, and every kind of
    commitment R12 names."""
    aanbieder = AanbiederFactory(gemeente=gemeente, naam="Vluchtelingenwerk")
    vz = voorziening(gemeente, "MB")
    TariefFactory(
        gemeente=gemeente,
        aanbieder=aanbieder,
        voorziening=vz,
        bedrag=P_OUD,
        geldig_van=date(2024, 1, 1),
    )
    paar = {"gemeente": gemeente, "aanbieder": aanbieder, "voorziening": vz, "bedrag": P_OUD}
    v = {
        "half": VerplichtingFactory(**paar, nummer="V0002"),
        "leeg": VerplichtingFactory(**paar, nummer="V0001"),
        "vol": VerplichtingFactory(**paar, nummer="V0003"),
        "gesloten": VerplichtingFactory(**paar, nummer="V0004", gesloten=True),
        "groep": VerplichtingFactory(
            **{**paar, "bedrag": D("4000.00")}, nummer="V0005", groepscontract=True
        ),
        "ervoor": VerplichtingFactory(**paar, nummer="V0006", datum=date(2023, 12, 31)),
        "erna": VerplichtingFactory(**paar, nummer="V0007", datum=date(2026, 1, 1)),
        "ander": VerplichtingFactory(
            gemeente=gemeente, voorziening=vz, bedrag=P_OUD, nummer="V0008"
        ),
        "andere_vz": VerplichtingFactory(
            **{**paar, "voorziening": voorziening(gemeente, "PVT")}, nummer="V0009"
        ),
    }
    FactuurFactory(verplichting=v["half"], bedrag=D("972.00"))
    FactuurFactory(verplichting=v["vol"], bedrag=P_OUD)
    FactuurFactory(verplichting=v["gesloten"], bedrag=D("500.00"))
    return aanbieder, vz, v


def _args(gemeente, aanbieder, vz, wijze):
    return {
        "gemeente": gemeente,
        "aanbieder": aanbieder,
        "voorziening": vz,
        "bedrag": P_NIEUW,
        "geldig_van": date(2026, 1, 1),
        "wijze": wijze,
    }


def test_r12_voorbeeld_indexatie_via_de_service(gemeente, adviseur, mb):
    aanbieder, vz, v = mb
    uitkomst = herprijzing.herprijs(
        **_args(gemeente, aanbieder, vz, "indexatie"), gebruiker=adviseur
    )
    bedragen = dict(Verplichting.objects.values_list("nummer", "bedrag"))
    assert bedragen["V0002"] == D("1992.60")
    assert bedragen["V0001"] == D("2041.20")
    for ongemoeid in ("V0003", "V0004", "V0006", "V0007", "V0008", "V0009"):
        assert bedragen[ongemoeid] == P_OUD, ongemoeid
    assert bedragen["V0005"] == D("4000.00")  # group contract stays
    assert [r.verplichting.nummer for r in uitkomst.toegepast] == ["V0001", "V0002"]
    open_half = selectors.verplichtingen(gemeente).get(nummer="V0002").open_bedrag
    assert open_half == D("1020.60")
    # the old tarief ends the day before the new one starts
    oud, nieuw = Tarief.objects.filter(aanbieder=aanbieder).order_by("geldig_van")
    assert (oud.geldig_tot, nieuw.geldig_tot) == (date(2025, 12, 31), None)
    mutaties = Verplichtingsmutatie.objects.filter(soort="herprijzing")
    assert mutaties.count() == 2 and all(m.tarief_id == nieuw.pk for m in mutaties)
    assert "indexatie" in mutaties.first().reden
    assert AuditRecord.objects.filter(wijzigingen__mutatie__nieuw="herprijzing").count() == 2


def test_r12_voorbeeld_aanbesteding_via_de_service(gemeente, adviseur, mb):
    aanbieder, vz, v = mb
    herprijzing.herprijs(**_args(gemeente, aanbieder, vz, "aanbesteding"), gebruiker=adviseur)
    bedragen = dict(Verplichting.objects.values_list("nummer", "bedrag"))
    assert bedragen["V0002"] == P_OUD  # already started: old contract
    assert bedragen["V0001"] == P_NIEUW
    assert bedragen["V0005"] == D("4000.00")


def test_r12_voorstel_schrijft_niets(gemeente, mb):
    aanbieder, vz, v = mb
    voorstel = herprijzing.herprijs_voorstel(**_args(gemeente, aanbieder, vz, "indexatie"))
    assert [(r.verplichting.nummer, r.verschil) for r in voorstel.regels] == [
        ("V0001", D("97.20")),
        ("V0002", D("48.60")),
    ]
    assert Tarief.objects.count() == 1
    assert not Verplichtingsmutatie.objects.exclude(soort="vrijval").exists()


def test_r12_uitgevinkte_rij_blijft_en_de_reden_staat_erbij(gemeente, adviseur, mb):
    aanbieder, vz, v = mb
    with pytest.raises(ValidationError, match="reden"):
        herprijzing.herprijs(
            **_args(gemeente, aanbieder, vz, "indexatie"), overslaan={v["leeg"].pk: " "}
        )
    assert Tarief.objects.count() == 1  # nothing half-written
    herprijzing.herprijs(
        **_args(gemeente, aanbieder, vz, "indexatie"),
        overslaan={v["leeg"].pk: "Stopt binnenkort"},
        gebruiker=adviseur,
    )
    v["leeg"].refresh_from_db()
    assert v["leeg"].bedrag == P_OUD
    mutatie = v["leeg"].mutaties.get()
    assert (mutatie.bedrag_oud, mutatie.bedrag_nieuw) == (P_OUD, P_OUD)
    assert "Stopt binnenkort" in mutatie.reden


def test_r12_tarief_ervoor_of_zonder_oud_tarief_geweigerd(gemeente, mb):
    aanbieder, vz, v = mb
    with pytest.raises(ValidationError, match="vóór het vorige tarief"):
        herprijzing.herprijs(
            **{**_args(gemeente, aanbieder, vz, "indexatie"), "geldig_van": date(2023, 1, 1)}
        )
    with pytest.raises(ValidationError, match="Vul het bedrag"):
        herprijzing.leg_tarief_vast(
            gemeente=gemeente,
            aanbieder=aanbieder,
            voorziening=vz,
            bedrag=None,
            geldig_van=date(2027, 1, 1),
        )
    with pytest.raises(ValidationError, match="geen vorig tarief"):
        herprijzing.herprijs(
            **{
                **_args(gemeente, aanbieder, vz, "indexatie"),
                "voorziening": voorziening(gemeente, "TOLK"),
            }
        )
    assert Tarief.objects.count() == 1
    assert not Verplichtingsmutatie.objects.exclude(soort="vrijval").exists()


def test_r12_standaardpakket_gebruikt_tarief_op_de_datum(gemeente, mb):
    aanbieder, vz, v = mb
    herprijzing.leg_tarief_vast(
        gemeente=gemeente,
        aanbieder=aanbieder,
        voorziening=vz,
        bedrag=P_NIEUW,
        geldig_van=date(2026, 1, 1),
    )
    op = {
        t.voorziening.code: t.bedrag
        for t in selectors.geldige_tarieven(gemeente, date(2025, 12, 31))
    }
    assert op["MB"] == P_OUD
    op = {
        t.voorziening.code: t.bedrag for t in selectors.geldige_tarieven(gemeente, date(2026, 1, 1))
    }
    assert op["MB"] == P_NIEUW


# --- manage.py herprijs (the contract) ---------------------------------------------------------


def _herprijs(*extra):
    uit, fout = StringIO(), StringIO()
    call_command(
        "herprijs",
        "--gemeente",
        "GM0397",
        "--aanbieder",
        "Vluchtelingenwerk",
        "--voorziening",
        "MB",
        "--bedrag",
        "2041.20",
        "--geldig-van",
        "2026-01-01",
        *extra,
        "--json",
        stdout=uit,
        stderr=fout,
    )
    return json.loads(uit.getvalue())


def test_r12_herprijs_commando_json_volgens_contract(gemeente, mb):
    uitkomst = _herprijs("--wijze", "indexatie")
    assert uitkomst == {
        "tarief": {
            "aanbieder": "Vluchtelingenwerk",
            "voorziening": "MB",
            "oud": "1944.00",
            "nieuw": "2041.20",
            "geldig_van": "2026-01-01",
        },
        "wijze": "indexatie",
        "bevestigd": False,
        "verplichtingen": [
            {"nummer": "V0001", "oud": "1944.00", "nieuw": "2041.20", "verschil": "97.20"},
            {"nummer": "V0002", "oud": "1944.00", "nieuw": "1992.60", "verschil": "48.60"},
        ],
    }
    assert Tarief.objects.count() == 1
    bevestigd = _herprijs("--wijze", "aanbesteding", "--bevestig")
    assert bevestigd["bevestigd"] is True
    assert [r["nummer"] for r in bevestigd["verplichtingen"]] == ["V0001"]
    assert Verplichting.objects.get(nummer="V0001").bedrag == P_NIEUW
    assert Tarief.objects.count() == 2


def test_r12_herprijs_commando_zonder_oud_tarief_stopt_met_melding(gemeente, mb):
    Tarief.objects.all().update(voorziening=voorziening(gemeente, "PVT"))
    with pytest.raises(CommandError, match="geen vorig tarief"):
        _herprijs("--wijze", "indexatie")
    with pytest.raises(CommandError, match="indexatie of aanbesteding"):
        _herprijs("--wijze", "korting")


class _Terugdraaien(Exception):
    pass


soorten = st.sampled_from(["open", "groep", "gesloten", "ervoor", "ander", "andere_vz"])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rijen=st.lists(
        st.tuples(soorten, bedragen, st.decimals(min_value=0, max_value=1, places=2)),
        min_size=1,
        max_size=6,
    ),
    wijze=st.sampled_from(r12.WIJZEN),
    nieuw=prijzen,
)
def test_r12_eigenschap_gefactureerd_en_uitgesloten_blijven(gemeente, rijen, wijze, nieuw):
    """Re-pricing never changes what was invoiced and never touches an excluded commitment."""
    from django.db import transaction

    try:
        with transaction.atomic():
            aanbieder = AanbiederFactory(gemeente=gemeente, naam="Vluchtelingenwerk")
            vz = voorziening(gemeente, "MB")
            TariefFactory(
                gemeente=gemeente,
                aanbieder=aanbieder,
                voorziening=vz,
                bedrag=P_OUD,
                geldig_van=date(2024, 1, 1),
            )
            uitgesloten = []
            for i, (soort, bedrag, deel) in enumerate(rijen):
                paar = {
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                    "voorziening": vz,
                    "bedrag": bedrag,
                    "nummer": f"P{i:03d}",
                }
                extra = {
                    "open": {},
                    "groep": {"groepscontract": True},
                    "gesloten": {"gesloten": True},
                    "ervoor": {"datum": date(2023, 5, 1)},
                    "ander": {"aanbieder": AanbiederFactory(gemeente=gemeente)},
                    "andere_vz": {"voorziening": voorziening(gemeente, "PVT")},
                }[soort]
                v = VerplichtingFactory(**{**paar, **extra})
                gefactureerd = (bedrag * deel).quantize(D("0.01"))
                if gefactureerd > 0:
                    FactuurFactory(verplichting=v, bedrag=gefactureerd)
                if soort != "open":
                    uitgesloten.append(v.pk)
            voor = dict(Verplichting.objects.values_list("pk", "bedrag"))
            gefactureerd_voor = dict(
                Verplichting.objects.values_list("pk", "factuurstand__gefactureerd")
            )
            herprijzing.herprijs(
                gemeente=gemeente,
                aanbieder=aanbieder,
                voorziening=vz,
                bedrag=nieuw,
                geldig_van=date(2026, 1, 1),
                wijze=wijze,
            )
            na = dict(Verplichting.objects.values_list("pk", "bedrag"))
            assert (
                dict(Verplichting.objects.values_list("pk", "factuurstand__gefactureerd"))
                == gefactureerd_voor
            )
            for pk in uitgesloten:
                assert na[pk] == voor[pk]
            for pk, bedrag in na.items():
                assert bedrag >= (gefactureerd_voor[pk] or 0)
            raise _Terugdraaien
    except _Terugdraaien:
        pass


def test_r12_catalogus_toont_de_geschiedenis_van_elk_paar(adviseur_client, gemeente, mb):
    from django.urls import reverse

    aanbieder, vz, v = mb
    herprijzing.leg_tarief_vast(
        gemeente=gemeente,
        aanbieder=aanbieder,
        voorziening=vz,
        bedrag=P_NIEUW,
        geldig_van=date(2026, 1, 1),
    )
    inhoud = adviseur_client.get(
        reverse("inburgering:catalogus", kwargs={"gemeente": gemeente.code})
    ).content.decode()
    nieuw = inhoud.index("2.041,20")
    oud = inhoud.index("1.944,00")
    assert nieuw < oud  # newest first within the pair
    assert "31-12-2025" in inhoud[oud:]  # the old tarief ends the day before the new one
