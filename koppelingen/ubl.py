"""Reading UBL e-invoices (SI-UBL 2.0 / NLCIUS and Peppol BIS Billing 3.0): the essentials.

Safe against entity attacks: defusedxml refuses any DTD or entity first (billion laughs,
external entities), then lxml reads the tree without resolving entities or touching the
network. Only what booking needs is read; the file itself is not kept.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import defusedxml.ElementTree as veilig
from defusedxml import DefusedXmlException
from lxml import etree

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
# EN 16931 and the CIUS / BIS built on it (NLCIUS, Peppol BIS Billing 3.0).
EN16931 = "urn:cen.eu:en16931:2017"
FACTUURSOORTEN = {"380", "383", "384", "386", "389", "751"}  # 381 is a credit note
MAX_BESTAND = 5 * 1024 * 1024
MAX_ZIP_TOTAAL = 100 * 1024 * 1024
MAX_BESTANDEN = 2000

_BESCHADIGD_LID = (
    "dit bestand in de zip is beschadigd of versleuteld en is niet gelezen; pak de zip "
    "opnieuw in zonder wachtwoord, of upload de XML-bestanden los"
)

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


class UblFout(Exception):
    """One sentence that says what is wrong with one file."""


@dataclass
class UblFactuur:
    factuurnummer: str
    datum: date
    bedrag: Decimal  # what the gemeente pays, btw included; negative for a credit note
    btw: Decimal  # TaxTotal/TaxAmount: the btw inside bedrag, same sign
    valuta: str
    referenties: list[str]  # OrderReference, BuyerReference (NLCIUS: the commitment number)
    leverancier: str
    kvk: str
    teksten: list[str] = field(default_factory=list)  # notes, item names: to find the person
    is_credit: bool = False
    # R8: the btw is claimed from the BCF (so it is not charged to the budget) unless the
    # gemeente says otherwise; a UBL file cannot say, the finance system's export can.
    btw_compensabel: bool = True


def _een(boom, pad: str) -> str:
    gevonden = boom.xpath(pad, namespaces=NS)
    if not gevonden:
        return ""
    eerste = gevonden[0]
    return (eerste if isinstance(eerste, str) else eerste.text or "").strip()


def _bedrag(tekst: str, veld: str) -> Decimal:
    try:
        bedrag = Decimal(tekst)
    except InvalidOperation:
        raise UblFout(f"het {veld} '{tekst}' is geen bedrag") from None
    if bedrag != bedrag.quantize(Decimal("0.01")):
        raise UblFout(f"het {veld} {tekst} heeft meer dan twee decimalen")
    return bedrag


def lees(inhoud: bytes) -> UblFactuur:
    """The essentials of one UBL invoice or credit note; UblFout says what is wrong."""
    if len(inhoud) > MAX_BESTAND:
        raise UblFout("het bestand is groter dan 5 MB")
    try:
        veilig.fromstring(inhoud, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UblFout("het bestand bevat een DTD of entiteiten en is geweigerd") from None
    except veilig.ParseError as fout:
        raise UblFout(f"het is geen geldige XML ({fout})") from None
    try:
        wortel = etree.fromstring(inhoud, parser=_PARSER)
    except etree.XMLSyntaxError as fout:
        raise UblFout(f"het is geen geldige XML ({fout.msg})") from None
    is_credit = wortel.tag == f"{{{NS['cn']}}}CreditNote"
    if wortel.tag != f"{{{NS['inv']}}}Invoice" and not is_credit:
        raise UblFout("het is geen UBL-factuur (Invoice of CreditNote)")
    customization = _een(wortel, "cbc:CustomizationID")
    if not customization.startswith(EN16931):
        raise UblFout(
            "de CustomizationID hoort bij geen EN 16931-factuur (NLCIUS of Peppol BIS 3.0)"
        )
    soort = _een(wortel, "cbc:CreditNoteTypeCode" if is_credit else "cbc:InvoiceTypeCode")
    if soort == "381":
        is_credit = True
    elif not is_credit and soort not in FACTUURSOORTEN:
        raise UblFout(f"de factuursoort {soort or '(leeg)'} is geen factuur of creditnota")
    nummer = _een(wortel, "cbc:ID")
    if not nummer:
        raise UblFout("het factuurnummer (cbc:ID) ontbreekt")
    try:
        datum = date.fromisoformat(_een(wortel, "cbc:IssueDate"))
    except ValueError:
        raise UblFout("de factuurdatum (cbc:IssueDate) ontbreekt of is geen datum") from None
    valuta = _een(wortel, "cbc:DocumentCurrencyCode")
    if valuta != "EUR":
        raise UblFout(f"de valuta is {valuta or '(leeg)'}; alleen EUR wordt geboekt")
    te_betalen = _een(wortel, "cac:LegalMonetaryTotal/cbc:PayableAmount")
    if not te_betalen:
        raise UblFout("het te betalen bedrag (LegalMonetaryTotal/PayableAmount) ontbreekt")
    bedrag = _bedrag(te_betalen, "te betalen bedrag")
    btw_teksten = wortel.xpath(
        "cac:TaxTotal/cbc:TaxAmount[not(@currencyID) or @currencyID='EUR']/text()", namespaces=NS
    )
    btw = _bedrag(btw_teksten[0].strip(), "btw-bedrag") if btw_teksten else Decimal("0.00")
    leverancier_pad = "cac:AccountingSupplierParty/cac:Party"
    leverancier = _een(wortel, f"{leverancier_pad}/cac:PartyName/cbc:Name") or _een(
        wortel, f"{leverancier_pad}/cac:PartyLegalEntity/cbc:RegistrationName"
    )
    if not leverancier:
        raise UblFout("de naam van de leverancier (AccountingSupplierParty) ontbreekt")
    kvk = _een(wortel, f"{leverancier_pad}/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0106']")
    referenties = [
        r
        for r in (_een(wortel, "cac:OrderReference/cbc:ID"), _een(wortel, "cbc:BuyerReference"))
        if r
    ]
    teksten = [
        t.strip()
        for t in wortel.xpath(
            "cbc:Note/text() | cbc:AccountingCost/text() | */cbc:Note/text()"
            " | */cbc:AccountingCost/text() | */cac:Item/cbc:Name/text()"
            " | */cac:Item/cbc:Description/text()",
            namespaces=NS,
        )
        if t.strip()
    ]
    if is_credit and bedrag > 0:
        bedrag, btw = -bedrag, -btw
    return UblFactuur(
        factuurnummer=nummer[:50],
        datum=datum,
        bedrag=bedrag,
        btw=btw,
        valuta=valuta,
        referenties=referenties,
        leverancier=leverancier[:150],
        kvk=kvk[:8],
        teksten=teksten,
        is_credit=is_credit,
    )


def pak_uit(naam: str, inhoud: bytes) -> list[tuple[str, bytes | UblFout]]:
    """One uploaded file, or the files of a zip: (name, content or the reason it is refused).

    A zip is judged by the sizes its directory declares before anything is unpacked, and each
    member is read with a limit, so a zip bomb costs nothing. Python never unpacks more of a
    member than its declared size (a lie fails the CRC check), so the declared total bounds
    what is really unpacked; a member that fails is refused on its own line.
    """
    if not zipfile.is_zipfile(io.BytesIO(inhoud)):
        return [(naam, inhoud)]
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
    except zipfile.BadZipFile:
        return [(naam, UblFout("het zipbestand is beschadigd"))]
    leden = [i for i in archief.infolist() if not i.is_dir()]
    if len(leden) > MAX_BESTANDEN:
        return [(naam, UblFout(f"de zip bevat meer dan {MAX_BESTANDEN} bestanden"))]
    if sum(i.file_size for i in leden) > MAX_ZIP_TOTAAL:
        return [(naam, UblFout("de zip is uitgepakt groter dan 100 MB en is niet uitgepakt"))]
    uit = []
    for info in leden:
        lid = f"{naam}/{info.filename}"
        if info.file_size > MAX_BESTAND:
            uit.append((lid, UblFout("het bestand is groter dan 5 MB")))
            continue
        try:
            with archief.open(info) as bestand:
                gegevens = bestand.read(MAX_BESTAND + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            RuntimeError,
            NotImplementedError,
            zlib.error,
        ):
            # Python unpacks no more than the size the directory states and checks the CRC:
            # a member whose stated size is a lie, encrypted or damaged, ends up here.
            uit.append((lid, UblFout(_BESCHADIGD_LID)))
            continue
        if len(gegevens) > MAX_BESTAND:
            uit.append((lid, UblFout("het bestand is groter dan 5 MB")))
        elif zipfile.is_zipfile(io.BytesIO(gegevens)):
            uit.append((lid, UblFout("een zip in een zip wordt niet uitgepakt")))
        else:
            uit.append((lid, gegevens))
    return uit
