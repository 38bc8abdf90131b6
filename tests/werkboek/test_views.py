"""The browser: upload, preview with problems, confirm, progress, template and export."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from inburgering.models import Inburgeraar
from kern.models import Formulierinzending, Rol
from tests.formulieren import AL_VERZONDEN, knop_twee_keer, met_token
from werkboek.models import ImportRun

from .factories import ImportRunFactory
from .werkboeken import als_xlsx, voorbeeld_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(adviseur_client, gemeente, django_capture_on_commit_callbacks):
    """Upload as the adviser; the check task runs (in-process) once the upload commits."""

    def doe(inhoud, naam="register.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            adviseur_client.post(
                reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code}),
                {"bestand": SimpleUploadedFile(naam, inhoud)},
            )
        run = ImportRun.objects.latest("id")
        return adviseur_client.get(
            reverse("werkboek:import", kwargs={"gemeente": gemeente.code, "pk": run.pk})
        )

    return doe


def bevestig(client, gemeente, run, capture):
    with capture(execute=True):
        client.post(
            reverse("werkboek:bevestigen", kwargs={"gemeente": gemeente.code, "pk": run.pk})
        )
    return client.get(reverse("werkboek:import", kwargs={"gemeente": gemeente.code, "pk": run.pk}))


def test_upload_toont_voorbeeld_en_schrijft_pas_na_bevestigen(
    adviseur_client, gemeente, upload, django_capture_on_commit_callbacks
):
    antwoord = upload(als_xlsx(voorbeeld_b()))
    inhoud = antwoord.content.decode()
    assert "Klaar om te importeren" in inhoud
    assert "Aan te maken" in inhoud and ">33<" in inhoud  # 33 inburgeraars to create
    assert not Inburgeraar.objects.exists()
    run = ImportRun.objects.get()
    antwoord = bevestig(adviseur_client, gemeente, run, django_capture_on_commit_callbacks)
    assert "Het werkboek is geïmporteerd" in antwoord.content.decode()
    assert Inburgeraar.objects.filter(gemeente=gemeente).count() == 33
    run.refresh_from_db()
    assert run.status == ImportRun.Status.GEIMPORTEERD and run.bevestigd_door is not None
    assert bytes(run.inhoud) == b""  # the uploaded file (BSNs) is not kept after the import


def test_dubbel_bevestigen_importeert_een_keer(
    adviseur_client, gemeente, upload, django_capture_on_commit_callbacks
):
    upload(als_xlsx(voorbeeld_b()))
    run = ImportRun.objects.get()
    bevestig(adviseur_client, gemeente, run, django_capture_on_commit_callbacks)
    url = reverse("werkboek:bevestigen", kwargs={"gemeente": gemeente.code, "pk": run.pk})
    antwoord = adviseur_client.post(url, follow=True)
    assert "niet (meer) klaar" in antwoord.content.decode()
    assert Inburgeraar.objects.count() == 33


def test_problemen_met_tabblad_rij_kolom_en_geen_bevestigknop(upload):
    rijen = voorbeeld_b()
    rijen["Inburgeraars"][4]["doelgroep"] = "statushouder"
    antwoord = upload(als_xlsx(rijen))
    inhoud = antwoord.content.decode()
    assert "1 probleem" in inhoud
    assert '<td class="utrecht-table__cell app-bedrag">6</td>' in inhoud
    assert "&#x27;statushouder&#x27; is geen geldige doelgroep" in inhoud
    assert "Bevestigen en importeren" not in inhoud


def test_werkboek_van_een_andere_gemeente_wordt_geweigerd(upload):
    antwoord = upload(als_xlsx(voorbeeld_b(code="GM0392")))
    assert "Dit werkboek is van gemeente GM0392" in antwoord.content.decode()


def test_geen_werkboek_geeft_een_zin_in_de_browser(upload):
    antwoord = upload(b"dit is geen excel", naam="lijst.csv")
    assert "Dit bestand is geen Excel-werkboek" in antwoord.content.decode()


def test_lezer_ziet_imports_maar_kan_niet_uploaden(client, gemeente, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol(Rol.BELEIDSMEDEWERKER))
    ImportRunFactory(gemeente=gemeente, bestandsnaam="oud.xlsx")
    url = reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code})
    inhoud = client.get(url).content.decode()
    assert "oud.xlsx" in inhoud and "Uploaden en controleren" not in inhoud
    assert client.post(url, {}).status_code == 403


def test_voortgang_ververst_de_pagina_als_de_import_klaar_is(adviseur_client, gemeente):
    run = ImportRunFactory(gemeente=gemeente, status=ImportRun.Status.CONTROLEREN)
    url = reverse("werkboek:voortgang", kwargs={"gemeente": gemeente.code, "pk": run.pk})
    bezig = adviseur_client.get(url, HTTP_HX_REQUEST="true")
    assert "<progress" in bezig.content.decode() and "HX-Refresh" not in bezig
    run.status = ImportRun.Status.KLAAR
    run.save()
    klaar = adviseur_client.get(url, HTTP_HX_REQUEST="true")
    assert klaar["HX-Refresh"] == "true"


def test_sjabloon_heeft_toelichting_keuzelijsten_en_voorbeelden(adviseur_client, gemeente):
    antwoord = adviseur_client.get(reverse("werkboek:sjabloon", kwargs={"gemeente": gemeente.code}))
    wb = load_workbook(BytesIO(antwoord.content))
    assert wb.sheetnames[0] == "Toelichting" and wb.sheetnames[-1] == "Voorbeelden"
    lijsten = {
        str(dv.sqref).split(":")[0]: dv.formula1
        for dv in wb["Inburgeraars"].data_validations.dataValidation
    }
    assert lijsten["B2"] == '"asiel,gezin,overig"'
    assert "BRUGKLAS" in wb["Verplichtingen"].data_validations.dataValidation[0].formula1
    assert "VOORBEELDEN" in wb["Voorbeelden"]["A1"].value
    # Downloaded inside a gemeente, its Gemeente row is filled in: the empty template imports
    # into that gemeente as it is (nothing else to do).
    assert [c.value for c in wb["Gemeente"][2]] == [gemeente.code, gemeente.naam, gemeente.inwoners]
    toelichting = [c.value for rij in wb["Toelichting"].iter_rows() for c in rij if c.value]
    assert any(f"gemeente {gemeente.naam} ({gemeente.code})" in str(t) for t in toelichting)
    # The instructions speak to the user, not of the product's own files.
    assert not any(".md" in str(t) or ".py" in str(t) or "R12" in str(t) for t in toelichting)
    from werkboek.services import importeer_werkboek

    uitkomst = importeer_werkboek(
        bestand=antwoord.content, bron="sjabloon.xlsx", gemeente_code=gemeente.code
    )
    assert uitkomst.problemen == [] and uitkomst.is_geldig


def test_sjabloon_buiten_een_gemeente_laat_de_gemeente_rij_leeg():
    from werkboek.services import importeer_werkboek
    from werkboek.sjabloon import maak_sjabloon

    uitkomst = importeer_werkboek(bestand=maak_sjabloon(), bron="sjabloon.xlsx")
    assert [(p.tabblad, p.rij) for p in uitkomst.problemen] == [("Gemeente", 2)]


def test_export_download(adviseur_client, gemeente):
    antwoord = adviseur_client.get(
        reverse("werkboek:exporteren", kwargs={"gemeente": gemeente.code})
    )
    assert antwoord["Content-Disposition"].startswith('attachment; filename="werkboek-GM0397-')
    assert antwoord.streaming  # from a spooled file: bounded memory
    wb = load_workbook(BytesIO(antwoord.getvalue()))
    assert wb["Gemeente"]["A2"].value == "GM0397"


@pytest.mark.parametrize("aantal", [1, 30])
def test_overzicht_heeft_een_vast_aantal_queries(
    adviseur_client, gemeente, aantal, django_assert_max_num_queries
):
    ImportRunFactory.create_batch(aantal, gemeente=gemeente)
    url = reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code})
    with django_assert_max_num_queries(8):
        assert adviseur_client.get(url).status_code == 200


def _voorbeeldtabel(inhoud: str, tabblad: str) -> str:
    """The HTML of the preview table of one sheet."""
    begin = inhoud.index(f">{tabblad}</h3>")
    return inhoud[begin : inhoud.index("</section>", begin)]


def test_voorbeeld_toont_per_tabblad_de_nieuwe_rijen_met_gemaskeerd_bsn(upload):
    from .werkboeken import volledig

    inhoud = upload(als_xlsx(volledig())).content.decode()
    personen = _voorbeeldtabel(inhoud, "Inburgeraars")
    # The first ten of 33, by kenmerk with what they get; the rest as a count.
    assert ">B001</th>" in personen and ">B010</th>" in personen and "B011" not in personen
    assert "En nog 23 rijen op dit tabblad." in personen
    assert "Doelgroep: Asielstatushouder" in personen and "Startdatum: 01-03-2024" in personen
    assert "BSN: ******333" in personen and "111222333" not in inhoud
    verplichtingen = _voorbeeldtabel(inhoud, "Verplichtingen")
    assert ">V-003</th>" in verplichtingen and "Nieuw" in verplichtingen
    assert "€\xa012.000,00" in verplichtingen or "€ 12.000,00" in verplichtingen
    assert "Uitvoeringsbudget (gemeentefonds)" in verplichtingen  # a label, not UITVOERING
    assert "En nog" not in verplichtingen
    facturen = _voorbeeldtabel(inhoud, "Facturen")
    assert "-€ 100,50" in facturen and "Btw" not in facturen  # no btw: not mentioned


def test_voorbeeld_toont_wat_er_aan_een_bestaande_rij_verandert(
    adviseur_client, gemeente, upload, django_capture_on_commit_callbacks
):
    upload(als_xlsx(voorbeeld_b()))
    bevestig(adviseur_client, gemeente, ImportRun.objects.get(), django_capture_on_commit_callbacks)
    rijen = voorbeeld_b()
    rijen["Inburgeraars"][1]["doelgroep"] = "gezin"
    rijen["Inburgeraars"][1]["leerroute"] = ""
    rijen["Inburgeraars"][2]["bsn"] = "111222333"
    inhoud = upload(als_xlsx(rijen)).content.decode()
    personen = _voorbeeldtabel(inhoud, "Inburgeraars")
    assert personen.count("Gewijzigd") == 2 and "Nieuw" not in personen
    assert "Doelgroep: Asielstatushouder → Gezinsmigrant" in personen
    assert "Leerroute bij start: B1-route → —" in personen
    assert "BSN: — → ******333" in personen and "111222333" not in inhoud
    # Sheets where nothing changes get no table.
    assert ">Parameters</h3>" not in inhoud


def test_geimporteerde_inburgeraar_toont_sinds_in_lijst_en_detail(
    adviseur_client, gemeente, upload, django_capture_on_commit_callbacks
):
    upload(als_xlsx(voorbeeld_b()))
    bevestig(adviseur_client, gemeente, ImportRun.objects.get(), django_capture_on_commit_callbacks)
    persoon = Inburgeraar.objects.get(kenmerk="B001")  # startdatum 01-03-2024, no changes
    lijst = adviseur_client.get(
        reverse("inburgering:inburgeraars", kwargs={"gemeente": gemeente.code}),
        {"zoek": "B001"},
    ).content.decode()
    rij = lijst[lijst.index(">B001<") :]
    assert "01-03-2024" in rij[: rij.index("</tr>")]
    # The kenmerk (0397-2022-001 in the demo) never breaks at its hyphens.
    assert '<th scope="row" class="utrecht-table__header-cell app-code">' in lijst
    detail = adviseur_client.get(
        reverse("inburgering:inburgeraar", kwargs={"gemeente": gemeente.code, "pk": persoon.pk})
    ).content.decode()
    assert "sinds 01-03-2024" in detail


# --- Upload and confirm go through kern.eenmalig.verwerk_formulier -----------------------------


def test_upload_twee_keer_met_hetzelfde_token_start_een_import(
    adviseur_client, gemeente, django_capture_on_commit_callbacks
):
    url = reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code})
    gegevens = met_token(adviseur_client, url, {})
    inhoud = als_xlsx(voorbeeld_b())
    with django_capture_on_commit_callbacks(execute=True):
        eerste = adviseur_client.post(
            url, {**gegevens, "bestand": SimpleUploadedFile("r.xlsx", inhoud)}
        )
        tweede = adviseur_client.post(
            url, {**gegevens, "bestand": SimpleUploadedFile("r.xlsx", inhoud)}, follow=True
        )
    assert eerste.status_code == 302
    assert ImportRun.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
    assert tweede.redirect_chain[-1][0] == eerste["Location"]


def test_bevestigen_twee_keer_met_hetzelfde_token_importeert_een_keer(
    adviseur_client, gemeente, upload, django_capture_on_commit_callbacks
):
    upload(als_xlsx(voorbeeld_b()))
    run = ImportRun.objects.get()
    pagina = reverse("werkboek:import", kwargs={"gemeente": gemeente.code, "pk": run.pk})
    actie = reverse("werkboek:bevestigen", kwargs={"gemeente": gemeente.code, "pk": run.pk})
    with django_capture_on_commit_callbacks(execute=True):
        eerste, tweede = knop_twee_keer(adviseur_client, pagina, actie)
    assert eerste.status_code == 302
    assert Inburgeraar.objects.filter(gemeente=gemeente).count() == 33
    assert Formulierinzending.objects.count() == 1
    assert AL_VERZONDEN in tweede.content.decode()
