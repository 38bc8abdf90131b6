"""kern.xlsx_cellen gives exactly the values openpyxl's read-only mode gives, faster."""

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from kern import xlsx_cellen


def _openpyxl(data: bytes):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    uit = {}
    for ws in wb.worksheets:
        ws.reset_dimensions()
        uit[ws.title] = [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]
    namen = wb.sheetnames
    wb.close()
    return namen, uit


def _snel(data: bytes):
    wb = xlsx_cellen.open_werkmap(io.BytesIO(data))
    uit = {ws.title: list(xlsx_cellen.waarden(ws)) for ws in wb.worksheets}
    namen = wb.sheetnames
    wb.close()
    return namen, uit


def _met_typen(gelezen):
    namen, bladen = gelezen
    return namen, {
        n: [tuple((type(w).__name__, w) for w in r) for r in rijen] for n, rijen in bladen.items()
    }


def _bewerk(data: bytes, deel: str, wijzig) -> bytes:
    bron = zipfile.ZipFile(io.BytesIO(data))
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            z.writestr(info.filename, wijzig(inhoud) if info.filename == deel else inhoud)
    return uit.getvalue()


def _gedeelde_teksten(data: bytes, anders=None) -> bytes:
    """Every inline string a shared string, as Excel writes them (openpyxl writes inline)."""
    bron = zipfile.ZipFile(io.BytesIO(data))
    teksten: list[bytes] = []

    def vervang(m):
        teksten.append(m.group(2))
        return m.group(1) + b' t="s"><v>%d</v></c>' % (len(teksten) - 1)

    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for info in bron.infolist():
            c = bron.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                c = re.sub(
                    rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is>(.*?)</is></c>', vervang, c
                )
            if info.filename == "[Content_Types].xml":
                c = c.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                c = c.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            z.writestr(info.filename, c)
        items = [b"<si>" + t + b"</si>" for t in teksten]
        if anders:
            items = anders(items)
        z.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"".join(items)
            + b"</sst>",
        )
    return uit.getvalue()


def _werkboek() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad"
    ws.append(
        [
            "tekst", 1, 2.5, "1.234,56", True, False, date(2025, 3, 31),
            datetime(2025, 3, 31, 12, 30), time(8, 15), timedelta(days=1, hours=2), None,
            "  spaties  ", "=1+1", 10**12, -0.1, 1e-7,
        ]
    )  # fmt: skip
    ws.cell(row=5, column=3, value="gat")
    ws.cell(row=7, column=10, value=3)
    wb.create_sheet("Leeg")
    wb.create_sheet("Tweede").append([date(2020, 1, 1), 43000, "tekst"])
    uit = io.BytesIO()
    wb.save(uit)
    return uit.getvalue()


BLAD = "xl/worksheets/sheet1.xml"


def _rijk(items):
    items[0] = (
        b'<si><r><rPr><b/></rPr><t>te</t></r><r><t xml:space="preserve">kst </t></r>'
        b'<rPh sb="0" eb="1"><t>FON</t></rPh><phoneticPr fontId="1"/></si>'
    )
    items[1] = b"<si><t>g_x005F_at</t><r><t>!</t></r></si>"
    items[2] = b"<si><t/></si>"
    return items


def _vreemde_cellen(c: bytes) -> bytes:
    c = re.sub(rb'<row r="5"[^>]*>', b"<!-- c --><row>", c).replace(b'<c r="C5"', b"<c")
    return c.replace(
        b"</sheetData>",
        b'<row r="12"><c r="D12" t="e"><v>#N/A</v></c><c t="str"><v>formule</v></c>'
        b'<c t="d"><v>2025-03-31T00:00:00</v></c><c r="B12" t="b"><v>1</v></c>'
        b'<c r="H12" t="inlineStr"><is><r><t>a</t></r><t>b</t><rPh sb="0" eb="1"><t>x</t>'
        b'</rPh></is></c><c r="I12" t="inlineStr"><is/></c><c r="J12" t="inlineStr"/>'
        b'<c r="K12"><v></v></c><c r="L12" s="0"><v>5</v></c></row>'
        b'<row r="11"><c r="A11"><v>1</v></c></row>'
        b'<row r="13.0"><c r="A13"><v>1E3</v></c><?pi x?></row><row r="20" spans="1:2"/>'
        b'<row r="21"><extLst/><c><v>2</v></c></row></sheetData>',
    )


def _vervang(oud: bytes, nieuw: bytes, *, deel=BLAD, basis=_werkboek):
    return lambda: _bewerk(basis(), deel, lambda c: c.replace(oud, nieuw, 1))


def _sst():
    return _gedeelde_teksten(_werkboek())


DTD = b'<!DOCTYPE x [<!ENTITY e "x">]>'

GEVALLEN = {
    "inline strings": _werkboek,
    "gedeelde teksten": _sst,
    "rich text en fonetisch": lambda: _gedeelde_teksten(_werkboek(), _rijk),
    "1904": _vervang(b"<workbookPr", b'<workbookPr date1904="1"', deel="xl/workbook.xml"),
    "rijen en cellen zonder nummer, gaten, alle soorten": lambda: _bewerk(
        _werkboek(), BLAD, _vreemde_cellen
    ),
    "verkeerde dimension": _vervang(b'<dimension ref="A1:P7"/>', b'<dimension ref="A1:B2"/>'),
    "datum buiten bereik": _vervang(b"<v>45747</v>", b"<v>99999999</v>"),
}


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("geval", GEVALLEN)
def test_zelfde_waarden_als_openpyxl(geval):
    data = GEVALLEN[geval]()
    verwacht = _met_typen(_openpyxl(data))
    assert _met_typen(_snel(data)) == verwacht
    assert any(any(w is not None for w in r) for r in verwacht[1]["Blad"])


KAPOT = {
    "entiteit in een blad": _vervang(b"<worksheet", DTD + b"<worksheet"),
    "entiteit in de gedeelde teksten": _vervang(
        b"<sst", DTD + b"<sst", deel="xl/sharedStrings.xml", basis=_sst
    ),
    "afgebroken xml": lambda: _bewerk(_werkboek(), BLAD, lambda c: c[:-30]),
    "onbekende gedeelde tekst": _vervang(b't="s"><v>0<', b't="s"><v>999<', basis=_sst),
    "verkeerde celverwijzing": _vervang(b'r="B1"', b'r="1B"'),
}


@pytest.mark.parametrize("geval", KAPOT)
def test_weigert_wat_openpyxl_weigert(geval):
    data = KAPOT[geval]()
    with pytest.raises(Exception):  # noqa: B017 - openpyxl raises several kinds
        _openpyxl(data)
    with pytest.raises(Exception):  # noqa: B017 - the reader's caller gives one Dutch sentence
        _snel(data)


def test_blad_zonder_dimension_wordt_niet_vooraf_gelezen():
    """openpyxl's write-only files have no <dimension>: openpyxl read the whole sheet once only
    to size it. The fast sheet is unsized then, and reads its rows once."""
    wb = Workbook(write_only=True)
    blad = wb.create_sheet("W")
    for i in range(3):
        blad.append([f"K{i}", i])
    uit = io.BytesIO()
    wb.save(uit)
    werkmap = xlsx_cellen.open_werkmap(io.BytesIO(uit.getvalue()))
    assert werkmap["W"].max_row is None
    assert list(xlsx_cellen.waarden(werkmap["W"])) == [("K0", 0), ("K1", 1), ("K2", 2)]
