"""Paid invoices from the finance system's csv/xlsx export: the gemeente's own columns, the
same preview, the same service, and a row booked twice books nothing the second time."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from inburgering.models import Factuur
from koppelingen.efacturen import boek_inlezing, lees_export_in
from koppelingen.factuurexport import zet_kolommen
from koppelingen.models import Ublregel
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
