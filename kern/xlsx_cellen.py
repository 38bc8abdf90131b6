"""Reading the cell values of an .xlsx quickly, exactly as openpyxl's read-only mode gives them.

openpyxl (read_only, data_only, `iter_rows(values_only=True)` after `reset_dimensions()`) spends
most of a large import in Python: every XML element passes through ElementTree's Python-level
handlers, every cell becomes a dict and every text a `Text` object, and a sheet without a
`<dimension>` (openpyxl's own write-only files) is parsed twice, once only to size it. Measured on
the import bench (20,013 rows): about 3.5 s of reading against 0.6 s here.

This module keeps openpyxl for the workbook around the sheets (content types, workbook.xml and
its relationships, the stylesheet that says which cells are dates, the 1904 epoch, defined
names), so that part reads and refuses as before, and replaces only the two big parts: the shared
strings and the sheets' cells, read by lxml's C iterparse and turned into values by openpyxl's own
conversions (`_cast_number`, `from_excel`, `from_ISO8601`, its column letters). A value is
what openpyxl gives: a number is int or float (the caller makes the Decimal, as before), a date
cell a datetime, a shared or inline string its plain text (rich-text runs joined, phonetic runs
left out, `x005F_` removed from shared strings as openpyxl does), an empty cell None; missing rows
are empty rows and a row is as wide as its last cell. Differences on purpose: any DOCTYPE in a
part is refused (defusedxml refuses entity declarations; no real workbook has a DTD), and damage
in a sheet that is never read (not a contract sheet) no longer refuses the file.

Only read after kern.afscherming.controleer_zip (the zip bomb and macro limits) and, in
production, inside its limited child process. Every defect raises; the caller turns that into
its one Dutch sentence.
"""

import re
from collections.abc import Iterator

from lxml import etree
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import _cast_number
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"
_RIJ = _NS + "row"
_WAARDE = _NS + "v"
_INLINE = _NS + "is"
_T = _NS + "t"
_TEKENREEKS = _NS + "si"
_AFMETING = _NS + "dimension"
_GEGEVENS = _NS + "sheetData"


class DtdNietToegestaan(ValueError):
    """A part declares a DTD (entities): no workbook needs one, a hostile file might."""


def _elementen(bron, tag: str, events=("end",)) -> Iterator:
    """The `tag` elements of an XML stream, each dropped from the tree once used, so memory
    stays at one element; no entity is resolved, nothing is fetched, no DTD is accepted."""
    lezer = etree.iterparse(
        bron,
        events=events,
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    gecontroleerd = False
    for _, element in lezer:
        if not gecontroleerd:
            info = element.getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                raise DtdNietToegestaan()
            gecontroleerd = True
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _naam(tag: str) -> str:
    """openpyxl's localname: the tag without its namespace (any namespace)."""
    return tag.rpartition("}")[2]


def tekst_van(element) -> str:
    """openpyxl's Text.from_tree(element).content: the last direct <t>, then the last <t> of
    every <r> run (rich text) in order; <rPh> (phonetic) and the rest left out."""
    if len(element) == 1 and element[0].tag == _T:  # the usual <is><t>...</t></is>
        return element[0].text or ""
    plat = None
    delen = []
    for kind in element.iterchildren(tag=etree.Element):
        naam = _naam(kind.tag)
        if naam == "t":
            plat = kind.text
        elif naam == "r":
            stuk = None
            for deel in kind.iterchildren(tag=etree.Element):
                if _naam(deel.tag) == "t":
                    stuk = deel.text
            if stuk is not None:
                delen.append(stuk)
    if plat is not None:
        delen.insert(0, plat)
    return "".join(delen)


def lees_gedeelde_teksten(bron) -> list[str]:
    """openpyxl's read_string_table."""
    return [tekst_van(si).replace("x005F_", "") for si in _elementen(bron, _TEKENREEKS)]


_CIJFER = re.compile("[0-9]")


def _kolom_uit(plaats: str) -> int:
    """The column of a cell reference, as openpyxl's coordinate_to_tuple finds it (and refuses
    what it refuses: no letters, letters only, a row that is not a number)."""
    cijfer = _CIJFER.search(plaats)
    grens = cijfer.start() if cijfer else len(plaats) - 1
    int(plaats[grens:])
    kolom = column_index_from_string(plaats[:grens])
    if plaats[grens:].isdigit() and plaats[grens:].isascii():
        _LETTERS[plaats[:grens]] = kolom  # letters, then only the digits 0-9
    return kolom


# Column letters -> column, for the references _kolom_uit found to be those letters followed
# by nothing but the digits 0-9; at most one entry per column.
_LETTERS: dict[str, int] = {}
_CIJFERS = "0123456789"


def _kolom(plaats: str) -> int:
    """_kolom_uit(plaats), without its search for a reference of letters and digits 0-9 whose
    letters were seen before (every reference of a sheet Excel wrote)."""
    letters = plaats.rstrip(_CIJFERS)
    if len(letters) < len(plaats):
        kolom = _LETTERS.get(letters)
        if kolom is not None:
            return kolom
    return _kolom_uit(plaats)


class SnelBlad(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, sized from its <dimension> only when that comes before the
    cells (as in every file Excel writes): never by reading the whole sheet."""

    def _get_size(self):
        with self._get_source() as bron:
            for element in _elementen(bron, (_AFMETING, _GEGEVENS), events=("start",)):
                if element.tag == _GEGEVENS:
                    return
                afmetingen = range_boundaries(element.get("ref"))
                self._min_column, self._min_row, self._max_column, self._max_row = afmetingen
                return


def open_werkmap(bron):
    """An openpyxl read-only, data-only workbook (sheetnames, wb[naam], close()) whose sheets
    are SnelBlad and whose shared strings are read by lees_gedeelde_teksten; the steps of
    openpyxl's ExcelReader.read otherwise, in its order."""
    lezer = ExcelReader(bron, read_only=True, data_only=True)
    try:
        lezer.read_manifest()
        soort = lezer.package.find(SHARED_STRINGS)
        if soort is not None:
            with lezer.archive.open(soort.PartName[1:]) as teksten:
                lezer.shared_strings = lees_gedeelde_teksten(teksten)
        lezer.read_workbook()
        lezer.read_properties()
        lezer.read_custom()
        lezer.read_theme()
        apply_stylesheet(lezer.archive, lezer.wb)
        for blad, relatie in lezer.parser.find_sheets():
            if relatie.target not in lezer.valid_files:
                continue
            if "chartsheet" in relatie.Type:
                lezer.read_chartsheet(blad, relatie)
                continue
            relaties = get_rels_path(relatie.target)
            if relaties in lezer.valid_files:
                get_dependents(lezer.archive, relaties)  # read (and refused) as openpyxl does
            werkblad = SnelBlad(lezer.wb, blad.name, relatie.target, lezer.shared_strings)
            werkblad.sheet_state = blad.state
            lezer.wb._sheets.append(werkblad)
        lezer.parser.assign_names()
    except BaseException:
        lezer.archive.close()
        raise
    return lezer.wb


def waarden(blad: SnelBlad) -> Iterator[tuple]:
    """openpyxl's `blad.reset_dimensions(); blad.iter_rows(min_row=1, values_only=True)`: one
    tuple per row from row 1, an empty one for every row missing in the file; a row as wide as
    its last cell (a cell further left may be missing: None)."""
    werkmap = blad.parent
    teksten = blad._shared_strings
    datums = werkmap._date_formats
    duren = werkmap._timedelta_formats
    epoch = werkmap.epoch
    teller = 1  # the next row number to give (openpyxl's counter, min_row=1)
    rijnummer = 0
    with blad._get_source() as bron:
        for rij in _elementen(bron, _RIJ):
            r = rij.get("r")
            if r is not None:
                try:
                    rijnummer = int(r)
                except ValueError:
                    getal = float(r)
                    if not getal.is_integer():
                        raise ValueError(f"{r} is not a valid row number") from None
                    rijnummer = int(getal)
            else:
                rijnummer += 1
            cellen = []
            kolom = 0
            for cel in rij.iterchildren(tag=etree.Element):
                soort = cel.get("t", "n")
                stijl = cel.get("s", 0)
                if stijl:
                    stijl = int(stijl)
                waarde = None
                if soort != "inlineStr":
                    # cel.findtext(_WAARDE) or None, without lxml's path search: the text
                    # of the first <v> (None when it has none, or there is none).
                    for kind in cel:
                        if kind.tag == _WAARDE:
                            waarde = kind.text or None
                            break
                plaats = cel.get("r")
                if plaats:
                    kolom = _kolom(plaats)
                else:
                    kolom += 1
                if waarde is not None:
                    if soort == "n":
                        waarde = _cast_number(waarde)
                        if stijl in datums:
                            try:
                                waarde = from_excel(waarde, epoch, timedelta=stijl in duren)
                            except (OverflowError, ValueError):
                                waarde = "#VALUE!"
                    elif soort == "s":
                        waarde = teksten[int(waarde)]
                    elif soort == "b":
                        waarde = bool(int(waarde))
                    elif soort == "d":
                        waarde = from_ISO8601(waarde)
                    # "str" (a formula's text), "e" (an error) and others: the text itself
                elif soort == "inlineStr":
                    inline = cel.find(_INLINE)
                    if inline is not None:
                        waarde = tekst_van(inline)
                cellen.append((kolom, waarde))
            while teller < rijnummer:
                teller += 1
                yield ()
            if teller <= rijnummer:  # a row number going back is skipped, as openpyxl does
                teller += 1
                if not cellen:
                    yield ()
                    continue
                breedte = cellen[-1][0]
                rijwaarden = [None] * breedte
                for k, w in cellen:
                    if 1 <= k <= breedte:
                        rijwaarden[k - 1] = w
                yield tuple(rijwaarden)
