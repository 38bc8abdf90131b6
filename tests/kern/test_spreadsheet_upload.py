"""The one upload field and the one list reader every spreadsheet upload uses (the workbook
import, DUO's count, the SiSa indicator list): refused before reading when too large or a macro
workbook, read behind kern.afscherming, stopped past the caller's row limit."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kern.afscherming import GEEN_WERKBOEK, GeenWerkboek
from kern.forms import SpreadsheetField
from kern.xlsx_lezen import lees_eerste_blad, tekst


def _xlsx(rijen) -> bytes:
    werkboek = Workbook()
    for rij in rijen:
        werkboek.active.append(rij)
    uit = io.BytesIO()
    werkboek.save(uit)
    return uit.getvalue()


class Formulier(forms.Form):
    bestand = SpreadsheetField(
        max_grootte=100_000, te_groot="Te groot voor een lijst.", macro="Geen macro's."
    )


def _fouten(naam: str, inhoud: bytes) -> list[str]:
    form = Formulier(files={"bestand": SimpleUploadedFile(naam, inhoud)})
    assert not form.is_valid()
    return form.errors["bestand"]


def test_het_veld_weigert_een_te_groot_bestand_en_een_macrowerkboek_voor_het_lezen():
    assert _fouten("lijst.xlsx", b"x" * 100_001) == ["Te groot voor een lijst."]
    for naam in ("lijst.xlsm", "LIJST.XLTM", "lijst.xlam"):
        assert _fouten(naam, b"PK") == ["Geen macro's."]
    form = Formulier(files={"bestand": SimpleUploadedFile("lijst.xlsx", _xlsx([["a"]]))})
    assert form.is_valid()
    assert 'accept=".xlsx,application/vnd.openxmlformats' in str(form["bestand"])


def test_de_lezer_geeft_de_rijen_van_het_eerste_blad_en_stopt_na_de_grens():
    inhoud = _xlsx([["code", "omschrijving"], ["A1", 2024.0], [None, None]])
    assert lees_eerste_blad(inhoud, max_rijen=5, te_veel="te veel") == [
        ["code", "omschrijving"],
        ["A1", 2024],
        [None, None],
    ]
    with pytest.raises(GeenWerkboek, match="^te veel$"):
        lees_eerste_blad(inhoud, max_rijen=1, te_veel="te veel")
    assert [tekst(w) for w in (None, 2024.0, " B1 ", 2.5)] == ["", "2024", "B1", "2.5"]


def test_de_lezer_weigert_een_macrowerkboek_en_wat_geen_werkboek_is():
    macro = io.BytesIO()
    with zipfile.ZipFile(macro, "w") as z:
        z.writestr("xl/vbaProject.bin", b"\x00")
    with pytest.raises(GeenWerkboek, match="macro's"):
        lees_eerste_blad(macro.getvalue(), max_rijen=5, te_veel="te veel")
    with pytest.raises(GeenWerkboek) as fout:
        lees_eerste_blad(b"geen zip", max_rijen=5, te_veel="te veel")
    assert fout.value.melding == GEEN_WERKBOEK
