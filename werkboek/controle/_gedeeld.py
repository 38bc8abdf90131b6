"""What the checks of every sheet share: whether a row creates, updates or keeps a record,
and a stored commitment in the terms of the workbook."""

from decimal import Decimal
from typing import Any

from ..plan import AANMAKEN, BIJWERKEN, ONGEWIJZIGD

NUL = Decimal("0.00")


def _actie(bestaand, gegevens: dict, velden: tuple[str, ...]) -> str:
    if bestaand is None:
        return AANMAKEN
    if any(getattr(bestaand, v) != gegevens[v] for v in velden):
        return BIJWERKEN
    return ONGEWIJZIGD


def verplichting_waarden(v) -> dict[str, Any]:
    """A stored commitment in the terms of the workbook, to compare with a row."""
    return {
        "inburgeraar_kenmerk": v.inburgeraar.kenmerk if v.inburgeraar_id else None,
        "voorziening_code": v.voorziening.code,
        "aanbieder_naam": v.aanbieder.naam,
        "bedrag": v.bedrag,
        "datum": v.datum,
        "financiering": v.financiering,
        "cohort": v.cohort,
        "gesloten_op": v.gesloten_op,
        "vervangt_nummer": v.vervangt.nummer if v.vervangt_id else None,
    }
