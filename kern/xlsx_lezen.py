"""Reading the first sheet of a small uploaded xlsx as plain rows: the one reader of the list
uploads (SiSa indicator list in rapportage, DUO's count in spuk). The workbook import reads its
own sheets (werkboek.lezen) through the same guard.

`lees_eerste_blad` only reaches openpyxl through kern.afscherming.lees_afgeschermd (zip bomb,
size, .xlsm refused, memory and time limits in a spawned child): read-only, values only, and it
stops past the caller's row limit instead of reading on. Any defect of the file is the one Dutch
sentence of GeenWerkboek. This module imports no Django model, so the child that runs it needs
no app registry.
"""

from __future__ import annotations

import io
from functools import partial

from openpyxl import load_workbook

from .afscherming import GeenWerkboek, lees_afgeschermd


def lees_blad(bron, *, max_rijen: int, te_veel: str, voortgang=None) -> list[list]:
    """The first sheet's rows as plain values (module level: it runs in the limited child).
    GeenWerkboek(te_veel) at a row after the first max_rijen + 1 (the callers' limits, as they
    counted before this reader was shared)."""
    if isinstance(bron, bytes | bytearray):
        bron = io.BytesIO(bron)
    try:
        werkboek = load_workbook(bron, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any defect in the file gets the same sentence
        raise GeenWerkboek() from exc
    try:
        rijen = []
        for rij in werkboek.worksheets[0].iter_rows(values_only=True):
            if len(rijen) > max_rijen:
                raise GeenWerkboek(te_veel)
            rijen.append(list(rij))
        return rijen
    except GeenWerkboek:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet: same sentence
        raise GeenWerkboek() from exc
    finally:
        werkboek.close()


def lees_eerste_blad(inhoud, *, max_rijen: int, te_veel: str, voortgang=None) -> list[list]:
    """lees_blad behind kern.afscherming's guard; raises GeenWerkboek with a Dutch sentence."""
    lezer = partial(lees_blad, max_rijen=max_rijen, te_veel=te_veel)
    return lees_afgeschermd(lezer, inhoud, voortgang=voortgang)


def tekst(waarde) -> str:
    """A cell as the text a user typed: '' for empty, 2024 for 2024.0, stripped."""
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    return str(waarde).strip()
