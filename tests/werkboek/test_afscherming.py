"""Hardening of the import (issue 14): no look into another gemeente, no zip bomb, no macros."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inburgering.models import Inburgeraar
from kern.bsn import versleutel, zoeksleutel
from tests.factories import InburgeraarFactory
from werkboek.afscherming import lees_begrensd, voer_begrensd_uit
from werkboek.lezen import GeenWerkboek, lees_werkboek
from werkboek.models import ImportRun
from werkboek.services import importeer_werkboek

from .slokop import slokop
from .werkboeken import als_xlsx, voorbeeld_b

pytestmark = pytest.mark.django_db

GERADEN_BSN = "111222333"


@pytest.fixture
def heemstede_persoon(gemeente):
    """A Heemstede person with a BSN a Haarlem user might guess."""
    return InburgeraarFactory(
        gemeente=gemeente,
        kenmerk="HEEM-GEHEIM",
        bsn_versleuteld=versleutel(GERADEN_BSN),
        bsn_zoeksleutel=zoeksleutel(GERADEN_BSN),
    )


def _werkboek_van_heemstede_met_geraden_bsn() -> bytes:
    rijen = voorbeeld_b(code="GM0397")
    rijen["Inburgeraars"][0]["bsn"] = GERADEN_BSN
    return als_xlsx(rijen)


def test_werkboek_van_een_andere_gemeente_wordt_geweigerd_voordat_er_iets_vergeleken_wordt(
    andere_gemeente, heemstede_persoon
):
    uitkomst = importeer_werkboek(
        bestand=_werkboek_van_heemstede_met_geraden_bsn(),
        bron="haarlem.xlsx",
        gemeente_code=andere_gemeente.code,
        proefdraai=True,
    )
    meldingen = [p.melding for p in uitkomst.problemen]
    assert meldingen == [
        "Dit werkboek is van gemeente GM0397, maar u importeert in GM0392. "
        "Kies de juiste gemeente of het juiste bestand."
    ]
    assert "HEEM-GEHEIM" not in " ".join(meldingen)
    assert uitkomst.samenvatting == {}  # no counts that confirm what Heemstede has


def test_browser_upload_in_haarlem_van_een_heemstede_werkboek_toont_niets_van_heemstede(
    client_met_rol, andere_gemeente, heemstede_persoon, django_capture_on_commit_callbacks
):
    client = client_met_rol("financieel_adviseur", andere_gemeente)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("werkboek:overzicht", kwargs={"gemeente": andere_gemeente.code}),
            {"bestand": SimpleUploadedFile("x.xlsx", _werkboek_van_heemstede_met_geraden_bsn())},
        )
    run = ImportRun.objects.get()
    pagina = client.get(
        reverse("werkboek:import", kwargs={"gemeente": andere_gemeente.code, "pk": run.pk})
    ).content.decode()
    assert run.status == ImportRun.Status.AFGEKEURD
    assert "Dit werkboek is van gemeente GM0397" in pagina
    assert "HEEM-GEHEIM" not in pagina and "hoort al bij" not in pagina
    assert Inburgeraar.objects.filter(gemeente=andere_gemeente).count() == 0


def test_opdrachtregel_importeert_nog_in_de_eigen_gemeente_van_het_werkboek(gemeente):
    uitkomst = importeer_werkboek(bestand=als_xlsx(voorbeeld_b()), bron="cli.xlsx")
    assert uitkomst.problemen == [] and uitkomst.geschreven
    assert Inburgeraar.objects.filter(gemeente=gemeente).count() == 33


# --- zip bombs and macros --------------------------------------------------------------------


def _bom(megabytes: int, *, onderdelen: int = 1) -> bytes:
    """A zip that is small on disk and huge unpacked (zeros compress about 1000:1)."""
    uit = io.BytesIO()
    nul = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(onderdelen):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w") as blad:
                for _ in range(megabytes // onderdelen):
                    blad.write(nul)
    return uit.getvalue()


def test_zipbom_wordt_geweigerd_voordat_openpyxl_hem_opent(settings):
    settings.WERKBOEK_MAX_UITGEPAKT = 50 * 1024 * 1024
    bom = _bom(200)
    assert len(bom) < 1024 * 1024  # small on disk
    uitkomst = importeer_werkboek(bestand=bom, bron="bom.xlsx", proefdraai=True)
    assert [p.melding for p in uitkomst.problemen] == [
        "Dit werkboek is uitgepakt groter dan 50 MB; dat is meer dan een werkboek van deze "
        "soort ooit nodig heeft. Controleer het bestand of splits het werkboek."
    ]


def test_zipbom_met_gelogen_grootte_wordt_ook_geweigerd(settings):
    """The sizes in a zip's directory are the sender's word: the check counts what unpacks."""
    settings.WERKBOEK_MAX_UITGEPAKT = 5 * 1024 * 1024
    bom = bytearray(_bom(20))
    # Lie in the central directory: claim 1 KB for the big sheet.
    with zipfile.ZipFile(io.BytesIO(bytes(bom))) as z:
        info = z.getinfo("xl/worksheets/sheet0.xml")
    positie = bytes(bom).rfind(b"PK\x01\x02")
    assert positie > 0 and info.file_size == 20 * 1024 * 1024
    bom[positie + 24 : positie + 28] = (1024).to_bytes(4, "little")
    uitkomst = importeer_werkboek(bestand=bytes(bom), bron="bom.xlsx", proefdraai=True)
    # Python stops a part at its stated size and then finds the CRC wrong: refused either way.
    assert uitkomst.aantal_problemen == 1 and not uitkomst.geschreven
    assert uitkomst.problemen[0].melding.startswith(("Dit werkboek is uitgepakt", "Dit bestand"))


def test_te_veel_onderdelen_in_de_zip_wordt_geweigerd(settings):
    settings.WERKBOEK_MAX_ONDERDELEN = 10
    uitkomst = importeer_werkboek(
        bestand=_bom(11, onderdelen=11), bron="veel.xlsx", proefdraai=True
    )
    assert "meer dan 10 onderdelen" in uitkomst.problemen[0].melding


def test_xlsm_met_macros_wordt_geweigerd():
    uit = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(als_xlsx(voorbeeld_b()))) as bron,
        zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel,
    ):
        for item in bron.infolist():
            doel.writestr(item, bron.read(item))
        doel.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    uitkomst = importeer_werkboek(bestand=uit.getvalue(), bron="macro.xlsm", proefdraai=True)
    assert "macro" in uitkomst.problemen[0].melding
    assert not Inburgeraar.objects.exists()


def test_upload_van_een_xlsm_bestand_wordt_in_het_formulier_geweigerd(adviseur_client, gemeente):
    antwoord = adviseur_client.post(
        reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code}),
        {"bestand": SimpleUploadedFile("register.xlsm", als_xlsx(voorbeeld_b()))},
    )
    assert antwoord.status_code == 200
    assert "macro" in antwoord.content.decode()
    assert not ImportRun.objects.exists()


def test_lezen_in_een_afgeschermd_proces_met_tijdslimiet(settings):
    settings.WERKBOEK_AFGESCHERMD = True
    settings.WERKBOEK_MAX_SECONDEN = 0.01
    uitkomst = importeer_werkboek(bestand=als_xlsx(voorbeeld_b()), bron="t.xlsx", proefdraai=True)
    assert "duurde te lang" in uitkomst.problemen[0].melding


def test_lezen_in_een_afgeschermd_proces_geeft_hetzelfde_als_in_het_proces(settings):
    inhoud = als_xlsx(voorbeeld_b())
    gewoon = importeer_werkboek(bestand=inhoud, bron="t.xlsx", proefdraai=True)
    settings.WERKBOEK_AFGESCHERMD = True
    afgeschermd = importeer_werkboek(bestand=inhoud, bron="t.xlsx", proefdraai=True)
    assert afgeschermd.samenvatting == gewoon.samenvatting
    assert afgeschermd.samenvatting["Inburgeraars"]["aangemaakt"] == 33


def test_het_afgeschermde_proces_stuurt_rijen_fouten_en_problemen_ongewijzigd_terug(settings):
    """The child sends plain tuples (werkboek.lezen.naar_draad): the Gelezen rebuilt from them
    equals the one read in-process, cell errors, problems and incomplete sheets included."""
    rijen = voorbeeld_b()
    rijen["Parameters"][0]["bedrag"] = "vijftien"  # a cell that cannot be read
    rijen["Inburgeraars"][0]["startdatum"] = None  # a required cell left empty
    inhoud = als_xlsx(rijen, weglaten=("Beschikkingen",))  # a missing sheet: incomplete
    gewoon = lees_werkboek(inhoud)
    assert gewoon.problemen.aantal >= 3 and gewoon.onvolledig
    assert any(r.fouten for r in gewoon.tabbladen["Parameters"])
    settings.WERKBOEK_AFGESCHERMD = True
    afgeschermd = lees_begrensd(inhoud)
    assert afgeschermd.tabbladen == gewoon.tabbladen
    assert afgeschermd.problemen.lijst == gewoon.problemen.lijst
    assert afgeschermd.problemen.aantal == gewoon.problemen.aantal
    assert afgeschermd.onvolledig == gewoon.onvolledig


def test_afgeschermd_proces_heeft_een_geheugenlimiet(settings):
    settings.WERKBOEK_MAX_GEHEUGEN = 300 * 1024 * 1024
    assert voer_begrensd_uit(slokop, (10,)) == 10 * 1024 * 1024  # within the limit: fine
    with pytest.raises(GeenWerkboek, match="te veel geheugen"):
        voer_begrensd_uit(slokop, (1000,))


def test_een_workerproces_start_zijn_leesserver_bij_het_opstarten(settings, monkeypatch):
    """A Celery worker process starts the reading server as it starts (config.celery), so the
    first upload does not wait for it; the children forked from it keep their limits."""
    from celery.signals import worker_process_init

    from kern import afscherming

    gestart = []
    monkeypatch.setattr(afscherming, "start_leesserver", lambda: gestart.append(True))
    worker_process_init.send(sender=None)
    assert gestart == [True]
    monkeypatch.undo()

    afscherming.start_leesserver()
    settings.WERKBOEK_MAX_GEHEUGEN = 300 * 1024 * 1024
    with pytest.raises(GeenWerkboek, match="te veel geheugen"):
        voer_begrensd_uit(slokop, (1000,))


# --- uploads are not kept (they hold BSNs) ---------------------------------------------------


def test_upload_die_nooit_bevestigd_wordt_is_na_24_uur_weg(upload_klaar):
    from django.utils import timezone

    from werkboek.tasks import ruim_uploads_op

    run = upload_klaar
    assert run.status == ImportRun.Status.KLAAR and bytes(run.inhoud)
    assert ruim_uploads_op() == 0  # younger than 24 hours: kept, it may still be confirmed
    ImportRun.objects.filter(pk=run.pk).update(
        aangemaakt_op=timezone.now() - timezone.timedelta(hours=25)
    )
    assert ruim_uploads_op() == 1
    run.refresh_from_db()
    assert bytes(run.inhoud) == b"" and run.status == ImportRun.Status.MISLUKT
    assert "Verlopen" in run.voortgang_tekst


def test_geweigerde_upload_bewaart_het_bestand_niet(
    adviseur_client, gemeente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        adviseur_client.post(
            reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code}),
            {"bestand": SimpleUploadedFile("x.xlsx", als_xlsx(voorbeeld_b(code="GM0392")))},
        )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.AFGEKEURD and bytes(run.inhoud) == b""


def test_mislukte_import_bewaart_het_bestand_niet(upload_klaar, monkeypatch):
    from werkboek import verwerking

    def stuk(**kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(verwerking, "importeer_werkboek", stuk)
    ImportRun.objects.filter(pk=upload_klaar.pk).update(status=ImportRun.Status.IMPORTEREN)
    verwerking.importeer(upload_klaar.pk)
    upload_klaar.refresh_from_db()
    assert upload_klaar.status == ImportRun.Status.MISLUKT and bytes(upload_klaar.inhoud) == b""


def test_beat_ruimt_uploads_elk_uur_op(settings):
    taak = settings.CELERY_BEAT_SCHEDULE["uploads-opruimen"]
    assert taak["task"] == "werkboek.tasks.ruim_uploads_op" and taak["schedule"] <= 3600


@pytest.fixture
def upload_klaar(adviseur_client, gemeente, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adviseur_client.post(
            reverse("werkboek:overzicht", kwargs={"gemeente": gemeente.code}),
            {"bestand": SimpleUploadedFile("x.xlsx", als_xlsx(voorbeeld_b()))},
        )
    return ImportRun.objects.get()
