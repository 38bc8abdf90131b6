"""Paid invoices from the finance system's csv/xlsx export: the gemeente's own columns, the
same preview, the same service, and a row booked twice books nothing the second time."""

import io
import time
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from inburgering.models import Factuur
from koppelingen.efacturen import boek_inlezing, lees_export_in
from koppelingen.factuurexport import MAX_RIJEN, te_veel_rijen, zet_kolommen
from koppelingen.models import Ublinlezing, Ublregel
from tests.factories import AanbiederFactory, InburgeraarFactory, VerplichtingFactory

pytestmark = pytest.mark.django_db
S = Ublregel.Status

KOLOMMEN = {
    "verplichting": "Ordernummer",
    "factuurnummer": "Factuurnr",
    "datum": "Factuurdatum",
    "bedrag": "Bedrag incl",
    "btw": "BTW",
    "btw_compensabel": "BCF",
    "leverancier": "Crediteur",
    "kenmerk": "Klant",
}


@pytest.fixture
def verplichting(gemeente):
    aanbieder = AanbiederFactory(gemeente=gemeente, naam="Taalschool Noord")
    persoon = InburgeraarFactory(gemeente=gemeente, kenmerk="K-1")
    return VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=persoon,
        aanbieder=aanbieder,
        nummer="V2026-00001",
        bedrag=Decimal("3000.00"),
        datum=date(2026, 1, 2),
    )


CSV = (
    b"Ordernummer;Factuurnr;Factuurdatum;Bedrag incl;BTW;BCF;Crediteur;Klant\n"
    b"V2026-00001;K2F-1;15-03-2026;1.210,00;210,00;;Taalschool Noord;\n"
    b";K2F-2;16-03-2026;121,00;21,00;nee;Taalschool Noord;K-1\n"
    b"V2026-00001;K2F-3;31-02-2026;10,00;;;Taalschool Noord;\n"
    b"V2026-00001;K2F-4;17-03-2026;veel;;;Taalschool Noord;\n"
    b"V2026-00001;K2F-5;17-03-2026;10,00;;misschien;Taalschool Noord;\n"
)


def test_csv_met_eigen_kolommen_voorbeeld_en_boeken(gemeente, verplichting):
    zet_kolommen(gemeente=gemeente, kolommen=KOLOMMEN)
    inlezing = lees_export_in(gemeente=gemeente, naam="betaald.csv", inhoud=CSV)
    regels = list(inlezing.regels.order_by("id"))
    assert [r.status for r in regels] == [S.GEMATCHT, S.GEMATCHT, S.FOUT, S.FOUT, S.FOUT]
    assert regels[0].bedrag == Decimal("1210.00") and regels[0].btw == Decimal("210.00")
    # R8: an empty BCF column is ja, so the first row's last is 1,210.00 - 210.00 = 1,000.00
    # and 3,000.00 - 1,000.00 = 2,000.00 stays open; the second row's btw is not compensable,
    # so its whole 121.00 is charged: 2,000.00 - 121.00 = 1,879.00.
    assert (regels[0].last, regels[0].open_voor, regels[0].open_na) == (
        Decimal("1000.00"),
        Decimal("3000.00"),
        Decimal("2000.00"),
    )
    assert (regels[1].last, regels[1].open_voor, regels[1].open_na) == (
        Decimal("121.00"),
        Decimal("2000.00"),
        Decimal("1879.00"),
    )
    assert "datum" in regels[2].reden and "bedrag" in regels[3].reden
    assert regels[4].reden.startswith("Btw compensabel: 'misschien' is geen ja of nee")
    assert regels[3].bestandsnaam == "betaald.csv regel 5"
    assert boek_inlezing(inlezing=inlezing) == (2, 0)
    geboekt = Factuur.objects.values_list("factuurnummer", "btw", "btw_compensabel", "last")
    assert sorted(geboekt) == [
        ("K2F-1", Decimal("210.00"), True, Decimal("1000.00")),
        ("K2F-2", Decimal("21.00"), False, Decimal("121.00")),
    ]
    # The same export again: both rows were booked, nothing is booked twice.
    tweede = lees_export_in(gemeente=gemeente, naam="betaald.csv", inhoud=CSV)
    assert {r.status for r in tweede.regels.all()[:2]} == {S.AL_GEBOEKT}
    assert boek_inlezing(inlezing=tweede) == (0, 0)
    assert Factuur.objects.count() == 2


def test_xlsx_met_echte_datums_en_getallen(gemeente, verplichting):
    boek = Workbook()
    blad = boek.active
    blad.append(["factuurnummer", "datum", "bedrag", "verplichting"])
    blad.append(["X-1", date(2026, 4, 1), 250.5, "V2026-00001"])
    uit = io.BytesIO()
    boek.save(uit)
    inlezing = lees_export_in(gemeente=gemeente, naam="export.xlsx", inhoud=uit.getvalue())
    regel = inlezing.regels.get()
    assert (regel.status, regel.bedrag, regel.datum) == (
        S.GEMATCHT,
        Decimal("250.50"),
        date(2026, 4, 1),
    )


def test_ontbrekende_kolom_in_een_zin(gemeente):
    inlezing = lees_export_in(gemeente=gemeente, naam="x.csv", inhoud=b"a;b\n1;2\n")
    regel = inlezing.regels.get()
    assert regel.status == S.FOUT and "ontbreken" in regel.reden


def test_kolommen_instellen_in_de_browser(beheerder_client, gemeente):
    response = beheerder_client.post(
        "/GM0397/e-facturen/kolommen/",
        {"factuurnummer": "Nr", "datum": "Datum", "bedrag": "Bedrag"},
    )
    assert response.status_code == 302
    from koppelingen.factuurexport import kolommen

    assert kolommen(gemeente)["factuurnummer"] == "Nr"


# --- the xlsx goes through the product's one guard (kern.afscherming, kern.xlsx_lezen) ---------

MB = 1024 * 1024


def _xlsx(rijen) -> bytes:
    boek = Workbook()
    blad = boek.active
    for rij in rijen:
        blad.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _vervang(xlsx: bytes, naam: str, schrijf) -> bytes:
    """The workbook with part `naam` replaced by what schrijf(stroom) writes (streamed, so a
    bomb of hundreds of MB unpacked never sits in memory) and every other part as it was."""
    uit = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as bron,
        zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel,
    ):
        for info in bron.infolist():
            if info.filename != naam:
                doel.writestr(info.filename, bron.read(info))
        with doel.open(naam, "w", force_zip64=True) as stroom:
            schrijf(stroom)
    return uit.getvalue()


BLAD = "xl/worksheets/sheet1.xml"
KOP = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
STAART = b"</sheetData></worksheet>"


def _bom(uitgepakt_mb: int) -> bytes:
    """A small xlsx whose sheet unpacks to uitgepakt_mb MB (spaces compress ~1000 to 1)."""

    def schrijf(stroom):
        stroom.write(KOP)
        blok = b" " * MB
        for _ in range(uitgepakt_mb):
            stroom.write(blok)
        stroom.write(STAART)

    return _vervang(_xlsx([["factuurnummer", "datum", "bedrag"]]), BLAD, schrijf)


@pytest.fixture
def openpyxl_geopend(monkeypatch):
    """Every call of openpyxl's load_workbook by the readers, wherever it is imported."""
    import kern.xlsx_lezen
    import koppelingen.factuurexport

    geopend = []
    for module in (kern.xlsx_lezen, koppelingen.factuurexport):
        if origineel := getattr(module, "load_workbook", None):

            def opnemen(*args, _origineel=origineel, **kwargs):
                geopend.append(args)
                return _origineel(*args, **kwargs)

            monkeypatch.setattr(module, "load_workbook", opnemen)
    return geopend


@pytest.mark.parametrize(
    ("limiet_mb", "uitgepakt_mb"),
    [
        (None, 310),  # the shared default, WERKBOEK_MAX_UITGEPAKT_MB = 300
        (20, 60),  # a lower setting is honoured too (below the old declared 100 MB check)
    ],
)
def test_zipbom_xlsx_op_grootte_geweigerd_voordat_openpyxl_hem_opent(
    gemeente, settings, openpyxl_geopend, limiet_mb, uitgepakt_mb
):
    if limiet_mb:
        settings.WERKBOEK_MAX_UITGEPAKT = limiet_mb * MB
    bom = _bom(uitgepakt_mb)
    assert len(bom) < uitgepakt_mb * MB // 200
    begin = time.monotonic()
    inlezing = lees_export_in(gemeente=gemeente, naam="betaald.xlsx", inhoud=bom)
    duur = time.monotonic() - begin
    regel = inlezing.regels.get()
    grens = settings.WERKBOEK_MAX_UITGEPAKT // MB
    assert regel.status == S.FOUT
    # The shared guard's sentence: what is wrong (unpacked size), what is expected.
    assert regel.reden.startswith(f"Dit werkboek is uitgepakt groter dan {grens} MB;")
    assert "splits het werkboek" in regel.reden
    assert openpyxl_geopend == []
    assert duur < 5, duur


def test_rijenbom_xlsx_stopt_bij_de_rijlimiet_zonder_alles_te_lezen(gemeente):
    """A sheet of a million rows (50 MB unpacked, 100 kB packed): within the size limits, so
    the row limit refuses it; the reader stops at row 20,002 instead of reading the million
    (the old reader read them all first: 28 s in this test). The sheet states its dimension,
    as Excel and openpyxl write it; without one openpyxl scans the whole sheet once when it
    opens it, which the shared guard bounds by WERKBOEK_MAX_SECONDEN."""

    def schrijf(stroom):
        stroom.write(KOP.replace(b"<sheetData>", b'<dimension ref="A1:A1000000"/><sheetData>'))
        rij = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
        for _ in range(20):
            stroom.write(rij * 50_000)
        stroom.write(STAART)

    bom = _vervang(_xlsx([["factuurnummer"]]), BLAD, schrijf)
    assert len(bom) < MB
    begin = time.monotonic()
    inlezing = lees_export_in(gemeente=gemeente, naam="betaald.xlsx", inhoud=bom)
    duur = time.monotonic() - begin
    regel = inlezing.regels.get()
    assert (regel.status, regel.reden) == (S.FOUT, te_veel_rijen())
    assert duur < 10, duur


def test_te_veel_regels_met_de_rijlimiet_csv_en_xlsx(gemeente):
    rijen = [["factuurnummer", "datum", "bedrag"]] + [
        [f"F-{i}", "01-03-2026", "10,00"] for i in range(MAX_RIJEN + 1)
    ]
    csv_inhoud = "\n".join(";".join(r) for r in rijen).encode()
    for naam, inhoud in (("betaald.csv", csv_inhoud), ("betaald.xlsx", _xlsx(rijen))):
        regel = lees_export_in(gemeente=gemeente, naam=naam, inhoud=inhoud).regels.get()
        assert (regel.status, regel.reden) == (S.FOUT, te_veel_rijen()), naam
    assert te_veel_rijen() == (
        "Dit bestand heeft meer dan 20.000 regels met facturen; er worden er hoogstens 20.000 "
        "tegelijk ingelezen. Splits de export, bijvoorbeeld per maand, en lees de delen na "
        "elkaar in."
    )


def test_rijlimiet_telt_de_kop_niet_mee(gemeente, monkeypatch):
    import koppelingen.factuurexport

    monkeypatch.setattr(koppelingen.factuurexport, "MAX_RIJEN", 3)
    kop = ["factuurnummer", "datum", "bedrag"]
    for aantal, te_veel in ((3, False), (4, True)):
        rijen = [kop] + [[f"F-{i}", "01-03-2026", "10,00"] for i in range(aantal)]
        csv_inhoud = "\n".join(";".join(r) for r in rijen).encode()
        for naam, inhoud in (("b.csv", csv_inhoud), ("b.xlsx", _xlsx(rijen))):
            redenen = [
                r.reden
                for r in lees_export_in(gemeente=gemeente, naam=naam, inhoud=inhoud).regels.all()
            ]
            assert (redenen == [te_veel_rijen()]) is te_veel, (naam, aantal, redenen)
            assert len(redenen) == (1 if te_veel else aantal)


def _macro_inhoudstype(xlsx: bytes) -> bytes:
    """An .xlsm's own [Content_Types].xml: the main part declared macro-enabled."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        typen = z.read("[Content_Types].xml")
    typen = typen.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in typen
    return _vervang(xlsx, "[Content_Types].xml", lambda s: s.write(typen))


@pytest.mark.parametrize(
    "maak",
    [
        lambda x: _vervang(x, "xl/vbaProject.bin", lambda s: s.write(b"\xd0\xcf\x11\xe0macro")),
        _macro_inhoudstype,
    ],
    ids=["vbaProject", "macro-inhoudstype"],
)
def test_werkboek_met_macros_geweigerd(gemeente, openpyxl_geopend, maak):
    inhoud = maak(_xlsx([["factuurnummer", "datum", "bedrag"], ["F-1", "01-03-2026", "10,00"]]))
    regel = lees_export_in(gemeente=gemeente, naam="betaald.xlsx", inhoud=inhoud).regels.get()
    assert regel.status == S.FOUT
    assert regel.reden.startswith("Dit werkboek bevat macro's (.xlsm). Sla het in Excel op")
    assert openpyxl_geopend == []


def test_xlsm_in_de_browser_geweigerd_voor_het_lezen(adviseur_client, gemeente):
    inhoud = _xlsx([["factuurnummer", "datum", "bedrag"], ["F-1", "01-03-2026", "10,00"]])
    response = adviseur_client.post(
        "/GM0397/e-facturen/export/", {"export": SimpleUploadedFile("betaald.xlsm", inhoud)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een werkboek met macro&#x27;s (.xlsm) wordt niet gelezen." in html
    assert Ublinlezing.objects.count() == 0


def test_te_groot_bestand_in_de_browser_geweigerd_voor_het_lezen(adviseur_client, monkeypatch):
    from koppelingen import forms

    monkeypatch.setattr(forms.FactuurexportForm.base_fields["export"], "max_grootte", 10)
    response = adviseur_client.post(
        "/GM0397/e-facturen/export/", {"export": SimpleUploadedFile("betaald.csv", CSV)}
    )
    assert response.status_code == 400
    assert "Het bestand is groter dan 20 MB" in response.content.decode()
    assert Ublinlezing.objects.count() == 0


def test_geen_bestand_gekozen(adviseur_client):
    response = adviseur_client.post("/GM0397/e-facturen/export/", {})
    assert response.status_code == 400
    assert "Kies een csv- of xlsx-bestand met betaalde facturen." in response.content.decode()


def _voorbeeld(inlezing):
    return [
        (r.bestandsnaam.rsplit(" ", 2)[1:], r.status, r.reden, r.bedrag, r.btw, r.last)
        for r in inlezing.regels.order_by("id")
    ]


def test_xlsx_geeft_hetzelfde_voorbeeld_en_dezelfde_boeking_als_csv(gemeente, verplichting):
    zet_kolommen(gemeente=gemeente, kolommen=KOLOMMEN)
    rijen = [r.split(";") for r in CSV.decode().strip().split("\n")]
    uit_csv = lees_export_in(gemeente=gemeente, naam="betaald.csv", inhoud=CSV)
    uit_xlsx = lees_export_in(gemeente=gemeente, naam="betaald.xlsx", inhoud=_xlsx(rijen))
    assert _voorbeeld(uit_xlsx) == _voorbeeld(uit_csv)
    assert [r.status for r in uit_xlsx.regels.order_by("id")][:2] == [S.GEMATCHT, S.GEMATCHT]
    assert boek_inlezing(inlezing=uit_xlsx) == (2, 0)
    assert sorted(Factuur.objects.values_list("factuurnummer", "last")) == [
        ("K2F-1", Decimal("1000.00")),
        ("K2F-2", Decimal("121.00")),
    ]
    # The csv's rows are the same invoices: booked once, so nothing is left to book.
    assert boek_inlezing(inlezing=uit_csv) == (0, 0)


def test_export_in_de_browser_voorbeeld_boeken_en_het_bestand_niet_bewaard(
    adviseur_client, gemeente, verplichting
):
    from django.apps import apps
    from django.db import models

    zet_kolommen(gemeente=gemeente, kolommen=KOLOMMEN)
    geheim = "NIET-BEWAREN-7391"
    inhoud = CSV.replace(b"Klant\n", b"Klant;Opmerking\n", 1).replace(
        b"Taalschool Noord;\n", f"Taalschool Noord;;{geheim}\n".encode(), 1
    )
    assert geheim.encode() in inhoud
    response = adviseur_client.post(
        "/GM0397/e-facturen/export/", {"export": SimpleUploadedFile("betaald.csv", inhoud)}
    )
    assert response.status_code == 302
    pagina = adviseur_client.get(response["Location"]).content.decode()
    assert "2 gekoppelde facturen boeken" in pagina
    inlezing = Ublinlezing.objects.get()
    adviseur_client.post(response["Location"] + "boeken/")
    assert sorted(Factuur.objects.values_list("factuurnummer", flat=True)) == ["K2F-1", "K2F-2"]
    # The file itself is kept nowhere: no file field in koppelingen, and what the preview keeps
    # per row holds nothing of a column it does not use.
    assert not [
        f
        for m in apps.get_app_config("koppelingen").get_models()
        for f in m._meta.fields
        if isinstance(f, models.FileField)
    ]
    bewaard = repr(list(Ublregel.objects.filter(inlezing=inlezing).values()))
    assert geheim not in bewaard and "K2F-1" in bewaard
