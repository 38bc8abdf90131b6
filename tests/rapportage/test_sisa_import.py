"""Issue 13.2: landelijk beheer imports the year's indicator list from a small xlsx, or copies
last year's; bad input is refused with a Dutch message naming row and column, nothing written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kern.models import Rol
from rapportage.models import LandelijkeWijziging, SisaIndicator, SisaRegeling
from rapportage.services import zorg_voor_sisa_definities
from rapportage.sisa_import import MAX_RIJEN
from tests.conftest import maak_gebruiker

pytestmark = pytest.mark.django_db

KOP = ["code", "omschrijving", "sleutel", "soort", "aard controle"]
GOED = [
    ["IV-01", "Besteding (jaar T)", "besteding", "bedrag", "R"],
    ["IV-02", "Besteding t/m jaar T", "besteding_cumulatief", "Bedrag", "R"],
    ["IV-03", "Aantal asielstatushouders jaar 1", "asiel_1", "aantal", "D1"],
    ["IV-04", "Eindverantwoording Ja/Nee", "eindverantwoording", "Ja/Nee", "N.V.T."],
    ["IV-05", "Correctie besteding T-1", "correctie_besteding", "bedrag", "D2"],
    ["IV-06", "Grondslag toekenning", "toekenning_bron", "tekst", "nvt"],
]


def xlsx(rijen, kop=KOP) -> bytes:
    werkmap = Workbook()
    blad = werkmap.active
    if kop:
        blad.append(kop)
    for rij in rijen:
        blad.append(rij)
    uit = io.BytesIO()
    werkmap.save(uit)
    return uit.getvalue()


def _url(gemeente, jaar=2025):
    return reverse("rapportage:sisa_importeren", args=[gemeente.code, jaar])


@pytest.fixture
def landelijk(gemeente):
    gebruiker = maak_gebruiker("landelijk", gemeente, Rol.BELEIDSMEDEWERKER)
    call_command("landelijk_beheer", "landelijk")
    client = Client()
    client.force_login(gebruiker)
    return client


def upload(client, gemeente, inhoud, naam="lijst.xlsx", regeling="SPUK-IV", jaar=2025):
    bestand = SimpleUploadedFile(naam, inhoud)
    return client.post(_url(gemeente, jaar), {"regeling": regeling, "bestand": bestand})


def fouten(antwoord) -> str:
    form = antwoord.context["form"]
    return " | ".join(str(f) for lijst in form.errors.values() for f in lijst)


def test_import_vervangt_de_lijst_van_de_regeling_en_staat_in_de_landelijke_trail(
    landelijk, gemeente
):
    zorg_voor_sisa_definities(jaar=2025)
    antwoord = upload(landelijk, gemeente, xlsx(GOED))
    assert antwoord.status_code == 302
    opgeslagen = list(
        SisaIndicator.objects.filter(jaar=2025, regeling="SPUK-IV").values_list(
            "code", "sleutel", "soort", "aard_controle", "volgorde", "is_voorbeeld"
        )
    )
    assert opgeslagen == [
        ("IV-01", "besteding", "bedrag", "R", 1, False),
        ("IV-02", "besteding_cumulatief", "bedrag", "R", 2, False),
        ("IV-03", "asiel_1", "aantal", "D1", 3, False),
        ("IV-04", "eindverantwoording", "ja_nee", "n.v.t.", 4, False),
        ("IV-05", "correctie_besteding", "bedrag", "D2", 5, False),
        ("IV-06", "toekenning_bron", "tekst", "n.v.t.", 6, False),
    ]
    # SPUK-OR keeps its own list.
    assert SisaIndicator.objects.filter(jaar=2025, regeling="SPUK-OR").count() == 5
    spoor = LandelijkeWijziging.objects.get(actie="geimporteerd")
    assert spoor.wijzigingen["indicatoren"]["nieuw"][0] == "IV-01 (besteding)"
    assert "VB-IV-01 (toekenning)" in spoor.wijzigingen["indicatoren"]["oud"]
    assert spoor.wijzigingen["bestand"] == "lijst.xlsx"
    # The SiSa page shows the imported codes with their kinds.
    tekst = landelijk.get(reverse("rapportage:sisa", args=[gemeente.code, 2025])).content
    assert "IV-04" in tekst.decode() and "ja/nee" in tekst.decode()


@pytest.mark.parametrize(
    ("rijen", "melding"),
    [
        (
            [*GOED[:2], ["IV-09", "x", "onbekend", "bedrag", "R"]],
            "Regel 4, kolom sleutel: onbekende sleutel 'onbekend'",
        ),
        (
            [*GOED[:3], ["IV-02", "x", "toekenning", "bedrag", "R"]],
            "Regel 5, kolom code: code IV-02 staat ook in regel 3",
        ),
        (
            [*GOED[:1], ["IV-09", "x", "besteding", "bedrag", "R"]],
            "Regel 3, kolom sleutel: sleutel besteding staat ook in regel 2",
        ),
        ([["IV-09", "x", "toekenning", "munten", "R"]], "Regel 2, kolom soort: onbekende soort"),
        (
            [["IV-09", "x", "besteding", "aantal", "R"]],
            "Regel 2, kolom soort: sleutel besteding is een bedrag, geen aantal",
        ),
        (
            [["IV-09", "x", "besteding", "bedrag", "D3"]],
            "Regel 2, kolom aard controle: onbekende aard 'D3'",
        ),
        ([["", "x", "besteding", "bedrag", "R"]], "Regel 2, kolom code: de code is leeg"),
        ([["IV-09", "", "besteding", "bedrag", "R"]], "Regel 2, kolom omschrijving: de omsch"),
        (
            [[f"C{n}", "x", "besteding", "bedrag", "R"] for n in range(MAX_RIJEN + 5)],
            f"meer dan {MAX_RIJEN} indicatoren",
        ),
        ([], "geen indicatoren onder de kop"),
    ],
    ids=[
        "onbekende-sleutel",
        "dubbele-code",
        "dubbele-sleutel",
        "onbekende-soort",
        "soort-past-niet",
        "onbekende-aard",
        "lege-code",
        "lege-omschrijving",
        "te-veel-regels",
        "leeg",
    ],
)
def test_import_weigert_foute_invoer_en_schrijft_niets(landelijk, gemeente, rijen, melding):
    zorg_voor_sisa_definities(jaar=2025)
    voor = list(SisaIndicator.objects.order_by("pk").values_list("pk", "code"))
    antwoord = upload(landelijk, gemeente, xlsx(rijen))
    assert antwoord.status_code == 200
    assert melding in fouten(antwoord)
    assert "niets opgeslagen" in antwoord.content.decode()
    assert list(SisaIndicator.objects.order_by("pk").values_list("pk", "code")) == voor
    assert not LandelijkeWijziging.objects.filter(actie="geimporteerd").exists()


def test_import_een_foute_regel_tussen_goede_schrijft_ook_de_goede_niet(landelijk, gemeente):
    antwoord = upload(landelijk, gemeente, xlsx([*GOED, ["IV-07", "x", "gezin", "bedrag", "R"]]))
    assert "Regel 8, kolom soort" in fouten(antwoord)
    assert not SisaIndicator.objects.exists() and not SisaRegeling.objects.exists()


def test_import_weigert_een_kolom_die_ontbreekt(landelijk, gemeente):
    antwoord = upload(landelijk, gemeente, xlsx(GOED, kop=KOP[:4]))
    assert "Regel 1 (de kop): de kolom 'aard controle' ontbreekt" in fouten(antwoord)
    assert not SisaIndicator.objects.exists()


def test_import_weigert_wat_geen_xlsx_is(landelijk, gemeente):
    antwoord = upload(landelijk, gemeente, b"code;omschrijving\nIV-01;x\n", naam="lijst.xlsx")
    assert "geen Excel-werkboek (.xlsx)" in fouten(antwoord)
    antwoord = upload(landelijk, gemeente, xlsx(GOED), naam="lijst.xlsm")
    assert "macro's (.xlsm)" in fouten(antwoord)
    assert not SisaIndicator.objects.exists()


def test_import_weigert_een_zipbom_via_kern_afscherming(landelijk, gemeente, settings):
    settings.WERKBOEK_MAX_UITGEPAKT = 1024 * 1024
    bom = io.BytesIO()
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (2 * 1024 * 1024))
    antwoord = upload(landelijk, gemeente, bom.getvalue())
    assert "uitgepakt groter dan 1 MB" in fouten(antwoord)
    assert not SisaIndicator.objects.exists()


def test_import_weigert_een_te_groot_bestand(landelijk, gemeente):
    antwoord = upload(landelijk, gemeente, b"PK" + b"0" * (1024 * 1024 + 1))
    assert "groter dan 1 MB" in fouten(antwoord)


def test_alleen_landelijk_beheer_importeert_en_een_get_schrijft_niets(client_met_rol, gemeente):
    for rol in (Rol.BEHEERDER, Rol.FINANCIEEL_ADVISEUR, Rol.CONTROLLER):
        client = client_met_rol(rol, gemeente)
        pagina = client.get(_url(gemeente))
        assert pagina.status_code == 200
        assert "landelijk beheer" in pagina.content.decode()
        assert 'type="file"' not in pagina.content.decode()
        assert upload(client, gemeente, xlsx(GOED)).status_code == 403
        assert client.post(_url(gemeente), {"actie": "kopieren"}).status_code == 403
    assert not SisaIndicator.objects.exists() and not SisaRegeling.objects.exists()
    assert not LandelijkeWijziging.objects.exists()


def test_kopieer_de_lijst_van_vorig_jaar(landelijk, gemeente):
    zorg_voor_sisa_definities(jaar=2024)
    SisaRegeling.objects.filter(jaar=2024, regeling="SPUK-IV").update(uitkeringscode="IV-2024")
    upload(landelijk, gemeente, xlsx(GOED), jaar=2024)
    antwoord = landelijk.post(_url(gemeente, 2025), {"actie": "kopieren"})
    assert antwoord.status_code == 302
    kopie = list(
        SisaIndicator.objects.filter(jaar=2025, regeling="SPUK-IV").values_list(
            "code",
            "sleutel",
            "soort",
            "aard_controle",
            "is_voorbeeld",  # voorbeeld: to check
        )
    )
    assert kopie == [
        ("IV-01", "besteding", "bedrag", "R", True),
        ("IV-02", "besteding_cumulatief", "bedrag", "R", True),
        ("IV-03", "asiel_1", "aantal", "D1", True),
        ("IV-04", "eindverantwoording", "ja_nee", "n.v.t.", True),
        ("IV-05", "correctie_besteding", "bedrag", "D2", True),
        ("IV-06", "toekenning_bron", "tekst", "n.v.t.", True),
    ]
    assert SisaRegeling.objects.get(jaar=2025, regeling="SPUK-IV").uitkeringscode == "IV-2024"
    assert SisaIndicator.objects.filter(jaar=2025, regeling="SPUK-OR").count() == 5
    assert LandelijkeWijziging.objects.filter(actie="gekopieerd").count() == 2
    # Once checked, a copy would overwrite that work: refused.
    SisaIndicator.objects.filter(jaar=2025).update(is_voorbeeld=False)
    antwoord = landelijk.post(_url(gemeente, 2025), {"actie": "kopieren"})
    assert "al gecontroleerd" in antwoord.content.decode()


def test_kopieren_zonder_definities_van_vorig_jaar(landelijk, gemeente):
    antwoord = landelijk.post(_url(gemeente, 2025), {"actie": "kopieren"})
    assert antwoord.status_code == 200
    assert "Voor 2024 zijn geen definities vastgelegd" in antwoord.content.decode()
    assert not SisaIndicator.objects.exists()
