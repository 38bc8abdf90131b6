"""The btw to claim from the btw-compensatiefonds (BCF), per boekjaar and financing source (R8).

The SPUK is paid excluding btw: compensable btw is not charged to the budget but claimed from
the BCF. The finance adviser reconciles these figures with the BCF claim; the export is the
same table as an Excel workbook.
"""

from kern.spreadsheet import Kolom, nieuwe_werkmap, schrijf_blad, titelregel

from .selectors import BtwRegel

KOPPEN = (
    Kolom("boekjaar", breedte=10),
    Kolom("financiering", breedte=16),
    Kolom("btw compensabel (BCF)", breedte=24),
    Kolom("btw niet compensabel", breedte=24),
)


def btw_werkboek(regels: list[BtwRegel], gemeente):
    """One write-only sheet: a title line, then a row per boekjaar and financing source, amounts
    as real numbers (kern.spreadsheet)."""
    werkmap = nieuwe_werkmap()
    schrijf_blad(
        werkmap,
        "Btw BCF",
        KOPPEN,
        ([r.jaar, r.financiering, r.compensabel, r.niet_compensabel] for r in regels),
        titel=titelregel("Btw per boekjaar en financiering (BCF)", gemeente),
    )
    return werkmap
