"""One rule, every door: the workbook import refuses and derives exactly what the services (and
the browser forms) do, because all of them call inburgering.regels. Each test here failed when
the import had its own copy of the rules."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inburgering import services
from inburgering.forms import InburgeraarForm, StatusForm
from inburgering.models import Inburgeraar, Statuswijziging, Verplichting, Voorziening
from werkboek.services import importeer_werkboek

from .werkboeken import als_xlsx, volledig

pytestmark = pytest.mark.django_db


def importeer(rijen):
    return importeer_werkboek(bestand=als_xlsx(rijen), bron="test.xlsx")


def problemen(uitkomst) -> list[tuple[str, str, str]]:
    return [(p.tabblad, p.kolom, p.melding) for p in uitkomst.problemen]


def melding_van(exc: ValidationError, veld: str) -> str:
    return exc.message_dict[veld][0]


def test_r8_bedrag_van_een_gesloten_verplichting_wijzigt_via_geen_enkele_deur():
    importeer(volledig())
    gesloten = Verplichting.objects.get(nummer="V-002")
    assert gesloten.gesloten_op is not None
    rijen = volledig()
    rijen["Verplichtingen"][1]["bedrag"] = "2.500,00"
    uitkomst = importeer(rijen)
    with pytest.raises(ValidationError) as service:
        services.wijzig_verplichting(
            verplichting=gesloten, nieuw_bedrag=Decimal("2500.00"), reden="hoger"
        )
    melding = melding_van(service.value, "bedrag")
    assert problemen(uitkomst) == [("Verplichtingen", "bedrag", f"Verplichting V-002: {melding}")]
    assert Verplichting.objects.get(nummer="V-002").bedrag == Decimal("2100.00")


def brugklas_werkboek(bedrag: str = "5.000,00"):
    rijen = volledig()
    rijen["Verplichtingen"].append(
        {
            "nummer": "V-004",
            "voorziening": "BRUGKLAS",
            "aanbieder": "VluchtelingenWerk",
            "bedrag": bedrag,
            "datum": date(2025, 1, 1),
            "financiering": "UITVOERING",
            "cohort": 2025,
        }
    )
    return rijen


def test_r8_herimport_houdt_de_classificatie_die_een_verplichting_bij_het_aangaan_kreeg():
    importeer(brugklas_werkboek())
    gemeente = Verplichting.objects.get(nummer="V-004").gemeente
    services.herclassificeer_voorziening(
        voorziening=Voorziening.objects.get(gemeente=gemeente, code="BRUGKLAS"),
        classificatie="spuk",
        reden="begroot als voorziening",
    )
    uitkomst = importeer(brugklas_werkboek(bedrag="5.500,00"))
    assert uitkomst.problemen == []
    v = Verplichting.objects.get(nummer="V-004")
    assert (v.bedrag, v.classificatie) == (Decimal("5500.00"), "uitvoering")


def test_r8_herimport_na_herclassificatie_wordt_niet_geweigerd_om_het_schot():
    """MB becomes uitvoering: the existing SPUK commitments on MB were checked when they were
    made and keep their snapshot, so importing the same workbook again changes nothing."""
    importeer(volledig())
    gemeente = Verplichting.objects.get(nummer="V-002").gemeente
    services.herclassificeer_voorziening(
        voorziening=Voorziening.objects.get(gemeente=gemeente, code="MB"),
        classificatie="uitvoering",
        reden="lokaal beleid",
    )
    uitkomst = importeer(volledig())
    assert uitkomst.problemen == []
    assert Verplichting.objects.get(nummer="V-002").classificatie == "spuk"
    # A new commitment on MB is judged by today's classification, by the import and service.
    rijen = volledig()
    rijen["Verplichtingen"].append({**rijen["Verplichtingen"][1], "nummer": "V-005"})
    del rijen["Verplichtingen"][-1]["gesloten_op"]
    assert [(t, k) for t, k, _m in problemen(importeer(rijen))] == [
        ("Verplichtingen", "financiering")
    ]


def test_gestopt_met_leerroute_laat_de_huidige_route_staan_zoals_de_service():
    rijen = volledig()
    rijen["Statuswijzigingen"][1]["leerroute"] = "OR"  # B002 (asiel, B1) stopt
    assert importeer(rijen).problemen == []
    b002 = Inburgeraar.objects.get(kenmerk="B002")
    assert (b002.huidige_status, b002.huidige_leerroute) == ("gestopt", "B1")
    assert Statuswijziging.objects.get(inburgeraar=b002).leerroute == ""
    b003 = Inburgeraar.objects.get(kenmerk="B003")
    services.registreer_status(
        inburgeraar=b003, datum=date(2025, 2, 1), status="gestopt", leerroute="OR"
    )
    b003.refresh_from_db()
    assert (b003.huidige_status, b003.huidige_leerroute) == ("gestopt", "B1")
    # Importing the same workbook again finds the stored row: nothing new.
    assert importeer(rijen).samenvatting["Statuswijzigingen"]["aangemaakt"] == 0


def formulier_melding(form_klasse, data: dict, veld: str) -> str:
    form = form_klasse(data={**data, "formtoken": str(uuid.uuid4())})
    assert not form.is_valid()
    return form.errors[veld][0]


@pytest.mark.parametrize(
    ("veld", "wijziging"),
    [
        ("leerroute", {"doelgroep": "gezin", "leerroute": "B1"}),
        ("leerroute", {"doelgroep": "overig", "leerroute": "Z"}),
        ("pipdatum", {"pipdatum": date(2024, 2, 1)}),
    ],
)
def test_zelfde_weigering_via_formulier_service_en_import(veld, wijziging):
    rijen = volledig()
    rijen["Inburgeraars"][0].update(wijziging)  # B001: asiel, start 01-03-2024, B1
    uitkomst = importeer_werkboek(bestand=als_xlsx(rijen), bron="test.xlsx")
    assert not uitkomst.geschreven
    persoon = {**volledig()["Inburgeraars"][0], **wijziging}
    form = formulier_melding(
        InburgeraarForm,
        {
            "kenmerk": "K1",
            "doelgroep": persoon["doelgroep"],
            "startdatum": "01-03-2024",
            "pipdatum": f"{persoon['pipdatum']:%d-%m-%Y}" if persoon.get("pipdatum") else "",
            "leerroute": persoon["leerroute"],
        },
        veld,
    )
    importeer(volledig())  # a gemeente to register in
    gemeente = Inburgeraar.objects.get(kenmerk="B001").gemeente
    with pytest.raises(ValidationError) as service:
        services.registreer_inburgeraar(
            gemeente=gemeente,
            kenmerk="K1",
            doelgroep=persoon["doelgroep"],
            startdatum=date(2024, 3, 1),
            pipdatum=persoon.get("pipdatum"),
            leerroute=persoon["leerroute"],
        )
    assert not Inburgeraar.objects.filter(kenmerk="K1").exists()
    melding = melding_van(service.value, veld)
    assert form == melding
    assert problemen(uitkomst) == [("Inburgeraars", veld, melding)]


def test_overstap_zonder_leerroute_zelfde_weigering_via_formulier_service_en_import():
    importeer(volledig())
    rijen = volledig()
    rijen["Statuswijzigingen"].append(
        {"kenmerk": "B003", "datum": date(2025, 3, 1), "status": "overstap"}
    )
    uitkomst = importeer(rijen)
    form = formulier_melding(StatusForm, {"datum": "01-03-2025", "status": "overstap"}, "leerroute")
    with pytest.raises(ValidationError) as service:
        services.registreer_status(
            inburgeraar=Inburgeraar.objects.get(kenmerk="B003"),
            datum=date(2025, 3, 1),
            status="overstap",
        )
    melding = melding_van(service.value, "leerroute")
    assert form == melding
    assert problemen(uitkomst) == [("Statuswijzigingen", "leerroute", melding)]


def test_geimporteerde_en_geregistreerde_inburgeraar_hebben_dezelfde_stand():
    """Status, since when and current route: an imported person without status changes is
    actief since the startdatum, as registreer_inburgeraar makes one (before, status_sinds
    stayed empty and the lists showed no "sinds" date for imported persons)."""
    importeer(volledig())
    gemeente = Inburgeraar.objects.get(kenmerk="B003").gemeente
    via_formulier = services.registreer_inburgeraar(
        gemeente=gemeente,
        kenmerk="B999",
        doelgroep="asiel",
        startdatum=date(2024, 3, 1),
        leerroute="B1",
    )
    geimporteerd = Inburgeraar.objects.get(kenmerk="B003")  # asiel, 01-03-2024, B1, no changes

    def stand(p):
        return (p.huidige_status, p.status_sinds, p.huidige_leerroute)

    assert stand(geimporteerd) == stand(via_formulier) == ("actief", date(2024, 3, 1), "B1")
