# ruff: noqa: E501 -- an XML template, kept in the shape of the public examples
"""UBL invoices made by the tests, with the structure of the public NLCIUS / Peppol BIS 3.0
examples (header, parties, tax total, monetary totals, one line)."""

from decimal import Decimal

NLCIUS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"


def ubl(
    *,
    nummer="INV-2026-001",
    datum="2026-03-01",
    bedrag="1210.00",
    btw="210.00",
    leverancier="Taalschool Noord",
    kvk="12345678",
    order="",
    koper="",
    notitie="",
    customization=NLCIUS,
    credit=False,
    valuta="EUR",
) -> bytes:
    wortel, soortcode, lijn, hoeveelheid = (
        (
            "CreditNote",
            "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>",
            "CreditNoteLine",
            "CreditedQuantity",
        )
        if credit
        else (
            "Invoice",
            "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
            "InvoiceLine",
            "InvoicedQuantity",
        )
    )
    try:
        netto = f"{Decimal(bedrag) - Decimal(btw):.2f}"
    except ArithmeticError:  # a deliberately wrong amount
        netto = bedrag
    order_xml = (
        f"<cac:OrderReference><cbc:ID>{order}</cbc:ID></cac:OrderReference>" if order else ""
    )
    koper_xml = f"<cbc:BuyerReference>{koper}</cbc:BuyerReference>" if koper else ""
    notitie_xml = f"<cbc:Note>{notitie}</cbc:Note>" if notitie else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{wortel} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{wortel}-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>{customization}</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>{nummer}</cbc:ID>
  <cbc:IssueDate>{datum}</cbc:IssueDate>
  <cbc:DueDate>{datum}</cbc:DueDate>
  {soortcode}
  {notitie_xml}
  <cbc:DocumentCurrencyCode>{valuta}</cbc:DocumentCurrencyCode>
  {koper_xml}
  {order_xml}
  <cac:AccountingSupplierParty><cac:Party>
    <cbc:EndpointID schemeID="0106">{kvk}</cbc:EndpointID>
    <cac:PartyName><cbc:Name>{leverancier}</cbc:Name></cac:PartyName>
    <cac:PostalAddress><cbc:StreetName>Dorpsstraat 1</cbc:StreetName><cbc:CityName>Heemstede</cbc:CityName>
      <cbc:PostalZone>2101 AA</cbc:PostalZone><cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>NL001234567B01</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>{leverancier} B.V.</cbc:RegistrationName>
      <cbc:CompanyID schemeID="0106">{kvk}</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0190">00000001234567890000</cbc:EndpointID>
    <cac:PartyLegalEntity><cbc:RegistrationName>Gemeente Heemstede</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="{valuta}">{btw}</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="{valuta}">{netto}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="{valuta}">{btw}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="{valuta}">{netto}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="{valuta}">{netto}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="{valuta}">{bedrag}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="{valuta}">{bedrag}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:{lijn}><cbc:ID>1</cbc:ID>
    <cbc:{hoeveelheid} unitCode="C62">1</cbc:{hoeveelheid}>
    <cbc:LineExtensionAmount currencyID="{valuta}">{netto}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Taalles B1</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="{valuta}">{netto}</cbc:PriceAmount></cac:Price>
  </cac:{lijn}>
</{wortel}>""".encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol3;</Invoice>"""

EXTERNE_ENTITEIT = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><a>&xxe;</a></Invoice>"""
