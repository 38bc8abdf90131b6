"""E-invoices (UBL): read safely, matched to commitments, previewed, booked once."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from inburgering.models import Factuur, Verplichting
from inburgering.selectors import met_open_bedrag
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
            ("a.xml", ubl(order="V2026-00007", nummer="A1", bedrag="1210.00", btw="210.00")),
            ("b.xml", ubl(koper="V2026-00007", nummer="A2", bedrag="500.00", btw="86.78")),
            ("kapot.xml", b"<Invoice>"),
            (
                "onbekend.xml",
                ubl(order="V-BESTAAT-NIET", nummer="A3", leverancier="Onbekend BV", kvk="99999999"),
            ),
        ],
    )
    regels = {r.bestandsnaam: r for r in inlezing.regels.all()}
    assert regels["a.xml"].status == S.GEMATCHT
    # R8: the btw is compensable (the default), so the commitment carries the last:
    # 1,210.00 - 210.00 = 1,000.00, and 5,000.00 - 1,000.00 = 4,000.00 stays open.
    assert (regels["a.xml"].last, regels["a.xml"].open_voor, regels["a.xml"].open_na) == (
        Decimal("1000.00"),
        Decimal("5000.00"),
        Decimal("4000.00"),
    )
    # The second file on the same commitment sees what the first leaves open:
    # 500.00 - 86.78 = 413.22; 4,000.00 - 413.22 = 3,586.78.
    assert (regels["b.xml"].open_voor, regels["b.xml"].open_na) == (
        Decimal("4000.00"),
        Decimal("3586.78"),
    )
    assert regels["kapot.xml"].status == S.FOUT and regels["kapot.xml"].reden.endswith(".")
    assert regels["onbekend.xml"].status == S.NIET_GEMATCHT
    assert "Onbekend BV" in regels["onbekend.xml"].reden

    assert boek_inlezing(inlezing=inlezing, gebruiker=adviseur) == (2, 0)
    geboekt = {f.factuurnummer: f for f in Factuur.objects.filter(verplichting=verplichting)}
    assert {n: (f.bedrag, f.btw, f.btw_compensabel, f.last) for n, f in geboekt.items()} == {
        "A1": (Decimal("1210.00"), Decimal("210.00"), True, Decimal("1000.00")),
        "A2": (Decimal("500.00"), Decimal("86.78"), True, Decimal("413.22")),
    }
    # What the preview said stays open is what the commitment shows after booking.
    na = met_open_bedrag(Verplichting.objects.filter(pk=verplichting.pk)).get()
    assert na.open_bedrag == Decimal("3586.78")
    assert AuditRecord.objects.filter(object_type="factuur", bron="UBL-bestand a.xml").exists()
    # Booking again: nothing left.
    assert boek_inlezing(inlezing=inlezing, gebruiker=adviseur) == (0, 0)


def test_hetzelfde_bestand_twee_keer_boekt_de_tweede_keer_niets(gemeente, verplichting):
    bestand = ubl(order="V2026-00007", nummer="B1", bedrag="100.00", btw="17.36")
    boek_inlezing(inlezing=lees_in(gemeente=gemeente, bestanden=[("x.xml", bestand)]))
    tweede = lees_in(gemeente=gemeente, bestanden=[("x-kopie.xml", bestand)])
    assert tweede.regels.get().status == S.AL_GEBOEKT
    assert boek_inlezing(inlezing=tweede) == (0, 0)
    # Booked once, with its btw: 100.00 - 17.36 = 82.64 charged.
    assert list(Factuur.objects.values_list("bedrag", "btw", "last")) == [
        (Decimal("100.00"), Decimal("17.36"), Decimal("82.64"))
    ]


def test_match_op_aanbieder_en_persoon_zonder_referentie(gemeente, verplichting):
    inlezing = lees_in(
        gemeente=gemeente,
        bestanden=[
            ("p.xml", ubl(nummer="P1", bedrag="10.00", btw="1.74", notitie="Cursist K-4711"))
        ],
    )
    assert inlezing.regels.get().verplichting == verplichting


def test_boven_open_geweigerd_met_de_melding_van_de_dienst_andere_gaan_door(gemeente, verplichting):
    inlezing = lees_in(
        gemeente=gemeente,
        bestanden=[
            # R8: 6,050.00 is more than the 5,000.00 open, but its last is 6,050.00 - 1,050.00
            # = 5,000.00: it fits exactly.
            ("past.xml", ubl(order="V2026-00007", nummer="T1", bedrag="6050.00", btw="1050.00")),
            # Nothing is open after it: a last of 100.00 (no btw) is refused.
            ("te-veel.xml", ubl(order="V2026-00007", nummer="T2", bedrag="100.00", btw="0.00")),
            # The btw is more than the amount: refused in the preview, in the service's words.
            ("btw.xml", ubl(order="V2026-00007", nummer="T3", bedrag="10.00", btw="21.00")),
        ],
    )
    regels = {r.bestandsnaam: r for r in inlezing.regels.all()}
    assert (regels["past.xml"].open_voor, regels["past.xml"].open_na) == (
        Decimal("5000.00"),
        Decimal("0.00"),
    )
    assert (regels["te-veel.xml"].open_voor, regels["te-veel.xml"].open_na) == (
        Decimal("0.00"),
        Decimal("-100.00"),
    )
    assert regels["btw.xml"].status == S.FOUT and "groter dan het factuurbedrag" in (
        regels["btw.xml"].reden
    )
    assert boek_inlezing(inlezing=inlezing) == (1, 1)
    fout = inlezing.regels.get(bestandsnaam="te-veel.xml")
    assert fout.status == S.GEWEIGERD and "hoger dan wat nog open staat" in fout.reden
    assert inlezing.regels.get(bestandsnaam="past.xml").factuur.last == Decimal("5000.00")


def test_referentie_van_een_andere_gemeente_matcht_niet(gemeente, andere_gemeente, aanbieder):
    VerplichtingFactory(gemeente=andere_gemeente, nummer="V-VREEMD")
    inlezing = lees_in(gemeente=gemeente, bestanden=[("v.xml", ubl(order="V-VREEMD"))])
    assert inlezing.regels.get().status == S.NIET_GEMATCHT


def test_zip_met_facturen_in_de_browser(adviseur_client, verplichting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    z = _zip(
        {
            "1.xml": ubl(order="V2026-00007", nummer="Z1", bedrag="12.10", btw="2.10"),
            "2.xml": ubl(order="V2026-00007", nummer="Z2", bedrag="20.00", btw="0.00"),
        }
    )
    response = adviseur_client.post(
        "/GM0397/e-facturen/", {"bestanden": [SimpleUploadedFile("f.zip", z)]}
    )
    assert response.status_code == 302
    pagina = adviseur_client.get(response["Location"])
    html = pagina.content.decode()
    assert "2 gekoppelde facturen boeken" in html
    # The preview's open amounts follow the last (R8): 5,000.00 - 10.00 = 4,990.00 after the
    # first (12.10 less 2.10 btw), 4,990.00 - 20.00 = 4,970.00 after the second.
    assert "4.990,00" in html and "4.970,00" in html and "4.987,90" not in html
    adviseur_client.post(response["Location"] + "boeken/")
    assert Factuur.objects.count() == 2


def _lieg_over_grootte(inhoud: bytes, lid: str, grootte: int) -> bytes:
    """The zip with `lid`'s unpacked size stated as `grootte` in its local header and the
    central directory: the small size a zip bomb states for a huge member."""
    import struct

    data = bytearray(inhoud)
    with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
        info = z.getinfo(lid)
    struct.pack_into("<I", data, info.header_offset + 22, grootte)
    positie = data.find(lid.encode(), data.find(b"PK\x01\x02"))
    centraal = positie - 46
    assert data[centraal : centraal + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, centraal + 24, grootte)
    return bytes(data)


def test_zip_die_over_de_grootte_liegt_weigert_dat_bestand_en_leest_de_rest(gemeente, verplichting):
    """A member stated as 1 kB that unpacks to 50 MB: Python unpacks no more than the stated
    size and the CRC check fails; that member is refused in one sentence (it was a 500),
    the other file is read and matched."""
    z = _zip(
        {
            "goed.xml": ubl(order="V2026-00007", nummer="L1", bedrag="12.10", btw="2.10"),
            "bom.xml": b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>",
        }
    )
    z = _lieg_over_grootte(z, "bom.xml", 1024)
    with zipfile.ZipFile(io.BytesIO(z)) as archief:
        assert sum(i.file_size for i in archief.infolist()) < 10 * 1024
    regels = {
        r.bestandsnaam: r for r in lees_in(gemeente=gemeente, bestanden=[("l.zip", z)]).regels.all()
    }
    assert regels["l.zip/goed.xml"].status == S.GEMATCHT
    bom = regels["l.zip/bom.xml"]
    assert bom.status == S.FOUT
    assert bom.reden.startswith("Dit bestand in de zip is beschadigd of versleuteld")


def test_entiteiten_in_een_zip_geweigerd_per_bestand_de_rest_gaat_door(gemeente, verplichting):
    z = _zip(
        {
            "lach.xml": BILLION_LAUGHS,
            "extern.xml": EXTERNE_ENTITEIT,
            "goed.xml": ubl(order="V2026-00007", nummer="E1", bedrag="12.10", btw="2.10"),
        }
    )
    regels = {
        r.bestandsnaam: r for r in lees_in(gemeente=gemeente, bestanden=[("e.zip", z)]).regels.all()
    }
    assert regels["e.zip/goed.xml"].status == S.GEMATCHT
    for naam in ("e.zip/lach.xml", "e.zip/extern.xml"):
        assert regels[naam].status == S.FOUT
        assert regels[naam].reden == "Het bestand bevat een DTD of entiteiten en is geweigerd."


def test_zipbom_in_de_browser_geweigerd_op_grootte_zonder_uitpakken(adviseur_client, monkeypatch):
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    uitgepakt = []
    origineel = zipfile.ZipFile.open

    def open_lid(self, *args, **kwargs):
        uitgepakt.append(args[0])
        return origineel(self, *args, **kwargs)

    bom = _zip({f"nul{i}.xml": b"\0" * (30 * 1024 * 1024) for i in range(4)})
    monkeypatch.setattr(zipfile.ZipFile, "open", open_lid)
    begin = time.monotonic()
    response = adviseur_client.post(
        "/GM0397/e-facturen/", {"bestanden": [SimpleUploadedFile("bom.zip", bom)]}
    )
    assert time.monotonic() - begin < 5
    assert response.status_code == 302
    regel = Ublregel.objects.get()
    assert regel.status == S.FOUT
    assert regel.reden == "De zip is uitgepakt groter dan 100 MB en is niet uitgepakt."
    assert uitgepakt == []
