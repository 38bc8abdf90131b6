"""A write-only openpyxl sheet whose data rows are serialised in one go (kern.spreadsheet).

openpyxl's write-only sheet builds a cell object per value and writes it element by element:
about 25 µs a cell, so 200,000 rows of 11 columns took a minute. Here a data row is one small
XML string parsed by lxml in C and handed to the same incremental writer; the workbook, the
styles, the header, the frozen pane and the autofilter stay openpyxl's own. Texts are inline
strings (`t="inlineStr"`): a text is never a formula, whatever it starts with.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

EURO = "#,##0.00 €"
DATUM = "DD-MM-YYYY"
DATUMTIJD = "DD-MM-YYYY HH:MM"


class Formule(str):
    """A formula the product writes itself (a total under a column): the only live one."""


class Rij(list):
    """Values of one data row and per column a number format that overrides the one chosen by
    the value's type (Decimal -> EURO, date -> DATUM, datetime -> DATUMTIJD), or None."""

    __slots__ = ("opmaak",)

    def __init__(self, waarden, opmaak):
        super().__init__(waarden)
        self.opmaak = opmaak


class SnelBlad(WriteOnlyWorksheet):
    """WriteOnlyWorksheet; an appended `Rij` is written as prepared XML (see module doc)."""

    def __init__(self, parent, title):
        super().__init__(parent, title)
        self._stijlen: dict[str, int] = {}
        self._letters: list[str] = []

    def stijl(self, opmaak: str) -> int:
        """The workbook's style index of a number format (registered once)."""
        if opmaak not in self._stijlen:
            cel = WriteOnlyCell(self)
            cel.number_format = opmaak
            self._stijlen[opmaak] = cel.style_id
        return self._stijlen[opmaak]

    def _letter(self, kolom: int) -> str:
        while len(self._letters) <= kolom:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters[kolom]

    def _write_rows(self):
        # As WriteOnlyWorksheet._write_rows, with the fast path for a Rij.
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            nummer = 1
            try:
                while True:
                    rij = yield
                    if isinstance(rij, Rij):
                        xf.write(etree.fromstring(self._rij_xml(rij, nummer)))
                    else:
                        self._writer.write_row(xf, self._values_to_row(rij, nummer), nummer)
                    nummer += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def _rij_xml(self, rij: Rij, nummer: int) -> str:
        delen = [f'<row r="{nummer}">']
        for kolom, (waarde, opmaak) in enumerate(zip(rij, rij.opmaak, strict=False)):
            if waarde is None:
                continue
            plek = f"{self._letter(kolom)}{nummer}"
            delen.append(self._cel_xml(plek, waarde, opmaak))
        delen.append("</row>")
        return "".join(delen)

    def _cel_xml(self, plek: str, waarde, opmaak: str | None) -> str:
        if isinstance(waarde, Formule):
            stijl = f' s="{self.stijl(opmaak or EURO)}"'
            return f'<c r="{plek}"{stijl}><f>{escape(str(waarde).lstrip("="))}</f></c>'
        if isinstance(waarde, str):
            tekst = escape(ILLEGAL_CHARACTERS_RE.sub("", waarde))
            ruimte = ' xml:space="preserve"' if tekst[:1].isspace() or tekst[-1:].isspace() else ""
            return f'<c r="{plek}" t="inlineStr"><is><t{ruimte}>{tekst}</t></is></c>'
        if isinstance(waarde, bool):
            return f'<c r="{plek}" t="b"><v>{int(waarde)}</v></c>'
        if isinstance(waarde, datetime):
            if timezone.is_aware(waarde):  # Excel knows no time zones: the Dutch wall clock
                waarde = timezone.localtime(waarde).replace(tzinfo=None)
            stijl = f' s="{self.stijl(opmaak or DATUMTIJD)}"'
            return f'<c r="{plek}"{stijl}><v>{to_excel(waarde)}</v></c>'
        if isinstance(waarde, date):
            return f'<c r="{plek}" s="{self.stijl(opmaak or DATUM)}"><v>{to_excel(waarde)}</v></c>'
        if isinstance(waarde, Decimal):
            return f'<c r="{plek}" s="{self.stijl(opmaak or EURO)}"><v>{waarde:f}</v></c>'
        if isinstance(waarde, int | float):
            stijl = f' s="{self.stijl(opmaak)}"' if opmaak else ""
            return f'<c r="{plek}"{stijl}><v>{waarde!r}</v></c>'
        return self._cel_xml(plek, str(waarde), None)
