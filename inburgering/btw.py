"""The btw to claim from the btw-compensatiefonds (BCF), per boekjaar and financing source (R8).

The SPUK is paid excluding btw: compensable btw is not charged to the budget but claimed from
the BCF. The finance adviser reconciles these figures with the BCF claim; the export is the
same table as an Excel workbook.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import BtwRegel

KOPPEN = ("boekjaar", "financiering", "btw compensabel (BCF)", "btw niet compensabel")


def btw_werkboek(regels: list[BtwRegel], gemeentecode: str) -> bytes:
    """One sheet: a row per boekjaar and financing source, amounts as real numbers."""
    wb = Workbook()
    blad = wb.active
    blad.title = "Btw BCF"
    blad.append([f"Btw per boekjaar en financiering, gemeente {gemeentecode}"])
    blad["A1"].font = Font(bold=True)
    blad.append(list(KOPPEN))
    for cel in blad[2]:
        cel.font = Font(bold=True)
    for r in regels:
        blad.append([r.jaar, r.financiering, r.compensabel, r.niet_compensabel])
        for cel in blad[blad.max_row][2:]:
            cel.number_format = "#,##0.00"
    uit = BytesIO()
    wb.save(uit)
    return uit.getvalue()
