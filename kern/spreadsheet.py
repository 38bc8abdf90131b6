"""Writing spreadsheets and CSV safely: a text is always text, never a live formula.

openpyxl stores a str that starts with "=" as a formula, so a kenmerk "=HYPERLINK(...)" typed
by one user would run in the Excel of the controller who exports it (formula injection). Every
export of the product goes through this module:

- `tekst(cel)` marks a text cell as a string (data_type "s"), for write-only sheets;
- `formule(blad, rij, kolom, tekst)` is the only way to write a formula on purpose (a total);
- `bewaar(werkmap)` saves a workbook after turning every other formula-looking text into a
  string cell, so a cell written without `tekst` is still safe;
- `csv_tekst(waarde)` neutralises a CSV field that starts with = + - @ tab or CR (a quote in
  front, as OWASP advises); numbers stay numbers.

The text itself is unchanged in the file, so an export stays re-importable: "=1+1" comes back
as the text "=1+1".
"""

import io
import re

from django.db.models import QuerySet
from django.utils.encoding import force_str
from django_tables2.export import TableExport
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
_GETAL = re.compile(r"^-?\d[\d.]*(,\d+)?$|^-?\d+(\.\d+)?$")
_EIGEN_FORMULES = "_eigen_formules"


def tekst(cel):
    """A cell holding a str becomes a string cell, whatever the str starts with."""
    if isinstance(cel.value, str):
        cel.data_type = "s"
    return cel


def schrijfcel(blad, waarde, **opmaak) -> WriteOnlyCell:
    """A write-only cell with `waarde`; a text is a string cell (see `tekst`)."""
    cel = WriteOnlyCell(blad, value=waarde)
    for naam, instelling in opmaak.items():
        setattr(cel, naam, instelling)
    return tekst(cel)


def formule(blad, rij: int, kolom: int, formuletekst: str):
    """A formula the product writes itself (a SUM under a column); only these stay live."""
    cel = blad.cell(row=rij, column=kolom, value=formuletekst)
    eigen = getattr(blad, _EIGEN_FORMULES, None)
    if eigen is None:
        eigen = set()
        setattr(blad, _EIGEN_FORMULES, eigen)
    eigen.add(cel.coordinate)
    return cel


def maak_veilig(werkmap) -> None:
    """Every formula cell not written by `formule` becomes a string cell."""
    for blad in werkmap.worksheets:
        eigen = getattr(blad, _EIGEN_FORMULES, set())
        for rij in blad.iter_rows():
            for cel in rij:
                if cel.data_type == "f" and cel.coordinate not in eigen:
                    cel.data_type = "s"


def bewaar(werkmap) -> bytes:
    """The workbook as .xlsx bytes, text cells as strings (see maak_veilig)."""
    if not getattr(werkmap, "write_only", False):
        maak_veilig(werkmap)
    uitvoer = io.BytesIO()
    werkmap.save(uitvoer)
    return uitvoer.getvalue()


def csv_tekst(waarde):
    """A CSV field that a spreadsheet would run as a formula gets a quote in front; a number
    (also a negative one, "-1.234,56") is left as it is."""
    if isinstance(waarde, str) and waarde.startswith(FORMULETEKENS) and not _GETAL.match(waarde):
        return "'" + waarde
    return waarde


class VeiligeTableExport(TableExport):
    """django-tables2's export with the xlsx written here: write-only (openpyxl keeps one row at
    a time), the records fetched in chunks, and every text a string cell. tablib would write
    "=1+1" as a live formula, or with `escape` drop the "=" and change the data."""

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        self.format = export_format
        self.table = table
        self.exclude_columns = exclude_columns
        if export_format != self.XLSX:
            super().__init__(export_format, table, exclude_columns, dataset_kwargs)

    def export(self):
        if self.format != self.XLSX:  # the product's lists export xlsx only
            return super().export()
        uitvoer = io.BytesIO()
        self._schrijf(uitvoer)
        return uitvoer.getvalue()

    def _schrijf(self, doel) -> None:
        werkmap = Workbook(write_only=True)
        blad = werkmap.create_sheet(self._titel())
        rijen = self._rijen()
        kop = next(rijen, [])
        blad.append([schrijfcel(blad, str(naam), font=Font(bold=True)) for naam in kop])
        for rij in rijen:
            blad.append([schrijfcel(blad, waarde) for waarde in rij])
        werkmap.save(doel)  # write-only: every cell went through schrijfcel (a string cell)

    def _rijen(self):
        """As Table.as_values, but the records are fetched in chunks (QuerySet.iterator), not
        all loaded and cached at once."""
        uit = set(self.exclude_columns or ())
        kolommen = [
            k
            for k in self.table.columns.iterall()
            if not (k.column.exclude_from_export or k.name in uit)
        ]
        yield [force_str(k.header, strings_only=True) for k in kolommen]
        data = self.table.data.data
        records = data.iterator(chunk_size=2000) if isinstance(data, QuerySet) else data
        for record in records:
            rij = BoundRow(record, table=self.table)
            yield [force_str(rij.get_cell_value(k.name), strings_only=True) for k in kolommen]

    def _titel(self) -> str:
        meta = getattr(self.table, "Meta", None)
        titel = getattr(meta, "verbose_name_plural", "") or type(self.table).__name__
        return re.sub(r"[\[\]:*?/\\]", "-", str(titel))[:31]
