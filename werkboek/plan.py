"""What an import will do, row by row: the vocabulary that checking (controle), the optional
sheets (tarieven), the closed-year check (afsluiting) and writing (schrijven) share. Its own
module, so none of them needs to import another to speak of a Plan."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import formaat as f

AANMAKEN, BIJWERKEN, ONGEWIJZIGD = "aanmaken", "bijwerken", "ongewijzigd"


@dataclass
class Regel:
    """One workbook row's outcome: its action, its values and the record it matched."""

    rij: int
    actie: str
    gegevens: dict[str, Any]
    bestaand: Any = None


@dataclass
class Plan:
    gemeente: dict[str, Any] | None = None
    regels: dict[str, list[Regel]] = field(
        default_factory=lambda: {naam: [] for naam in f.TABBLAD_NAMEN}
    )

    def samenvatting(self) -> dict[str, dict[str, int]]:
        uitkomst = {}
        for naam, per_rij in self.regels.items():
            telling = Counter(r.actie for r in per_rij)
            uitkomst[naam] = {
                "rijen": len(per_rij),
                "aangemaakt": telling[AANMAKEN],
                "bijgewerkt": telling[BIJWERKEN],
                "ongewijzigd": telling[ONGEWIJZIGD],
            }
        return uitkomst

    @property
    def wijzigt_iets(self) -> bool:
        return any(r.actie != ONGEWIJZIGD for lijst in self.regels.values() for r in lijst)
