"""A problem found in a workbook: where (sheet, Excel row, column) and what, in Dutch."""

from dataclasses import asdict, dataclass

from .formaat import TABBLAD_NAMEN

# More problems than this are counted, not listed: a wrong file can give one per cell.
MAX_PROBLEMEN = 1000


@dataclass(frozen=True)
class Probleem:
    tabblad: str
    rij: int | None  # the row number as Excel shows it; None for the sheet or the file
    kolom: str
    melding: str

    def als_tekst(self) -> str:
        plaats = [f"tabblad {self.tabblad}"] if self.tabblad else []
        if self.rij is not None:
            plaats.append(f"rij {self.rij}")
        if self.kolom:
            plaats.append(f"kolom {self.kolom}")
        return f"{', '.join(plaats)}: {self.melding}" if plaats else self.melding

    def als_dict(self) -> dict:
        return asdict(self)


class Problemenlijst:
    """Collects problems in the order found; keeps the first MAX_PROBLEMEN and counts the rest."""

    def __init__(self):
        self.lijst: list[Probleem] = []
        self.aantal = 0

    def voeg_toe(self, tabblad: str, rij: int | None, kolom: str, melding: str) -> None:
        self.aantal += 1
        if len(self.lijst) < MAX_PROBLEMEN:
            self.lijst.append(Probleem(tabblad, rij, kolom, melding))

    def __bool__(self) -> bool:
        return self.aantal > 0

    def gesorteerd(self) -> list[Probleem]:
        volgorde = {naam: i for i, naam in enumerate(("", *TABBLAD_NAMEN))}
        return sorted(
            self.lijst,
            key=lambda p: (volgorde.get(p.tabblad, -1), p.rij or 0),
        )
