"""E-invoices (UBL): read safely, matched to commitments, previewed, booked once."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Factuur
from kern.models import AuditRecord
from koppelingen.efacturen import boek_inlezing, lees_in
from koppelingen.models import Ublregel
from koppelingen.ubl import UblFout, lees, pak_uit
from tests.factories import AanbiederFactory, InburgeraarFactory, VerplichtingFactory

from .ubl_voorbeelden import BILLION_LAUGHS, EXTERNE_ENTITEIT, PEPPOL, ubl

pytestmark = pytest.mark.django_db
S = Ublregel.Status


@pytest.fixture
def aanbieder(gemeente):
    return AanbiederFactory(gemeente=gemeente, naam="Taalschool Noord", kvk="12345678")


@pytest.fixture
def verplichting(gemeente, aanbieder):
    persoon = InburgeraarFactory(gemeente=gemeente, kenmerk="K-4711")
    return VerplichtingFactory(
        gemeente=gemeente,
        inburgeraar=persoon,
        aanbieder=aanbieder,
        nummer="V2026-00007",
        bedrag=Decimal("5000.00"),
        datum=date(2026, 1, 5),
    )


def test_leest_de_essentie_van_nlcius_en_peppol():
    f = lees(ubl(order="V2026-00007", bedrag="1210.00", btw="210.00"))
    assert (f.factuurnummer, f.datum, f.bedrag, f.btw) == (
        "INV-2026-001",
        date(2026, 3, 1),
        Decimal("1210.00"),
        Decimal("210.00"),
    )
    assert f.referenties == ["V2026-00007"] and f.kvk == "12345678"
    assert lees(ubl(customization=PEPPOL, koper="V1")).referenties == ["V1"]
    credit = lees(ubl(credit=True, bedrag="121.00", btw="21.00"))
    assert credit.is_credit and credit.bedrag == Decimal("-121.00")


@pytest.mark.parametrize(
    ("inhoud", "woord"),
    [
        (BILLION_LAUGHS, "DTD"),
        (EXTERNE_ENTITEIT, "DTD"),
        (b"<Invoice><niet-gesloten>", "geen geldige XML"),
        (b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>', "geen UBL"),
        (ubl(customization="urn:iets:anders"), "EN 16931"),
        (ubl(valuta="USD"), "EUR"),
        (ubl(bedrag="12,50"), "geen bedrag"),
    ],
)
def test_een_fout_bestand_in_een_zin(inhoud, woord):
    with pytest.raises(UblFout, match=woord):
        lees(inhoud)


def _zip(bestanden: dict[str, bytes]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, inhoud in bestanden.items():
            z.writestr(naam, inhoud)
    return uit.getvalue()


def test_zipbom_geweigerd_op_grootte_voor_het_uitpakken():
    bom = _zip({f"nul{i}.xml": b"\0" * (30 * 1024 * 1024) for i in range(4)})
    assert len(bom) < 1024 * 1024
    [(naam, fout)] = pak_uit("bom.zip", bom)
    assert isinstance(fout, UblFout) and "100 MB" in str(fout)


def test_match_op_referentie_voorbeeld_en_boeken(gemeente, verplichting, adviseur):
    inlezing = lees_in(
        gemeente=gemeente,
        bestanden=[
            ("a.xml", ubl(order="V2026-00007", nummer="A1", bedrag="1210.00")),
            ("b.xml", ubl(koper="V2026-00007", nummer="A2", bedrag="500.00")),
            ("kapot.xml", b"<Invoice>"),
            (
                "onbekend.xml",
                ubl(order="V-BESTAAT-NIET", nummer="A3", leverancier="Onbekend BV", kvk="99999999"),
            ),
        ],
    )
    regels = {r.bestandsnaam: r for r in inlezing.regels.all()}
    assert regels["a.xml"].status == S.GEMATCHT
    assert (regels["a.xml"].open_voor, regels["a.xml"].open_na) == (
        Decimal("5000.00"),
        Decimal("3790.00"),
    )
    # The second file on the same commitment sees what the first leaves open.
    assert regels["b.xml"].open_voor == Decimal("3790.00")
    assert regels["kapot.xml"].status == S.FOUT and regels["kapot.xml"].reden.endswith(".")
    assert regels["onbekend.xml"].status == S.NIET_GEMATCHT
    assert "Onbekend BV" in regels["onbekend.xml"].reden

    assert boek_inlezing(inlezing=inlezing, gebruiker=adviseur) == (2, 0)
    assert Factuur.objects.filter(verplichting=verplichting).count() == 2
    assert AuditRecord.objects.filter(object_type="factuur", bron="UBL-bestand a.xml").exists()
    # Booking again: nothing left.
    assert boek_inlezing(inlezing=inlezing, gebruiker=adviseur) == (0, 0)


def test_hetzelfde_bestand_twee_keer_boekt_de_tweede_keer_niets(gemeente, verplichting):
    bestand = ubl(order="V2026-00007", nummer="B1", bedrag="100.00")
    boek_inlezing(inlezing=lees_in(gemeente=gemeente, bestanden=[("x.xml", bestand)]))
    tweede = lees_in(gemeente=gemeente, bestanden=[("x-kopie.xml", bestand)])
    assert tweede.regels.get().status == S.AL_GEBOEKT
    assert boek_inlezing(inlezing=tweede) == (0, 0)
    assert Factuur.objects.count() == 1


def test_match_op_aanbieder_en_persoon_zonder_referentie(gemeente, verplichting):
    inlezing = lees_in(
        gemeente=gemeente,
        bestanden=[("p.xml", ubl(nummer="P1", bedrag="10.00", notitie="Cursist K-4711"))],
    )
    assert inlezing.regels.get().verplichting == verplichting


def test_boven_open_geweigerd_met_de_melding_van_de_dienst_andere_gaan_door(gemeente, verplichting):
    inlezing = lees_in(
        gemeente=gemeente,
        bestanden=[
            ("te-veel.xml", ubl(order="V2026-00007", nummer="T1", bedrag="6000.00")),
            ("goed.xml", ubl(order="V2026-00007", nummer="T2", bedrag="100.00")),
        ],
    )
    assert boek_inlezing(inlezing=inlezing) == (1, 1)
    fout = inlezing.regels.get(bestandsnaam="te-veel.xml")
    assert fout.status == S.GEWEIGERD and "hoger dan wat nog open staat" in fout.reden


def test_referentie_van_een_andere_gemeente_matcht_niet(gemeente, andere_gemeente, aanbieder):
    VerplichtingFactory(gemeente=andere_gemeente, nummer="V-VREEMD")
    inlezing = lees_in(gemeente=gemeente, bestanden=[("v.xml", ubl(order="V-VREEMD"))])
    assert inlezing.regels.get().status == S.NIET_GEMATCHT


def test_zip_met_facturen_in_de_browser(adviseur_client, verplichting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    z = _zip(
        {
            "1.xml": ubl(order="V2026-00007", nummer="Z1", bedrag="10.00"),
            "2.xml": ubl(order="V2026-00007", nummer="Z2", bedrag="20.00"),
        }
    )
    response = adviseur_client.post(
        "/GM0397/e-facturen/", {"bestanden": [SimpleUploadedFile("f.zip", z)]}
    )
    assert response.status_code == 302
    pagina = adviseur_client.get(response["Location"])
    assert "2 gekoppelde facturen boeken" in pagina.content.decode()
    adviseur_client.post(response["Location"] + "boeken/")
    assert Factuur.objects.count() == 2
