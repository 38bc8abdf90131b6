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

Every list-shaped "exporteren naar Excel" writes through `schrijf_blad` (issue 16): write-only
(openpyxl keeps one row at a time), real date cells, amounts as `#,##0.00 €`, a bold frozen header
row with an autofilter, and above it a title line with the gemeente, the filter and the peildatum
(left out where a contract fixes the first row: the workbook export and the journal for the
finance system). `bestandsantwoord` streams the file from a spooled temporary file, so memory
stays bounded for 200,000 rows.
"""

import io
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.http import FileResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2.export import TableExport

from .tabelwaarden import tabelrijen
from .xlsx_blad import DATUM, DATUMTIJD, EURO, Formule, Rij, SnelBlad

# The number formats and Formule are used by every export through this module.
__all__ = ["DATUM", "DATUMTIJD", "EURO", "Formule", "Kolom", "schrijf_blad", "bestandsantwoord"]
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KOP_FONT = Font(bold=True)
KOP_VULLING = PatternFill("solid", fgColor="DDE6F0")
KOP_LIJN = Border(bottom=Side(style="thin"))
KOP_UITLIJNING = Alignment(wrap_text=True, vertical="top")
TITEL_FONT = Font(bold=True, size=12)
# Above this size the spooled export goes to a temporary file on disk instead of memory.
IN_GEHEUGEN = 16 * 1024 * 1024
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


# --- the one writer of list-shaped exports ----------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    """A column of an export: its header, a number format that overrides the one chosen by the
    value's type (e.g. "0.00" for fte), and a width in characters."""

    kop: str
    opmaak: str | None = None
    breedte: int | None = None


def bladnaam(naam: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", str(naam))[:31] or "Blad1"


def _breedte(kolom: Kolom) -> int:
    if kolom.breedte:
        return kolom.breedte
    return max(len(kolom.kop) + 3, 12)


def schrijf_blad(
    werkmap: Workbook,
    naam: str,
    kolommen: Sequence[Kolom | str],
    rijen: Iterable[Sequence],
    *,
    titel: str | None = None,
) -> int:
    """A write-only sheet: [title line,] bold frozen header with an autofilter, then the rows.
    Returns the number of data rows."""
    kolommen = [k if isinstance(k, Kolom) else Kolom(str(k)) for k in kolommen]
    blad = SnelBlad(parent=werkmap, title=bladnaam(naam))
    werkmap._add_sheet(blad)
    for nummer, kolom in enumerate(kolommen, start=1):  # before the first row (write-only)
        blad.column_dimensions[get_column_letter(nummer)].width = _breedte(kolom)
    koprij = 2 if titel else 1
    blad.freeze_panes = f"A{koprij + 1}"
    if titel:
        blad.append([schrijfcel(blad, titel, font=TITEL_FONT)])
    blad.append(
        [
            schrijfcel(
                blad,
                k.kop,
                font=KOP_FONT,
                fill=KOP_VULLING,
                border=KOP_LIJN,
                alignment=KOP_UITLIJNING,
            )
            for k in kolommen
        ]
    )
    opmaak = [k.opmaak for k in kolommen]
    aantal = 0
    for rij in rijen:
        blad.append(Rij(rij, opmaak))
        aantal += 1
    laatste = get_column_letter(max(len(kolommen), 1))
    blad.auto_filter.ref = f"A{koprij}:{laatste}{koprij + max(aantal, 1)}"
    return aantal


def nieuwe_werkmap() -> Workbook:
    return Workbook(write_only=True)


def bestandsantwoord(werkmap: Workbook, bestandsnaam: str) -> FileResponse:
    """The workbook as a download, from a spooled temporary file: memory stays bounded (the
    write-only sheets are on disk already), and the file is streamed in blocks."""
    spoel = tempfile.SpooledTemporaryFile(max_size=IN_GEHEUGEN)  # noqa: SIM115 -- closed by the response
    werkmap.save(spoel)
    spoel.seek(0)
    return FileResponse(spoel, as_attachment=True, filename=bestandsnaam, content_type=XLSX)


def titelregel(titel: str, gemeente, filter_tekst: str = "", peildatum: date | None = None) -> str:
    """ "Facturen – Heemstede (GM0397) · filter: Boekjaar: 2025 · peildatum 01-12-2026"."""
    peildatum = peildatum or timezone.localdate()
    delen = [f"{titel} – {gemeente.naam} ({gemeente.code})"]
    delen.append(f"filter: {filter_tekst}" if filter_tekst else "zonder filter")
    delen.append(f"peildatum {peildatum:%d-%m-%Y}")
    return " · ".join(delen)


def _filterwaarde(veld, waarde) -> str:
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, date):
        return f"{waarde:%d-%m-%Y}"
    if isinstance(waarde, list | tuple):
        return ", ".join(_filterwaarde(veld, w) for w in waarde)
    keuzes = getattr(veld, "choices", None)
    if keuzes and not hasattr(waarde, "pk"):
        for sleutel, label in keuzes:
            if str(sleutel) == str(waarde):
                return str(label)
    return str(waarde)


def filteromschrijving(form) -> str:
    """The filter a list was exported with, in words; a BSN search never shows the BSN."""
    if form is None or not form.is_bound or not form.is_valid():
        return ""
    delen = []
    for naam, waarde in form.cleaned_data.items():
        if waarde in (None, "", [], ()) or naam in ("page", "sort", "_export"):
            continue
        veld = form.fields[naam]
        label = str(veld.label or naam.replace("_", " "))
        if "bsn" in naam.lower():
            delen.append(f"{label}: (BSN, niet getoond)")
            continue
        delen.append(f"{label}: {_filterwaarde(veld, waarde)}")
    return "; ".join(delen)


class VeiligeTableExport(TableExport):
    """django-tables2's export with the xlsx written by `schrijf_blad`: write-only, the records
    fetched in chunks, dates and amounts as real cells, every text a string cell, and streamed
    from a spooled file. tablib would write "=1+1" as a live formula, or with `escape` drop the
    "=" and change the data. dataset_kwargs: "title" (the sheet) and "titelregel" (line 1)."""

    def __init__(self, export_format, table, exclude_columns=None, dataset_kwargs=None):
        self.format = export_format
        self.table = table
        self.exclude_columns = exclude_columns
        self.opties = dataset_kwargs or {}
        if export_format != self.XLSX:
            super().__init__(export_format, table, exclude_columns, dataset_kwargs)

    def _werkmap(self) -> Workbook:
        werkmap = nieuwe_werkmap()
        kolommen = self._kolommen()
        schrijf_blad(
            werkmap,
            self.opties.get("title") or self._titel(),
            [Kolom(force_str(k.header)) for k in kolommen],
            self._rijen(kolommen),
            titel=self.opties.get("titelregel"),
        )
        return werkmap

    def export(self):
        if self.format != self.XLSX:  # the product's lists export xlsx only
            return super().export()
        return bewaar(self._werkmap())

    def response(self, filename=None):
        if self.format != self.XLSX:
            return super().response(filename)
        return bestandsantwoord(self._werkmap(), filename or "export.xlsx")

    def _kolommen(self):
        uit = set(self.exclude_columns or ())
        return [
            k
            for k in self.table.columns.iterall()
            if not (k.column.exclude_from_export or k.name in uit)
        ]

    def _rijen(self, kolommen):
        """As Table.as_values, but the rows are fetched in chunks (QuerySet.iterator), as plain
        values where every column allows it, and each cell is read by a getter prepared once
        per column (kern.tabelwaarden)."""
        return tabelrijen(self.table, kolommen)

    def _titel(self) -> str:
        meta = getattr(self.table, "Meta", None)
        titel = getattr(meta, "verbose_name_plural", "") or type(self.table).__name__
        return bladnaam(titel)
